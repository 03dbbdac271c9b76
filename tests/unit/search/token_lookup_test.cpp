// Token look-ups and exposure reports against a corpus written by the
// indexer's own writer.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/corpus_writer.h"
#include "search/search.h"
#include "tests/support/filled.h"
#include "tests/support/sample_corpus.h"
#include "tests/support/temp_dir.h"

using namespace lw::indexer;
using namespace lw::search;
namespace schema = lw::indexer::corpus;

namespace {

using lw::test::hash;
using lw::test::token;

}  // namespace

TEST_CASE("lookup: a token's items, oldest first, with the kinds beside it", "[search]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("corpus");
    lw::test::write_sample_corpus(path);
    OpenedCorpora corpora = open_corpora({path}, {});
    TokenLookup lookup(corpora.db, &lw::test::corpus_keys());

    const TokenResult shared = lookup.find(token(0xa1), Kind::email);
    REQUIRE(shared.items.size() == 2);
    CHECK(shared.items[0].item->site == "paste");
    CHECK(shared.items[0].item->source == "https://paste.test/raw/1");
    CHECK(shared.items[0].item->title == "dump");
    CHECK_FALSE(shared.items[0].item->sealed);
    CHECK_FALSE(lookup.saw_sealed());
    CHECK(shared.items[0].item->first_seen == "2021-09-12T08:00:00Z");
    CHECK(shared.items[0].with == (kind_bit(Kind::email) | kind_bit(Kind::phone)));
    CHECK(shared.items[0].records == 1);
    CHECK(shared.items[1].item->site == "forum");
    CHECK(kinds_of(shared.items[1].with) ==
          std::vector<Kind>{Kind::email, Kind::nir, Kind::person});

    CHECK(lookup.find(token(0xc3), Kind::email).items.size() == 1);
    CHECK(lookup.find(token(0xa1), Kind::phone).items.empty());  // the kind is part of the term
}

TEST_CASE("lookup: without the key, sources and titles stay sealed", "[search]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("corpus");
    lw::test::write_sample_corpus(path);
    OpenedCorpora corpora = open_corpora({path}, {});
    TokenLookup lookup(corpora.db);
    const TokenResult shared = lookup.find(token(0xa1), Kind::email);
    REQUIRE(shared.items.size() == 2);
    const ItemSummary& item = *shared.items[0].item;
    CHECK(item.sealed);
    CHECK(item.source.empty());
    CHECK(item.title.empty());
    CHECK(item.host == "paste.test");
    CHECK(item.size == 4096);  // rounded up
    CHECK(shown_source(item) == "[sealed] paste.test item " + item.key);
    CHECK(lookup.saw_sealed());
    // Another key opens nothing either.
    const CorpusKeys other(SecretScalar::random());
    TokenLookup wrong(corpora.db, &other);
    CHECK(wrong.find(token(0xa1), Kind::email).items[0].item->sealed);
}

TEST_CASE("lookup: without a kind, every kind is tried and the one found is said", "[search]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("corpus");
    lw::test::write_sample_corpus(path);
    OpenedCorpora corpora = open_corpora({path}, {});
    TokenLookup lookup(corpora.db);
    const TokenResult nir = lookup.find(token(0xd4), std::nullopt);
    REQUIRE(nir.items.size() == 1);
    CHECK(nir.kind == Kind::nir);
    const TokenResult none = lookup.find(token(0x99), std::nullopt);
    CHECK(none.items.empty());
    CHECK_FALSE(none.kind.has_value());
}

TEST_CASE("lookup: records of an item not complete are not followed", "[search]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("corpus");
    lw::test::write_sample_corpus(path);
    OpenedCorpora corpora = open_corpora({path}, {});
    TokenLookup lookup(corpora.db);
    CHECK(corpora.db.get_termfreq(schema::token_term(Kind::email, token(0xf6))) == 1);
    CHECK(lookup.find(token(0xf6), Kind::email).items.empty());
}

