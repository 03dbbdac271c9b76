#include "search/corpus_stats.h"

#include <xapian.h>

#include <filesystem>
#include <unordered_set>

#include "indexer/base/error.h"
#include "indexer/corpus/corpus_schema.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;
using indexer::kAllKinds;
using indexer::Kind;

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::uint64_t folder_bytes(const std::string& directory) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory, ec)) {
        if (entry.is_regular_file(ec)) {
            total += entry.file_size(ec);
        }
    }
    return total;
}

// The records left by killed writers (their items' pending entries), and
// how many distinct tokens of each kind appear only in them.
struct Interrupted {
    std::uint64_t items = 0;
    std::uint64_t records = 0;
    std::map<Kind, std::uint64_t> tokens_only_there;
};

Interrupted interrupted_of(const Xapian::Database& db) {
    Interrupted out;
    std::unordered_set<Xapian::docid> records;
    const std::string prefix(schema::kMetaPendingPrefix);
    for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
        if (db.get_metadata(*k).empty()) {
            continue;
        }
        ++out.items;
        const auto term = schema::record_item_term((*k).substr(prefix.size()));
        if (!term) {
            continue;
        }
        for (auto p = db.postlist_begin(*term); p != db.postlist_end(*term); ++p) {
            records.insert(*p);
        }
    }
    out.records = records.size();
    std::unordered_set<std::string> checked;
    for (Xapian::docid id : records) {
        for (auto t = db.termlist_begin(id); t != db.termlist_end(id); ++t) {
            const std::string& term = *t;
            if (!starts_with(term, schema::kPrefixToken) || !checked.insert(term).second) {
                continue;
            }
            bool elsewhere = false;
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && !elsewhere; ++p) {
                elsewhere = records.count(*p) == 0;
            }
            const auto kind = schema::kind_of_code(term[schema::kPrefixToken.size()]);
            if (!elsewhere && kind) {
                ++out.tokens_only_there[*kind];
            }
        }
    }
    return out;
}

}  // namespace

CorpusStats read_corpus_stats(const std::string& directory) {
    schema::refuse_stub_inside(directory);
    try {
        Xapian::Database db(directory, Xapian::DB_BACKEND_GLASS);
        CorpusStats stats = corpus_stats_of(db, directory);
        stats.bytes_on_disk = folder_bytes(directory);
        return stats;
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCategory::corpus, "corpus " + directory + ": no corpus there");
    } catch (const Xapian::DatabaseOpeningError&) {
        throw Error(ErrorCategory::corpus,
                    "corpus " + directory + ": cannot be opened (corrupt, or not a corpus)");
    }
}

CorpusStats corpus_stats_of(const Xapian::Database& db, const std::string& where) {
    try {
        CorpusStats stats;
        stats.format = db.get_metadata(std::string(schema::kMetaFormat));
        if (stats.format.empty()) {
            throw Error(ErrorCategory::corpus, "corpus " + where + ": not a leakwatch corpus");
        }
        stats.public_key = db.get_metadata(std::string(schema::kMetaPublicKey));
        stats.created = db.get_metadata(std::string(schema::kMetaCreated));
        stats.last_run = db.get_metadata(std::string(schema::kMetaLastRun));
        const std::string item_type =
            std::string(schema::kPrefixType) + std::string(schema::kTypeItem);
        // Every document that is not an item is a record: of a complete
        // item, or of one whose writer was killed (counted apart).
        const Interrupted interrupted = interrupted_of(db);
        stats.interrupted_items = interrupted.items;
        stats.interrupted_records = interrupted.records;
        stats.records = db.get_doccount() - db.get_termfreq(item_type) - interrupted.records;
        // Items are few next to records: read each one's site and month.
        for (auto p = db.postlist_begin(item_type); p != db.postlist_end(item_type); ++p) {
            ++stats.items;
            const Xapian::Document item = db.get_document(*p);
            for (auto t = item.termlist_begin(); t != item.termlist_end(); ++t) {
                const std::string& term = *t;
                if (starts_with(term, schema::kPrefixSite)) {
                    ++stats.items_by_site[term.substr(schema::kPrefixSite.size())];
                } else if (starts_with(term, schema::kPrefixMonth) && term.size() == 8) {
                    ++stats.items_by_month[term.substr(2, 4) + "-" + term.substr(6, 2)];
                }
            }
        }
        for (Kind kind : kAllKinds) {
            std::string prefix(schema::kPrefixToken);
            prefix.push_back(schema::kind_code(kind));
            std::uint64_t n = 0;
            for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
                ++n;
            }
            const auto only = interrupted.tokens_only_there.find(kind);
            stats.tokens_by_kind[std::string(kind_name(kind))] =
                n - (only == interrupted.tokens_only_there.end() ? 0 : only->second);
        }
        return stats;
    } catch (const Xapian::Error& e) {
        throw Error(ErrorCategory::corpus, "corpus " + where + ": read failed (" + e.get_type() +
                                               ": " + e.get_msg() + ")");
    }
}

}  // namespace lw::search
