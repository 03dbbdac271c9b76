#pragma once

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/base/cleartext.h"
#include "indexer/base/kind.h"
#include "indexer/base/worker_pool.h"
#include "indexer/prf/voprf.h"
#include "indexer/tokens/token_batch.h"

namespace lw::indexer {

// The PRF input of an identifier: kind_name(kind) + ":" + canonical
// ("email:jean.martin@example.org"), docs/token-format.md.
[[nodiscard]] Cleartext prf_input(Kind kind, std::string_view canonical);

struct TokenizerOptions {
    // Evaluating threads: 0 for one per core (hardware_concurrency), 1 for
    // the calling thread alone. Threads start only for a batch worth them.
    unsigned threads = 0;
    // Distinct inputs remembered; past it, new inputs are evaluated without
    // being remembered. About 60 bytes each.
    std::size_t max_cache_entries = std::size_t{1} << 22;
};

struct TokenizerStats {
    std::uint64_t inputs = 0;       // entries tokenized
    std::uint64_t evaluations = 0;  // PRF evaluations run
    std::uint64_t cache_hits = 0;   // inputs answered from the cache or an earlier repeat
};

// Turns identifiers into leakwatch tokens: token_of(evaluate(skS,
// "KIND:CANONICAL", Mode::voprf)), the first 16 bytes of RFC 9497's VOPRF
// output.
//
// Each distinct input is evaluated once per Tokenizer (per run): a cache,
// in memory only, maps a keyed digest of the input (BLAKE2b-128 under a key
// drawn at random for this Tokenizer and wiped with it) to its token, so
// no input is kept as a key. Evaluations are spread over a pool of threads.
//
// tokenize() fills a batch. A stream of batches (TokenStream) is pipelined
// so that the workers never wait for the caller: prepare() the next batch
// while one is in flight, then advance() to it. REQUIRES: one thread drives
// a Tokenizer.
class Tokenizer {
  public:
    explicit Tokenizer(SecretScalar secret_key, TokenizerOptions options = {});
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    ~Tokenizer();

    [[nodiscard]] const Element& public_key() const noexcept { return public_key_; }

    // Fills the batch's tokens, in order. REQUIRES: no batch in flight.
    void tokenize(TokenBatch& batch);

    // Digests the batch's inputs and answers what the cache, the batch
    // itself or the batch in flight knows, on the calling thread while a
    // batch is in flight (on the idle workers otherwise). The batch must
    // then stay untouched until it is complete.
    void prepare(TokenBatch& batch);
    // Waits for the batch in flight, starts the prepared batch's
    // evaluations, and completes the batch that was in flight meanwhile:
    // returns it (tokens filled), or nullptr if none was in flight.
    // Rethrows an evaluation error (lw::Error crypto); both batches' tokens
    // are then unspecified.
    TokenBatch* advance(TokenBatch& prepared);
    // Waits for the batch in flight and completes it.
    void finish();

    // The token of one identifier, on the calling thread (through the cache).
    [[nodiscard]] TokenBytes token(Kind kind, std::string_view canonical);

    [[nodiscard]] TokenizerStats stats() const noexcept { return stats_; }
    [[nodiscard]] unsigned threads() const noexcept { return threads_; }

  private:
    using Digest = TokenBatch::Digest;

    // Runs fn(begin, end) over [0, count): on the pool from `min_parallel`
    // indexes up, else on the calling thread. Waits unless `async`.
    void for_range(std::size_t count, std::size_t min_parallel, std::size_t grain,
                   const WorkerPool::Job& fn, bool async);
    void evaluate_into(TokenBatch& batch, std::size_t i);
    void look_up(TokenBatch& batch, std::size_t begin, std::size_t end) const;
    // Waits for the workers; on an error, forgets the batches in progress.
    void wait_for_workers();
    // Fills `next`'s repeats of entries of `done`, whose tokens are final.
    static void copy_earlier_repeats(const TokenBatch& done, TokenBatch& next);
    // Remembers the evaluated tokens, fills the batch's repeats.
    void complete(TokenBatch& batch);

    SecretScalar secret_key_;
    Element public_key_;
    TokenizerOptions options_;
    unsigned threads_;
    // BLAKE2b's state after the per-run random key: each digest starts from
    // a copy instead of compressing the key block again.
    crypto_generichash_state keyed_digest_{};
    std::unordered_map<Digest, TokenBytes, TokenBatch::DigestHash> cache_;

    TokenBatch* prepared_ = nullptr;   // between prepare() and advance()
    TokenBatch* in_flight_ = nullptr;  // being evaluated by the workers
    WorkerPool::Job evaluate_job_;
    std::unique_ptr<WorkerPool> pool_;
    TokenizerStats stats_;
};

}  // namespace lw::indexer
