#pragma once

// Finding tokens in a corpus: the records that hold a token, the complete
// items those records belong to, and the kinds seen beside it.

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/kind.h"
#include "indexer/voprf.h"

namespace lw::search {

// The kinds present in a record, one bit per indexer::Kind.
using KindSet = std::uint8_t;

constexpr KindSet kind_bit(indexer::Kind kind) noexcept {
    return static_cast<KindSet>(1U << static_cast<unsigned>(kind));
}

std::vector<indexer::Kind> kinds_of(KindSet set);

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
};

// A token's presence in one item.
struct ItemHit {
    const ItemSummary* item;  // owned by the TokenLookup
    KindSet with = 0;         // kinds of the records holding the token, its own included
    std::uint32_t records = 0;
};

struct TokenResult {
    std::optional<indexer::Kind> kind;  // as given, or as found
    std::vector<ItemHit> items;         // by first seen
};

class TokenLookup {
  public:
    explicit TokenLookup(const Xapian::Database& db) : db_(db) {}

    // The items holding `token`. Without a kind, each kind's term is tried
    // and the first found gives the kind. Records of an item still being
    // written (no complete item document) are not followed.
    TokenResult find(const indexer::TokenBytes& token, std::optional<indexer::Kind> kind);

  private:
    void collect(const std::string& term, TokenResult& result);
    const ItemSummary* item(const std::string& key);

    const Xapian::Database& db_;
    // nullptr for an item that is not complete.
    std::unordered_map<std::string, std::unique_ptr<ItemSummary>> items_;
};

}  // namespace lw::search
