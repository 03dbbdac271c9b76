// `leakwatch upgrade` on a format-2 corpus written as format 2 wrote them:
// sources, titles and crawl state in clear, an unkeyed content hash.
#include "indexer/corpus/corpus_upgrade.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "crawler/crawl_state.h"
#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/corpus_writer.h"
#include "search/item_catalog.h"
#include "tests/support/filled.h"
#include "tests/support/temp_dir.h"

using namespace lw::indexer;
namespace schema = lw::indexer::corpus;

namespace {

// Names a format-2 corpus kept in clear; none may survive the upgrade, in
// Xapian's view or in the bytes of its files.
constexpr std::string_view kSource = "https://forum.example/t?who=Dupont-Jean-1980-01-02";
constexpr std::string_view kTitle = "Fuite Dupont Jean 02/01/1980";
constexpr std::string_view kListing = "http://forum.example/list?search=mario.rossi%40example.it";
constexpr std::string_view kEtag = "\"etag-jean.martin@example.org\"";
constexpr std::string_view kRobots = "disallow: /p/Rossi-Mario-1985-12-10";
constexpr std::string_view kSeenUrl = "http://forum.example/t/Rossi-Mario";
const std::vector<std::string_view> kMarkers = {"Dupont", "Rossi", "mario.rossi", "etag-jean"};

std::string unkeyed_digest_hex(std::string_view url) {
    std::array<unsigned char, 16> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(url.data()), url.size(), nullptr, 0);
    return to_hex(digest);
}

// One complete item (sha256 of 0x07 bytes), one pending item's record, and
// the three kinds of crawl state, as format 2 stored them.
void write_format2(const std::string& path, const Element& public_key) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    db.set_metadata("leakwatch.format", "2");
    db.set_metadata("leakwatch.pubkey", to_hex(public_key));
    const std::string key = "0123456789abcdef";
    Xapian::Document record;
    record.add_boolean_term(*schema::record_item_term(key));
    record.add_boolean_term("XDe");
    record.add_boolean_term(schema::token_term(Kind::email, lw::test::token(0xa1)));
    db.add_document(record);
    Xapian::Document item;
    item.add_boolean_term("QI" + key);
    item.add_boolean_term("XYitem");
    item.add_boolean_term("XC" + to_hex(lw::test::hash(7)));
    item.add_boolean_term("Gforum");
    item.add_boolean_term("Hforum.example");
    item.add_value(schema::kSlotComplete, "1");
    item.add_value(schema::kSlotSize, Xapian::sortable_serialise(1234));
    const nlohmann::json sighting = {
        {"source", kSource}, {"site", "forum"}, {"at", "2021-10-01T00:00:00Z"}, {"t", 1633046400}};
    item.set_data(nlohmann::json{
        {"v", 1},
        {"key", key},
        {"sha256", to_hex(lw::test::hash(7))},
        {"source", kSource},
        {"site", "forum"},
        {"title", kTitle},
        {"size", 1234},
        {"records", 1},
        {"counts", {{"email", 1}}},
        {"first_seen", "2021-10-01T00:00:00Z"},
        {"last_seen", "2021-10-01T00:00:00Z"},
        {"sighting_count", 1},
        {"sightings",
         {sighting}}}.dump());
    db.replace_document("QI" + key, item);
    Xapian::Document killed;
    killed.add_boolean_term(*schema::record_item_term("00000000deadbeef"));
    killed.add_boolean_term(schema::token_term(Kind::email, lw::test::token(0xee)));
    db.add_document(killed);
    db.set_metadata("leakwatch.pending.00000000deadbeef", "1");
    db.set_metadata("state.seen:" + unkeyed_digest_hex(kSeenUrl), "1633046400");
    db.set_metadata("state.listing:" + std::string(kListing),
                    nlohmann::json{{"etag", kEtag}, {"last_modified", ""}}.dump());
    db.set_metadata(
        "state.robots:http://forum.example:80",
        nlohmann::json{{"t", std::time(nullptr)}, {"status", 200}, {"rules", kRobots}}.dump());
    db.commit();
}

std::string all_file_bytes(const std::string& dir) {
    std::string bytes;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        bytes.append(std::istreambuf_iterator<char>(in), {});
    }
    return bytes;
}

