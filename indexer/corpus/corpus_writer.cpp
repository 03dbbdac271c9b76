#include "indexer/corpus/corpus_writer.h"

#include <sodium.h>
#include <xapian.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>

#include "indexer/base/ascii.h"
#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/utc_time.h"
#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/item_seal.h"

namespace lw::indexer {
namespace {

namespace schema = corpus;
using nlohmann::json;

constexpr std::size_t kMaxSightingsKept = 1000;

std::string prefixed(std::string_view prefix, std::string_view rest) {
    std::string term(prefix);
    term.append(rest);
    return term;
}

// YYYYMM, the month term's form.
std::string month_term_of(std::int64_t unix_seconds) {
    std::string month = month_of(unix_seconds);
    std::erase(month, '-');
    return month;
}

std::string random_key() {
    std::array<unsigned char, schema::kItemKeyBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return to_hex(bytes);
}

std::string value_of(double number) {
    return Xapian::sortable_serialise(number);
}

[[noreturn]] void corpus_failure(const std::string& what) {
    throw Error(ErrorCategory::corpus, what);
}

// Xapian's messages may quote terms (tokens, sources): never pass them on.
template <typename Fn>
auto guarded(const char* what, Fn&& fn) {
    try {
        return fn();
    } catch (const Xapian::DatabaseLockError&) {
        throw Error(ErrorCategory::locked, "corpus is locked by another writer");
    } catch (const Xapian::Error& e) {
        corpus_failure(std::string("corpus: ") + what + " failed (" + e.get_type() + ")");
    }
}

// A sighting in clear: where (site, and the source's keyed digest) and
// when; the source itself is in the item's seal.
json sighting_json(const Sighting& s, const std::string& source_digest) {
    return json{
        {"src", source_digest}, {"site", s.site}, {"at", iso_utc(s.seen_at)}, {"t", s.seen_at}};
}

}  // namespace

struct CorpusWriter::KnownItem {
    Xapian::docid id = 0;
    Xapian::Document document;
    json data;
    std::optional<SealedItemFields> fields;  // unsealed when a source is added
};

CorpusWriter::CorpusWriter(const std::string& directory, const Element& public_key,
                           const CorpusKeys& keys)
    : keys_(keys) {
    schema::refuse_stub_inside(directory);
    guarded("opening", [&] {
        // Glass only: never a stub file's shards (a `remote :PROG` line runs PROG).
        db_ = std::make_unique<Xapian::WritableDatabase>(
            directory, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
        return 0;
    });
    check_format_and_key(public_key);
    delete_pending_items();
}

CorpusWriter::~CorpusWriter() {
    // Xapian's destructor commits and swallows errors: an item in progress
    // stays pending (and is cleaned by the next writer), nothing else waits.
    try {
        if (db_) {
            flush_known_items();
            db_->close();
        }
    } catch (...) {
    }
}

void CorpusWriter::check_format_and_key(const Element& public_key) {
    const std::string key_hex = to_hex(public_key);
    guarded("reading metadata", [&] {
        const std::string format = db_->get_metadata(std::string(schema::kMetaFormat));
        if (format.empty()) {
            if (db_->get_doccount() != 0) {
                corpus_failure(
                    "corpus has documents but no leakwatch format: not a leakwatch corpus");
            }
            db_->set_metadata(std::string(schema::kMetaFormat),
                              std::string(schema::kFormatVersion));
            db_->set_metadata(std::string(schema::kMetaPublicKey), key_hex);
            db_->set_metadata(std::string(schema::kMetaCreated), iso_utc(std::time(nullptr)));
            db_->commit();
            return 0;
        }
        if (format == schema::kFormatUpgradable) {
            corpus_failure("corpus has format " + format +
                           ", which keeps sources and titles in clear; this leakwatch writes "
                           "format " +
                           std::string(schema::kFormatVersion) +
                           ": run 'leakwatch upgrade --db DIR --key FILE' once (tokens do not "
                           "change, nothing is indexed or fetched again)");
        }
        if (format != schema::kFormatVersion) {
            corpus_failure("corpus has format " + format.substr(0, 16) +
                           "; this leakwatch writes format " + std::string(schema::kFormatVersion));
        }
        const std::string stored = db_->get_metadata(std::string(schema::kMetaPublicKey));
        if (stored != key_hex) {
            throw Error(ErrorCategory::crypto, "the key does not match this corpus (key " +
                                                   key_hex.substr(0, 16) + "..., corpus " +
                                                   stored.substr(0, 16) +
                                                   "...): its tokens would match nothing");
        }
        return 0;
    });
}

void CorpusWriter::delete_pending_items() {
    guarded("cleaning pending items", [&] {
        std::vector<std::string> pending;
        const std::string prefix(schema::kMetaPendingPrefix);
        for (auto it = db_->metadata_keys_begin(prefix); it != db_->metadata_keys_end(prefix);
             ++it) {
            pending.push_back(*it);
        }
        for (const std::string& key : pending) {
            delete_item_records(key.substr(prefix.size()));
            db_->set_metadata(key, "");
        }
        std::vector<std::string> batches;
        const std::string batch_prefix(schema::kMetaPendingBatchPrefix);
        for (auto it = db_->metadata_keys_begin(batch_prefix);
             it != db_->metadata_keys_end(batch_prefix); ++it) {
            batches.push_back(*it);
        }
        for (const std::string& key : batches) {
            db_->delete_document(prefixed(schema::kPrefixBatch, key.substr(batch_prefix.size())));
            db_->set_metadata(key, "");
        }
        if (!pending.empty() || !batches.empty()) {
            db_->commit();
        }
        return 0;
    });
}

void CorpusWriter::delete_item_records(const std::string& item_key) {
    if (const auto term = schema::record_item_term(item_key)) {
        db_->delete_document(*term);
    }
}

void CorpusWriter::begin_item(const Sighting& sighting, std::string title) {
    if (in_item_) {
        abandon_item();
    }
    in_item_ = true;
    item_key_ = random_key();
    item_term_ = *schema::record_item_term(item_key_);
    batch_key_.clear();
    sighting_ = sighting;
    title_ = std::move(title);
    records_ = 0;
    kind_counts_.fill(0);
    guarded("starting an item", [&] {
        db_->set_metadata(prefixed(schema::kMetaPendingPrefix, item_key_), "1");
        return 0;
    });
}

void CorpusWriter::continue_item(const std::string& item_key, const Sighting& sighting) {
    if (in_item_) {
        abandon_item();
    }
    const auto term = schema::record_item_term(item_key);
    if (!term) {
        throw Error(ErrorCategory::usage, "continue_item: not an item key");
    }
    in_item_ = true;
    item_key_ = item_key;
    item_term_ = *term;
    batch_key_ = random_key();
    sighting_ = sighting;
    title_.clear();
    records_ = 0;
    kind_counts_.fill(0);
    guarded("starting an item's continuation", [&] {
        db_->set_metadata(prefixed(schema::kMetaPendingBatchPrefix, batch_key_), "1");
        return 0;
    });
}

// Inside guarded(): whether a record of the item in progress holds all of
// `tokens` (written before, or earlier in this continuation: a writable
// database reads its own uncommitted changes).
bool CorpusWriter::item_holds(std::span<const KindToken> tokens) const {
    std::vector<Xapian::Query> terms;
    terms.emplace_back(item_term_);
    for (const KindToken& t : tokens) {
        terms.emplace_back(schema::token_term(t.kind, t.token));
    }
    Xapian::Enquire enquire(*db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return !enquire.get_mset(0, 1).empty();
}

void CorpusWriter::add_record(std::span<const KindToken> tokens) {
    if (!in_item_ || tokens.empty()) {
        return;
    }
    if (!batch_key_.empty() && guarded("reading an item", [&] { return item_holds(tokens); })) {
        return;  // a continuation re-reads its item's last page: kept once
    }
    ++records_;
    // Only what a record alone holds: its item, its kinds and its tokens.
    // No unique term, type term or values (its site and date are its
    // item's): records are the bulk of the corpus (docs/corpus.md, "Size").
    // A record is written once; a re-run after a crash deletes the pending
    // item's records by their XI term.
    Xapian::Document doc;
    doc.add_boolean_term(item_term_);
    std::array<bool, kAllKinds.size()> present{};
    for (const KindToken& t : tokens) {
        const auto k = static_cast<std::size_t>(t.kind);
        if (!present[k]) {
            present[k] = true;
            ++kind_counts_[k];
        }
        doc.add_boolean_term(schema::token_term(t.kind, t.token));
    }
    doc.add_boolean_term(schema::kind_set_term(present));
    if (!batch_key_.empty()) {
        doc.add_boolean_term(prefixed(schema::kPrefixBatch, batch_key_));
    }
    guarded("writing a record", [&] {
        db_->add_document(doc);
        if (++uncommitted_records_ >= kRecordsPerCommit) {
            commit_now();
        }
        return 0;
    });
}

ItemOutcome CorpusWriter::finish_item(const ContentHash& hash, std::uint64_t size) {
    const std::string content_term =
        prefixed(schema::kPrefixContent, to_hex(keys_.content_id(hash)));
    if (!batch_key_.empty()) {
        in_item_ = false;
        return guarded("continuing an item", [&] { return finish_continuation(size); });
    }
    const std::string pending = prefixed(schema::kMetaPendingPrefix, item_key_);
    in_item_ = false;
    return guarded("finishing an item", [&] {
        // A known content: one more sighting, unless it was seen at this
        // source on this day already; our records go.
        Xapian::PostingIterator known = db_->postlist_begin(content_term);
        if (known != db_->postlist_end(content_term) && !replace_known_) {
            delete_item_records(item_key_);
            db_->set_metadata(pending, "");
            const ItemOutcome outcome = add_sighting(content_term, *known);
            commit_if_due();
            return outcome;
        }
        if (known != db_->postlist_end(content_term)) {
            // --force: the known item and its records are rebuilt from ours;
            // sightings waiting for it are written first, and go with it.
            const Xapian::docid known_id = *known;
            flush_known_items();
            Xapian::Document old = db_->get_document(known_id);
            const json old_data = json::parse(old.get_data(), nullptr, false);
            if (old_data.is_object()) {
                delete_item_records(old_data.value("key", ""));
            }
            db_->delete_document(known_id);
        }
        Xapian::Document item;
        item.add_boolean_term(prefixed(schema::kPrefixUniqueItem, item_key_));
        item.add_boolean_term(prefixed(schema::kPrefixType, schema::kTypeItem));
        item.add_boolean_term(content_term);
        if (!sighting_.site.empty()) {
            item.add_boolean_term(prefixed(schema::kPrefixSite, ascii_lower_copy(sighting_.site)));
        }
        if (!sighting_.host.empty()) {
            item.add_boolean_term(prefixed(schema::kPrefixHost, ascii_lower_copy(sighting_.host)));
        }
        item.add_boolean_term(prefixed(schema::kPrefixMonth, month_term_of(sighting_.seen_at)));
        json counts = json::object();
        for (Kind kind : kAllKinds) {
            const std::uint64_t n = kind_counts_[static_cast<std::size_t>(kind)];
            if (n != 0) {
                counts[std::string(kind_name(kind))] = n;
                item.add_boolean_term(prefixed(schema::kPrefixKind, kind_name(kind)));
            }
        }
        const double seen = static_cast<double>(sighting_.seen_at);
        item.add_value(schema::kSlotFirstSeen, value_of(seen));
        item.add_value(schema::kSlotLastSeen, value_of(seen));
        item.add_value(schema::kSlotSize, value_of(static_cast<double>(size_class(size))));
        item.add_value(schema::kSlotRecords, value_of(static_cast<double>(records_)));
        item.add_value(schema::kSlotSightings, value_of(1));
        item.add_value(schema::kSlotComplete, "1");
        const std::string source_id = source_digest(keys_, sighting_.source);
        const json data = {
            {"v", 3},
            {"key", item_key_},
            {"site", sighting_.site},
            {"host", ascii_lower_copy(sighting_.host)},
            {"size", size_class(size)},
            {"records", records_},
            {"counts", counts},
            {"first_seen", iso_utc(sighting_.seen_at)},
            {"last_seen", iso_utc(sighting_.seen_at)},
            {"sighting_count", 1},
            {"sightings", json::array({sighting_json(sighting_, source_id)})},
            {"sealed", seal_item_fields(keys_, item_key_, {title_, size, {sighting_.source}})},
        };
        sodium_memzero(title_.data(), title_.size());
        item.set_data(data.dump());
        db_->replace_document(prefixed(schema::kPrefixUniqueItem, item_key_), item);
        db_->set_metadata(pending, "");
        last_key_ = item_key_;
        commit_if_due();
        return ItemOutcome::added;
    });
}

// Inside guarded(): the continued item takes the new records' counts, the
// bytes read (its size: the exact one sealed, the class in clear) and the
// sighting's time as its last-seen.
ItemOutcome CorpusWriter::finish_continuation(std::uint64_t size) {
    const std::string batch = prefixed(schema::kMetaPendingBatchPrefix, batch_key_);
    const std::string unique = prefixed(schema::kPrefixUniqueItem, item_key_);
    batch_key_.clear();
    Xapian::PostingIterator found = db_->postlist_begin(unique);
    if (found == db_->postlist_end(unique)) {
        // The item went (--force replaced it): its new records become a
        // new item under its key. Batch terms are harmless on them.
        db_->set_metadata(batch, "");
        db_->set_metadata(prefixed(schema::kMetaPendingPrefix, item_key_), "1");
        in_item_ = true;
        return finish_item(ContentHash{}, 0);
    }
    const Xapian::docid id = *found;
    flush_known_items();  // a sighting of it waiting for the commit goes first
    Xapian::Document item = db_->get_document(id);
    json data = json::parse(item.get_data(), nullptr, false);
    if (!data.is_object() || !data["counts"].is_object()) {
        corpus_failure("corpus: an item's data is unreadable (corrupt corpus?)");
    }
    const std::uint64_t records = data.value("records", std::uint64_t{0}) + records_;
    data["records"] = records;
    for (Kind kind : kAllKinds) {
        const std::uint64_t n = kind_counts_[static_cast<std::size_t>(kind)];
        if (n != 0) {
            const std::string name(kind_name(kind));
            data["counts"][name] = data["counts"].value(name, std::uint64_t{0}) + n;
            item.add_boolean_term(prefixed(schema::kPrefixKind, kind_name(kind)));
        }
    }
    data["last_seen"] = iso_utc(sighting_.seen_at);
    item.add_value(schema::kSlotLastSeen, value_of(static_cast<double>(sighting_.seen_at)));
    item.add_value(schema::kSlotRecords, value_of(static_cast<double>(records)));
    if (size != 0) {
        std::optional<SealedItemFields> fields =
            unseal_item_fields(keys_, data.value("key", ""), data.value("sealed", ""));
        if (!fields) {
            corpus_failure("corpus: an item's seal does not open (corrupt corpus?)");
        }
        fields->size += size;
        data["size"] = size_class(fields->size);
        data["sealed"] = seal_item_fields(keys_, data.value("key", ""), *fields);
        item.add_value(schema::kSlotSize, value_of(static_cast<double>(size_class(fields->size))));
        sodium_memzero(fields->title.data(), fields->title.size());
    }
    item.set_data(data.dump());
    db_->replace_document(id, item);
    db_->set_metadata(batch, "");
    last_key_ = item_key_;
    commit_if_due();
    return ItemOutcome::continued;
}

// Inside guarded(): one more sighting of the item `id` (whose content term
// is `content_term`), kept in known_items_ until the commit.
ItemOutcome CorpusWriter::add_sighting(const std::string& content_term, unsigned docid) {
    auto& slot = known_items_[content_term];
    if (!slot) {
        slot = std::make_unique<KnownItem>();
        slot->id = docid;
        slot->document = db_->get_document(docid);
        slot->data = json::parse(slot->document.get_data(), nullptr, false);
        if (!slot->data.is_object() || !slot->data["sightings"].is_array()) {
            known_items_.erase(content_term);
            corpus_failure("corpus: an item's data is unreadable (corrupt corpus?)");
        }
    }
    KnownItem& item = *slot;
    json& data = item.data;
    last_key_ = data.value("key", "");
    const std::string source_id = source_digest(keys_, sighting_.source);
    const std::int64_t day = sighting_.seen_at / 86400;
    for (const auto& s : data["sightings"]) {
        if (s.value("src", "") == source_id && s.value("t", std::int64_t{0}) / 86400 == day) {
            return ItemOutcome::already_seen;
        }
    }
    const std::uint64_t count = data.value("sighting_count", std::uint64_t{0}) + 1;
    data["sighting_count"] = count;
    if (data["sightings"].size() < kMaxSightingsKept) {
        data["sightings"].push_back(sighting_json(sighting_, source_id));
        if (!item.fields) {
            item.fields =
                unseal_item_fields(keys_, data.value("key", ""), data.value("sealed", ""));
            if (!item.fields) {
                corpus_failure("corpus: an item's seal does not open (corrupt corpus?)");
            }
        }
        item.fields->sources.push_back(sighting_.source);
    }
    data["last_seen"] = iso_utc(sighting_.seen_at);
    item.document.add_value(schema::kSlotLastSeen,
                            value_of(static_cast<double>(sighting_.seen_at)));
    item.document.add_value(schema::kSlotSightings, value_of(static_cast<double>(count)));
    if (!sighting_.site.empty()) {
        item.document.add_boolean_term(
            prefixed(schema::kPrefixSite, ascii_lower_copy(sighting_.site)));
    }
    if (!sighting_.host.empty()) {
        item.document.add_boolean_term(
            prefixed(schema::kPrefixHost, ascii_lower_copy(sighting_.host)));
    }
    return ItemOutcome::sighting_added;
}

// Inside guarded().
void CorpusWriter::flush_known_items() {
    for (auto& [term, item] : known_items_) {
        if (item->fields) {
            item->data["sealed"] =
                seal_item_fields(keys_, item->data.value("key", ""), *item->fields);
        }
        item->document.set_data(item->data.dump());
        db_->replace_document(item->id, item->document);
    }
    known_items_.clear();
}

void CorpusWriter::abandon_item() {
    if (!in_item_) {
        return;
    }
    in_item_ = false;
    guarded("dropping an item", [&] {
        if (!batch_key_.empty()) {
            // Only this continuation's records: the item stays as it was.
            db_->delete_document(prefixed(schema::kPrefixBatch, batch_key_));
            db_->set_metadata(prefixed(schema::kMetaPendingBatchPrefix, batch_key_), "");
            batch_key_.clear();
        } else {
            delete_item_records(item_key_);
            db_->set_metadata(prefixed(schema::kMetaPendingPrefix, item_key_), "");
        }
        commit_if_due();
        return 0;
    });
}

std::string CorpusWriter::state(const std::string& name) const {
    return guarded("reading state",
                   [&] { return db_->get_metadata(prefixed(schema::kMetaStatePrefix, name)); });
}

void CorpusWriter::set_state(const std::string& name, const std::string& value) {
    guarded("writing state", [&] {
        db_->set_metadata(prefixed(schema::kMetaStatePrefix, name), value);
        return 0;
    });
}

void CorpusWriter::record_run(const std::string& summary_json) {
    guarded("recording the run", [&] {
        db_->set_metadata(std::string(schema::kMetaLastRun), summary_json);
        commit_now();
        return 0;
    });
}

void CorpusWriter::flush_only_at_commits() {
    ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(kRecordsPerCommit).c_str(), 0);
}

void CorpusWriter::commit() {
    guarded("committing", [&] {
        commit_now();
        return 0;
    });
}

// Inside guarded().
void CorpusWriter::commit_if_due() {
    ++uncommitted_items_;
    if (uncommitted_items_ >= kItemsPerCommit || uncommitted_records_ >= kRecordsPerCommit ||
        std::chrono::steady_clock::now() - last_commit_ >= kCommitInterval) {
        commit_now();
    }
}

void CorpusWriter::commit_now() {
    flush_known_items();
    db_->commit();
    uncommitted_records_ = 0;
    uncommitted_items_ = 0;
    last_commit_ = std::chrono::steady_clock::now();
}

}  // namespace lw::indexer
