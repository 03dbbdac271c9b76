#pragma once

// Where a caller of the indexer (the crawler) keeps what it must remember
// between runs, committed with the corpus's data so that a crash never
// leaves state ahead of the corpus: names that are fixed-length and hold
// nothing in clear, values the caller seals with keys() (docs/corpus.md,
// "Keys"). The corpus writer is one; a test can hold one in memory.

#include <string>

#include "indexer/corpus/corpus_keys.h"

namespace lw::indexer {

class StateStore {
  public:
    virtual ~StateStore() = default;
    // "" when absent.
    virtual std::string state(const std::string& name) const = 0;
    virtual void set_state(const std::string& name, const std::string& value) = 0;
    // The corpus's purpose keys: names are made and values sealed with them.
    virtual const CorpusKeys& keys() const noexcept = 0;
};

}  // namespace lw::indexer
