#pragma once

// What a record document says of itself (docs/corpus.md, "Records"): the
// key of its item and the kinds it holds. Its site and date are its item's.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/kind.h"

namespace lw::search {

// The kinds present in a record, one bit per indexer::Kind.
using KindSet = std::uint8_t;

constexpr KindSet kind_bit(indexer::Kind kind) noexcept {
    return static_cast<KindSet>(1U << static_cast<unsigned>(kind));
}

std::vector<indexer::Kind> kinds_of(KindSet set);

// The kinds an "XD" term names; 0 for any other term.
KindSet kinds_of_set_term(std::string_view term);

struct RecordTerms {
    std::string item_key;  // hex; empty if the record names no item
    KindSet kinds = 0;
};

// Read from the record's term list, where they sort first ("XD", "XI",
// then "XT" tokens): two skips, no scan of the tokens.
RecordTerms read_record_terms(const Xapian::Database& db, Xapian::docid record);

// The item key a record document names (its XI term); empty if none.
std::string item_key_of_record(const Xapian::Database& db, Xapian::docid record);

}  // namespace lw::search
