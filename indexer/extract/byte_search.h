#pragma once

#include <bit>
#include <cstdint>
#include <string_view>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "indexer/extract/block_scans.h"

namespace lw::indexer {

#if defined(__x86_64__)
// The 16 bytes of `text` from `at`. REQUIRES: at + 16 <= text.size().
inline __m128i load_16(std::string_view text, std::size_t at) noexcept {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
}
#endif

// Byte searches for the row splitters and the scanner, at the SIMD level
// chosen once at start (indexer/extract/block_scans.h has the versions).

// The first position at or after `from` holding `a` or `b`; text.size() if
// none. For the short runs between delimiters, where a memchr call costs
// more than it saves.
inline std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept {
    const BlockScans& scans = active_block_scans();
#if defined(__x86_64__)
    if (scans.sse2_head && from + 16 <= text.size()) {
        const __m128i bytes = load_16(text, from);
        const auto hits = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(bytes, _mm_set1_epi8(a)), _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b)))));
        if (hits != 0) {
            return from + static_cast<std::size_t>(std::countr_zero(hits));
        }
        from += 16;
    }
#endif
    return scans.find_either(text, from, a, b);
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
    const BlockScans& scans = active_block_scans();
#if defined(__x86_64__)
    if (scans.sse2_head && at + 16 <= text.size()) {
        // c - '0' < 10 unsigned, as a signed compare: both sides moved down by 128.
        const __m128i shifted =
            _mm_add_epi8(load_16(text, at), _mm_set1_epi8(static_cast<char>(-128 - '0')));
        const auto digits = static_cast<std::uint32_t>(_mm_movemask_epi8(
            _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + 10)))));
        const auto stop = static_cast<std::size_t>(std::countr_zero(~digits));
        if (stop < 16) {
            return stop;
        }
        return 16 + scans.digit_run(text, at + 16);
    }
#endif
    return scans.digit_run(text, at);
}

}  // namespace lw::indexer
