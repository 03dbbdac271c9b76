#pragma once

#include <cstdint>
#include <string_view>

#include "indexer/block_scans.h"

namespace lw::indexer {

// Byte searches for the row splitters and the scanner, at the SIMD level
// chosen once at start (indexer/block_scans.h has the versions).

// The first position at or after `from` holding `a` or `b`; text.size() if
// none. For the short runs between delimiters, where a memchr call costs
// more than it saves.
inline std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept {
    return active_block_scans().find_either(text, from, a, b);
}

// Bit i set where text[base + i] == c, for i < 64 and base + i < text.size().
inline std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept {
    if (base >= text.size()) {
        return 0;
    }
    return active_block_scans().equal_mask(text, base, c);
}

// How many ASCII digits follow one another from text[at], found a vector at
// a time, so that a run's end costs no mispredicted branch.
inline std::size_t digit_run(std::string_view text, std::size_t at) noexcept {
    return active_block_scans().digit_run(text, at);
}

}  // namespace lw::indexer
