#include "search/corpus_reader.h"

#include <xapian.h>

#include <filesystem>
#include <fstream>

#include "indexer/base/error.h"
#include "indexer/corpus/corpus_schema.h"
#include "search/stub_file.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;
namespace fs = std::filesystem;

constexpr std::size_t kMaxStubBytes = 1 << 20;

Error corpus_error(const std::string& where, const std::string& what) {
    return Error(ErrorCategory::corpus, "corpus " + where + ": " + what);
}

// Xapian's exceptions, as one line naming the corpus or shard.
[[noreturn]] void rethrow_as_corpus_error(const std::string& where) {
    try {
        throw;
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw corpus_error(where, "no corpus there");
    } catch (const Xapian::NetworkError& e) {
        throw corpus_error(where, "shard unreachable (" + e.get_description() + ")");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw corpus_error(where,
                           "cannot be opened (corrupt, or not a corpus: " + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        throw corpus_error(where,
                           std::string("read failed (") + e.get_type() + ": " + e.get_msg() + ")");
    }
}

void require_leakwatch_format(const Xapian::Database& db, const std::string& where) {
    const std::string format = db.get_metadata(std::string(schema::kMetaFormat));
    if (format.empty()) {
        throw corpus_error(where, "not a leakwatch corpus");
    }
    if (!schema::readable_format(format)) {
        throw corpus_error(where, "format " + format.substr(0, 16) +
                                      ", this leakwatch reads formats " +
                                      std::string(schema::kFormatUpgradable) + " and " +
                                      std::string(schema::kFormatVersion));
    }
}

// A corpus folder, opened as a glass database only: Xapian::Database(path)
// would also follow a stub file (XAPIANDB) inside it, whose `remote :PROG`
// lines run programs.
Xapian::Database open_folder(const std::string& location) {
    schema::refuse_stub_inside(location);
    try {
        Xapian::Database db(location, Xapian::DB_BACKEND_GLASS);
        require_leakwatch_format(db, location);
        return db;
    } catch (const Error&) {
        throw;
    } catch (...) {
        rethrow_as_corpus_error(location);
    }
}

std::string shard_text(const StubShard& shard) {
    return shard.type == StubShard::Type::remote
               ? "remote " + shard.host + ":" + std::to_string(shard.port)
               : "auto " + shard.path;
}

Xapian::Database open_shard(const StubShard& shard, const fs::path& stub_dir,
                            const std::string& where) {
    try {
        if (shard.type == StubShard::Type::remote) {
            Xapian::Database db = Xapian::Remote::open(shard.host, shard.port, 10000, 10000);
            require_leakwatch_format(db, where);
            return db;
        }
        fs::path path(shard.path);
        if (path.is_relative()) {
            path = stub_dir / path;
        }
        return open_folder(path.string());
    } catch (const Error&) {
        throw;
    } catch (...) {
        rethrow_as_corpus_error(where);
    }
}

// The stub's shards, read by our own parser (search/stub_file.h). A line
// that is not one of the two forms stops everything, even with
// allow_missing_shards: it is a wrong file, not a stopped server.
void add_stub_shards(const std::string& stub, bool allow_missing, OpenedCorpora& out) {
    std::ifstream in(stub, std::ios::binary);
    if (!in) {
        throw corpus_error(stub, "cannot read the stub file");
    }
    std::string text(kMaxStubBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxStubBytes) {
        throw Error(ErrorCategory::usage, stub + ": larger than a stub file (1 MiB)");
    }
    const fs::path dir = fs::path(stub).parent_path();
    for (const StubShard& shard : parse_stub_file(text, stub)) {
        const std::string where = stub + " shard '" + shard_text(shard) + "'";
        try {
            out.db.add_database(open_shard(shard, dir, where));
        } catch (const Error& e) {
            if (!allow_missing) {
                throw;
            }
            out.skipped.push_back(e.what());
        }
    }
}

}  // namespace

OpenedCorpora open_corpora(const std::vector<std::string>& locations, const OpenOptions& options) {
    OpenedCorpora out;
    for (const std::string& location : locations) {
        std::error_code ec;
        if (fs::is_regular_file(location, ec)) {
            add_stub_shards(location, options.allow_missing_shards, out);
            continue;
        }
        try {
            out.db.add_database(open_folder(location));
        } catch (const Error& e) {
            if (!options.allow_missing_shards) {
                throw;
            }
            out.skipped.push_back(e.what());
        }
    }
    if (out.db.size() == 0) {
        throw Error(ErrorCategory::corpus, "no corpus could be opened");
    }
    return out;
}

void require_public_key(const OpenedCorpora& corpora, const std::string& public_key_hex) {
    const std::string stored = corpora.db.get_metadata(std::string(schema::kMetaPublicKey));
    if (stored != public_key_hex) {
        throw Error(ErrorCategory::crypto, "the key does not match this corpus (key " +
                                               public_key_hex.substr(0, 16) + "..., corpus " +
                                               stored.substr(0, 16) +
                                               "...): its tokens would match nothing");
    }
}

void refresh(OpenedCorpora& corpora) {
    try {
        corpora.db.reopen();
    } catch (...) {
        rethrow_as_corpus_error("(reopen)");
    }
}

}  // namespace lw::search
