#pragma once

// Items as reports show them, read once from their documents and kept.
// Only complete items exist here: records of an item whose writer died
// before its item document are not followed (docs/corpus.md).

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "indexer/corpus/corpus_keys.h"

namespace lw::search {

// What a report shows of an item (its document data, docs/corpus.md).
struct ItemSummary {
    std::string key;
    std::string site;
    std::string host;    // empty for files
    std::string source;  // empty when sealed
    std::string title;   // empty when sealed (or untitled)
    // Format 3 seals the source and title: read without the operator's key
    // they stay sealed, and reports name the site, host and item id instead.
    bool sealed = false;
    std::string first_seen;  // ISO 8601 UTC
    std::string last_seen;
    std::int64_t first_seen_unix = 0;
    std::uint64_t sightings = 0;
    std::uint64_t records = 0;
    std::uint64_t size = 0;                       // exact with the key; rounded up to 4 KiB without
    std::map<std::string, std::uint64_t> counts;  // identifiers by kind
};

// The source as reports print it: the URL or file, or for a sealed item
// "[sealed] HOST item KEY" (the site when there is no host).
std::string shown_source(const ItemSummary& item);

class ItemCatalog {
  public:
    // `keys` (the operator's, may be null) open sealed sources and titles;
    // it must outlive the catalog.
    explicit ItemCatalog(const Xapian::Database& db, const indexer::CorpusKeys* keys = nullptr)
        : db_(db), keys_(keys) {}

    // The complete item with this key, nullptr if none.
    const ItemSummary* find(const std::string& key);
    // The item an item document describes, nullptr if not complete.
    const ItemSummary* of_document(const Xapian::Document& doc);
    // Whether an item found so far stayed sealed (reports say so once).
    bool saw_sealed() const noexcept { return saw_sealed_; }

  private:
    const Xapian::Database& db_;
    const indexer::CorpusKeys* keys_;
    bool saw_sealed_ = false;
    std::unordered_map<std::string, std::unique_ptr<ItemSummary>> items_;
};

}  // namespace lw::search
