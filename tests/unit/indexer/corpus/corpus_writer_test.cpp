#include "indexer/corpus/corpus_writer.h"

#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/item_seal.h"
#include "search/corpus_stats.h"
#include "tests/support/filled.h"
#include "tests/support/saved_env.h"
#include "tests/support/temp_dir.h"

using namespace lw::indexer;
using lw::search::CorpusStats;
using lw::search::read_corpus_stats;
namespace schema = lw::indexer::corpus;

namespace {

using lw::test::hash;
using lw::test::token;

Element key_a() {
    return lw::test::element(1);
}
Element key_b() {
    return lw::test::element(2);
}

Sighting at(const std::string& source, std::int64_t when) {
    return Sighting{source, "Demo-Paste", "paste.example", when};
}

std::string token_term(unsigned char fill, Kind kind = Kind::email) {
    return schema::token_term(kind, token(fill));
}

Xapian::doccount count_with(const std::string& path, const std::string& term) {
    Xapian::Database db(path);
    return db.get_termfreq(term);
}

// Records are the documents that are not items.
Xapian::doccount count_records(const std::string& path) {
    Xapian::Database db(path);
    return db.get_doccount() - db.get_termfreq("XYitem");
}

// One item of two records: {email a, phone b} and {email c}.
void write_sample(CorpusWriter& writer, const Sighting& s, unsigned char content) {
    writer.begin_item(s, "a paste");
    const KindToken first[] = {{Kind::email, token(0xa1)}, {Kind::phone, token(0xb2)}};
    const KindToken second[] = {{Kind::email, token(0xc3)}};
    writer.add_record(first);
    writer.add_record(second);
    (void)writer.finish_item(hash(content), 1234);
}

}  // namespace

TEST_CASE("corpus: a new corpus records its format and public key", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    { CorpusWriter writer(path, key_a(), lw::test::corpus_keys()); }
    Xapian::Database db(path);
    CHECK(db.get_metadata(std::string(schema::kMetaFormat)) == "3");
    CHECK(db.get_metadata(std::string(schema::kMetaPublicKey)) == to_hex(key_a()));
}

TEST_CASE("corpus: opening with another key is a clear error", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    { CorpusWriter writer(path, key_a(), lw::test::corpus_keys()); }
    try {
        CorpusWriter writer(path, key_b(), lw::test::corpus_keys());
        FAIL("opened with the wrong key");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::crypto);
        CHECK(std::string(e.what()) ==
              "the key does not match this corpus (key 0202020202020202..., corpus "
              "0101010101010101...): its tokens would match nothing");
    }
}

TEST_CASE("corpus: a corpus of an older format is refused, not written", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        Xapian::WritableDatabase v1(path, Xapian::DB_CREATE_OR_OPEN);
        v1.set_metadata(std::string(schema::kMetaFormat), "1");
        v1.commit();
    }
    try {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        FAIL("wrote into a format 1 corpus");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::corpus);
        CHECK(std::string(e.what()) == "corpus has format 1; this leakwatch writes format 3");
    }
    CHECK(Xapian::Database(path).get_metadata(std::string(schema::kMetaFormat)) == "1");
}

TEST_CASE("corpus: a format 2 corpus is refused with the way on", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        Xapian::WritableDatabase v2(path, Xapian::DB_CREATE_OR_OPEN);
        v2.set_metadata(std::string(schema::kMetaFormat), "2");
        v2.commit();
    }
    try {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        FAIL("wrote into a format 2 corpus");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::corpus);
        CHECK_THAT(e.what(), Catch::Contains("corpus has format 2") &&
                                 Catch::Contains("leakwatch upgrade --db DIR --key FILE"));
    }
    CHECK(Xapian::Database(path).get_metadata(std::string(schema::kMetaFormat)) == "2");
}

