#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace Xapian {
class Database;
}

namespace lw::search {

// What `leakwatch stats` shows of a corpus.
struct CorpusStats {
    std::string format;
    std::string public_key;  // pkS, hex: the key id
    std::string created;
    std::string last_run;       // JSON summary of the last run, as stored
    std::uint64_t items = 0;    // complete items
    std::uint64_t records = 0;  // records of complete items
    // Items whose writer was killed part way, and the records they left:
    // no reader follows them, and the next index or crawl removes them.
    std::uint64_t interrupted_items = 0;
    std::uint64_t interrupted_records = 0;
    std::map<std::string, std::uint64_t> tokens_by_kind;  // distinct, in complete items
    std::map<std::string, std::uint64_t> items_by_site;
    std::map<std::string, std::uint64_t> items_by_month;  // "YYYY-MM", first seen
    std::optional<std::uint64_t> bytes_on_disk;           // a folder's; unknown through a stub
};

// Reads a corpus without writing (works on a read-only copy, and while a
// writer is running). Throws lw::Error(corpus) for a missing or
// unreadable corpus, or one that is not leakwatch's.
CorpusStats read_corpus_stats(const std::string& directory);
// The same of corpora already opened (a stub file's shards: their metadata
// is the first shard's); `where` names them in messages. Throws
// lw::Error(corpus) for a database that is not leakwatch's.
CorpusStats corpus_stats_of(const Xapian::Database& db, const std::string& where);

}  // namespace lw::search
