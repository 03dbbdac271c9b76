// Xapian's own cost for each record document of the corpus's shape (format
// 2: an XI term, four XT tokens, an XD kind set), written as CorpusWriter
// writes them: a commit every CorpusWriter::kRecordsPerCommit records,
// flushes only then. Nothing else runs: no extraction, no PRF. Random
// bytes stand in for tokens, as the PRF's output is. Options measure what
// a format change could save, --no-termlist (Xapian::DB_NO_TERMLIST), and
// --fastbins leaves glibc's malloc fastbins on, as before `index` turned
// them off.
// Usage: record_write_cost NEW_DIR [RECORDS] [--no-termlist] [--fastbins]
#include <sodium.h>
#include <xapian.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "indexer/corpus/allocator_tuning.h"
#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/corpus_writer.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace schema = lw::indexer::corpus;
using lw::indexer::Kind;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char* argv[]) {
    if (argc < 2 || sodium_init() < 0) {
        std::fprintf(stderr,
                     "usage: record_write_cost NEW_DIR [RECORDS] [--no-termlist] [--fastbins]\n");
        return 2;
    }
    long records = 500000;
    int flags = Xapian::DB_CREATE;
    bool fastbins = false;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--no-termlist") {
            flags |= Xapian::DB_NO_TERMLIST;
        } else if (arg == "--fastbins") {
            fastbins = true;
        } else {
            records = std::atol(arg.c_str());
            if (records <= 0) {
                std::fprintf(stderr, "record_write_cost: RECORDS must be a positive count\n");
                return 2;
            }
        }
    }
    if (!fastbins) {
        lw::indexer::disable_malloc_fastbins();
    }
    // CorpusWriter sets Xapian's flush threshold to its commit interval, so
    // Xapian flushes and commits inside that commit's add_document. Here
    // the threshold is out of reach and the explicit commit at the same
    // record does that work, timed on its own.
    ::setenv("XAPIAN_FLUSH_THRESHOLD", "1000000000", 1);
    constexpr auto kRecordsPerCommit =
        static_cast<long>(lw::indexer::CorpusWriter::kRecordsPerCommit);
    const std::array<Kind, 4> kinds{Kind::email, Kind::nir, Kind::phone, Kind::person};
    std::array<bool, lw::indexer::kAllKinds.size()> present{};
    for (Kind kind : kinds) {
        present[static_cast<std::size_t>(kind)] = true;
    }
    const std::string kind_set = schema::kind_set_term(present);
    const std::string item = *schema::record_item_term("0123456789abcdef");

    try {
        Xapian::WritableDatabase db(argv[1], flags);
        double build = 0, add = 0, commit = 0;
        std::array<lw::indexer::TokenBytes, kinds.size()> tokens{};
        for (long i = 1; i <= records; ++i) {
            auto start = Clock::now();
            Xapian::Document doc;
            doc.add_boolean_term(item);
            randombytes_buf(tokens.data(), sizeof tokens);  // one system call a record
            for (std::size_t k = 0; k < kinds.size(); ++k) {
                doc.add_boolean_term(schema::token_term(kinds[k], tokens[k]));
            }
            doc.add_boolean_term(kind_set);
            build += seconds_since(start);
            start = Clock::now();
            db.add_document(doc);
            add += seconds_since(start);
            if (i % kRecordsPerCommit == 0) {
                start = Clock::now();
                db.commit();
                commit += seconds_since(start);
            }
        }
        const auto start = Clock::now();
        db.commit();
        commit += seconds_since(start);
        const double per = 1e6 / static_cast<double>(records);
        // records, then microseconds a record: building the document, add_document, commits, total
        std::printf(
            "%ld records: build %.1f us, add_document %.1f us, commit %.1f us, total %.1f us a "
            "record\n",
            records, build * per, add * per, commit * per, (build + add + commit) * per);
    } catch (const Xapian::Error& e) {  // NEW_DIR exists already, or the disk is full
        std::fprintf(stderr, "record_write_cost: %s\n", e.get_description().c_str());
        return 2;
    }
    return 0;
}