TEST_CASE("corpus: a second writer is refused at once", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    CorpusWriter first(path, key_a(), lw::test::corpus_keys());
    try {
        CorpusWriter second(path, key_a(), lw::test::corpus_keys());
        FAIL("two writers");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::locked);
        CHECK(std::string(e.what()) == "corpus is locked by another writer");
    }
}

TEST_CASE("corpus: an item and its records carry the documented terms", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        write_sample(writer, at("https://paste.example/raw/1", 1633046400), 7);  // 2021-10-01
    }
    Xapian::Database db(path);
    CHECK(db.get_doccount() == 3);
    CHECK(db.get_termfreq("XYitem") == 1);
    CHECK(db.get_termfreq("XYrecord") == 0);  // records are the documents that are not items
    CHECK(db.get_termfreq("XKemail") == 1);   // the item; records have kind sets
    CHECK(db.get_termfreq("XKphone") == 1);
    CHECK(db.get_termfreq("XDep") == 1);  // email + phone
    CHECK(db.get_termfreq("XDe") == 1);
    CHECK(db.get_termfreq("Gdemo-paste") == 1);  // records' site is their item's
    CHECK(db.get_termfreq("Hpaste.example") == 1);
    CHECK(db.get_termfreq("XM202110") == 1);
    CHECK(db.get_termfreq(token_term(0xa1)) == 1);
    CHECK(db.get_termfreq(token_term(0xc3)) == 1);
    // The content identity is keyed: never the bare digest of the content.
    CHECK(db.get_termfreq("XC" + to_hex(hash(7))) == 0);
    CHECK(db.get_termfreq("XC" + to_hex(lw::test::corpus_keys().content_id(hash(7)))) == 1);
    // The record holding a1 also holds b2: the "data classes" of a token.
    Xapian::PostingIterator p = db.postlist_begin(token_term(0xa1));
    const Xapian::Document record = db.get_document(*p);
    std::vector<std::string> terms;
    for (auto t = record.termlist_begin(); t != record.termlist_end(); ++t) {
        terms.push_back(*t);
    }
    // Its kinds, its item (the item key's 8 bytes) and its two tokens; no values.
    const Xapian::Document item_doc = db.get_document(*db.postlist_begin("XYitem"));
    auto unique = item_doc.termlist_begin();
    unique.skip_to("QI");
    const std::string item_key = (*unique).substr(2);
    CHECK(item_key.size() == 16);
    REQUIRE(terms.size() == 4);
    CHECK(terms[0] == "XDep");
    CHECK(terms[1] == schema::record_item_term(item_key));
    CHECK(schema::item_key_of_record_term(terms[1]) == item_key);
    CHECK(terms[2] == token_term(0xa1));
    CHECK(terms[3] == schema::token_term(Kind::phone, token(0xb2)));
    CHECK(record.values_count() == 0);
    CHECK(record.get_data().empty());
    // Item data: counts and one sighting in clear; source, title and exact
    // size sealed under the item's key.
    Xapian::PostingIterator i = db.postlist_begin("XYitem");
    const std::string raw = db.get_document(*i).get_data();
    const auto data = nlohmann::json::parse(raw);
    CHECK(data["v"] == 3);
    CHECK(data["records"] == 2);
    CHECK(data["counts"]["email"] == 2);
    CHECK(data["counts"]["phone"] == 1);
    CHECK(data["sightings"].size() == 1);
    CHECK(data["sightings"][0]["src"].get<std::string>().size() == 16);
    CHECK(data["size"] == 4096);  // 1234 bytes, rounded up
    CHECK(data["host"] == "paste.example");
    CHECK(!data.contains("title"));
    CHECK(!data.contains("source"));
    CHECK(!data.contains("sha256"));
    CHECK(raw.find("paste.example/raw") == std::string::npos);
    CHECK(raw.find("a paste") == std::string::npos);
    const auto fields =
        unseal_item_fields(lw::test::corpus_keys(), item_key, data["sealed"].get<std::string>());
    REQUIRE(fields);
    CHECK(fields->title == "a paste");
    CHECK(fields->size == 1234);
    CHECK(fields->sources == std::vector<std::string>{"https://paste.example/raw/1"});
    // Under another item's key the seal does not open (it cannot be moved).
    CHECK(!unseal_item_fields(lw::test::corpus_keys(), "0000000000000000",
                              data["sealed"].get<std::string>()));
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        CHECK((*t).find("paste.example/raw") == std::string::npos);
    }
}

