// Tokens: the batch tokenizer, its cache and threads, the streaming front
// (indexer/tokens/tokenizer.h, token_stream.h, worker_pool.h).
#include "indexer/tokens/tokenizer.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/worker_pool.h"
#include "indexer/tokens/token_stream.h"

namespace {

using lw::indexer::Kind;
using lw::indexer::Mode;
using lw::indexer::SecretScalar;
using lw::indexer::TokenBatch;
using lw::indexer::TokenBytes;
using lw::indexer::Tokenizer;
using lw::indexer::TokenizerOptions;

SecretScalar rfc_secret_key() {
    // RFC 9497 A.1.2's seed and info, so the tokens below can be recomputed
    // by anyone with the RFC and docs/token-format.md.
    std::array<unsigned char, lw::indexer::kSeedSize> seed{};
    seed.fill(0xa3);
    return lw::indexer::derive_key_pair(seed, "test key", Mode::voprf).secret_key;
}

TokenBytes direct(Kind kind, const std::string& canonical) {
    const std::string input = std::string(lw::indexer::kind_name(kind)) + ":" + canonical;
    return lw::indexer::token_of(lw::indexer::evaluate(rfc_secret_key(), input, Mode::voprf));
}

struct Input {
    Kind kind;
    std::string canonical;
};

// `distinct` synthetic identifiers, each repeated: i, i+1, i, ... in a
// mixed order, 3 * distinct entries in all.
std::vector<Input> inputs_with_repeats(std::size_t distinct) {
    std::vector<Input> inputs;
    for (std::size_t round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < distinct; ++i) {
            const std::size_t k = (i * 7 + round * 3) % distinct;
            inputs.push_back(k % 2 == 0 ? Input{Kind::email, "user" + std::to_string(k) + "@x.fr"}
                                        : Input{Kind::phone, "+3361234" + std::to_string(k)});
        }
    }
    return inputs;
}

std::vector<TokenBytes> tokens_with(unsigned threads, const std::vector<Input>& inputs,
                                    lw::indexer::TokenizerStats* stats = nullptr) {
    TokenizerOptions options;
    options.threads = threads;
    Tokenizer tokenizer(rfc_secret_key(), options);
    TokenBatch batch;
    for (const Input& in : inputs) {
        batch.add(in.kind, in.canonical);
    }
    tokenizer.tokenize(batch);
    std::vector<TokenBytes> tokens;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        tokens.push_back(batch.token(i));
    }
    if (stats != nullptr) {
        *stats = tokenizer.stats();
    }
    return tokens;
}

}  // namespace

TEST_CASE("tokenizer: the PRF input is KIND:CANONICAL", "[indexer][tokenizer]") {
    CHECK(lw::indexer::prf_input(Kind::email, "jean.martin@example.org").reveal() ==
          "email:jean.martin@example.org");
    CHECK(lw::indexer::prf_input(Kind::person, "dupont|jean pierre|1980-01-02").reveal() ==
          "person:dupont|jean pierre|1980-01-02");
    TokenBatch batch;
    batch.add(Kind::nir, "185077512345608", 7);
    CHECK(batch.reveal_input(0) == "nir:185077512345608");
    CHECK(batch.tag(0) == 7);
    CHECK(batch.kind(0) == Kind::nir);
}

