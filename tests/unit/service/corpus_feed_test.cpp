#include "service/corpus_feed.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "indexer/base/error.h"
#include "indexer/corpus/corpus_writer.h"
#include "service/service_api.h"
#include "tests/support/filled.h"
#include "tests/support/temp_dir.h"

using namespace lw::service;
namespace indexer = lw::indexer;
using lw::test::token;

namespace {

// One item of one record holding `tokens`.
void write_item(const std::string& corpus, unsigned char content,
                std::vector<indexer::TokenBytes> tokens) {
    indexer::CorpusWriter writer(corpus, lw::test::element(1), lw::test::corpus_keys());
    writer.begin_item(indexer::Sighting{"dump" + std::to_string(content), "local", "", 1796904000},
                      "");
    std::vector<indexer::KindToken> record;
    for (const auto& t : tokens) {
        record.push_back({indexer::Kind::email, t});
    }
    writer.add_record(record);
    (void)writer.finish_item(lw::test::hash(content), 100);
}

HttpRequest get_feed(const std::string& key, const std::string& since = "",
                     const std::string& etag = "") {
    HttpRequest request;
    request.method = "GET";
    request.path = "/v1/feed";
    request.authorization = "Bearer " + key;
    if (!since.empty()) {
        request.arguments.emplace_back("since", since);
    }
    request.if_none_match = etag;
    return request;
}

std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [n, v] : response.headers) {
        if (n == name) {
            return v;
        }
    }
    return {};
}

}  // namespace

TEST_CASE("feed: every corpus token is in the snapshot, and a delta brings it up to date",
          "[service][feed]") {
    lw::test::TempDir dir;
    const std::string corpus = dir.file("corpus");
    write_item(corpus, 1, {token(0x11), token(0x22), token(0x33)});
    CorpusFeed feed(corpus);
    const auto first = feed.current();
    CHECK(first->set.size() == 3);
    for (unsigned char b : {0x11, 0x22, 0x33}) {
        CHECK(first->set.contains(token(b)));
    }
    CHECK_FALSE(first->set.contains(token(0x44)));
    CHECK(feed.current() == first);  // the same revision: built once

    write_item(corpus, 2, {token(0x33), token(0x44)});
    const auto second = feed.current();
    CHECK(second->revision > first->revision);
    CHECK(second->set.contains(token(0x44)));
    const auto delta = feed.delta_since(first->revision, *second);
    REQUIRE(delta);
    CHECK(delta->added.size() == 1);
    CHECK(delta->removed.size() == 0);
    const lw::search::FeedDelta read =
        lw::search::decode_feed_delta(lw::search::encode_feed_delta(*delta));
    CHECK(first->set.updated(read.added, read.removed) == second->set);
    CHECK_FALSE(feed.delta_since(999999, *second));
    CHECK_THROWS_AS(lw::search::decode_feed_delta("\x05"), lw::Error);
}

TEST_CASE("feed: the endpoint answers snapshots, deltas and 304s to clients only",
          "[service][feed]") {
    lw::test::TempDir dir;
    const std::string corpus = dir.file("corpus");
    write_item(corpus, 1, {token(0x11), token(0x22), token(0x33)});
    ClientStore clients(dir.file("state"), true);
    const std::string key = clients.add("inst", Quota{1, 3600}, 0);
    CorpusFeed feed(corpus);
    ServiceApi api(indexer::SecretScalar::random(), clients, feed, ServiceOptions{}, nullptr);

    CHECK(api.handle(get_feed("lwk_nobody"), 0).status == 401);
    const HttpResponse snapshot = api.handle(get_feed(key), 0);
    REQUIRE(snapshot.status == 200);
    CHECK(header(snapshot, "X-Feed") == "snapshot");
    CHECK(lw::search::FeedSet::decode(snapshot.body).contains(token(0x22)));
    const std::string etag = header(snapshot, "ETag");
    const std::string revision = header(snapshot, "X-Corpus-Revision");
    CHECK(api.handle(get_feed(key, "", etag), 0).status == 304);
    CHECK(api.handle(get_feed(key, "12x"), 0).status == 400);

    // 4 tokens: the same prefix width as 3 (a width change sends a snapshot).
    write_item(corpus, 2, {token(0x55)});
    const HttpResponse delta = api.handle(get_feed(key, revision, etag), 0);
    REQUIRE(delta.status == 200);
    CHECK(header(delta, "X-Feed") == "delta");
    CHECK(header(delta, "ETag") != etag);
    const lw::search::FeedDelta read = lw::search::decode_feed_delta(delta.body);
    CHECK(read.added.prefixes().size() == 1);
    // A revision the server no longer keeps: the whole set.
    CHECK(header(api.handle(get_feed(key, "1"), 0), "X-Feed") == "snapshot");
    // Reading the feed costs no quota (1 element a period here).
    CHECK(clients.list(0)[0].used == 0);
}

TEST_CASE("items: the catalog with sources unsealed, whole or since a time", "[service][items]") {
    lw::test::TempDir dir;
    const std::string corpus = dir.file("corpus");
    write_item(corpus, 1, {token(0x11)});
    ClientStore clients(dir.file("state"), true);
    const std::string key = clients.add("inst", Quota{1, 3600}, 0);
    CorpusFeed feed(corpus);
    // The key lw::test::corpus_keys() derives from, which sealed the sources.
    std::array<unsigned char, lw::indexer::kScalarSize> scalar{};
    scalar[0] = 42;
    ServiceApi api(lw::indexer::SecretScalar::from_bytes(scalar), clients, feed, ServiceOptions{},
                   nullptr);
    HttpRequest request = get_feed(key);
    request.path = "/v1/items";
    const HttpResponse all = api.handle(request, 1796990000);
    REQUIRE(all.status == 200);
    const auto answer = nlohmann::json::parse(all.body);
    CHECK(answer["as_of"] == 1796990000);
    REQUIRE(answer["items"].size() == 1);
    CHECK(answer["items"][0]["source"] == "dump1");
    CHECK(answer["items"][0]["site"] == "local");
    request.arguments.emplace_back("since", "1796904001");  // after its only sighting
    CHECK(nlohmann::json::parse(api.handle(request, 0).body)["items"].empty());
    request.arguments.back().second = "soon";
    CHECK(api.handle(request, 0).status == 400);
}