TEST_CASE("corpus: the same content again adds a sighting, never records", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
    write_sample(writer, at("https://paste.example/raw/1", 1633046400), 7);
    // Same source, same day: nothing new.
    writer.begin_item(at("https://paste.example/raw/1", 1633050000), "a paste");
    const KindToken one[] = {{Kind::email, token(0xa1)}};
    writer.add_record(one);
    CHECK(writer.finish_item(hash(7), 1234) == ItemOutcome::already_seen);
    // Another URL: a sighting.
    writer.begin_item(at("https://mirror.example/p/9", 1633132800), "a paste");
    writer.add_record(one);
    CHECK(writer.finish_item(hash(7), 1234) == ItemOutcome::sighting_added);
    writer.commit();
    CHECK(count_records(path) == 2);
    CHECK(count_with(path, token_term(0xa1)) == 1);
    Xapian::Database db(path);
    const auto data =
        nlohmann::json::parse(db.get_document(*db.postlist_begin("XYitem")).get_data());
    CHECK(data["sighting_count"] == 2);
    CHECK(data["sightings"].size() == 2);
    CHECK(data["last_seen"] == "2021-10-02T00:00:00Z");
    const auto fields = unseal_item_fields(lw::test::corpus_keys(), data["key"].get<std::string>(),
                                           data["sealed"].get<std::string>());
    REQUIRE(fields);
    CHECK(fields->sources ==
          std::vector<std::string>{"https://paste.example/raw/1", "https://mirror.example/p/9"});
}

TEST_CASE("corpus: --force rebuilds a known item", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
    write_sample(writer, at("a.txt", 1633046400), 7);
    writer.set_replace_known(true);
    writer.begin_item(at("a.txt", 1633046400), "again");
    const KindToken one[] = {{Kind::iban, token(0xd4)}};
    writer.add_record(one);
    CHECK(writer.finish_item(hash(7), 99) == ItemOutcome::added);
    writer.commit();
    CHECK(count_with(path, "XYitem") == 1);
    CHECK(count_records(path) == 1);
    CHECK(count_with(path, token_term(0xa1)) == 0);
    CHECK(count_with(path, token_term(0xd4, Kind::iban)) == 1);
}

TEST_CASE("corpus: an abandoned item leaves nothing", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
    writer.begin_item(at("cut.gz", 1633046400), "");
    const KindToken one[] = {{Kind::email, token(0xa1)}};
    writer.add_record(one);
    writer.abandon_item();
    writer.commit();
    CHECK(count_records(path) == 0);
    Xapian::Database db(path);
    CHECK(db.metadata_keys_begin("leakwatch.pending.") ==
          db.metadata_keys_end("leakwatch.pending."));
}

