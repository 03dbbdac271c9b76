// Researchers' queries on items and on records. Records carry no site or
// date of their own (docs/corpus.md): these tests pin that their filters,
// facets and sorting come from their items.
#include <xapian.h>

#include <catch2/catch.hpp>

#include "indexer/base/error.h"
#include "search/search.h"
#include "tests/support/filled.h"
#include "tests/support/sample_corpus.h"
#include "tests/support/temp_dir.h"

using namespace lw::search;
using lw::indexer::Kind;

namespace {

struct Corpus {
    lw::test::TempDir dir;
    Xapian::Database db;
    ItemCatalog catalog;

    Corpus() : db(written(dir.file("corpus"))), catalog(db) {}

    static std::string written(const std::string& path) {
        lw::test::write_sample_corpus(path);
        return path;
    }

    ResearchResult records(const std::string& text, ResearchOptions options = {}) {
        options.target = QueryTarget::records;
        return run_research_query(db, catalog, text, options);
    }

    std::uint64_t count_records(const std::string& text) { return records(text).count; }

    std::uint64_t count_items(const std::string& text) {
        return run_research_query(db, catalog, text, {}).count;
    }
};

}  // namespace

TEST_CASE("research: records by kind, through their kind sets", "[search][research]") {
    Corpus c;
    CHECK(c.count_records("") == 3);  // the orphan record's item is not complete
    CHECK(c.count_records("kind:email") == 3);
    CHECK(c.count_records("kind:phone") == 1);
    CHECK(c.count_records("kind:nir AND kind:person") == 1);
    CHECK(c.count_records("kind:email AND NOT kind:phone") == 2);
    CHECK(c.count_records("kind:iban") == 0);
    CHECK(c.count_items("kind:nir") == 1);
    CHECK(c.count_items("kind:email") == 2);
}

TEST_CASE("research: records by site, month and date are their items'", "[search][research]") {
    Corpus c;
    CHECK(c.count_records("site:paste") == 2);
    CHECK(c.count_records("site:FORUM") == 1);
    CHECK(c.count_records("site:nowhere") == 0);
    CHECK(c.count_records("month:202109") == 2);
    CHECK(c.count_records("month:202201") == 1);
    CHECK(c.count_records("date:2021-09-01..2021-09-30") == 2);
    CHECK(c.count_records("date:2022-01-05..") == 1);
    CHECK(c.count_records("date:..2021-12-31") == 2);
    CHECK(c.count_records("kind:phone OR site:forum") == 2);
    CHECK(c.count_records("kind:email AND NOT site:paste") == 1);
    CHECK(c.count_items("date:2021-09-01..2021-09-30") == 1);
}

TEST_CASE("research: records of one item, and a bad item key", "[search][research]") {
    Corpus c;
    ResearchOptions items;
    const ResearchResult forum = run_research_query(c.db, c.catalog, "site:forum", items);
    REQUIRE(forum.items.size() == 1);
    const std::string key = forum.items[0]->key;
    CHECK(c.count_records("item:" + key) == 1);
    CHECK(c.count_items("item:" + key) == 1);
    CHECK(c.count_records("item:0000000000000000") == 0);
    try {
        (void)c.records("item:zz");
        FAIL("a bad item key was accepted");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::usage);
        CHECK(std::string(e.what()) == "bad query: item:zz: an item key is 16 hex digits");
    }
}

TEST_CASE("research: record rows show their item's site and date", "[search][research]") {
    Corpus c;
    const ResearchResult r = c.records("kind:phone");
    REQUIRE(r.records.size() == 1);
    const RecordRow& row = r.records[0];
    CHECK(row.site == "paste");
    CHECK(row.first_seen == "2021-09-12T08:00:00Z");
    CHECK(row.kinds == (kind_bit(Kind::email) | kind_bit(Kind::phone)));
    REQUIRE(row.tokens.size() == 2);
    std::string a1;
    for (int i = 0; i < 16; ++i) {
        a1 += "a1";
    }
    CHECK(row.tokens[0] == std::pair(Kind::email, a1));
    CHECK(row.tokens[1].first == Kind::phone);
}

TEST_CASE("research: records newest first, ties in the order written", "[search][research]") {
    Corpus c;
    ResearchOptions options;
    options.sort = QuerySort::date;
    options.limit = 2;
    const ResearchResult r = c.records("", options);
    CHECK(r.count == 3);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].item->site == "forum");
    CHECK(r.records[1].item->site == "paste");
    CHECK(r.records[1].tokens.size() == 2);  // the paste's first record
    options.limit = 3;
    const ResearchResult all = c.records("", options);
    REQUIRE(all.records.size() == 3);
    CHECK(all.records[2].tokens.size() == 1);  // the paste's second record
}

TEST_CASE("research: record facets by kind, site and month", "[search][research]") {
    Corpus c;
    ResearchOptions options;
    options.facets = {Facet::kind, Facet::site, Facet::month};
    const ResearchResult r = c.records("", options);
    using Counts = std::map<std::string, std::uint64_t>;
    CHECK(r.facets.at("kind") == Counts{{"email", 3}, {"phone", 1}, {"nir", 1}, {"person", 1}});
    CHECK(r.facets.at("site") == Counts{{"paste", 2}, {"forum", 1}});
    CHECK(r.facets.at("month") == Counts{{"2021-09", 2}, {"2022-01", 1}});
}

TEST_CASE("research: a bad field is one usage error, on items and on records",
          "[search][research]") {
    Corpus c;
    const std::pair<const char*, const char*> cases[] = {
        {"kind:ssn",
         "bad query: unknown kind in kind:ssn (kinds: email, nir, cf, phone, iban, card, person)"},
        {"kind:email AND token:abc", "bad query: token:abc: a token is 32 hex digits"},
        {"month:2021", "bad query: month:2021: a month is YYYYMM"},
        {"date:2021-13-45..2021-12-01",
         "bad query: date:2021-13-45..2021-12-01: dates are YYYY-MM-DD"},
    };
    for (const auto& [text, message] : cases) {
        for (QueryTarget target : {QueryTarget::items, QueryTarget::records}) {
            ResearchOptions options;
            options.target = target;
            try {
                (void)run_research_query(c.db, c.catalog, text, options);
                FAIL("accepted " << text);
            } catch (const lw::Error& e) {
                CHECK(e.category() == lw::ErrorCategory::usage);
                CHECK(std::string(e.what()) == message);
            }
        }
    }
}
