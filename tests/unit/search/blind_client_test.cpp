// The institution's side of the blind protocol, end to end in memory:
// blind → evaluate → unblind gives the tokens the key's holder computes
// (search/blind_client.h).
#include "search/blind_client.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "search/blind_state.h"
#include "tests/support/temp_dir.h"

namespace {

using lw::indexer::Kind;
using lw::indexer::Mode;
using lw::search::TokenRow;

lw::indexer::KeyPair key_from(unsigned char byte) {
    std::array<unsigned char, lw::indexer::kSeedSize> seed{};
    seed.fill(byte);
    return lw::indexer::derive_key_pair(seed, "blind client test", Mode::voprf);
}

const char* const kRecords =
    "nom;prenom;date_naissance;nir;email;telephone\n"
    "Dupont;Jean;14/07/1985;1 85 07 75 123 456 08;jean.dupont@example.org;06 12 34 56 78\n"
    "Martin;Marie;01/02/1990;;marie.martin@example.org;\n"
    "Rossi;Mario;10/12/1985;;mario@example.it;+39 345 123 4567\n";

// What the key's holder computes: `leakwatch token --records`.
std::vector<TokenRow> direct_tokens(const lw::indexer::KeyPair& key, const std::string& path) {
    const lw::indexer::PhoneNormalizer phones;
    const lw::indexer::Scanner scanner(phones, {});
    std::vector<TokenRow> rows;
    lw::indexer::for_each_record_identifier(
        path, scanner, [&](Kind kind, const lw::indexer::Cleartext& value, std::uint64_t row) {
            const auto input = lw::indexer::prf_input(kind, value.reveal());
            rows.push_back({lw::indexer::token_of(
                                lw::indexer::evaluate(key.secret_key, input.reveal(), Mode::voprf)),
                            kind, row});
        });
    return rows;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Round {
    std::string request;
    std::string response;
};

Round blind_and_evaluate(const lw::indexer::KeyPair& published, const lw::indexer::KeyPair& used,
                         const lw::search::InputSource& source, const std::string& state_path,
                         std::size_t batch_size = 4096) {
    lw::search::BlindOptions options;
    options.public_key = published.public_key;
    options.source = source;
    options.state_path = state_path;
    Round round;
    round.request = lw::search::blind_request(options);
    const auto request = lw::indexer::parse_blind_request(round.request, 1000);
    round.response = lw::indexer::format_blind_response(
        lw::indexer::evaluate_blind_request(used.secret_key, request, {.batch_size = batch_size}));
    return round;
}

std::pair<lw::ErrorCategory, std::string> unblind_error(const std::string& state_path,
                                                        const std::string& response) {
    try {
        static_cast<void>(lw::search::unblind_response({.state_path = state_path}, response));
    } catch (const lw::Error& e) {
        return {e.category(), e.what()};
    }
    return {lw::ErrorCategory::usage, "(nothing thrown)"};
}

}  // namespace

TEST_CASE("blind client: blind, evaluate, unblind give the key holder's tokens",
          "[search][blind_client]") {
    const lw::test::TempDir dir;
    const std::string records = dir.write("r.csv", kRecords);
    const auto key = key_from(0x11);
    const auto expected = direct_tokens(key, records);
    REQUIRE(expected.size() == 9);
    for (std::size_t batch_size : {4096U, 3U, 1U}) {
        const std::string state = dir.file("s" + std::to_string(batch_size) + ".json");
        const Round round =
            blind_and_evaluate(key, key, {.records_path = records}, state, batch_size);
        struct stat info {};
        REQUIRE(::stat(state.c_str(), &info) == 0);
        CHECK((info.st_mode & 07777) == 0600);
        CHECK(lw::search::unblind_response({.state_path = state}, round.response) == expected);
        // The same with two threads and with the records named again.
        CHECK(lw::search::unblind_response(
                  {.state_path = state,
                   .source = lw::search::InputSource{.records_path = records},
                   .threads = 2},
                  round.response) == expected);
    }
}

TEST_CASE("blind client: the request holds no identifier and the state none in clear",
          "[search][blind_client]") {
    const lw::test::TempDir dir;
    const std::string records = dir.write("r.csv", kRecords);
    const auto key = key_from(0x12);
    const std::string state = dir.file("s.json");
    const Round round = blind_and_evaluate(key, key, {.records_path = records}, state);
    const std::string state_text = read_file(state);
    for (const char* value : {"dupont", "Dupont", "DUPONT", "jean", "185077512345608", "1 85 07",
                              "example", "612345678", "33612345678", "1985-07-14", "14/07/1985",
                              "mario", "3451234567", "RSSMRA"}) {
        INFO(value);
        CHECK(round.request.find(value) == std::string::npos);
        CHECK(state_text.find(value) == std::string::npos);
    }
    // The request is shuffled: its order is the state's, whose indexes are
    // a permutation of the source order.
    const auto parsed = lw::search::parse_blind_state(state_text);
    const auto request = lw::indexer::parse_blind_request(round.request, 100);
    CHECK(request.elements == parsed.elements);
    CHECK(request.request_id == parsed.request_id);
    std::vector<std::uint32_t> sorted = parsed.indexes;
    std::sort(sorted.begin(), sorted.end());
    for (std::uint32_t i = 0; i < sorted.size(); ++i) {
        CHECK(sorted[i] == i);
    }
}

TEST_CASE("blind client: values typed by hand must be given again to unblind",
          "[search][blind_client]") {
    const lw::test::TempDir dir;
    const auto key = key_from(0x13);
    const std::string state = dir.file("s.json");
    const lw::search::InputSource values{.values = {"jean@x.fr", "+33 6 12 34 56 78"}};
    const Round round = blind_and_evaluate(key, key, values, state);
    CHECK(unblind_error(state, round.response).second ==
          "the state was made from values given by hand: give the same values again");
    const auto rows =
        lw::search::unblind_response({.state_path = state, .source = values}, round.response);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].kind == Kind::email);
    CHECK(rows[0].row == 1);
    CHECK(rows[1].kind == Kind::phone);
    CHECK(rows[1].row == 2);
    CHECK(rows[1].token == lw::indexer::token_of(lw::indexer::evaluate(
                               key.secret_key, "phone:+33612345678", Mode::voprf)));

    const lw::search::InputSource other{.values = {"jean@x.fr", "+33 6 12 34 56 79"}};
    try {
        static_cast<void>(
            lw::search::unblind_response({.state_path = state, .source = other}, round.response));
        FAIL("changed values accepted");
    } catch (const lw::Error& e) {
        CHECK(std::string(e.what()) ==
              "the identifiers differ from those blinded (row 2): give the same records or "
              "values as to blind");
    }
}

