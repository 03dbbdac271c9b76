#include "service/service_api.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "indexer/corpus/corpus_writer.h"
#include "indexer/prf/blind_message.h"
#include "indexer/prf/voprf.h"
#include "tests/support/filled.h"
#include "tests/support/temp_dir.h"

using namespace lw::service;
namespace indexer = lw::indexer;

namespace {

constexpr std::int64_t kNow = 1796904000;

// A request of `n` valid group elements (what `leakwatch blind` sends).
std::string request_of(std::size_t n) {
    indexer::BlindRequest request;
    request.request_id = indexer::new_request_id();
    for (std::size_t i = 0; i < n; ++i) {
        request.elements.push_back(indexer::public_key_of(indexer::SecretScalar::random()));
    }
    return indexer::format_blind_request(request);
}

HttpRequest make(std::string method, std::string path, std::string authorization,
                 std::string body) {
    HttpRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.authorization = std::move(authorization);
    request.body = std::move(body);
    return request;
}

HttpRequest post(const std::string& key, std::string body) {
    return make("POST", "/v1/evaluate", "Bearer " + key, std::move(body));
}

std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [n, v] : response.headers) {
        if (n == name) {
            return v;
        }
    }
    return {};
}

// An empty corpus for the feed.
std::string empty_corpus(const lw::test::TempDir& dir) {
    const std::string path = dir.file("corpus");
    indexer::CorpusWriter writer(path, lw::test::element(1), lw::test::corpus_keys());
    return path;
}

struct Fixture {
    lw::test::TempDir dir;
    ClientStore clients{dir.file("state"), true};
    CorpusFeed feed{empty_corpus(dir)};
    std::vector<RequestRecord> logged;
    std::mutex mutex;
    ServiceApi api{indexer::SecretScalar::random(), clients, feed, ServiceOptions{8, 1},
                   [this](const RequestRecord& r) {
                       const std::lock_guard lock(mutex);
                       logged.push_back(r);
                   }};
};

}  // namespace

TEST_CASE("service: evaluate answers a client with proofs, within its quota", "[service][api]") {
    Fixture f;
    const std::string key = f.clients.add("inst", Quota{10, 3600}, kNow);
    const HttpResponse ok = f.api.handle(post(key, request_of(6)), kNow);
    REQUIRE(ok.status == 200);
    const indexer::BlindResponse response = indexer::parse_blind_response(ok.body);
    CHECK(response.evaluated_elements.size() == 6);
    CHECK(header(ok, "X-Quota-Remaining") == "4");
    CHECK(header(ok, "X-Request-Id").size() == 16);

    const HttpResponse over = f.api.handle(post(key, request_of(5)), kNow + 60);
    CHECK(over.status == 429);
    CHECK(header(over, "Retry-After") == "3540");
    CHECK(nlohmann::json::parse(over.body)["error"] == "over-quota");
    CHECK(f.clients.list(kNow)[0].used == 6);  // nothing reserved for the refused request

    const auto rows = f.clients.audit_rows(10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].outcome == "over-quota");
    CHECK(rows[0].elements == 5);
    CHECK(rows[1].outcome == "ok");
    REQUIRE(f.logged.size() == 2);
    CHECK(f.logged[0].client == "inst");
}

TEST_CASE("service: refusals are JSON errors with the right status", "[service][api]") {
    Fixture f;
    const std::string key = f.clients.add("inst", Quota{100, 3600}, kNow);
    CHECK(f.api.handle(make("POST", "/v1/evaluate", "", request_of(1)), kNow).status == 401);
    CHECK(f.api.handle(post("lwk_wrong", request_of(1)), kNow).status == 401);
    CHECK(f.api.handle(make("POST", "/v1/evaluate", "Basic " + key, request_of(1)), kNow).status ==
          401);
    CHECK(f.api.handle(make("POST", "/v1/evaluate", "bearer " + key, request_of(1)), kNow).status ==
          200);
    const HttpResponse bad = f.api.handle(post(key, "{\"protocol\": [1, "), kNow);
    CHECK(bad.status == 400);
    CHECK_THAT(nlohmann::json::parse(bad.body)["message"].get<std::string>(),
               Catch::Contains("at byte"));
    CHECK(f.api.handle(post(key, request_of(9)), kNow).status == 400);  // 8 a request
    CHECK(f.api.handle(post(key, std::string(f.api.max_body_bytes() + 1, ' ')), kNow).status ==
          413);
    CHECK(f.api.handle(make("GET", "/v1/evaluate", "", ""), kNow).status == 405);
    CHECK(f.api.handle(make("GET", "/v2/anything", "", ""), kNow).status == 404);
    CHECK(f.clients.list(kNow)[0].used == 1);
}

TEST_CASE("service: requests from many threads share the quota exactly", "[service][api]") {
    Fixture f;
    const std::string key = f.clients.add("inst", Quota{40, 3600}, kNow);
    std::atomic<int> granted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 4; ++i) {
                granted += f.api.handle(post(key, request_of(3)), kNow).status == 200 ? 1 : 0;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(granted == 13);  // 13 * 3 = 39 of 40
    CHECK(f.clients.audit_rows(100).size() == 16);
}

TEST_CASE("service: /metrics counts requests, elements and refusals, names no client",
          "[service][api]") {
    Fixture f;
    const std::string key = f.clients.add("secret-client-name", Quota{5, 3600}, kNow);
    REQUIRE(f.api.handle(post(key, request_of(4)), kNow).status == 200);
    REQUIRE(f.api.handle(post(key, request_of(4)), kNow).status == 429);
    REQUIRE(f.api.handle(post("lwk_x", request_of(1)), kNow).status == 401);
    const HttpResponse metrics = f.api.handle(make("GET", "/metrics", "", ""), kNow);
    REQUIRE(metrics.status == 200);
    const std::string& text = metrics.body;
    CHECK_THAT(text,
               Catch::Contains("leakwatch_requests_total{endpoint=\"evaluate\",status=\"200\"} 1"));
    CHECK_THAT(text,
               Catch::Contains("leakwatch_requests_total{endpoint=\"evaluate\",status=\"429\"} 1"));
    CHECK_THAT(text,
               Catch::Contains("leakwatch_requests_total{endpoint=\"evaluate\",status=\"401\"} 1"));
    CHECK_THAT(text, Catch::Contains("leakwatch_elements_evaluated_total 4\n"));
    CHECK_THAT(text, Catch::Contains("leakwatch_quota_refusals_total 1\n"));
    CHECK_THAT(text, Catch::Contains("leakwatch_request_seconds_count{endpoint=\"evaluate\"} 3"));
    CHECK_THAT(text, Catch::Contains("le=\"+Inf\"} 3"));
    CHECK_THAT(text, !Catch::Contains("secret-client-name"));
}

// Found by service_fuzz: nlohmann's out_of_range for 1e999 escaped the
// parse and would have ended the server through libmicrohttpd's frames.
TEST_CASE("service: a number out of range is a 400, not a crash", "[service][api]") {
    Fixture f;
    const std::string key = f.clients.add("inst", Quota{5, 3600}, kNow);
    const HttpResponse bad = f.api.handle(post(key, "[501e501]"), kNow);
    CHECK(bad.status == 400);
    CHECK_THAT(bad.body, Catch::Contains("out of range"));
}
