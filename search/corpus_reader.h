#pragma once

// Opening corpora for reading: one folder, several (`--db` repeated), or a
// Xapian stub file listing local shards and remote ones (xapian-tcpsrv).
// Folders are opened as glass databases only and stub files are read by
// leakwatch's own parser (search/stub_file.h): Xapian's would follow a stub
// inside a folder and run `remote :PROGRAM` lines, so a corpus copy could
// run programs on a researcher's machine.
// Readers never take the writer's lock, so they work on a read-only copy
// and while a crawl is writing.

#include <xapian.h>

#include <string>
#include <vector>

namespace lw::search {

struct OpenedCorpora {
    Xapian::Database db;
    // The shards left out with allow_missing_shards, as "STUB: LINE (reason)".
    std::vector<std::string> skipped;
};

struct OpenOptions {
    // A shard that cannot be opened is skipped and named in `skipped`
    // instead of failing the whole open.
    bool allow_missing_shards = false;
};

// Throws lw::Error(corpus) with one clear line for a missing, corrupt or
// non-leakwatch corpus, or an unreachable shard (unless allowed), and when
// nothing at all could be opened.
OpenedCorpora open_corpora(const std::vector<std::string>& locations, const OpenOptions& options);

// Throws lw::Error(crypto) unless the corpora were written with the key
// whose public part is `public_key_hex` (pkS): tokens of another key would
// match nothing, silently.
void require_public_key(const OpenedCorpora& corpora, const std::string& public_key_hex);

// Re-reads the newest committed state after Xapian::DatabaseModifiedError
// (a writer committed twice while we read).
void refresh(OpenedCorpora& corpora);

}  // namespace lw::search
