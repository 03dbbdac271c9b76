#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "indexer/ascii.h"

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

// Byte masks 16 and 64 bytes at a time, for lines and rows long enough.

#if defined(__SSE2__)
// 0xFF in each byte of `bytes` in [low, low + count). SSE2 has only signed
// byte compares: c - low < count, unsigned, becomes (c - low - 128) <
// (count - 128), signed.
inline __m128i bytes_in_range(__m128i bytes, unsigned char low, unsigned char count) noexcept {
    const __m128i shifted = _mm_add_epi8(bytes, _mm_set1_epi8(static_cast<char>(-128 - low)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + count)));
}

// The 16 bytes of `text` from `at`; when fewer are left, the text's last 16
// bytes, of which the first `drop` come before `at`: never a byte past the
// end. REQUIRES: text.size() >= 16, at < text.size().
inline __m128i load_16_within(std::string_view text, std::size_t at, unsigned& drop) noexcept {
    const std::size_t left = text.size() - at;
    drop = left < 16 ? static_cast<unsigned>(16 - left) : 0;
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at - drop));
}
#endif

// Bit i set where text[base + i] == c, for i < 64 and base + i < text.size().
inline std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept {
    std::uint64_t mask = 0;
    if (base >= text.size()) {
        return mask;
    }
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
#if defined(__SSE2__)
    if (text.size() >= 16) {
        const __m128i wanted = _mm_set1_epi8(c);
        for (std::size_t i = 0; i < count; i += 16) {
            unsigned drop;
            const __m128i bytes = load_16_within(text, base + i, drop);
            const auto hits =
                static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)));
            mask |= static_cast<std::uint64_t>(hits >> drop) << i;
        }
        return mask;
    }
#endif
    for (std::size_t i = 0; i < count; ++i) {
        mask |= static_cast<std::uint64_t>(text[base + i] == c) << i;
    }
    return mask;
}

// How many ASCII digits follow one another from text[at]: 16 bytes at a
// time, so that a run's end costs no mispredicted branch.
inline std::size_t digit_run(std::string_view text, std::size_t at) noexcept {
    std::size_t p = at;
#if defined(__SSE2__)
    if (text.size() >= 16) {
        while (p < text.size()) {
            unsigned drop;
            const __m128i bytes = load_16_within(text, p, drop);
            const auto digits =
                static_cast<std::uint32_t>(_mm_movemask_epi8(bytes_in_range(bytes, '0', 10))) >>
                drop;
            // The first byte that is no digit; past the piece (or the text) if none.
            const auto stop = static_cast<std::size_t>(std::countr_zero(~digits));
            p += stop;
            if (stop < 16 - drop) {
                return p - at;
            }
        }
        return text.size() - at;
    }
#endif
    while (p < text.size() && is_ascii_digit(static_cast<unsigned char>(text[p]))) {
        ++p;
    }
    return p - at;
}

}  // namespace lw::indexer
