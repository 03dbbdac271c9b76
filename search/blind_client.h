#pragma once

// The institution's side of the blind protocol (RFC 9497 VOPRF): learn the
// operator's tokens of your own identifiers without showing them and
// without holding the key.
//
//     blind:    identifiers → state file (kept) + request (sent)
//     evaluate: (operator) request → response
//     unblind:  state + response + the same identifiers → tokens
//
// The request holds only blinded elements, in random order. Formats:
// indexer/prf/blind_message.h, search/blind_state.h, docs/token-format.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/indexer.h"
#include "search/blind_state.h"

namespace lw::search {

// Identifiers to ask about: the rows of a records file, or values typed by
// hand (read as `leakwatch token` reads them).
struct InputSource {
    std::string records_path{};  // or, when empty:
    std::vector<std::string> values{};
    std::optional<indexer::Kind> kind{};  // how values are read; detected when absent
    // The records' columns the header does not name (`check --map`).
    std::vector<indexer::RecordSplitter::Override> overrides{};
};

// One identifier of the source, in source order. `row` is the line on
// which its record starts (records), or the value's 1-based position.
struct ClientInput {
    indexer::Kind kind;
    indexer::Cleartext canonical;
    std::uint64_t row;
};

// Throws lw::Error: usage for a value that is not an identifier ("value 2:
// ..."), io for an unreadable file.
[[nodiscard]] std::vector<ClientInput> read_client_inputs(const InputSource& source);

// The state of `inputs` in a random order, nothing blinded yet: position
// j is inputs[indexes[j]]. blind_range() blinds a range of positions, so
// that a caller can blind, send and unblind chunk by chunk.
[[nodiscard]] BlindState shuffled_state(const std::vector<ClientInput>& inputs,
                                        const indexer::Element& public_key);
// Blinds positions [first, first + count) of `state`, each with a fresh
// random blind. Ranges that do not overlap may be blinded at once.
void blind_range(BlindState& state, const std::vector<ClientInput>& inputs, std::size_t first,
                 std::size_t count);

// Blinds `inputs` in memory on `threads` workers (0: one per core), each
// with a fresh random blind, in a random order: position j of the state
// holds inputs[indexes[j]]. The state has a request id and no source.
[[nodiscard]] BlindState blind_inputs(const std::vector<ClientInput>& inputs,
                                      const indexer::Element& public_key, unsigned threads);

struct BlindOptions {
    indexer::Element public_key{};  // the operator's pkS, validated
    InputSource source{};
    std::string state_path{};
    unsigned threads = 0;  // 0: one per core
};

// Reads the identifiers, blinds each with a fresh random blind, shuffles
// them, writes the state file (0600, never replacing a file) and returns
// the request's text. Throws lw::Error(usage) when the source holds no
// identifier.
[[nodiscard]] std::string blind_request(const BlindOptions& options);

struct UnblindOptions {
    std::string state_path{};
    // The identifiers again; by default the records file the state names.
    // Values given by hand must be given again, the same, in the same order.
    std::optional<InputSource> source{};
    unsigned threads = 0;
};

struct TokenRow {
    indexer::TokenBytes token;
    indexer::Kind kind;
    std::uint64_t row;
    bool operator==(const TokenRow&) const = default;
};

inline constexpr std::string_view kProofFailure =
    "proof does not verify: the operator did not use the key it published";

// The tokens of the state's positions [first, first + n) from the
// operator's evaluation of those n elements, every proof verified against
// the state's public key (throws lw::Error(crypto) kProofFailure). Token
// of position j goes to tokens[indexes[j]]. `reblind`: check that each
// identifier of `inputs` gives the element sent (inputs read again from a
// file may have changed; throws lw::Error(usage)).
void unblind_range(const BlindState& state, std::size_t first,
                   const indexer::BlindResponse& response, const std::vector<ClientInput>& inputs,
                   bool reblind, std::vector<indexer::TokenBytes>& tokens, unsigned threads);

// Checks the response against the state (same request, same count), reads
// the identifiers again and checks that they are the ones blinded, verifies
// every proof against the state's public key, and returns each
// identifier's token in source order. Throws lw::Error: crypto with
// kProofFailure; usage for a malformed or mismatched response or state, or
// identifiers that changed since blind.
[[nodiscard]] std::vector<TokenRow> unblind_response(const UnblindOptions& options,
                                                     std::string_view response_text);

}  // namespace lw::search