// Everything Xapian shows of the corpus: data, terms, values, metadata.
std::string decoded_view(const std::string& dir) {
    Xapian::Database db(dir);
    std::string view;
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        view += *t + "\n";
    }
    for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
        try {
            const Xapian::Document doc = db.get_document(id);
            view += doc.get_data() + "\n";
            for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
                view += *v + "\n";
            }
        } catch (const Xapian::DocNotFoundError&) {
        }
    }
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
        view += *k + "=" + db.get_metadata(*k) + "\n";
    }
    return view;
}

}  // namespace

TEST_CASE("upgrade: a format-2 corpus becomes format 3 with nothing left in clear",
          "[indexer][corpus][upgrade]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("corpus");
    const SecretScalar secret_key = SecretScalar::random();
    write_format2(path, public_key_of(secret_key));
    // Glass compresses document data, not metadata keys: the bytes show the
    // listing URL before the upgrade (so the check below can fail).
    REQUIRE(all_file_bytes(path).find("mario.rossi") != std::string::npos);

    const UpgradeSummary summary = upgrade_corpus(path, secret_key);
    CHECK(summary.items == 1);
    CHECK(summary.state_kept == 3);
    CHECK(summary.state_dropped == 0);
    CHECK(summary.pending_dropped == 1);

    const std::string files = all_file_bytes(path);
    const std::string view = decoded_view(path);
    for (std::string_view marker : kMarkers) {
        CHECK(files.find(marker) == std::string::npos);
        CHECK(view.find(marker) == std::string::npos);
    }
    CHECK(view.find(to_hex(lw::test::hash(7))) == std::string::npos);  // the unkeyed hash
    CHECK(std::filesystem::directory_iterator(dir.file("")) !=
          std::filesystem::directory_iterator());
    for (const auto& entry : std::filesystem::directory_iterator(dir.file(""))) {
        CHECK(entry.path().filename() == "corpus");  // the swap left no copy behind
    }

    const CorpusKeys keys(secret_key);
    {
        // Readers with the key see the source and title again.
        Xapian::Database db(path);
        CHECK(db.get_metadata("leakwatch.format") == "3");
        CHECK(db.get_termfreq(schema::token_term(Kind::email, lw::test::token(0xee))) == 0);
        lw::search::ItemCatalog catalog(db, &keys);
        const lw::search::ItemSummary* item = catalog.find("0123456789abcdef");
        REQUIRE(item != nullptr);
        CHECK(item->source == kSource);
        CHECK(item->title == kTitle);
        CHECK(item->size == 1234);
        CHECK(item->host == "forum.example");
        lw::search::ItemCatalog sealed(db);
        CHECK(sealed.find("0123456789abcdef")->sealed);
    }
    // The writer takes it; the same content is recognised (keyed from the
    // old hash); the crawl state reads as before.
    CorpusWriter writer(path, public_key_of(secret_key), keys);
    writer.begin_item({"https://mirror.example/p/1", "mirror", "mirror.example", 1633132800}, "");
    const KindToken one[] = {{Kind::email, lw::test::token(0xa1)}};
    writer.add_record(one);
    CHECK(writer.finish_item(lw::test::hash(7), 1234) == ItemOutcome::sighting_added);
    lw::crawler::CrawlState state(writer);
    CHECK(state.seen(std::string(kSeenUrl)));
    CHECK_FALSE(state.seen("http://forum.example/t/other"));
    CHECK(state.conditional_headers(std::string(kListing)) ==
          std::vector<std::string>{"If-None-Match: " + std::string(kEtag)});
    const auto robots = state.robots("http://forum.example:80", std::chrono::hours(24));
    REQUIRE(robots);
    CHECK(robots->status == 200);
    CHECK(robots->rules == kRobots);
}

TEST_CASE("upgrade: refuses what is not format 2", "[indexer][corpus][upgrade]") {
    lw::test::TempDir dir;
    const std::string path = dir.file("corpus");
    const SecretScalar secret_key = SecretScalar::random();
    { CorpusWriter writer(path, public_key_of(secret_key), CorpusKeys(secret_key)); }
    CHECK_THROWS_WITH(upgrade_corpus(path, secret_key),
                      Catch::Contains("has format 3 already: nothing to upgrade"));
    const std::string v2 = dir.file("v2");
    write_format2(v2, public_key_of(secret_key));
    CHECK_THROWS_WITH(upgrade_corpus(v2, SecretScalar::random()),
                      Catch::Contains("the key does not match this corpus"));
    CHECK(Xapian::Database(v2).get_metadata("leakwatch.format") == "2");
    CHECK_THROWS_WITH(upgrade_corpus(dir.file("nowhere"), secret_key),
                      Catch::Contains("no corpus there"));
}
