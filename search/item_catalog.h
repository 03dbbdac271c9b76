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

namespace lw::search {

// What a report shows of an item (its document data, docs/corpus.md).
struct ItemSummary {
    std::string key;
    std::string site;
    std::string source;
    std::string title;
    std::string first_seen;  // ISO 8601 UTC
    std::string last_seen;
    std::int64_t first_seen_unix = 0;
    std::uint64_t sightings = 0;
    std::uint64_t records = 0;
    std::uint64_t size = 0;
    std::map<std::string, std::uint64_t> counts;  // identifiers by kind
};

class ItemCatalog {
  public:
    explicit ItemCatalog(const Xapian::Database& db) : db_(db) {}

    // The complete item with this key, nullptr if none.
    const ItemSummary* find(const std::string& key);
    // The item an item document describes, nullptr if not complete.
    const ItemSummary* of_document(const Xapian::Document& doc);

  private:
    const Xapian::Database& db_;
    std::unordered_map<std::string, std::unique_ptr<ItemSummary>> items_;
};

}  // namespace lw::search
