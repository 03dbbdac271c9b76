#pragma once

// The corpus schema, format v1: what researchers read (docs/corpus.md says
// the same in prose). Prefixes follow omega's conventions (Q unique id,
// G site, H host); leakwatch's own start with X. Changing anything here
// means a new format version.

#include <xapian.h>

#include <string>
#include <string_view>

#include "indexer/kind.h"
#include "indexer/voprf.h"

namespace lw::indexer::corpus {

inline constexpr std::string_view kFormatVersion = "1";

// Metadata keys (Xapian::Database::get_metadata).
inline constexpr std::string_view kMetaFormat = "leakwatch.format";
inline constexpr std::string_view kMetaPublicKey = "leakwatch.pubkey";  // pkS, 64 hex
inline constexpr std::string_view kMetaCreated = "leakwatch.created";   // ISO 8601 UTC
inline constexpr std::string_view kMetaLastRun = "leakwatch.last_run";  // JSON summary
// Crawl and index state lives under this prefix, committed with the data.
inline constexpr std::string_view kMetaStatePrefix = "state.";
// An item being written: "leakwatch.pending.<item key>"; removed when the
// item is complete. A writer that finds one deletes that item's records.
inline constexpr std::string_view kMetaPendingPrefix = "leakwatch.pending.";

// Term prefixes.
inline constexpr std::string_view kPrefixUniqueItem = "QI";    // + item key (16 hex, random)
inline constexpr std::string_view kPrefixContent = "XC";  // + SHA-256 of the item's bytes, 64 hex
inline constexpr std::string_view kPrefixType = "XY";     // + "item" | "record"
inline constexpr std::string_view kPrefixItem = "XI";     // + item key: a record's item
inline constexpr std::string_view kPrefixSite = "G";      // + site label, lowercase
inline constexpr std::string_view kPrefixHost = "H";      // + host name, lowercase
inline constexpr std::string_view kPrefixKind = "XK";     // + kind name
inline constexpr std::string_view kPrefixMonth = "XM";    // + YYYYMM first seen
inline constexpr std::string_view kPrefixToken = "XT";    // + kind code + 16 token bytes

// The one-letter code of each kind in token terms ("XTe" + 16 bytes for an
// email), so that tokens can be counted by kind without reading records.
constexpr char kind_code(Kind kind) noexcept {
    switch (kind) {
        case Kind::email:
            return 'e';
        case Kind::nir:
            return 'n';
        case Kind::cf:
            return 'c';
        case Kind::phone:
            return 'p';
        case Kind::iban:
            return 'i';
        case Kind::card:
            return 'k';
        case Kind::person:
            return 'h';
    }
    return '?';
}

inline std::string token_term(Kind kind, const TokenBytes& token) {
    std::string term(kPrefixToken);
    term.push_back(kind_code(kind));
    term.append(reinterpret_cast<const char*>(token.data()), token.size());
    return term;
}

inline constexpr std::string_view kTypeItem = "item";
inline constexpr std::string_view kTypeRecord = "record";

// Value slots; numbers are Xapian::sortable_serialise'd doubles.
enum Slot : Xapian::valueno {
    kSlotFirstSeen = 0,  // unix seconds, first sighting (items and records)
    kSlotLastSeen = 1,   // unix seconds, last sighting (items)
    kSlotSize = 2,       // content bytes (items)
    kSlotRecords = 3,    // records with identifiers (items)
    kSlotSightings = 4,  // sightings (items)
    kSlotComplete = 5,   // "1" once every record of the item is written (items)
    kSlotSite = 6,       // site label, lowercase (records; items have G terms)
};

}  // namespace lw::indexer::corpus
