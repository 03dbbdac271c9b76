// check --remote's client (search/remote_check.h) against the real service
// on loopback, with the in-house look-up on the same corpus as the referee;
// and the client's parts that need no server.
#include "search/remote_check.h"

#include <sodium.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "indexer/base/hex.h"
#include "indexer/corpus/corpus_writer.h"
#include "indexer/prf/voprf_group.h"
#include "indexer/tokens/tokenizer.h"
#include "search/catalog_json.h"
#include "search/corpus_reader.h"
#include "search/remote_cache.h"
#include "search/remote_service.h"
#include "search/seen_exposures.h"
#include "service/http_server.h"
#include "service/service_api.h"
#include "tests/support/filled.h"
#include "tests/support/temp_dir.h"

namespace indexer = lw::indexer;
namespace search = lw::search;
namespace service = lw::service;
using indexer::Kind;

namespace {

indexer::TokenBytes token_of_email(const indexer::SecretScalar& key, const std::string& email) {
    const indexer::Cleartext input = indexer::prf_input(Kind::email, email);
    return indexer::token_of(indexer::evaluate(key, input.reveal(), indexer::Mode::voprf));
}

// A corpus under `key`: a paste holding a@ and b@, a later forum post b@.
void write_corpus(const std::string& path, const indexer::SecretScalar& key) {
    const indexer::CorpusKeys keys(key);
    indexer::CorpusWriter writer(path, indexer::public_key_of(key), keys);
    writer.begin_item({"https://paste.test/raw/1", "paste", "paste.test", 1631433600}, "dump");
    const indexer::KindToken r1[] = {{Kind::email, token_of_email(key, "a@hospital.test")}};
    const indexer::KindToken r2[] = {{Kind::email, token_of_email(key, "b@hospital.test")}};
    writer.add_record(r1);
    writer.add_record(r2);
    (void)writer.finish_item(lw::test::hash(1), 100);
    writer.begin_item({"https://forum.test/t/9", "forum", "forum.test", 1641340800}, "topic");
    writer.add_record(r2);
    (void)writer.finish_item(lw::test::hash(2), 200);
}

std::string report_text(const search::ExposureReport& report, search::ReportFormat format) {
    std::ostringstream out;
    search::write_report(out, report, format, true);
    return out.str();
}

// The operator: a corpus, a client store and `serve` on a free port,
// keeping every request's body as it arrived.
struct Operator {
    lw::test::TempDir dir;
    indexer::SecretScalar key = indexer::SecretScalar::random();
    std::string corpus = dir.file("corpus");
    bool written = (write_corpus(corpus, key), true);
    service::ClientStore clients{dir.file("state"), true};
    service::CorpusFeed feed{corpus};
    service::ServiceApi api{indexer::SecretScalar::from_bytes(key.reveal()), clients, feed,
                            service::ServiceOptions{2, 1}, nullptr};
    std::mutex mutex;
    std::string received;  // every request's path and body
    service::HttpServer server{service::HttpServerOptions{},
                               [this](const service::HttpRequest& request) {
                                   {
                                       const std::lock_guard lock(mutex);
                                       received += request.path + "\n" + request.body + "\n";
                                   }
                                   return api.handle(request, std::time(nullptr));
                               }};
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
};

search::RemoteCheckOptions options_for(const Operator& op, const std::string& api_key,
                                       const std::string& records) {
    search::RemoteCheckOptions options;
    options.http.base_url = op.url();
    options.http.api_key = api_key;
    options.pinned_key = indexer::public_key_of(op.key);
    options.source.records_path = records;
    options.threads = 1;
    return options;
}

}  // namespace