TEST_CASE("blind client: another key, a tampered proof or element fail the proof",
          "[search][blind_client]") {
    const lw::test::TempDir dir;
    const std::string records = dir.write("r.csv", kRecords);
    const auto key = key_from(0x14);
    const auto other = key_from(0x15);
    const std::string expected(lw::search::kProofFailure);

    const Round wrong_key =
        blind_and_evaluate(key, other, {.records_path = records}, dir.file("a.json"));
    CHECK(unblind_error(dir.file("a.json"), wrong_key.response) ==
          std::pair{lw::ErrorCategory::crypto, expected});

    const Round round =
        blind_and_evaluate(key, key, {.records_path = records}, dir.file("b.json"), 4);
    auto response = lw::indexer::parse_blind_response(round.response);
    auto tampered = response;
    tampered.proofs[1][5] ^= 1;
    CHECK(unblind_error(dir.file("b.json"), lw::indexer::format_blind_response(tampered)) ==
          std::pair{lw::ErrorCategory::crypto, expected});
    tampered = response;
    std::swap(tampered.evaluated_elements[0], tampered.evaluated_elements[1]);
    CHECK(unblind_error(dir.file("b.json"), lw::indexer::format_blind_response(tampered)) ==
          std::pair{lw::ErrorCategory::crypto, expected});
    tampered = response;
    tampered.request_id = "ffffffffffffffffffffffffffffffff";
    CHECK(unblind_error(dir.file("b.json"), lw::indexer::format_blind_response(tampered)).second ==
          "the response answers request ffffffffffffffffffffffffffffffff, the state is for "
          "request " +
              response.request_id);
    tampered = response;
    tampered.evaluated_elements.pop_back();
    tampered.proofs.resize(2);
    CHECK(unblind_error(dir.file("b.json"), lw::indexer::format_blind_response(tampered)).second ==
          "the response holds 8 elements, the request 9");
}

TEST_CASE("blind client: records changed since blind are a clear error", "[search][blind_client]") {
    const lw::test::TempDir dir;
    const std::string records = dir.write("r.csv", kRecords);
    const auto key = key_from(0x16);
    const Round round = blind_and_evaluate(key, key, {.records_path = records}, dir.file("s.json"));
    std::string changed = kRecords;
    changed.replace(changed.find("jean.dupont"), 11, "jean.durand");
    dir.write("r.csv", changed);
    CHECK(unblind_error(dir.file("s.json"), round.response).second ==
          "the identifiers differ from those blinded (row 2): give the same records or values as "
          "to blind");
    dir.write("r.csv", std::string(kRecords) + "\nsee extra@x.fr\n");
    CHECK(unblind_error(dir.file("s.json"), round.response).second ==
          "the identifiers differ from those blinded (10 now, 9 then): give the same records or "
          "values as to blind");
}

TEST_CASE("blind client: refusals before anything is written", "[search][blind_client]") {
    const lw::test::TempDir dir;
    const auto key = key_from(0x17);
    lw::search::BlindOptions options;
    options.public_key = key.public_key;
    options.state_path = dir.file("s.json");
    options.source.records_path = dir.write("empty.txt", "nothing here\n");
    CHECK_THROWS_WITH(lw::search::blind_request(options), "no identifier found: nothing to blind");
    options.source = {.values = {"jean@x.fr", "not one"}};
    CHECK_THROWS_WITH(lw::search::blind_request(options),
                      "value 2: not an identifier of a known kind");
    CHECK(!std::filesystem::exists(options.state_path));
    dir.write("s.json", "{}");
    options.source = {.values = {"jean@x.fr"}};
    CHECK_THROWS_WITH(
        lw::search::blind_request(options),
        "state file " + options.state_path + " already exists; leakwatch never overwrites it");
}

TEST_CASE("blind state: malformed state files are refused", "[search][blind_client]") {
    CHECK_THROWS_WITH(lw::search::parse_blind_state("{"), "state: not valid JSON (at byte 2)");
    CHECK_THROWS_WITH(lw::search::parse_blind_state(R"({"protocol":"leakwatch-blind-v1"})"),
                      "state: missing field \"type\"");
    CHECK_THROWS_WITH(
        lw::search::parse_blind_state(R"({"protocol":"leakwatch-blind-v1","type":"request"})"),
        "state: not a leakwatch-blind-v1 state file");
}