TEST_CASE("tokenizer: a token is the first 16 bytes of VOPRF Evaluate", "[indexer][tokenizer]") {
    Tokenizer tokenizer(rfc_secret_key(), {.threads = 1});
    // The wire format, frozen: the examples of docs/token-format.md.
    const auto hex = [&](Kind kind, std::string_view canonical) {
        return lw::indexer::to_hex(tokenizer.token(kind, canonical));
    };
    CHECK(hex(Kind::email, "jean.martin@example.org") == "c253bad0ada3ca4eeea418107a31eae3");
    CHECK(hex(Kind::nir, "185077512345608") == "14b3435bb538a90656449ba040acd342");
    CHECK(hex(Kind::cf, "RSSMRA85T10A562S") == "6540a2621b6f9520cce225edd44dabda");
    CHECK(hex(Kind::phone, "+33612345678") == "f6f596849ce6df0c5ff313a96eed468e");
    CHECK(hex(Kind::iban, "FR7630006000011234567890189") == "3a3246a26af8e20bab59f0ca595c3592");
    CHECK(hex(Kind::card, "4111111111111111") == "dec93b1981793b3d21ed3f033492f931");
    CHECK(hex(Kind::person, "dupont|jean pierre|1980-01-02") == "1726e7d78428b0369ce28a0fb6ce5fe8");
    CHECK(tokenizer.token(Kind::nir, "185077512345608") == direct(Kind::nir, "185077512345608"));
    // The kind is part of the input: the same text under two kinds differs.
    CHECK(tokenizer.token(Kind::card, "4111111111111111") !=
          tokenizer.token(Kind::iban, "4111111111111111"));
}

TEST_CASE("tokenizer: batch tokens equal Evaluate computed directly, for 1 and N threads",
          "[indexer][tokenizer]") {
    const auto inputs = inputs_with_repeats(150);  // 450 entries: the pool's paths too
    const auto one = tokens_with(1, inputs);
    REQUIRE(one.size() == inputs.size());
    for (std::size_t i = 0; i < inputs.size(); i += 37) {
        CHECK(one[i] == direct(inputs[i].kind, inputs[i].canonical));
    }
    CHECK(tokens_with(2, inputs) == one);
    CHECK(tokens_with(4, inputs) == one);
}

TEST_CASE("tokenizer: each distinct input is evaluated once per run", "[indexer][tokenizer]") {
    const auto inputs = inputs_with_repeats(100);
    for (unsigned threads : {1U, 3U}) {
        lw::indexer::TokenizerStats stats;
        static_cast<void>(tokens_with(threads, inputs, &stats));
        CHECK(stats.inputs == 300);
        CHECK(stats.evaluations == 100);  // repeats in the batch
        CHECK(stats.cache_hits == 200);
    }

    // Across batches, through the cache.
    Tokenizer tokenizer(rfc_secret_key(), {.threads = 2});
    TokenBatch first;
    TokenBatch second;
    for (std::size_t i = 0; i < 100; ++i) {
        first.add(Kind::email, "a" + std::to_string(i) + "@x.fr");
        second.add(Kind::email, "a" + std::to_string(99 - i) + "@x.fr");
    }
    second.add(Kind::email, "new@x.fr");
    tokenizer.tokenize(first);
    tokenizer.tokenize(second);
    CHECK(tokenizer.stats().evaluations == 101);
    CHECK(tokenizer.stats().cache_hits == 100);
    CHECK(second.token(0) == first.token(99));
    CHECK(second.token(100) == direct(Kind::email, "new@x.fr"));
}

TEST_CASE("tokenizer: a full cache still gives the right tokens", "[indexer][tokenizer]") {
    Tokenizer tokenizer(rfc_secret_key(), {.threads = 2, .max_cache_entries = 10});
    TokenBatch batch;
    for (std::size_t i = 0; i < 50; ++i) {
        batch.add(Kind::email, "b" + std::to_string(i) + "@x.fr");
    }
    tokenizer.tokenize(batch);
    tokenizer.tokenize(batch);
    CHECK(tokenizer.stats().evaluations == 50 + 40);  // 10 remembered
    CHECK(batch.token(42) == direct(Kind::email, "b42@x.fr"));
}

