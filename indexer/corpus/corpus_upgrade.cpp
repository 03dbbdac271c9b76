#include "indexer/corpus/corpus_upgrade.h"

#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "indexer/base/ascii.h"
#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/corpus/corpus_keys.h"
#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/item_seal.h"

namespace lw::indexer {
namespace {

namespace schema = corpus;
namespace fs = std::filesystem;
using nlohmann::json;

[[noreturn]] void corpus_failure(const std::string& what) {
    throw Error(ErrorCategory::corpus, what);
}

std::string string_field(const json& data, const char* name) {
    const auto it = data.find(name);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The first term of `doc` with `prefix`, without it; "" if none.
std::string term_after(const Xapian::Document& doc, std::string_view prefix) {
    auto t = doc.termlist_begin();
    t.skip_to(std::string(prefix));
    if (t == doc.termlist_end() || !(*t).starts_with(prefix)) {
        return {};
    }
    return (*t).substr(prefix.size());
}

class Upgrade {
  public:
    Upgrade(Xapian::WritableDatabase& db, const CorpusKeys& keys) : db_(db), keys_(keys) {}

    UpgradeSummary run() {
        drop_pending_items();
        upgrade_items();
        upgrade_state();
        db_.set_metadata(std::string(schema::kMetaFormat), std::string(schema::kFormatVersion));
        db_.commit();
        return summary_;
    }

  private:
    void drop_pending_items() {
        const std::string prefix(schema::kMetaPendingPrefix);
        std::vector<std::string> pending;
        for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
            pending.push_back(*it);
        }
        for (const std::string& key : pending) {
            if (const auto term = schema::record_item_term(key.substr(prefix.size()))) {
                db_.delete_document(*term);
            }
            db_.set_metadata(key, "");
            ++summary_.pending_dropped;
        }
    }

    void upgrade_items() {
        const std::string type = std::string(schema::kPrefixType) + std::string(schema::kTypeItem);
        std::vector<Xapian::docid> ids;
        for (auto p = db_.postlist_begin(type); p != db_.postlist_end(type); ++p) {
            ids.push_back(*p);
        }
        for (Xapian::docid id : ids) {
            Xapian::Document doc = db_.get_document(id);
            upgrade_item(doc);
            db_.replace_document(id, doc);
            ++summary_.items;
        }
    }

    void upgrade_item(Xapian::Document& doc) {
        const json old = json::parse(doc.get_data(), nullptr, false);
        if (!old.is_object()) {
            corpus_failure("corpus: an item's data is unreadable (corrupt corpus?)");
        }
        const std::string key = string_field(old, "key");
        const std::string old_content = term_after(doc, schema::kPrefixContent);
        const auto sha256 = from_hex_array<crypto_hash_sha256_BYTES>(old_content);
        if (key.empty() || !sha256) {
            corpus_failure("corpus: an item has no key or content hash (corrupt corpus?)");
        }
        doc.remove_term(std::string(schema::kPrefixContent) + old_content);
        doc.add_boolean_term(std::string(schema::kPrefixContent) +
                             to_hex(keys_.content_id(*sha256)));

        SealedItemFields sealed;
        sealed.title = string_field(old, "title");
        sealed.size = old.value("size", std::uint64_t{0});
        json sightings = json::array();
        if (const auto s = old.find("sightings"); s != old.end() && s->is_array()) {
            for (const json& sighting : *s) {
                const std::string source = string_field(sighting, "source");
                sealed.sources.push_back(source);
                sightings.push_back({{"src", source_digest(keys_, source)},
                                     {"site", string_field(sighting, "site")},
                                     {"at", string_field(sighting, "at")},
                                     {"t", sighting.value("t", std::int64_t{0})}});
            }
        }
        if (sealed.sources.empty()) {
            sealed.sources.push_back(string_field(old, "source"));
        }
        json data = {
            {"v", 3},
            {"key", key},
            {"site", string_field(old, "site")},
            {"host", term_after(doc, schema::kPrefixHost)},
            {"size", size_class(sealed.size)},
            {"records", old.value("records", std::uint64_t{0})},
            {"counts", old.contains("counts") ? old["counts"] : json::object()},
            {"first_seen", string_field(old, "first_seen")},
            {"last_seen", string_field(old, "last_seen")},
            {"sighting_count", old.value("sighting_count", std::uint64_t{1})},
            {"sightings", std::move(sightings)},
            {"sealed", seal_item_fields(keys_, key, sealed)},
        };
        doc.set_data(data.dump());
        doc.add_value(schema::kSlotSize,
                      Xapian::sortable_serialise(static_cast<double>(size_class(sealed.size))));
    }

    // Format 2's state: "state.seen:" + 32 hex (unkeyed BLAKE2b-128 of the
    // item URL), "state.listing:" + URL, "state.robots:" + origin, values
    // in clear.
    void upgrade_state() {
        const std::string prefix(schema::kMetaStatePrefix);
        std::vector<std::pair<std::string, std::string>> old;
        for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
            old.emplace_back(*it, db_.get_metadata(*it));
        }
        for (const auto& [key, value] : old) {
            db_.set_metadata(key, "");
            const std::string name = key.substr(prefix.size());
            const auto colon = name.find(':');
            const std::string purpose = name.substr(0, colon);
            const std::string rest = colon == std::string::npos ? "" : name.substr(colon + 1);
            std::string renamed;
            if (purpose == "seen") {
                if (const auto digest = from_hex_array<16>(rest)) {
                    renamed = "seen:" + keys_.url_name_of_digest("seen", *digest);
                    db_.set_metadata(prefix + renamed, value);
                }
            } else if ((purpose == "listing" || purpose == "robots") && !rest.empty() &&
                       !value.empty()) {
                renamed = purpose + ":" + keys_.url_name(purpose, rest);
                db_.set_metadata(prefix + renamed, keys_.seal(value, renamed));
            }
            ++(renamed.empty() ? summary_.state_dropped : summary_.state_kept);
        }
    }

