#include "indexer/tokens/tokenizer.h"

#include <sodium.h>

#include <cstring>
#include <string>
#include <utility>

#include "indexer/base/error.h"

namespace lw::indexer {
namespace {

// Below these counts a phase stays on the calling thread: waking the pool
// would cost more than it saves.
constexpr std::size_t kParallelDigests = 2048;
constexpr std::size_t kParallelEvaluations = 16;
// Indexes a worker takes at a time: ~0.5 ms of evaluations, ~0.1 ms of digests.
constexpr std::size_t kEvaluationGrain = 8;
constexpr std::size_t kDigestGrain = 512;

}  // namespace

Cleartext prf_input(Kind kind, std::string_view canonical) {
    const std::string_view name = kind_name(kind);
    std::string text;
    text.reserve(name.size() + 1 + canonical.size());  // no reallocation leaves a copy behind
    text.append(name);
    text.push_back(':');
    text.append(canonical);
    return Cleartext(std::move(text));
}

Tokenizer::Tokenizer(SecretScalar secret_key, TokenizerOptions options)
    : secret_key_(std::move(secret_key)),
      public_key_(public_key_of(secret_key_)),  // also checks the key and starts libsodium
      options_(options),
      threads_(options.threads == 0 ? WorkerPool::default_threads() : options.threads) {
    std::array<unsigned char, crypto_generichash_KEYBYTES> cache_key{};
    randombytes_buf(cache_key.data(), cache_key.size());
    crypto_generichash_init(&keyed_digest_, cache_key.data(), cache_key.size(),
                            std::tuple_size_v<Digest>);
    sodium_memzero(cache_key.data(), cache_key.size());
}

Tokenizer::~Tokenizer() {
    if (in_flight_ != nullptr && pool_) {
        try {
            pool_->wait();
        } catch (...) {
            // Nobody is left to hear about it.
        }
    }
    sodium_memzero(&keyed_digest_, sizeof keyed_digest_);
}

void Tokenizer::for_range(std::size_t count, std::size_t min_parallel, std::size_t grain,
                          const WorkerPool::Job& fn, bool async) {
    if (count == 0) {
        return;
    }
    if (threads_ > 1 && count >= min_parallel) {
        if (!pool_) {
            pool_ = std::make_unique<WorkerPool>(threads_);
        }
        pool_->start(count, grain, fn);
        if (!async) {
            pool_->wait();
        }
        return;
    }
    fn(0, count);
}

void Tokenizer::evaluate_into(TokenBatch& batch, std::size_t i) {
    batch.tokens_[i] = token_of(evaluate(secret_key_, batch.reveal_input(i), Mode::voprf));
}

void Tokenizer::look_up(TokenBatch& batch, std::size_t begin, std::size_t end) const {
    for (std::size_t i = begin; i < end; ++i) {
        const std::string_view input = batch.reveal_input(i);
        Digest& digest = batch.digests_[i];
        crypto_generichash_state state = keyed_digest_;
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                  input.size());
        crypto_generichash_final(&state, digest.data(), digest.size());
        sodium_memzero(&state, sizeof state);  // its buffer held the input
        if (const auto it = cache_.find(digest); it != cache_.end()) {
            batch.tokens_[i] = it->second;
            batch.known_[i] = 1;
        }
    }
}