TEST_CASE("tokenizer: a stream reports every batch in order, with its tags",
          "[indexer][tokenizer]") {
    const auto inputs = inputs_with_repeats(40);
    for (unsigned threads : {1U, 2U}) {
        Tokenizer tokenizer(rfc_secret_key(), {.threads = threads});
        std::vector<std::pair<std::uint64_t, TokenBytes>> seen;
        lw::indexer::TokenStream stream(
            tokenizer,
            [&seen](const TokenBatch& b) {
                for (std::size_t i = 0; i < b.size(); ++i) {
                    seen.emplace_back(b.tag(i), b.token(i));
                }
            },
            7);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            stream.add(inputs[i].kind, inputs[i].canonical, 1000 + i);
        }
        stream.finish();
        REQUIRE(seen.size() == inputs.size());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            CHECK(seen[i].first == 1000 + i);
        }
        CHECK(seen[5].second == direct(inputs[5].kind, inputs[5].canonical));
        CHECK(seen[119].second == direct(inputs[119].kind, inputs[119].canonical));
        CHECK(tokenizer.stats().evaluations == 40);
    }
}

TEST_CASE("tokenizer: a stream evaluates an input repeated in the next batch once",
          "[indexer][tokenizer]") {
    // Batches of 5: each identifier comes back 1 to 7 entries later, so
    // repeats fall in the same batch, the batch in flight while the next
    // is prepared, and batches already in the cache.
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < 60; ++i) {
        inputs.push_back("d" + std::to_string(i) + "@x.fr");
        inputs.push_back("d" + std::to_string(i >= i % 7 ? i - i % 7 : i) + "@x.fr");
    }
    for (unsigned threads : {1U, 2U}) {
        Tokenizer tokenizer(rfc_secret_key(), {.threads = threads});
        std::vector<TokenBytes> seen;
        lw::indexer::TokenStream stream(
            tokenizer,
            [&seen](const TokenBatch& b) {
                for (std::size_t i = 0; i < b.size(); ++i) {
                    seen.push_back(b.token(i));
                }
            },
            5);
        for (const std::string& input : inputs) {
            stream.add(Kind::email, input, 0);
        }
        stream.finish();
        REQUIRE(seen.size() == inputs.size());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            INFO("entry " << i << ", " << threads << " threads");
            CHECK(seen[i] == direct(Kind::email, inputs[i]));
        }
        CHECK(tokenizer.stats().evaluations == 60);
        CHECK(tokenizer.stats().cache_hits == 60);
    }
}

TEST_CASE("tokenizer: an input too long for the PRF is an error, not a token",
          "[indexer][tokenizer]") {
    for (unsigned threads : {1U, 2U}) {
        Tokenizer tokenizer(rfc_secret_key(), {.threads = threads});
        TokenBatch batch;
        for (int i = 0; i < 40; ++i) {
            batch.add(Kind::email,
                      i == 20 ? std::string(70000, 'a') : "c" + std::to_string(i) + "@x.fr");
        }
        CHECK_THROWS_AS(tokenizer.tokenize(batch), lw::Error);
        // The tokenizer is usable afterwards.
        CHECK(tokenizer.token(Kind::email, "c@x.fr") == direct(Kind::email, "c@x.fr"));
    }
}

TEST_CASE("worker pool: every index once, errors rethrown, reusable", "[indexer][worker_pool]") {
    lw::indexer::WorkerPool pool(3);
    CHECK(pool.size() == 3);
    std::vector<std::atomic<int>> hits(1000);
    pool.run(hits.size(), 7, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            ++hits[i];
        }
    });
    for (const auto& h : hits) {
        CHECK(h == 1);
    }
    CHECK_THROWS_WITH(pool.run(100, 1,
                               [](std::size_t begin, std::size_t) {
                                   if (begin == 42) {
                                       throw std::runtime_error("chunk 42");
                                   }
                               }),
                      "chunk 42");
    std::atomic<std::size_t> total{0};
    pool.run(10, 3, [&](std::size_t begin, std::size_t end) { total += end - begin; });
    CHECK(total == 10);
    pool.run(0, 1, [](std::size_t, std::size_t) { FAIL("nothing to run"); });
}
