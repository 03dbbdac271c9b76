#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/base/simd_level.h"

namespace lw::indexer {

// The byte scans that run over (nearly) every byte of an input: the
// free-text scanner's word masks and digit runs, the row splitter's
// delimiter masks, the SQL reader's quote and bracket masks. One table of
// them per SIMD level; the active one is chosen once (active_simd_level()),
// so a scan costs an indirect call, not a CPU check.
//
// Every version gives the same answers as the scalar one, byte for byte, and
// reads no byte outside `text` (tests/unit/indexer/extract/block_scans_test.cpp puts
// the text against an unreadable page to prove it).

// Bit i of each mask describes byte i of a 64-byte block; bytes past the
// end of the text count as neither.
struct ByteMasks {
    std::uint64_t alnum = 0;  // ASCII letters and digits
    std::uint64_t digit = 0;  // ASCII digits
};

// The SQL reader's marks in a 64-byte block (bit i for byte i, as ByteMasks).
struct SqlMasks {
    std::uint64_t quote = 0;      // '\'' and '\\': where a quoted value may end
    std::uint64_t structure = 0;  // ',', '(' and ')': where a bare value may end
};

struct BlockScans {
    // The masks of text[base, base + 64). REQUIRES: base < text.size().
    ByteMasks (*classify)(std::string_view text, std::size_t base) noexcept;
    // Bit i set where text[base + i] == c, for i < 64 and base + i <
    // text.size(). REQUIRES: base < text.size().
    std::uint64_t (*equal_mask)(std::string_view text, std::size_t base, char c) noexcept;
    // How many ASCII digits follow one another from text[at] (0 when at >=
    // text.size()).
    std::size_t (*digit_run)(std::string_view text, std::size_t at) noexcept;
    // The first position at or after `from` holding `a` or `b`; text.size()
    // if none.
    std::size_t (*find_either)(std::string_view text, std::size_t from, char a, char b) noexcept;
    // The SQL reader's marks of text[base, base + 64). REQUIRES: base <
    // text.size().
    SqlMasks (*sql_masks)(std::string_view text, std::size_t base) noexcept;
    // Whether digit_run and find_either in byte_search.h read the first 16
    // bytes inline with SSE2 before calling the table's version: most runs
    // (a phone's digits, an SQL string) are shorter, and an indirect call
    // cost more than the scan (4% of extract's time on the bench shapes).
    // False for the scalar level, which stays byte loops throughout.
    bool sse2_head = false;
};

// The table of `level`. REQUIRES: the CPU supports it (supported_simd_levels()).
const BlockScans& block_scans_for(SimdLevel level) noexcept;

// The table of active_simd_level().
inline const BlockScans& active_block_scans() noexcept {
    static const BlockScans& scans = block_scans_for(active_simd_level());
    return scans;
}

}  // namespace lw::indexer