TEST_CASE("check --remote: the in-house report, over HTTP, in chunks, cached", "[search][remote]") {
    Operator op;
    const std::string api_key =
        op.clients.add("chu", service::Quota{1000, 86400}, std::time(nullptr));
    lw::test::TempDir mine;
    const std::string records =
        mine.write("patients.csv", "email\na@hospital.test\nc@hospital.test\nb@hospital.test\n");
    search::RemoteCheckOptions options = options_for(op, api_key, records);
    options.cache_folder = mine.file("cache");
    std::vector<std::uint64_t> progress;
    options.on_progress = [&](std::uint64_t done, std::uint64_t) { progress.push_back(done); };

    const search::RemoteCheckResult remote = search::check_remote(options);
    // max_elements 2: three identifiers go in two chunks.
    REQUIRE(progress.size() == 2);
    CHECK(progress.back() == 3);
    const search::OpenedCorpora corpora = search::open_corpora({op.corpus}, {});
    const indexer::CorpusKeys keys(op.key);
    search::TokenLookup lookup(corpora.db, &keys);
    std::vector<search::TokenQuery> queries = remote.report.queries;
    const search::ExposureReport in_house = search::look_up_all(lookup, std::move(queries));
    for (const auto format :
         {search::ReportFormat::table, search::ReportFormat::json, search::ReportFormat::csv}) {
        CHECK(report_text(remote.report, format) == report_text(in_house, format));
    }
    REQUIRE(remote.report.results.size() == 3);
    CHECK(remote.report.results[0].items.size() == 1);    // a@: the paste
    CHECK(remote.report.results[1].items.empty());        // c@: nowhere
    REQUIRE(remote.report.results[2].items.size() == 2);  // b@: paste, then forum
    CHECK(remote.report.results[2].items[0].item->source == "https://paste.test/raw/1");
    CHECK(remote.tokens[0].token == token_of_email(op.key, "a@hospital.test"));

    // The cache holds the feed and the catalog only, privately; a second run
    // reads them and gives the same report.
    struct stat st {};
    REQUIRE(::stat(options.cache_folder.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat((options.cache_folder + "/feed.cache").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const search::RemoteCheckResult again = search::check_remote(options);
    CHECK(report_text(again.report, search::ReportFormat::json) ==
          report_text(remote.report, search::ReportFormat::json));

    // A cached catalog that lacks an item the details name (committed after
    // its as_of, seen before it) is fetched whole again; the items found
    // before that stay valid.
    const search::RemoteCache cache(
        options.cache_folder, op.url() + " " + indexer::to_hex(indexer::public_key_of(op.key)),
        api_key);
    std::optional<search::CatalogPage> page = cache.items();
    REQUIRE(page);
    REQUIRE(page->items.size() == 2);
    std::erase_if(page->items, [](const search::ItemSummary& item) {
        return item.source == "https://forum.test/t/9";
    });
    page->as_of = std::time(nullptr) + 86400;
    cache.keep_items(*page);
    const search::RemoteCheckResult refetched = search::check_remote(options);
    CHECK(report_text(refetched.report, search::ReportFormat::json) ==
          report_text(remote.report, search::ReportFormat::json));
}

TEST_CASE("check --remote: refused keys, quotas and servers end with one line",
          "[search][remote]") {
    Operator op;
    lw::test::TempDir mine;
    const std::string records = mine.write("p.csv", "email\na@hospital.test\nb@hospital.test\n");
    const std::string tiny = op.clients.add("tiny", service::Quota{1, 86400}, std::time(nullptr));

    search::RemoteCheckOptions options = options_for(op, "lwk_unknown", records);
    CHECK_THROWS_WITH(search::check_remote(options), Catch::Contains("refused the API key (401)"));
    options = options_for(op, tiny, records);
    CHECK_THROWS_WITH(search::check_remote(options), Catch::Contains("over quota (429"));
    options.pinned_key = indexer::public_key_of(indexer::SecretScalar::random());
    CHECK_THROWS_WITH(search::check_remote(options), Catch::Contains("not the pinned --pubkey"));
    const unsigned port = op.server.port();
    op.server.stop(std::chrono::seconds(1));
    options = options_for(op, tiny, records);
    options.http.base_url = "http://127.0.0.1:" + std::to_string(port);
    try {
        (void)search::check_remote(options);
        FAIL("a stopped server answered");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::io);
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
}

TEST_CASE("check --remote: details ask 64 buckets, the matches hidden among random ones",
          "[search][remote]") {
    CHECK(search::padded_bucket_requests({}, 12).empty());
    // Fewer buckets than a request holds: all of them, repeated.
    const auto all = search::padded_bucket_requests({5}, 3);
    REQUIRE(all.size() == 1);
    REQUIRE(all[0].size() == 64);
    CHECK(std::set<std::uint64_t>(all[0].begin(), all[0].end()).size() == 8);
    // 70 matches: two requests of 64 distinct buckets each, every match in one.
    std::vector<std::uint64_t> matched;
    for (std::uint64_t b = 0; b < 70; ++b) {
        matched.push_back(b * 13);
    }
    const auto requests = search::padded_bucket_requests(matched, 10);
    REQUIRE(requests.size() == 2);
    std::set<std::uint64_t> asked;
    for (const auto& request : requests) {
        CHECK(request.size() == 64);
        CHECK(std::set<std::uint64_t>(request.begin(), request.end()).size() == 64);
        CHECK(std::is_sorted(request.begin(), request.end()));
        for (std::uint64_t b : request) {
            CHECK(b < 1024);
            asked.insert(b);
        }
    }
    for (std::uint64_t b : matched) {
        CHECK(asked.contains(b));
    }
    // The padding differs from run to run.
    CHECK(search::padded_bucket_requests({1}, 20) != search::padded_bucket_requests({1}, 20));
}

TEST_CASE("check --new-since: an exposure is reported once, its state keeps digests only",
          "[search][remote]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("seen.state");
    search::ItemSummary paste;
    paste.key = "00000000000000aa";
    search::ItemSummary forum;
    forum.key = "00000000000000bb";
    const auto report_with = [&](std::vector<const search::ItemSummary*> items) {
        search::ExposureReport report;
        report.queries.push_back({lw::test::token(0x42), Kind::email, 7});
        search::TokenResult result;
        result.kind = Kind::email;
        for (const auto* item : items) {
            result.items.push_back({item, 0, 1});
        }
        report.results.push_back(result);
        return report;
    };
    {
        search::SeenExposures seen(path);
        search::ExposureReport first = report_with({&paste});
        CHECK(seen.keep_new(first) == 1);
        CHECK(first.any_found());
        seen.save();
    }
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const indexer::TokenBytes token = lw::test::token(0x42);
    CHECK(bytes.find(std::string(token.begin(), token.end())) == std::string::npos);
    CHECK(bytes.find(paste.key) == std::string::npos);
    {
        search::SeenExposures seen(path);
        search::ExposureReport second = report_with({&paste, &forum});
        CHECK(seen.keep_new(second) == 1);  // the forum only
        REQUIRE(second.results[0].items.size() == 1);
        CHECK(second.results[0].items[0].item == &forum);
        seen.save();
        search::ExposureReport third = report_with({&paste, &forum});
        CHECK(seen.keep_new(third) == 0);
        CHECK_FALSE(third.any_found());
    }
    const std::string other = dir.write("other.state", "not a state at all");
    ::chmod(other.c_str(), 0600);
    CHECK_THROWS_WITH(search::SeenExposures(other),
                      Catch::Contains("not a leakwatch monitor state"));
}

TEST_CASE("check --remote: the catalog's JSON and the cache read back what was kept",
          "[search][remote]") {
    CHECK(search::parse_iso_utc("2021-09-12T08:00:00Z") == 1631433600);
    CHECK_FALSE(search::parse_iso_utc("2021-09-12 08:00:00"));
    CHECK_FALSE(search::parse_iso_utc("2021-13-12T08:00:00Z"));

    search::CatalogPage page;
    page.as_of = 1700000000;
    search::ItemSummary item;
    item.key = "121cb358ff516163";
    item.site = "paste";
    item.host = "paste.test";
    item.source = "https://paste.test/raw/1";
    item.title = "dump \"1\"";
    item.first_seen = "2021-09-12T08:00:00Z";
    item.last_seen = "2021-09-13T08:00:00Z";
    item.sightings = 2;
    item.records = 3;
    page.items.push_back(item);
    const search::CatalogPage read = search::parse_catalog_json(search::catalog_json(page));
    REQUIRE(read.items.size() == 1);
    CHECK(read.as_of == page.as_of);
    CHECK(read.items[0].title == item.title);
    CHECK(read.items[0].first_seen_unix == 1631433600);
    CHECK_THROWS_WITH(search::parse_catalog_json(R"({"as_of":1,"items":[{"item":3}]})"),
                      Catch::Contains("\"item\" is not a string"));

    lw::test::TempDir dir;
    // A catalog kept in clear by an earlier version goes.
    ::mkdir(dir.file("cache").c_str(), 0700);
    dir.write("cache/items.json", "{\"server\":\"https://a.test key1\"}\n{}");
    const search::RemoteCache cache(dir.file("cache"), "https://a.test key1", "api-key-1");
    CHECK_FALSE(std::filesystem::exists(dir.file("cache/items.json")));
    CHECK_FALSE(cache.feed());
    search::CachedFeed feed;
    feed.set = search::FeedSet::of_tokens(std::vector{lw::test::token(1), lw::test::token(2)});
    feed.revision = 9;
    feed.bucket_bits = 0;
    feed.etag = "\"r9-k15\"";
    cache.keep_feed(feed);
    cache.keep_items(page);
    const auto feed_read = cache.feed();
    REQUIRE(feed_read);
    CHECK(feed_read->set == feed.set);
    CHECK(feed_read->etag == feed.etag);
    REQUIRE(cache.items());
    CHECK(cache.items()->items.size() == 1);
    CHECK(cache.items()->items[0].source == item.source);
    // The catalog is sealed: its sources and titles are not in the file,
    // and another API key does not open it.
    const std::string sealed = dir.read("cache/items.sealed");
    CHECK(sealed.find("paste.test/raw") == std::string::npos);
    CHECK(sealed.find("dump") == std::string::npos);
    CHECK(sealed.find("121cb358ff516163") == std::string::npos);
    CHECK_FALSE(search::RemoteCache(dir.file("cache"), "https://a.test key1", "api-key-2").items());
    // Another server's (or key's) cache is not used.
    const search::RemoteCache other(dir.file("cache"), "https://b.test key1", "api-key-1");
    CHECK_FALSE(other.feed());
    CHECK_FALSE(other.items());
    // A damaged cache is fetched again, not trusted.
    dir.write("cache/feed.cache", "{\"server\":\"https://a.test key1\"}\nLWFS garbage");
    ::chmod(dir.file("cache/feed.cache").c_str(), 0600);
    CHECK_FALSE(cache.feed());
}

TEST_CASE("check --remote: the operator receives no token and no unblinded element",
          "[search][remote]") {
    Operator op;
    const std::string api_key =
        op.clients.add("chu", service::Quota{1000, 86400}, std::time(nullptr));
    lw::test::TempDir mine;
    const std::vector<std::string> emails = {"a@hospital.test", "b@hospital.test",
                                             "c@hospital.test"};
    const std::string records =
        mine.write("p.csv", "email\n" + emails[0] + "\n" + emails[1] + "\n" + emails[2] + "\n");
    const search::RemoteCheckResult result =
        search::check_remote(options_for(op, api_key, records));
    REQUIRE(result.report.any_found());
    const std::string received = [&] {
        const std::lock_guard lock(op.mutex);
        return op.received;
    }();
    REQUIRE(received.find("/v1/evaluate") != std::string::npos);
    REQUIRE(received.find("/v1/details") != std::string::npos);
    std::vector<std::string> needles;
    for (const std::string& email : emails) {
        // What the client learns and the operator must not: the token, and
        // the unblinded element skS * H(input) it is hashed from.
        const indexer::Cleartext input = indexer::prf_input(Kind::email, email);
        const indexer::ByteView parts[] = {indexer::as_bytes(input.reveal())};
        const indexer::Element unblinded = indexer::scalar_mult(
            op.key.reveal(), indexer::hash_to_group(parts, indexer::Mode::voprf));
        // The same element by the protocol's own road: r^-1 * (skS * (r * H)).
        const indexer::SecretScalar r = indexer::SecretScalar::random();
        indexer::Scalar r_inverse{};
        REQUIRE(crypto_core_ristretto255_scalar_invert(r_inverse.data(), r.reveal().data()) == 0);
        const indexer::Element blinded =
            indexer::blind(input.reveal(), indexer::SecretScalar::from_bytes(r.reveal()),
                           indexer::Mode::voprf)
                .blinded_element;
        const indexer::Element evaluated = indexer::blind_evaluate(op.key, std::vector{blinded})[0];
        REQUIRE(indexer::scalar_mult(r_inverse, evaluated) == unblinded);
        const indexer::TokenBytes token = token_of_email(op.key, email);
        needles.push_back(email);
        needles.push_back(indexer::to_hex(unblinded));
        needles.push_back(std::string(unblinded.begin(), unblinded.end()));
        needles.push_back(indexer::to_hex(token));
        needles.push_back(indexer::to_hex(token).substr(0, 16));
        needles.push_back(std::string(token.begin(), token.begin() + 8));
    }
    for (const std::string& needle : needles) {
        CHECK(received.find(needle) == std::string::npos);
    }
}