    Xapian::WritableDatabase& db_;
    const CorpusKeys& keys_;
    UpgradeSummary summary_;
};

struct Folders {
    fs::path dir, fresh, old;
};

Folders folders_of(const std::string& directory) {
    fs::path dir = fs::absolute(fs::path(directory)).lexically_normal();
    if (!dir.has_filename()) {
        dir = dir.parent_path();  // "corpus/"
    }
    const std::string base = dir.filename().string();
    const std::string pid = std::to_string(::getpid());
    return {dir, dir.parent_path() / ("." + base + ".upgrade-" + pid),
            dir.parent_path() / ("." + base + ".format2-" + pid)};
}

// Xapian's glass backend writes a new revision beside the old one, whose
// freed blocks still hold what the items said in clear until they are
// reused: a compacted copy (made while the writer still holds the lock)
// replaces the folder.
void compact_copy(const Folders& f) {
    try {
        Xapian::Database(f.dir.string(), Xapian::DB_BACKEND_GLASS)
            .compact(f.fresh.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    } catch (const Xapian::Error& e) {
        std::error_code ec;
        fs::remove_all(f.fresh, ec);
        corpus_failure(std::string("corpus: compacting failed (") + e.get_type() + ")");
    }
}

void replace_with_copy(const Folders& folders, const std::string& directory) {
    const auto& [dir, fresh, old] = folders;
    std::error_code ec;
    fs::permissions(fresh, fs::status(dir).permissions(), ec);
    fs::rename(dir, old, ec);
    if (ec) {
        fs::remove_all(fresh, ec);
        throw Error(ErrorCategory::io,
                    "corpus upgraded, but its compacted copy could not replace "
                    "it (" +
                        ec.message() + "): run xapian-compact on it");
    }
    fs::rename(fresh, dir, ec);
    if (ec) {
        throw Error(ErrorCategory::io, "corpus " + directory + " was moved to " + old.string() +
                                           " and its compacted copy " + fresh.string() +
                                           " could not take its place (" + ec.message() +
                                           "): move it there by hand");
    }
    fs::remove_all(old, ec);
}

}  // namespace

UpgradeSummary upgrade_corpus(const std::string& directory, const SecretScalar& secret_key) {
    const CorpusKeys keys(secret_key);
    const Folders folders = folders_of(directory);
    UpgradeSummary summary;
    try {
        Xapian::WritableDatabase db(directory, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        const std::string format = db.get_metadata(std::string(schema::kMetaFormat));
        if (format == schema::kFormatVersion) {
            throw Error(ErrorCategory::usage, "corpus " + directory + " has format " + format +
                                                  " already: nothing to upgrade");
        }
        if (format != schema::kFormatUpgradable) {
            corpus_failure("corpus " + directory + " has format " +
                           (format.empty() ? std::string("(none)") : format.substr(0, 16)) +
                           "; upgrade reads format " + std::string(schema::kFormatUpgradable));
        }
        const std::string key_hex = to_hex(public_key_of(secret_key));
        const std::string stored = db.get_metadata(std::string(schema::kMetaPublicKey));
        if (stored != key_hex) {
            throw Error(ErrorCategory::crypto, "the key does not match this corpus (key " +
                                                   key_hex.substr(0, 16) + "..., corpus " +
                                                   stored.substr(0, 16) + "...)");
        }
        summary = Upgrade(db, keys).run();
        compact_copy(folders);
        db.close();
    } catch (const Xapian::DatabaseLockError&) {
        throw Error(ErrorCategory::locked, "corpus is locked by another writer");
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCategory::corpus, "corpus " + directory + ": no corpus there");
    } catch (const Xapian::Error& e) {
        corpus_failure(std::string("corpus: upgrading failed (") + e.get_type() + ")");
    }
    replace_with_copy(folders, directory);
    return summary;
}

}  // namespace lw::indexer