TEST_CASE("corpus: a continuation adds only new records to its item and moves its last-seen",
          "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
    write_sample(writer, at("https://forum.example/t/7", 1633046400), 7);
    const std::string key = writer.item_key();
    REQUIRE(key.size() == 16);

    // The last page read again ({a1, b2} and {c3} are in the item already,
    // {a1} alone too as a part of one), then a new page.
    writer.continue_item(key, at("https://forum.example/t/7", 1633132800));
    const KindToken again[] = {{Kind::email, token(0xa1)}, {Kind::phone, token(0xb2)}};
    const KindToken part[] = {{Kind::email, token(0xa1)}};
    const KindToken fresh[] = {{Kind::email, token(0xe5)}, {Kind::nir, token(0xf6)}};
    const KindToken mixed[] = {{Kind::email, token(0xc3)}, {Kind::phone, token(0x17)}};
    writer.add_record(again);
    writer.add_record(part);
    writer.add_record(fresh);
    writer.add_record(fresh);  // quoted on the new page: kept once
    writer.add_record(mixed);  // a known token with a new one: a new record
    CHECK(writer.finish_item(hash(9), 5000) == ItemOutcome::continued);
    CHECK(writer.item_key() == key);
    writer.commit();

    CHECK(count_with(path, "XYitem") == 1);
    CHECK(count_records(path) == 4);
    CHECK(count_with(path, token_term(0xa1)) == 1);
    CHECK(count_with(path, token_term(0xe5)) == 1);
    CHECK(count_with(path, token_term(0xc3)) == 2);
    CHECK(count_with(path, *schema::record_item_term(key)) == 4);
    CHECK(count_with(path, "XKnir") == 1);
    Xapian::Database db(path);
    const auto data =
        nlohmann::json::parse(db.get_document(*db.postlist_begin("XYitem")).get_data());
    CHECK(data["records"] == 4);
    CHECK(data["counts"]["email"] == 4);
    CHECK(data["counts"]["phone"] == 2);
    CHECK(data["counts"]["nir"] == 1);
    CHECK(data["first_seen"] == "2021-10-01T00:00:00Z");
    CHECK(data["last_seen"] == "2021-10-02T00:00:00Z");
    CHECK(data["sighting_count"] == 1);  // the same source: not a sighting more
    // Its size grows by the bytes read: exact under the seal, a class in clear.
    CHECK(data["size"] == 8192);
    const auto fields = lw::indexer::unseal_item_fields(lw::test::corpus_keys(), key,
                                                        data["sealed"].get<std::string>());
    REQUIRE(fields);
    CHECK(fields->size == 1234 + 5000);
    CHECK(fields->sources == std::vector<std::string>{"https://forum.example/t/7"});
    CHECK(db.metadata_keys_begin("leakwatch.pending-batch.") ==
          db.metadata_keys_end("leakwatch.pending-batch."));
}

TEST_CASE("corpus: a continuation cut short leaves its item as it was, even after a crash",
          "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    const KindToken fresh[] = {{Kind::email, token(0xe5)}};
    std::string key;
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        write_sample(writer, at("https://forum.example/t/7", 1633046400), 7);
        key = writer.item_key();
        writer.continue_item(key, at("https://forum.example/t/7", 1633132800));
        writer.add_record(fresh);
        writer.abandon_item();
        writer.commit();
        CHECK(count_records(path) == 2);
        CHECK(count_with(path, token_term(0xe5)) == 0);

        // Killed part way: its records committed, its item not updated.
        writer.continue_item(key, at("https://forum.example/t/7", 1633132800));
        writer.add_record(fresh);
        writer.commit();
        CHECK(count_with(path, token_term(0xe5)) == 1);
    }
    CorpusWriter reopened(path, key_a(), lw::test::corpus_keys());
    CHECK(count_records(path) == 2);
    CHECK(count_with(path, token_term(0xe5)) == 0);
    CHECK(count_with(path, *schema::record_item_term(key)) == 2);
}

TEST_CASE("corpus: a continuation of an item that went writes a new item under its key",
          "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
    const std::string key = "0123456789abcdef";
    writer.continue_item(key, at("https://forum.example/t/7", 1633132800));
    const KindToken fresh[] = {{Kind::email, token(0xe5)}};
    writer.add_record(fresh);
    CHECK(writer.finish_item(hash(9), 10) == ItemOutcome::added);
    CHECK(writer.item_key() == key);
    writer.commit();
    CHECK(count_with(path, "QI" + key) == 1);
    CHECK(count_records(path) == 1);
}

