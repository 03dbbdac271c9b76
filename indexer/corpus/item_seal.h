#pragma once

// What an item document keeps sealed (format 3, docs/corpus.md): its
// sources (URLs, file paths, archive member names) and title may name a
// person, so only a holder of the operator's key reads them. The rest of
// the item (site, host, dates, counts, kinds) stays in clear.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/corpus/corpus_keys.h"

namespace lw::indexer {

struct SealedItemFields {
    std::string title;
    std::uint64_t size = 0;            // exact bytes; the clear size is rounded
    std::vector<std::string> sources;  // one per kept sighting, in order
};

std::string seal_item_fields(const CorpusKeys& keys, std::string_view item_key,
                             const SealedItemFields& fields);
// nullopt when the seal does not open under these keys for this item.
std::optional<SealedItemFields> unseal_item_fields(const CorpusKeys& keys,
                                                   std::string_view item_key,
                                                   std::string_view sealed);

// The size an item shows in clear: its bytes rounded up to 4 KiB, so a
// short paste's exact length does not narrow a guess at its content.
constexpr std::uint64_t size_class(std::uint64_t size) noexcept {
    constexpr std::uint64_t kBucket = 4096;
    return (size + kBucket - 1) / kBucket * kBucket;
}

// A sighting's source as kept in clear: 16 hex of a keyed digest, enough to
// tell two sources apart (and to count them) without naming either.
std::string source_digest(const CorpusKeys& keys, std::string_view source);

}  // namespace lw::indexer
