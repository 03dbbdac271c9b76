#include "service/bucket_details.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/corpus/corpus_writer.h"
#include "tests/support/filled.h"
#include "tests/support/temp_dir.h"

using namespace lw::service;
namespace indexer = lw::indexer;

namespace {

std::string numbers_json(unsigned bits, const std::vector<std::uint64_t>& buckets) {
    return nlohmann::json{{"bucket_bits", bits}, {"buckets", buckets}}.dump();
}

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t count) {
    std::vector<std::uint64_t> out;
    for (std::uint64_t i = 0; i < count; ++i) {
        out.push_back(from + i);
    }
    return out;
}

std::uint64_t first_bits(const indexer::TokenBytes& token, unsigned bits) {
    std::uint64_t first = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        first = (first << 8) | token[i];
    }
    return first >> (64 - bits);
}

}  // namespace

TEST_CASE("details: buckets hold 256 corpus tokens at least", "[service][details]") {
    CHECK(max_bucket_bits(0) == 0);
    CHECK(max_bucket_bits(511) == 0);
    CHECK(max_bucket_bits(512) == 1);
    CHECK(max_bucket_bits(256 * 1024) == 10);
    CHECK(max_bucket_bits(256 * 1024 - 1) == 9);
}

TEST_CASE("details: a request is 64 distinct buckets no finer than the corpus allows",
          "[service][details]") {
    const DetailsRequest ok = parse_details_request(numbers_json(10, range(100, 64)), 10);
    CHECK(ok.bucket_bits == 10);
    CHECK(ok.buckets.size() == 64);
    CHECK(parse_details_request(numbers_json(0, std::vector<std::uint64_t>(64, 0)), 3)
              .buckets.size() == 1);
    CHECK_THROWS_WITH(parse_details_request(numbers_json(11, range(0, 64)), 10),
                      Catch::Contains("bucket_bits must be 0 to 10"));
    CHECK_THROWS_WITH(parse_details_request(numbers_json(10, range(0, 63)), 10),
                      Catch::Contains("exactly 64"));
    auto repeated = range(0, 64);
    repeated[5] = 4;
    CHECK_THROWS_WITH(parse_details_request(numbers_json(10, repeated), 10),
                      Catch::Contains("distinct"));
    CHECK_THROWS_WITH(parse_details_request(numbers_json(6, range(1, 64)), 10),
                      Catch::Contains("below 2^bucket_bits"));
    CHECK_THROWS_AS(parse_details_request("{\"bucket_bits\": 1}", 10), lw::Error);
    CHECK_THROWS_WITH(parse_details_request("{\"bucket_bits\": ", 10), Catch::Contains("at byte"));
    CHECK_THROWS_AS(parse_details_request(R"({"bucket_bits": -1, "buckets": []})", 10), lw::Error);
}

TEST_CASE("details: every corpus token of the buckets asked, with items and kinds",
          "[service][details]") {
    lw::test::TempDir dir;
    const std::string corpus = dir.file("corpus");
    std::mt19937_64 rng(7);
    std::vector<indexer::TokenBytes> emails(300);
    for (auto& token : emails) {
        for (auto& byte : token) {
            byte = static_cast<unsigned char>(rng());
        }
    }
    const indexer::TokenBytes phone = lw::test::token(0x5a);
    std::string item_key;
    {
        indexer::CorpusWriter writer(corpus, lw::test::element(1), lw::test::corpus_keys());
        writer.begin_item(indexer::Sighting{"dump.csv", "local", "", 1796904000}, "");
        for (const auto& token : emails) {
            const indexer::KindToken record[] = {{indexer::Kind::email, token}};
            writer.add_record(record);
        }
        // One record with an email and a phone: each is "with" the other.
        const indexer::KindToken pair[] = {{indexer::Kind::email, emails[0]},
                                           {indexer::Kind::phone, phone}};
        writer.add_record(pair);
        (void)writer.finish_item(lw::test::hash(1), 1000);
    }
    const Xapian::Database db(corpus, Xapian::DB_BACKEND_GLASS);
    for (const unsigned bits : {8u, 12u}) {
        CAPTURE(bits);
        // The buckets of the first 20 emails and of the phone, padded.
        std::set<std::uint64_t> asked;
        for (std::size_t i = 0; i < 20; ++i) {
            asked.insert(first_bits(emails[i], bits));
        }
        asked.insert(first_bits(phone, bits));
        for (std::uint64_t b = 0; asked.size() < 64; ++b) {
            asked.insert(b);
        }
        DetailsRequest request{bits, {asked.begin(), asked.end()}};
        const auto answer = nlohmann::json::parse(bucket_details(db, request));
        std::set<std::string> returned;
        for (const auto& entry : answer["tokens"]) {
            returned.insert(entry["token"].get<std::string>());
            if (entry["token"] == indexer::to_hex(phone)) {
                CHECK(entry["kind"] == "phone");
                REQUIRE(entry["items"].size() == 1);
                CHECK(entry["items"][0]["with"] == nlohmann::json::array({"email", "phone"}));
            }
            if (entry["token"] == indexer::to_hex(emails[0])) {
                CHECK(entry["items"][0]["records"] == 2);
            }
        }
        std::set<std::string> expected;
        for (const auto& token : emails) {
            if (asked.count(first_bits(token, bits)) != 0) {
                expected.insert(indexer::to_hex(token));
            }
        }
        expected.insert(indexer::to_hex(phone));
        CHECK(returned == expected);
    }
}