TEST_CASE("corpus: small items are committed in groups, not one commit each", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
    const Xapian::rev before = Xapian::Database(path).get_revision();
    for (unsigned char i = 0; i < 200; ++i) {
        write_sample(writer, at("tar!member" + std::to_string(i), 1633046400), i);
    }
    // A commit syncs every table: one per item made 300 empty tar members
    // hold the lock for 6 s. Only the interval may commit here (a slow run).
    CHECK(Xapian::Database(path).get_revision() - before < 10);
    // The writer sees what it has not committed: known content is known.
    writer.begin_item(at("elsewhere.txt", 1633046400), "");
    CHECK(writer.finish_item(hash(3), 1234) == ItemOutcome::sighting_added);
    writer.commit();
    CHECK(count_with(path, "XYitem") == 200);
    CHECK(count_records(path) == 400);
}

// The run dies (no destructor, no commit) with finished items waiting for a
// commit and one item half written: each is whole or absent afterwards.
TEST_CASE("corpus: after a kill, items waiting for a commit are whole or absent",
          "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        write_sample(writer, at("committed.txt", 1633046400), 1);
        writer.commit();
    }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto* writer = new CorpusWriter(path, key_a(), lw::test::corpus_keys());
        for (unsigned char i = 2; i < 12; ++i) {
            write_sample(*writer, at("waiting" + std::to_string(i), 1633046400), i);
        }
        writer->begin_item(at("half.txt", 1633046400), "");
        const KindToken one[] = {{Kind::email, token(0xee)}};
        writer->add_record(one);
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    { CorpusWriter writer(path, key_a(), lw::test::corpus_keys()); }
    Xapian::Database db(path);
    CHECK(count_with(path, token_term(0xee)) == 0);
    CHECK(db.metadata_keys_begin("leakwatch.pending.") ==
          db.metadata_keys_end("leakwatch.pending."));
    // Every item present has its two records; nothing else is there.
    const Xapian::doccount items = db.get_termfreq("XYitem");
    CHECK(items >= 1);
    CHECK(count_records(path) == 2 * items);
}

TEST_CASE("corpus: records of an item left pending are deleted on opening", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        write_sample(writer, at("whole.txt", 1633046400), 7);
        writer.begin_item(at("killed.txt", 1633046400), "");
        const KindToken one[] = {{Kind::email, token(0xee)}};
        for (int i = 0; i < 3; ++i)
            writer.add_record(one);
        writer.commit();  // as a chunk commit would; then the run dies
    }
    CHECK(count_with(path, token_term(0xee)) == 3);
    { CorpusWriter writer(path, key_a(), lw::test::corpus_keys()); }
    CHECK(count_with(path, token_term(0xee)) == 0);
    CHECK(count_records(path) == 2);  // the complete item stays whole
    Xapian::Database db(path);
    CHECK(db.metadata_keys_begin("leakwatch.pending.") ==
          db.metadata_keys_end("leakwatch.pending."));
}

TEST_CASE("corpus: state is kept in the metadata", "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        writer.set_state("robots/example", "fetched");
        writer.commit();
    }
    CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
    CHECK(writer.state("robots/example") == "fetched");
    CHECK(writer.state("unknown").empty());
}

TEST_CASE("corpus: Xapian is told to flush only when the writer commits, unless the user chose",
          "[indexer][corpus]") {
    const lw::test::SavedEnv restore("XAPIAN_FLUSH_THRESHOLD");

    ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
    CorpusWriter::flush_only_at_commits();
    REQUIRE(std::getenv("XAPIAN_FLUSH_THRESHOLD") != nullptr);
    CHECK(std::string(std::getenv("XAPIAN_FLUSH_THRESHOLD")) ==
          std::to_string(CorpusWriter::kRecordsPerCommit));

    ::setenv("XAPIAN_FLUSH_THRESHOLD", "1234", 1);
    CorpusWriter::flush_only_at_commits();
    CHECK(std::string(std::getenv("XAPIAN_FLUSH_THRESHOLD")) == "1234");
}

