#pragma once

namespace lw::indexer {

// What a process that may write a corpus sets up before any thread starts:
// Xapian's flush threshold, read from the environment once (see
// CorpusWriter::flush_only_at_commits). main() calls it first.
void prepare_process();

}  // namespace lw::indexer
