#include "search/blind_client.h"

#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <span>

#include "indexer/indexer.h"
#include "search/blind_state.h"

namespace lw::search {
namespace {

using indexer::BlindedInput;
using indexer::Element;
using indexer::Mode;
using indexer::SecretScalar;

// A state file is about 170 bytes per identifier.
constexpr std::size_t kMaxStateBytes = std::size_t{4} << 30;
// Identifiers blinded per worker turn.
constexpr std::size_t kBlindGrain = 64;

[[noreturn]] void fail(ErrorCategory category, const std::string& message) {
    throw Error(category, message);
}

// Wipes a std::string's bytes when the scope ends.
class WipeOnExit {
  public:
    explicit WipeOnExit(std::string& text) : text_(text) {}
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;
    ~WipeOnExit() { sodium_memzero(text_.data(), text_.size()); }

  private:
    std::string& text_;
};

// Runs fn over [0, count) on `threads` workers (0: one per core), or in
// place for small counts.
void parallel_for(std::size_t count, std::size_t grain, unsigned threads,
                  const indexer::WorkerPool::Job& fn) {
    if (threads == 1 || count <= grain) {
        fn(0, count);
        return;
    }
    indexer::WorkerPool pool(threads);
    pool.run(count, grain, fn);
}

// A uniformly random permutation of 0..n-1 (Fisher-Yates, libsodium's
// unbiased randombytes_uniform).
std::vector<std::uint32_t> random_permutation(std::size_t n) {
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) {
        order[i] = static_cast<std::uint32_t>(i);
    }
    for (std::size_t i = n; i > 1; --i) {
        const std::uint32_t j = randombytes_uniform(static_cast<std::uint32_t>(i));
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

BlindSource source_of(const InputSource& source) {
    BlindSource out;
    if (!source.records_path.empty()) {
        out.records_path = std::filesystem::absolute(source.records_path).string();
    } else {
        out.value_count = source.values.size();
        out.kind = source.kind;
    }
    return out;
}

// The identifiers unblind must read: the caller's, else the state's file.
std::vector<ClientInput> inputs_for(const UnblindOptions& options, const BlindState& state) {
    if (options.source) {
        InputSource source = *options.source;
        if (source.records_path.empty() && !source.kind) {
            source.kind = state.source.kind;
        }
        return read_client_inputs(source);
    }
    if (state.source.records_path.empty()) {
        fail(ErrorCategory::usage,
             "the state was made from values given by hand: give the same values again");
    }
    InputSource source;
    source.records_path = state.source.records_path;
    return read_client_inputs(source);
}

}  // namespace

std::vector<ClientInput> read_client_inputs(const InputSource& source) {
    const indexer::PhoneNormalizer phones;
    const indexer::Scanner scanner(phones, {});
    std::vector<ClientInput> inputs;
    if (!source.records_path.empty()) {
        indexer::for_each_record_identifier(
            source.records_path, scanner,
            [&](indexer::Kind kind, const indexer::Cleartext& canonical, std::uint64_t row) {
                inputs.push_back({kind, indexer::Cleartext(std::string(canonical.reveal())), row});
            },
            source.overrides);
        return inputs;
    }
    inputs.reserve(source.values.size());
    for (std::size_t i = 0; i < source.values.size(); ++i) {
        indexer::TypedValue typed =
            indexer::require_value(source.values[i], i + 1, source.kind, scanner);
        inputs.push_back({typed.kind, std::move(typed.canonical), i + 1});
    }
    return inputs;
}

BlindState shuffled_state(const std::vector<ClientInput>& inputs,
                          const indexer::Element& public_key) {
    const std::size_t n = inputs.size();
    // The request's order is random: position j holds identifier order[j].
    BlindState state;
    state.request_id = indexer::new_request_id();
    state.public_key = public_key;
    state.indexes = random_permutation(n);
    state.blinds.resize(n);
    state.elements.resize(n);
    state.kinds.reserve(n);
    state.rows.reserve(n);
    for (const std::uint32_t i : state.indexes) {
        state.kinds.push_back(inputs[i].kind);
        state.rows.push_back(inputs[i].row);
    }
    return state;
}

void blind_range(BlindState& state, const std::vector<ClientInput>& inputs, std::size_t first,
                 std::size_t count) {
    for (std::size_t j = first; j < first + count; ++j) {
        const ClientInput& source = inputs[state.indexes[j]];
        const indexer::Cleartext input = indexer::prf_input(source.kind, source.canonical.reveal());
        const BlindedInput b = indexer::blind(input.reveal(), Mode::voprf);
        state.blinds[j] = b.blind.reveal();
        state.elements[j] = b.blinded_element;
    }
}

BlindState blind_inputs(const std::vector<ClientInput>& inputs, const indexer::Element& public_key,
                        unsigned threads) {
    BlindState state = shuffled_state(inputs, public_key);
    parallel_for(inputs.size(), kBlindGrain, threads, [&](std::size_t begin, std::size_t end) {
        blind_range(state, inputs, begin, end - begin);
    });
    return state;
}

std::string blind_request(const BlindOptions& options) {
    if (options.source.records_path == "-") {
        fail(ErrorCategory::usage, "--records needs a file: unblind reads the same records again");
    }
    const std::vector<ClientInput> inputs = read_client_inputs(options.source);
    if (inputs.empty()) {
        fail(ErrorCategory::usage, "no identifier found: nothing to blind");
    }
    if (inputs.size() > std::numeric_limits<std::uint32_t>::max()) {
        fail(ErrorCategory::usage, "more than 4294967295 identifiers in one request");
    }

    BlindState state = blind_inputs(inputs, options.public_key, options.threads);
    state.source = source_of(options.source);

    std::string state_text = format_blind_state(state);
    const WipeOnExit wipe_state(state_text);
    indexer::write_new_private_file(options.state_path, state_text, "state file");

    indexer::BlindRequest request;
    request.request_id = state.request_id;
    request.elements = state.elements;
    return indexer::format_blind_request(request);
}

void unblind_range(const BlindState& state, std::size_t first_position,
                   const indexer::BlindResponse& response, const std::vector<ClientInput>& inputs,
                   bool reblind, std::vector<indexer::TokenBytes>& tokens, unsigned threads) {
    const std::size_t n = response.evaluated_elements.size();
    if (response.batch_size == 0 || first_position > state.elements.size() ||
        n > state.elements.size() - first_position) {
        fail(ErrorCategory::usage, "the response does not match the request's elements");
    }
    const std::size_t batch_size = response.batch_size;
    const std::size_t batches = (n + batch_size - 1) / batch_size;
    const auto unblind_batches = [&](std::size_t begin, std::size_t end) {
        for (std::size_t b = begin; b < end; ++b) {
            const std::size_t first = b * batch_size;
            const std::size_t count = std::min(batch_size, n - first);
            const std::size_t position = first_position + first;
            std::vector<indexer::Cleartext> prf_inputs;
            std::vector<std::string_view> views;
            std::vector<BlindedInput> blinded;
            prf_inputs.reserve(count);
            views.reserve(count);
            blinded.reserve(count);
            for (std::size_t j = position; j < position + count; ++j) {
                const ClientInput& input = inputs[state.indexes[j]];
                prf_inputs.push_back(indexer::prf_input(input.kind, input.canonical.reveal()));
                views.push_back(prf_inputs.back().reveal());
                SecretScalar blind = SecretScalar::from_bytes(state.blinds[j]);
                if (!reblind) {
                    blinded.push_back(
                        BlindedInput{std::move(blind), state.elements[j], Mode::voprf});
                    continue;
                }
                // Blinding again proves the identifier read again is the one sent.
                blinded.push_back(indexer::blind(views.back(), std::move(blind), Mode::voprf));
                if (blinded.back().blinded_element != state.elements[j]) {
                    fail(ErrorCategory::usage,
                         "the identifiers differ from those blinded (row " +
                             std::to_string(input.row) +
                             "): give the same records or values as to blind");
                }
            }
            indexer::VerifiableEvaluation evaluation;
            const auto evaluated =
                std::span<const Element>(response.evaluated_elements).subspan(first, count);
            evaluation.evaluated_elements.assign(evaluated.begin(), evaluated.end());
            evaluation.proof = response.proofs[b];
            std::vector<indexer::Output> outputs;
            try {
                outputs = indexer::finalize(views, blinded, evaluation, state.public_key);
            } catch (const Error&) {
                // Elements were validated when parsed: a failure is the proof's,
                // which verify_proof tells apart from anything unforeseen.
                std::vector<Element> sent(state.elements.begin() + position,
                                          state.elements.begin() + position + count);
                if (!indexer::verify_proof(state.public_key, sent, evaluation.evaluated_elements,
                                           evaluation.proof)) {
                    fail(ErrorCategory::crypto, std::string(kProofFailure));
                }
                throw;
            }
            for (std::size_t k = 0; k < count; ++k) {
                tokens[state.indexes[position + k]] = indexer::token_of(outputs[k]);
            }
        }
    };
    parallel_for(batches, 1, threads, unblind_batches);
}

std::vector<TokenRow> unblind_response(const UnblindOptions& options,
                                       std::string_view response_text) {
    std::string state_text = indexer::read_whole_file(options.state_path, kMaxStateBytes, "state");
    const WipeOnExit wipe_state(state_text);
    const BlindState state = parse_blind_state(state_text);
    const indexer::BlindResponse response = indexer::parse_blind_response(response_text);
    const std::size_t n = state.elements.size();
    if (response.request_id != state.request_id) {
        fail(ErrorCategory::usage, "the response answers request " + response.request_id +
                                       ", the state is for request " + state.request_id);
    }
    if (response.evaluated_elements.size() != n) {
        fail(ErrorCategory::usage, "the response holds " +
                                       std::to_string(response.evaluated_elements.size()) +
                                       " elements, the request " + std::to_string(n));
    }

    // The identifiers again, checked against what was blinded.
    const std::vector<ClientInput> inputs = inputs_for(options, state);
    const std::string changed = "the identifiers differ from those blinded";
    if (inputs.size() != n) {
        fail(ErrorCategory::usage, changed + " (" + std::to_string(inputs.size()) + " now, " +
                                       std::to_string(n) +
                                       " then): give the same records or values as to blind");
    }
    for (std::size_t j = 0; j < n; ++j) {
        const ClientInput& input = inputs[state.indexes[j]];
        if (input.kind != state.kinds[j] || input.row != state.rows[j]) {
            fail(ErrorCategory::usage, changed + " (row " + std::to_string(input.row) +
                                           "): give the same records or values as to blind");
        }
    }

    std::vector<indexer::TokenBytes> tokens(n);
    unblind_range(state, 0, response, inputs, true, tokens, options.threads);

    std::vector<TokenRow> rows;
    rows.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        rows.push_back({tokens[i], inputs[i].kind, inputs[i].row});
    }
    return rows;
}

}  // namespace lw::search