TEST_CASE("corpus: stats count complete items only, and show interrupted ones apart",
          "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        write_sample(writer, at("whole.txt", 1633046400), 7);  // emails a1, c3; phone b2
        writer.begin_item(at("killed.txt", 1633046400), "");
        const KindToken shared[] = {{Kind::email, token(0xa1)}};  // also in the whole item
        const KindToken own[] = {{Kind::email, token(0xee)}, {Kind::nir, token(0xef)}};
        writer.add_record(shared);
        for (int i = 0; i < 3; ++i)
            writer.add_record(own);
        writer.commit();  // a chunk commit; then the run dies
    }
    const CorpusStats stats = read_corpus_stats(path);
    CHECK(stats.items == 1);
    CHECK(stats.records == 2);
    CHECK(stats.interrupted_items == 1);
    CHECK(stats.interrupted_records == 4);
    CHECK(stats.tokens_by_kind.at("email") == 2);  // a1 and c3, not ee
    CHECK(stats.tokens_by_kind.at("nir") == 0);
    CHECK(stats.tokens_by_kind.at("phone") == 1);
    { CorpusWriter writer(path, key_a(), lw::test::corpus_keys()); }  // cleans up
    const CorpusStats after = read_corpus_stats(path);
    CHECK(after.interrupted_items == 0);
    CHECK(after.records == 2);
}

// An archive of 3,000 copies of one member: each copy is a sighting of one
// item, gathered in memory and written once a commit (it was re-read,
// re-sealed and re-written each time: quadratic).
TEST_CASE("corpus: many sightings of one content in a group are written once, whole",
          "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        for (int i = 0; i < 3000; ++i) {
            writer.begin_item(at("a.tar!copy" + std::to_string(i), 1633046400 + i), "");
            CHECK(writer.finish_item(hash(9), 0) ==
                  (i == 0 ? ItemOutcome::added : ItemOutcome::sighting_added));
        }
        // The same source the same day: known from the sightings in memory.
        writer.begin_item(at("a.tar!copy5", 1633046400), "");
        CHECK(writer.finish_item(hash(9), 0) == ItemOutcome::already_seen);
    }  // the destructor writes what waits
    Xapian::Database db(path);
    REQUIRE(db.get_termfreq("XYitem") == 1);
    const auto data =
        nlohmann::json::parse(db.get_document(*db.postlist_begin("XYitem")).get_data());
    CHECK(data["sighting_count"] == 3000);
    CHECK(data["sightings"].size() == 1000);
    CHECK(data["last_seen"] == "2021-10-01T00:49:59Z");
    const auto fields = unseal_item_fields(lw::test::corpus_keys(), data["key"].get<std::string>(),
                                           data["sealed"].get<std::string>());
    REQUIRE(fields);
    CHECK(fields->sources.size() == 1000);
    CHECK(fields->sources[999] == "a.tar!copy999");
}

// New items between the copies: the copies' sightings keep waiting in
// memory (a new item does not write them), and all reach the corpus.
TEST_CASE("corpus: sightings waiting in memory survive new items between them",
          "[indexer][corpus]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("db");
    {
        CorpusWriter writer(path, key_a(), lw::test::corpus_keys());
        for (int i = 0; i < 100; ++i) {
            writer.begin_item(at("a.tar!copy" + std::to_string(i), 1633046400 + i), "");
            (void)writer.finish_item(hash(9), 0);
            write_sample(writer, at("a.tar!new" + std::to_string(i), 1633046400 + i),
                         static_cast<unsigned char>(10 + i));
        }
        writer.commit();
    }
    Xapian::Database db(path);
    CHECK(db.get_termfreq("XYitem") == 101);
    const std::string content = "XC" + to_hex(lw::test::corpus_keys().content_id(hash(9)));
    const auto data =
        nlohmann::json::parse(db.get_document(*db.postlist_begin(content)).get_data());
    CHECK(data["sighting_count"] == 100);
    CHECK(data["sightings"].size() == 100);
}
