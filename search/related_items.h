#pragma once

// Items that share tokens with one item: reposts and re-uploads of a dump,
// or dumps built from the same source.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "search/item_catalog.h"

namespace lw::search {

struct RelatedItem {
    const ItemSummary* item = nullptr;
    std::uint64_t shared_tokens = 0;   // distinct tokens of ITEM also in it
    std::uint64_t shared_records = 0;  // its records holding one of them
};

struct RelatedResult {
    const ItemSummary* item = nullptr;
    std::uint64_t tokens = 0;          // distinct tokens of ITEM looked at
    bool sampled = false;              // ITEM had more than kMaxTokens: the first ones only
    std::vector<RelatedItem> related;  // most shared tokens first
};

inline constexpr std::uint64_t kMaxRelatedTokens = 1000000;

// Throws lw::Error(usage) "item KEY: no such item" when the corpus has no
// complete item with that key.
RelatedResult related_items(const Xapian::Database& db, ItemCatalog& catalog,
                            const std::string& item_key);

}  // namespace lw::search
