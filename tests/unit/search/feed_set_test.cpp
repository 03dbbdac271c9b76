#include "search/feed_set.h"

#include <catch2/catch.hpp>
#include <random>

#include "indexer/base/error.h"

using lw::indexer::TokenBytes;
using lw::search::FeedSet;

namespace {

// Tokens are VOPRF outputs: uniform bytes.
std::vector<TokenBytes> random_tokens(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<TokenBytes> tokens(n);
    for (TokenBytes& token : tokens) {
        for (unsigned char& byte : token) {
            byte = static_cast<unsigned char>(rng());
        }
    }
    return tokens;
}

}  // namespace

TEST_CASE("feed set: prefix width for the false-match target", "[search][feed]") {
    CHECK(FeedSet::prefix_bits_for(0) == 14);
    CHECK(FeedSet::prefix_bits_for(1) == 14);
    CHECK(FeedSet::prefix_bits_for(2) == 15);
    CHECK(FeedSet::prefix_bits_for(1024) == 24);
    CHECK(FeedSet::prefix_bits_for(1025) == 25);
    CHECK(FeedSet::prefix_bits_for(~std::uint64_t{0}) == 64);
    TokenBytes token{};
    token[0] = 0xab;
    token[1] = 0xcd;
    token[7] = 0x01;
    CHECK(FeedSet::prefix_of(token, 16) == 0xabcd);
    CHECK(FeedSet::prefix_of(token, 64) == 0xabcd000000000001);
}

TEST_CASE("feed set: 100,000 tokens in under 3 bytes each, 1 false match in 10,000 at most",
          "[search][feed]") {
    const auto tokens = random_tokens(100000, 1);
    const FeedSet set = FeedSet::of_tokens(tokens);
    const std::string coded = set.encode();
    const double per_token = static_cast<double>(coded.size()) / tokens.size();
    INFO("bytes per token: " << per_token << ", prefix bits " << set.prefix_bits());
    CHECK(per_token <= 3.0);
    const FeedSet read = FeedSet::decode(coded);
    CHECK(read == set);
    for (const TokenBytes& token : tokens) {
        REQUIRE(read.contains(token));
    }
    // Tokens not in the corpus: 2^-14 = 6.1e-5 expected, about 61 in 10^6.
    const auto strangers = random_tokens(1000000, 2);
    std::size_t false_matches = 0;
    for (const TokenBytes& token : strangers) {
        false_matches += read.contains(token) ? 1 : 0;
    }
    INFO("false matches: " << false_matches << " in 1,000,000");
    CHECK(false_matches < 100);
}

TEST_CASE("feed set: empty, one, and the widest prefixes round-trip", "[search][feed]") {
    for (const FeedSet& set : {FeedSet({}, 14), FeedSet({0}, 14), FeedSet({16383}, 14),
                               FeedSet({5, 5, 5}, 3), FeedSet({0, 1, 2, 3, 4, 5, 6, 7}, 3),
                               FeedSet({0, 1, ~std::uint64_t{0} - 1, ~std::uint64_t{0}}, 64)}) {
        const FeedSet read = FeedSet::decode(set.encode());
        CHECK(read == set);
    }
    CHECK(FeedSet({5, 5, 5}, 3).size() == 1);
}

TEST_CASE("feed set: a delta brings a set to the new one", "[search][feed]") {
    const FeedSet before({1, 4, 9, 16, 25}, 14);
    const FeedSet added({2, 16, 36}, 14);
    const FeedSet removed({4, 25, 99}, 14);
    CHECK(before.updated(added, removed) == FeedSet({1, 2, 9, 16, 36}, 14));
    CHECK(FeedSet::decode(before.updated(added, removed).encode()).prefixes() ==
          std::vector<std::uint64_t>{1, 2, 9, 16, 36});
    CHECK_THROWS_AS(before.updated(FeedSet({2}, 15), FeedSet({}, 14)), lw::Error);
}

TEST_CASE("feed set: bytes that are not a coded set are refused, never read past",
          "[search][feed]") {
    const std::string coded = FeedSet::of_tokens(random_tokens(500, 3)).encode();
    for (std::size_t cut = 0; cut < coded.size(); ++cut) {
        CAPTURE(cut);
        CHECK_THROWS_AS(FeedSet::decode(coded.substr(0, cut)), lw::Error);
    }
    CHECK_THROWS_AS(FeedSet::decode(coded + std::string(1, '\0')), lw::Error);
    std::string version = coded;
    version[4] = 2;
    CHECK_THROWS_WITH(FeedSet::decode(version), Catch::Contains("version 2"));
    std::string width = coded;
    width[5] = 65;
    CHECK_THROWS_AS(FeedSet::decode(width), lw::Error);
    // A count of 2^60 in a few bytes: refused before any allocation.
    std::string huge = "LWFS\x01\x0e\x02";
    huge += "\x80\x80\x80\x80\x80\x80\x80\x80\x10";
    huge += std::string(16, '\0');
    CHECK_THROWS_WITH(FeedSet::decode(huge), Catch::Contains("more prefixes than bytes"));
    // Unary runs past the width: 14-bit prefixes, all ones.
    std::string ones("LWFS\x01\x0e\x00\x01", 8);
    ones += std::string(4096, '\xff');
    CHECK_THROWS_WITH(FeedSet::decode(ones), Catch::Contains("past the width"));
}
