#include "indexer/tokenizer.h"

#include <sodium.h>

#include <cstring>
#include <string>
#include <utility>

#include "indexer/error.h"

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

std::size_t Tokenizer::DigestHash::operator()(const Digest& d) const noexcept {
    std::size_t h = 0;
    std::memcpy(&h, d.data(), sizeof h);
    return h;
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

void Tokenizer::start(TokenBatch& batch) {
    if (in_flight_ != nullptr) {
        throw Error(ErrorCategory::usage, "tokenizer: a batch is already in flight");
    }
    const std::size_t n = batch.size();
    batch.tokens_.assign(n, TokenBytes{});
    batch.digests_.resize(n);
    batch.known_.assign(n, 0);
    stats_.inputs += n;

    // Digests and cache look-ups, in parallel: nothing writes to the cache
    // until finish().
    const auto& cache = cache_;
    for_range(
        n, kParallelDigests, kDigestGrain,
        [this, &batch, &cache](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                const std::string_view input = batch.reveal_input(i);
                Digest& digest = batch.digests_[i];
                crypto_generichash_state state = keyed_digest_;
                crypto_generichash_update(&state,
                                          reinterpret_cast<const unsigned char*>(input.data()),
                                          input.size());
                crypto_generichash_final(&state, digest.data(), digest.size());
                sodium_memzero(&state, sizeof state);  // its buffer held the input
                if (const auto it = cache.find(digest); it != cache.end()) {
                    batch.tokens_[i] = it->second;
                    batch.known_[i] = 1;
                }
            }
        },
        false);

    // The first occurrence of each unknown input is evaluated; its repeats
    // copy its token in finish().
    misses_.clear();
    repeats_.clear();
    first_in_batch_.clear();
    first_in_batch_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (batch.known_[i] != 0) {
            ++stats_.cache_hits;
            continue;
        }
        const auto [it, inserted] =
            first_in_batch_.try_emplace(batch.digests_[i], static_cast<std::uint32_t>(i));
        if (inserted) {
            misses_.push_back(static_cast<std::uint32_t>(i));
        } else {
            repeats_.emplace_back(static_cast<std::uint32_t>(i), it->second);
            ++stats_.cache_hits;
        }
    }
    stats_.evaluations += misses_.size();

    in_flight_ = &batch;
    evaluate_job_ = [this, &batch](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            evaluate_into(batch, misses_[j]);
        }
    };
    try {
        for_range(misses_.size(), kParallelEvaluations, kEvaluationGrain, evaluate_job_, true);
    } catch (...) {
        in_flight_ = nullptr;
        throw;
    }
}

void Tokenizer::finish() {
    if (in_flight_ == nullptr) {
        return;
    }
    TokenBatch& batch = *std::exchange(in_flight_, nullptr);
    if (pool_) {
        pool_->wait();  // returns at once if the batch was evaluated in place
    }
    for (const std::uint32_t i : misses_) {
        if (cache_.size() >= options_.max_cache_entries) {
            break;
        }
        cache_.emplace(batch.digests_[i], batch.tokens_[i]);
    }
    for (const auto& [i, first] : repeats_) {
        batch.tokens_[i] = batch.tokens_[first];
    }
    first_in_batch_.clear();
    batch.digests_.clear();
}

void Tokenizer::tokenize(TokenBatch& batch) {
    start(batch);
    finish();
}

TokenBytes Tokenizer::token(Kind kind, std::string_view canonical) {
    TokenBatch batch;
    batch.add(kind, canonical);
    tokenize(batch);
    return batch.token(0);
}

}  // namespace lw::indexer
