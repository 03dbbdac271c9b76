// The blind protocol's messages and the operator's side
// (indexer/prf/blind_message.h, indexer/prf/blind_evaluation.h).
#include "indexer/prf/blind_evaluation.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/prf/audit_log.h"

namespace {

using lw::indexer::BlindRequest;
using lw::indexer::Element;
using lw::indexer::Mode;

constexpr std::string_view kId = "00112233445566778899aabbccddeeff";

lw::indexer::KeyPair test_key() {
    std::array<unsigned char, lw::indexer::kSeedSize> seed{};
    seed.fill(0x5a);
    return lw::indexer::derive_key_pair(seed, "blind test", Mode::voprf);
}

std::vector<Element> blinded_elements(std::size_t n) {
    std::vector<Element> elements;
    for (std::size_t i = 0; i < n; ++i) {
        elements.push_back(lw::indexer::blind("email:u" + std::to_string(i) + "@x.fr", Mode::voprf)
                               .blinded_element);
    }
    return elements;
}

std::string hex(const Element& e) {
    return lw::indexer::to_hex(e);
}

// What the server does with a request before it reserves any quota: parse
// it, then decode it (which validates each element).
std::string request_error(std::string_view text, std::size_t max = 10) {
    try {
        static_cast<void>(lw::indexer::decode_request(lw::indexer::parse_blind_request(text, max)));
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::usage);
        return e.what();
    }
    return "(nothing thrown)";
}

std::string response_error(std::string_view text) {
    try {
        static_cast<void>(lw::indexer::parse_blind_response(text));
    } catch (const lw::Error& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

std::string request_with(const std::string& elements_json) {
    return R"({"protocol":"leakwatch-blind-v1","request_id":")" + std::string(kId) +
           R"(","elements":)" + elements_json + "}";
}

}  // namespace

TEST_CASE("blind messages: a request round-trips through its text", "[indexer][blind]") {
    BlindRequest request{std::string(kId), blinded_elements(3)};
    const std::string text = lw::indexer::format_blind_request(request);
    CHECK(text.rfind(R"({"protocol":"leakwatch-blind-v1","request_id":")" + std::string(kId) +
                         R"(","elements":[)",
                     0) == 0);
    const BlindRequest parsed = lw::indexer::parse_blind_request(text, 3);
    CHECK(parsed.request_id == kId);
    CHECK(parsed.elements == request.elements);
    CHECK(lw::indexer::new_request_id().size() == 32);
    CHECK(lw::indexer::new_request_id() != lw::indexer::new_request_id());
}

TEST_CASE("blind messages: malformed requests are refused in one line that says where",
          "[indexer][blind]") {
    const std::string good = hex(blinded_elements(1)[0]);
    const std::string upper = [&] {
        std::string s = good;
        for (char& c : s) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        return s;
    }();
    CHECK(request_error("{\"protocol\":") == "request: not valid JSON (at byte 13)");
    CHECK(request_error("[]") == "request: not a JSON object");
    CHECK(request_error(R"({"protocol":"leakwatch-blind-v2","request_id":")" + std::string(kId) +
                        R"(","elements":[]})") ==
          "request: not a leakwatch-blind-v1 message (unsupported protocol)");
    CHECK(request_error(R"({"protocol":"leakwatch-blind-v1","elements":[]})") ==
          "request: missing field \"request_id\"");
    CHECK(request_error(R"({"protocol":"leakwatch-blind-v1","request_id":")" + std::string(kId) +
                        R"(","elements":[],"email":"jean@x.fr"})") ==
          "request: unknown field (not part of leakwatch-blind-v1)");
    CHECK(request_error(R"({"protocol":"leakwatch-blind-v1","request_id":"12","elements":[]})") ==
          "request: request_id is not 32 lowercase hex characters");
    CHECK(request_error(request_with("{}")) == "request: elements is not an array");
    CHECK(request_error(request_with("[]")) == "request: no elements");
    CHECK(request_error(request_with("[\"" + good + "\",\"" + good + "\"]"), 1) ==
          "request: 2 elements, more than the 1 allowed (--max-elements)");
    CHECK(request_error(request_with("[\"" + good + "\",\"" + upper + "\"]")) ==
          "request: element 2 is not 64 lowercase hex characters");
    CHECK(request_error(request_with("[\"" + good + "\",7]")) ==
          "request: element 2 is not 64 lowercase hex characters");
    CHECK(request_error(request_with("[\"" + std::string(64, '0') + "\"]")) ==
          "request: element 1 is not a valid group element");
    CHECK(request_error(request_with("[\"" + std::string(64, 'f') + "\"]")) ==
          "request: element 1 is not a valid group element");
    CHECK(request_error(request_with("[\"" + good + "\",\"" + good + "\",\"" +
                                     std::string(64, '0') + "\"]")) ==
          "request: element 3 is not a valid group element");

    // Parsing checks the form; the decoding (once, for the evaluation too)
    // the group: evaluating an undecoded request still refuses the element.
    const BlindRequest identity = lw::indexer::parse_blind_request(
        request_with("[\"" + good + "\",\"" + std::string(64, '0') + "\"]"), 10);
    REQUIRE(identity.elements.size() == 2);
    try {
        static_cast<void>(lw::indexer::evaluate_blind_request(test_key().secret_key, identity));
        FAIL("an identity element was evaluated");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::usage);
        CHECK(std::string(e.what()) == "request: element 2 is not a valid group element");
    }
}

