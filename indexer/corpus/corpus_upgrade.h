#pragma once

// `leakwatch upgrade`: a format-2 corpus rewritten as format 3 in place,
// without the content and without fetching anything again (tokens and
// records do not change):
// - each item's unkeyed SHA-256 becomes its keyed content identity, its
//   sources and title are sealed, its size rounded (docs/corpus.md);
// - crawl state is renamed under keyed names and its values sealed: seen
//   items (whose format-2 names were an unkeyed digest of the URL), listing
//   validators, cached robots.txt rules;
// - records of items left pending by a killed run are deleted;
// - the corpus is then compacted into a fresh folder that replaces it, so
//   the old revision's blocks (which held sources in clear) are not left in
//   its files.

#include <cstdint>
#include <string>

#include "indexer/prf/voprf.h"

namespace lw::indexer {

struct UpgradeSummary {
    std::uint64_t items = 0;
    std::uint64_t state_kept = 0;     // crawl state entries re-keyed and sealed
    std::uint64_t state_dropped = 0;  // unreadable or unknown ones (a cache: refetched)
    std::uint64_t pending_dropped = 0;
};

// Throws lw::Error: locked (another writer), crypto (another key), corpus
// (not format 2, a Xapian failure), io (the folder swap failed; the message
// says where each copy is).
UpgradeSummary upgrade_corpus(const std::string& directory, const SecretScalar& secret_key);

}  // namespace lw::indexer
