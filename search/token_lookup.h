#pragma once

// Finding tokens in a corpus: the records that hold a token, the complete
// items those records belong to, and the kinds seen beside it.

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "indexer/base/kind.h"
#include "indexer/prf/voprf.h"
#include "search/item_catalog.h"
#include "search/record_terms.h"

namespace lw::search {

// A token's presence in one item.
struct ItemHit {
    const ItemSummary* item;  // owned by the TokenLookup
    KindSet with = 0;         // kinds of the records holding the token, its own included
    std::uint32_t records = 0;
};

// The order of a token's items in reports: first seen first, then by key.
bool first_seen_first(const ItemHit& a, const ItemHit& b) noexcept;

struct TokenResult {
    std::optional<indexer::Kind> kind;  // as given, or as found
    std::vector<ItemHit> items;         // by first seen
};

class TokenLookup {
  public:
    // `keys` (may be null) open sealed sources and titles (ItemCatalog).
    explicit TokenLookup(const Xapian::Database& db, const indexer::CorpusKeys* keys = nullptr)
        : db_(db), items_(db, keys) {}

    // The items holding `token`. Without a kind, each kind's term is tried
    // and the first found gives the kind. Records of an item still being
    // written (no complete item document) are not followed.
    TokenResult find(const indexer::TokenBytes& token, std::optional<indexer::Kind> kind);
    bool saw_sealed() const noexcept { return items_.saw_sealed(); }

  private:
    void collect(const std::string& term, TokenResult& result);

    const Xapian::Database& db_;
    ItemCatalog items_;
};

}  // namespace lw::search
