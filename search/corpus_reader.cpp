#include "search/corpus_reader.h"

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "indexer/corpus_schema.h"
#include "indexer/error.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;
namespace fs = std::filesystem;

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

Xapian::Database open_one(const std::string& location) {
    try {
        Xapian::Database db(location);
        require_leakwatch_format(db, location);
        return db;
    } catch (const Error&) {
        throw;
    } catch (...) {
        rethrow_as_corpus_error(location);
    }
}

// One line of a stub file, opened alone: "auto PATH", "glass PATH" or
// "remote HOST:PORT" (the forms Xapian 1.4 documents; PATH relative to the
// stub's folder).
Xapian::Database open_stub_line(const std::string& line, const fs::path& stub_dir) {
    std::istringstream words(line);
    std::string type, target;
    words >> type >> target;
    if (type == "remote") {
        const auto colon = target.rfind(':');
        if (colon == std::string::npos) {
            throw std::runtime_error("not HOST:PORT");
        }
        const std::string host = target.substr(0, colon);
        const unsigned port = static_cast<unsigned>(std::stoul(target.substr(colon + 1)));
        Xapian::Database db = Xapian::Remote::open(host, port, 10000, 10000);
        require_leakwatch_format(db, line);
        return db;
    }
    if (type == "auto" || type == "glass" || type == "chert") {
        fs::path path(target);
        if (path.is_relative()) {
            path = stub_dir / path;
        }
        return open_one(path.string());
    }
    throw std::runtime_error("unknown shard type '" + type + "'");
}

void add_stub_shards(const std::string& stub, OpenedCorpora& out) {
    std::ifstream in(stub);
    if (!in) {
        throw corpus_error(stub, "cannot read the stub file");
    }
    const fs::path dir = fs::path(stub).parent_path();
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        try {
            try {
                out.db.add_database(open_stub_line(line, dir));
            } catch (const Error&) {
                throw;
            } catch (...) {
                rethrow_as_corpus_error(stub + " shard '" + line + "'");
            }
        } catch (const Error& e) {
            out.skipped.push_back(e.what());
        }
    }
}

}  // namespace

OpenedCorpora open_corpora(const std::vector<std::string>& locations, const OpenOptions& options) {
    OpenedCorpora out;
    for (const std::string& location : locations) {
        if (options.allow_missing_shards && fs::is_regular_file(location)) {
            add_stub_shards(location, out);
            continue;
        }
        try {
            out.db.add_database(open_one(location));
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
