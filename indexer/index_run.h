#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/corpus/corpus_writer.h"
#include "indexer/input/input_source.h"
#include "indexer/prf/voprf.h"

namespace lw::indexer {

struct IndexOptions {
    std::string corpus;               // the corpus folder (created if missing)
    std::vector<std::string> inputs;  // files, folders, "-"
    std::string site = "local";       // site label of every item
    std::string source;               // --url: the source of every item; else its label
    bool force = false;               // rebuild items whose content is known
    std::vector<std::string> regions = {"FR", "IT"};  // phone regions
    InputLimits limits;
    unsigned threads = 0;  // PRF threads; 0: one per core
};

struct IndexProgress {
    std::uint64_t bytes = 0;    // input bytes read (decompressed)
    std::uint64_t items = 0;    // items finished
    std::uint64_t records = 0;  // records with identifiers
    std::uint64_t tokens = 0;   // identifiers tokenized
};

struct IndexSummary {
    IndexProgress done;
    std::uint64_t items_added = 0;
    std::uint64_t sightings_added = 0;
    std::uint64_t unchanged = 0;   // known and already seen there that day
    std::uint64_t incomplete = 0;  // cut short, dropped
    std::uint64_t problems = 0;
    bool interrupted = false;
};

// What a run reports as it goes; typed fields only, never content.
class IndexEvents {
  public:
    virtual ~IndexEvents() = default;
    virtual void on_item(ItemOutcome /*outcome*/, std::uint64_t /*records*/) {}
    // `where`: InputItem::shown, never a name read from the disk or an archive.
    virtual void on_problem(std::string_view /*where*/, std::string_view /*reason*/) {}
    // About four times a second while reading.
    virtual void on_progress(const IndexProgress& /*progress*/,
                             std::uint64_t /*current_item_size*/) {}
};

// `leakwatch index`: reads the inputs (archives and all), extracts their
// identifiers, tokenizes them on all cores while reading goes on, and
// writes one corpus item per input item, atomically (CorpusWriter). Checks
// `stop` between chunks: once set, the item in progress is dropped and the
// run ends (summary.interrupted). Throws what CorpusWriter throws (locked,
// wrong key, corpus errors).
IndexSummary run_index(const IndexOptions& options, SecretScalar secret_key, IndexEvents& events,
                       const std::atomic<bool>& stop);

}  // namespace lw::indexer
