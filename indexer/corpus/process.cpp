#include "indexer/corpus/process.h"

#include "indexer/corpus/corpus_writer.h"

namespace lw::indexer {

void prepare_process() {
    CorpusWriter::flush_only_at_commits();
}

}  // namespace lw::indexer