TEST_CASE("report: rows checked and exposed, by kind, item and month", "[search]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("corpus");
    lw::test::write_sample_corpus(path);
    OpenedCorpora corpora = open_corpora({path}, {});
    TokenLookup lookup(corpora.db);
    std::vector<TokenQuery> queries = {
        {token(0xd4), Kind::nir, 7},   {token(0xa1), Kind::email, 7}, {token(0x55), Kind::nir, 9},
        {token(0xc3), Kind::email, 3}, {token(0x66), Kind::email, 9},
    };
    const ExposureReport report = look_up_all(lookup, queries);
    REQUIRE(report.results.size() == 5);
    CHECK(report.results[1].items.size() == 2);  // results stay in the queries' order
    CHECK(report.results[2].items.empty());
    CHECK(report.any_found());

    const ExposureSummary s = summarise(report);
    CHECK(s.has_rows);
    CHECK(s.rows_checked == 3);
    CHECK(s.rows_exposed == 2);
    CHECK(s.identifiers_checked == 5);
    CHECK(s.identifiers_found == 3);
    CHECK(s.found_by_kind == std::map<std::string, std::uint64_t>{{"email", 2}, {"nir", 1}});
    REQUIRE(s.by_item.size() == 2);
    // Row 7 is in both items, row 3 only in the paste: the paste exposes 2 rows.
    CHECK(s.by_item[0].first->site == "paste");
    CHECK(s.by_item[0].second == 2);
    CHECK(s.by_item[1].second == 1);
    CHECK(s.by_month == std::map<std::string, std::uint64_t>{{"2021-09", 2}, {"2022-01", 1}});

    std::ostringstream csv;
    write_report(csv, report, ReportFormat::csv, false);
    CHECK(csv.str().rfind("row,token,kind,found,", 0) == 0);
    std::ostringstream all;
    write_report(all, report, ReportFormat::jsonl, true);
    const std::string lines = all.str();
    CHECK(std::count(lines.begin(), lines.end(), '\n') == 5);
}

TEST_CASE("token input: TOKEN, TOKEN<TAB>KIND, TOKEN<TAB>KIND<TAB>ROW", "[search]") {
    const std::string hex = "00112233445566778899aabbccddeeff";
    CHECK(parse_token_line(hex, "x").token == TokenBytes{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
                                                         0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
                                                         0xee, 0xff});
    CHECK(parse_token_line("00112233445566778899AABBCCDDEEFF", "x").token ==
          parse_token_line(hex, "x").token);
    const TokenQuery full = parse_token_line(hex + "\tnir\t42\r", "x");
    CHECK(full.kind == Kind::nir);
    CHECK(full.row == 42u);
    CHECK(parse_token_line(hex + "\temail", "x").kind == Kind::email);
    CHECK_FALSE(parse_token_line(hex + "\temail", "x").row.has_value());

    const auto message = [&](const std::string& line) {
        try {
            (void)parse_token_line(line, "t.tsv:3");
        } catch (const lw::Error& e) {
            CHECK(e.category() == lw::ErrorCategory::usage);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message(hex.substr(1)) == "t.tsv:3: not a token (expected 32 hex digits)");
    CHECK(message("g" + hex.substr(1)) == "t.tsv:3: not a token (expected 32 hex digits)");
    CHECK(message(hex + "\tssn\t1").rfind("t.tsv:3: unknown kind", 0) == 0);
    CHECK(message(hex + "\tnir\t").rfind("t.tsv:3: malformed line", 0) == 0);
    CHECK(message(hex + "\tnir\t1x").rfind("t.tsv:3: malformed line", 0) == 0);
    CHECK(message(hex + "\tnir\t1\textra").rfind("t.tsv:3: malformed line", 0) == 0);
}

TEST_CASE("open: missing, foreign and skipped corpora", "[search]") {
    lw::test::TempDir dir;
    const std::string good = dir.file("good");
    lw::test::write_sample_corpus(good);
    const std::string foreign = dir.file("foreign");
    Xapian::WritableDatabase(foreign, Xapian::DB_CREATE).commit();
    const std::string missing = dir.file("missing");

    const auto message = [](const std::vector<std::string>& dbs) {
        try {
            (void)open_corpora(dbs, {});
        } catch (const lw::Error& e) {
            CHECK(e.category() == lw::ErrorCategory::corpus);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message({missing}) == "corpus " + missing + ": no corpus there");
    CHECK(message({foreign}) == "corpus " + foreign + ": not a leakwatch corpus");
    CHECK(message({good, missing}) == "corpus " + missing + ": no corpus there");

    OpenedCorpora some = open_corpora({missing, good}, {.allow_missing_shards = true});
    CHECK(some.db.size() == 1);
    REQUIRE(some.skipped.size() == 1);
    CHECK(some.skipped[0] == "corpus " + missing + ": no corpus there");
    CHECK_THROWS_AS(open_corpora({missing}, {.allow_missing_shards = true}), lw::Error);
    CHECK_NOTHROW(require_public_key(some, to_hex(lw::test::sample_corpus_key())));
    CHECK_THROWS_WITH(require_public_key(some, std::string(64, '0')),
                      Catch::Contains("the key does not match this corpus"));
}