void Tokenizer::prepare(TokenBatch& batch) {
    if (prepared_ != nullptr || &batch == in_flight_) {
        throw Error(ErrorCategory::usage, "tokenizer: a batch is already prepared");
    }
    const std::size_t n = batch.size();
    batch.clear_scratch();
    batch.tokens_.assign(n, TokenBytes{});
    batch.digests_.resize(n);
    batch.known_.assign(n, 0);
    stats_.inputs += n;

    // Digests and cache look-ups: on the workers if they are idle (nothing
    // writes to the cache meanwhile), else here while they evaluate.
    const auto job = [this, &batch](std::size_t begin, std::size_t end) {
        look_up(batch, begin, end);
    };
    if (in_flight_ == nullptr) {
        for_range(n, kParallelDigests, kDigestGrain, job, false);
    } else {
        job(0, n);
    }

    // The first occurrence of each unknown input is evaluated, unless the
    // batch in flight evaluates it already; repeats copy its token.
    batch.first_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (batch.known_[i] != 0) {
            ++stats_.cache_hits;
            continue;
        }
        const auto entry = static_cast<std::uint32_t>(i);
        const auto [it, inserted] = batch.first_.try_emplace(batch.digests_[i], entry);
        if (!inserted) {
            batch.repeats_.emplace_back(entry, it->second);
            ++stats_.cache_hits;
            continue;
        }
        if (in_flight_ != nullptr) {
            const auto earlier = in_flight_->first_.find(it->first);
            if (earlier != in_flight_->first_.end()) {
                batch.earlier_.emplace_back(entry, earlier->second);
                ++stats_.cache_hits;
                continue;
            }
        }
        batch.misses_.push_back(entry);
    }
    stats_.evaluations += batch.misses_.size();
    prepared_ = &batch;
}

void Tokenizer::wait_for_workers() {
    if (!pool_) {
        return;  // evaluated in place
    }
    try {
        pool_->wait();
    } catch (...) {
        in_flight_ = nullptr;
        prepared_ = nullptr;
        throw;
    }
}

TokenBatch* Tokenizer::advance(TokenBatch& prepared) {
    if (prepared_ != &prepared) {
        throw Error(ErrorCategory::usage, "tokenizer: advance() to a batch not prepared");
    }
    TokenBatch* const done = in_flight_;
    if (done != nullptr) {
        wait_for_workers();
        copy_earlier_repeats(*done, prepared);
    }
    prepared_ = nullptr;
    in_flight_ = &prepared;
    evaluate_job_ = [this, &prepared](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            evaluate_into(prepared, prepared.misses_[j]);
        }
    };
    try {
        for_range(prepared.misses_.size(), kParallelEvaluations, kEvaluationGrain, evaluate_job_,
                  true);
    } catch (...) {
        in_flight_ = nullptr;
        throw;
    }
    // The workers evaluate `prepared` while the caller completes `done`.
    if (done != nullptr) {
        complete(*done);
    }
    return done;
}

void Tokenizer::copy_earlier_repeats(const TokenBatch& done, TokenBatch& next) {
    for (const auto& [i, first] : next.earlier_) {
        next.tokens_[i] = done.tokens_[first];
    }
    next.earlier_.clear();
}

void Tokenizer::complete(TokenBatch& batch) {
    for (const std::uint32_t i : batch.misses_) {
        if (cache_.size() >= options_.max_cache_entries) {
            break;
        }
        cache_.emplace(batch.digests_[i], batch.tokens_[i]);
    }
    for (const auto& [i, first] : batch.repeats_) {
        batch.tokens_[i] = batch.tokens_[first];
    }
    batch.clear_scratch();
}

void Tokenizer::finish() {
    if (in_flight_ == nullptr) {
        return;
    }
    wait_for_workers();
    TokenBatch& batch = *std::exchange(in_flight_, nullptr);
    if (prepared_ != nullptr) {  // its earlier repeats are known now
        copy_earlier_repeats(batch, *prepared_);
    }
    complete(batch);
}

void Tokenizer::tokenize(TokenBatch& batch) {
    if (in_flight_ != nullptr || prepared_ != nullptr) {
        throw Error(ErrorCategory::usage, "tokenizer: a batch is already in flight");
    }
    prepare(batch);
    advance(batch);
    finish();
}

TokenBytes Tokenizer::token(Kind kind, std::string_view canonical) {
    TokenBatch batch;
    batch.add(kind, canonical);
    tokenize(batch);
    return batch.token(0);
}

}  // namespace lw::indexer
