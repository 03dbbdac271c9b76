#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace lw::indexer {

// Byte searches eight bytes at a time, for the short runs between
// delimiters where a memchr call costs more than it saves.

// The high bit of each byte of `word` equal to `c`, exactly: no borrow runs
// from one byte into the next, so every bit set is a real match.
constexpr std::uint64_t bytes_equal_to(std::uint64_t word, char c) noexcept {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(c));
    return ~(((x & kLow7) + kLow7) | x | kLow7);
}

// The first position at or after `from` holding `a` or `b`; text.size() if
// none.
inline std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept {
    std::size_t i = from;
    if constexpr (std::endian::native == std::endian::little) {
        for (; i + 8 <= text.size(); i += 8) {
            std::uint64_t word;
            std::memcpy(&word, text.data() + i, 8);
            const std::uint64_t hits = bytes_equal_to(word, a) | bytes_equal_to(word, b);
            if (hits != 0) {
                return i + static_cast<std::size_t>(std::countr_zero(hits)) / 8;
            }
        }
    }
    for (; i < text.size(); ++i) {
        if (text[i] == a || text[i] == b) {
            return i;
        }
    }
    return text.size();
}

}  // namespace lw::indexer