TEST_CASE("blind evaluation: one proof per batch, each verifying", "[indexer][blind]") {
    const auto key = test_key();
    const BlindRequest request{std::string(kId), blinded_elements(10)};
    for (unsigned threads : {1U, 2U}) {
        const auto response = lw::indexer::evaluate_blind_request(
            key.secret_key, request, {.batch_size = 3, .threads = threads});
        CHECK(response.request_id == kId);
        CHECK(response.batch_size == 3);
        REQUIRE(response.proofs.size() == 4);
        CHECK(response.evaluated_elements ==
              lw::indexer::blind_evaluate(key.secret_key, request.elements));
        for (std::size_t b = 0; b < 4; ++b) {
            const std::size_t first = 3 * b;
            const std::size_t count = std::min<std::size_t>(3, 10 - first);
            const std::span<const Element> sent(request.elements);
            const std::span<const Element> got(response.evaluated_elements);
            CHECK(lw::indexer::verify_proof(key.public_key, sent.subspan(first, count),
                                            got.subspan(first, count), response.proofs[b]));
        }
        // The text form carries it all.
        const auto parsed =
            lw::indexer::parse_blind_response(lw::indexer::format_blind_response(response));
        CHECK(parsed.evaluated_elements == response.evaluated_elements);
        CHECK(parsed.proofs == response.proofs);
        CHECK(parsed.batch_size == 3);
    }
}

TEST_CASE("blind messages: malformed responses are refused", "[indexer][blind]") {
    const auto key = test_key();
    const BlindRequest request{std::string(kId), blinded_elements(4)};
    const std::string text = lw::indexer::format_blind_response(
        lw::indexer::evaluate_blind_request(key.secret_key, request, {.batch_size = 2}));
    CHECK(response_error(text) == "(nothing thrown)");
    std::string zero_batch = text;
    zero_batch.replace(zero_batch.find("\"batch_size\":2"), 14, "\"batch_size\":0");
    CHECK(response_error(zero_batch) ==
          "response: batch_size is not a whole number from 1 to 65536");
    std::string fewer = text;
    fewer.replace(fewer.find("\"batch_size\":2"), 14, "\"batch_size\":1");
    CHECK(response_error(fewer) ==
          "response: 2 proofs for 4 elements in batches of 1 (expected 4)");
}

TEST_CASE("audit: one line, UTC time, id, requester, count", "[indexer][blind]") {
    CHECK(lw::indexer::audit_line(1796221392, kId, "chu-lyon", 100000) ==
          "2026-12-02T14:23:12Z request_id=00112233445566778899aabbccddeeff requester=chu-lyon "
          "elements=100000\n");
    CHECK(lw::indexer::is_valid_requester("ars.idf@cert:2"));
    CHECK(!lw::indexer::is_valid_requester(""));
    CHECK(!lw::indexer::is_valid_requester("two words"));
    CHECK(!lw::indexer::is_valid_requester("x\nrequest_id=forged"));
    CHECK(!lw::indexer::is_valid_requester(std::string(65, 'a')));
}
