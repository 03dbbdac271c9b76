#include "indexer/corpus_stats.h"

#include <xapian.h>

#include <filesystem>

#include "indexer/corpus_schema.h"
#include "indexer/error.h"

namespace lw::indexer {
namespace {

namespace schema = corpus;

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

}  // namespace

CorpusStats read_corpus_stats(const std::string& directory) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(directory) / "XAPIANDB", ec)) {
        // Xapian would follow it, and a stub's `remote :PROG` runs programs.
        throw Error(ErrorCategory::corpus, "corpus " + directory +
                                               ": holds a Xapian stub file (XAPIANDB), which "
                                               "leakwatch never follows");
    }
    try {
        Xapian::Database db(directory, Xapian::DB_BACKEND_GLASS);
        CorpusStats stats;
        stats.format = db.get_metadata(std::string(schema::kMetaFormat));
        if (stats.format.empty()) {
            throw Error(ErrorCategory::corpus, "corpus " + directory + ": not a leakwatch corpus");
        }
        stats.public_key = db.get_metadata(std::string(schema::kMetaPublicKey));
        stats.created = db.get_metadata(std::string(schema::kMetaCreated));
        stats.last_run = db.get_metadata(std::string(schema::kMetaLastRun));
        const std::string item_type =
            std::string(schema::kPrefixType) + std::string(schema::kTypeItem);
        // Every document that is not an item is a record.
        stats.records = db.get_doccount() - db.get_termfreq(item_type);
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
            stats.tokens_by_kind[std::string(kind_name(kind))] = n;
        }
        stats.bytes_on_disk = folder_bytes(directory);
        return stats;
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCategory::corpus, "corpus " + directory + ": no corpus there");
    } catch (const Xapian::DatabaseOpeningError&) {
        throw Error(ErrorCategory::corpus,
                    "corpus " + directory + ": cannot be opened (corrupt, or not a corpus)");
    } catch (const Xapian::Error& e) {
        throw Error(ErrorCategory::corpus,
                    "corpus " + directory + ": read failed (" + e.get_type() + ")");
    }
}

}  // namespace lw::indexer
