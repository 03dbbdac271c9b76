#pragma once

// The corpus schema, format v3: what researchers read (docs/corpus.md says
// the same in prose). Prefixes follow omega's conventions (Q unique id,
// G site, H host); leakwatch's own start with X. Changing anything here
// means a new format version.

#include <xapian.h>

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/kind.h"
#include "indexer/prf/voprf.h"

namespace lw::indexer::corpus {

inline constexpr std::string_view kFormatVersion = "3";
// Format 2 kept sources, titles and crawl state in clear and an unkeyed
// content hash: readers still read it, writers refuse it until
// `leakwatch upgrade` rewrites it as format 3 in place.
inline constexpr std::string_view kFormatUpgradable = "2";

constexpr bool readable_format(std::string_view format) noexcept {
    return format == kFormatVersion || format == kFormatUpgradable;
}

// Corpus folders are opened as glass databases only: Xapian would follow a
// stub file (XAPIANDB) inside one, and a stub's `remote :PROG` line runs
// PROG. Throws lw::Error(corpus) naming the folder when it holds one.
inline void refuse_stub_inside(const std::string& directory) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(directory) / "XAPIANDB", ec)) {
        throw Error(ErrorCategory::corpus,
                    "corpus " + directory +
                        ": holds a Xapian stub file (XAPIANDB), which leakwatch never follows; "
                        "list its shards in a stub file of your own ('auto PATH', "
                        "'remote HOST:PORT')");
    }
}

// Metadata keys (Xapian::Database::get_metadata).
inline constexpr std::string_view kMetaFormat = "leakwatch.format";
inline constexpr std::string_view kMetaPublicKey = "leakwatch.pubkey";  // pkS, 64 hex
inline constexpr std::string_view kMetaCreated = "leakwatch.created";   // ISO 8601 UTC
inline constexpr std::string_view kMetaLastRun = "leakwatch.last_run";  // JSON summary
// Crawl and index state lives under this prefix, committed with the data:
// "state." + purpose + ":" + a keyed digest (CorpusKeys::url_name), values
// sealed (format 3).
inline constexpr std::string_view kMetaStatePrefix = "state.";
// An item being written: "leakwatch.pending.<item key>"; removed when the
// item is complete. A writer that finds one deletes that item's records.
inline constexpr std::string_view kMetaPendingPrefix = "leakwatch.pending.";
// Records being added to a complete item (a topic that grew, re-visited):
// "leakwatch.pending-batch.<batch key>"; removed when the item is updated.
// A writer that finds one deletes the records holding that XB term.
inline constexpr std::string_view kMetaPendingBatchPrefix = "leakwatch.pending-batch.";

// Term prefixes.
inline constexpr std::string_view kPrefixUniqueItem = "QI";  // + item key (16 hex, random)
// + the item's content identity, 64 hex: CorpusKeys::content_id (format 3),
// an unkeyed SHA-256 in format 2.
inline constexpr std::string_view kPrefixContent = "XC";
inline constexpr std::string_view kPrefixType = "XY";     // + "item" (records have none)
inline constexpr std::string_view kPrefixItem = "XI";     // + item key's 8 bytes: a record's item
inline constexpr std::string_view kPrefixKindSet = "XD";  // + kind codes: a record's kinds
inline constexpr std::string_view kPrefixSite = "G";      // + site label, lowercase
inline constexpr std::string_view kPrefixHost = "H";      // + host name, lowercase
inline constexpr std::string_view kPrefixKind = "XK";     // + kind name (items)
inline constexpr std::string_view kPrefixMonth = "XM";    // + YYYYMM first seen
inline constexpr std::string_view kPrefixToken = "XT";    // + kind code + 16 token bytes
// + batch key (16 hex, random): a record added to a complete item by a
// continuation (CorpusWriter::continue_item); such records only.
inline constexpr std::string_view kPrefixBatch = "XB";

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

constexpr std::optional<Kind> kind_of_code(char code) noexcept {
    for (Kind kind : kAllKinds) {
        if (kind_code(kind) == code) {
            return kind;
        }
    }
    return std::nullopt;
}

// A record's kinds as one term, "XD" + the codes in kAllKinds order ("XDenph"):
// one term instead of one per kind, since records are the bulk of the corpus.
inline std::string kind_set_term(const std::array<bool, kAllKinds.size()>& present) {
    std::string term(kPrefixKindSet);
    for (Kind kind : kAllKinds) {
        if (present[static_cast<std::size_t>(kind)]) {
            term.push_back(kind_code(kind));
        }
    }
    return term;
}

// Item keys are 16 hex digits; a record names its item with the key's 8
// bytes (half the size, in every record's term list). nullopt for a key
// that is not 16 lowercase hex digits.
inline constexpr std::size_t kItemKeyBytes = 8;

inline std::optional<std::string> record_item_term(std::string_view key_hex) {
    std::array<unsigned char, kItemKeyBytes> bytes{};
    if (key_hex.size() != 2 * kItemKeyBytes || !from_hex_into(key_hex, bytes)) {
        return std::nullopt;
    }
    std::string term(kPrefixItem);
    term.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return term;
}

// The item key (hex) of a record's XI term, or "" for anything else.
inline std::string item_key_of_record_term(std::string_view term) {
    if (!term.starts_with(kPrefixItem) || term.size() != kPrefixItem.size() + kItemKeyBytes) {
        return {};
    }
    term.remove_prefix(kPrefixItem.size());
    return to_hex(std::span(reinterpret_cast<const unsigned char*>(term.data()), term.size()));
}

inline std::string token_term(Kind kind, const TokenBytes& token) {
    std::string term(kPrefixToken);
    term.push_back(kind_code(kind));
    term.append(reinterpret_cast<const char*>(token.data()), token.size());
    return term;
}

inline constexpr std::string_view kTypeItem = "item";

// Value slots, on items only: a record's site and first sighting are its
// item's. Numbers are Xapian::sortable_serialise'd doubles.
enum Slot : Xapian::valueno {
    kSlotFirstSeen = 0,  // unix seconds, first sighting
    kSlotLastSeen = 1,   // unix seconds, last sighting (items)
    kSlotSize = 2,       // content bytes, rounded up to 4 KiB in format 3 (items)
    kSlotRecords = 3,    // records with identifiers (items)
    kSlotSightings = 4,  // sightings (items)
    kSlotComplete = 5,   // "1" once every record of the item is written (items)
    // Slot 6 held a record's site in format v1; it is not reused.
};

}  // namespace lw::indexer::corpus
