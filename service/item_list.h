#pragma once

// GET /v1/items: the corpus's item catalog, for the client to keep and join
// with the details of its matches on its side, so that which items matter
// to it never reaches the operator.

#include <xapian.h>

#include <cstdint>
#include <string>

#include "indexer/corpus/corpus_keys.h"

namespace lw::service {

// {"as_of": NOW, "items": [{"item", "site", "host", "source", "title",
// "first_seen", "last_seen", "sightings", "records"}]}: every complete item
// whose last sighting is at or after `since` (unix seconds; 0: all), its
// source and title unsealed with `keys`. A client passes the previous
// answer's as_of to get what changed since.
std::string item_list(const Xapian::Database& db, const indexer::CorpusKeys& keys,
                      std::int64_t since, std::int64_t now);

}  // namespace lw::service
