// The block scans 16 bytes at a time with SSE2, part of every x86-64 CPU:
// the baseline build's own instructions.
#if defined(__x86_64__)

#include <emmintrin.h>

#include <algorithm>
#include <bit>

#include "indexer/extract/block_scans_levels.h"

namespace lw::indexer::sse2_scans {
namespace {

// 0xFF in each byte of `bytes` in [low, low + count). SSE2 has only signed
// byte compares: c - low < count, unsigned, becomes (c - low - 128) <
// (count - 128), signed.
__m128i bytes_in_range(__m128i bytes, unsigned char low, unsigned char count) noexcept {
    const __m128i shifted = _mm_add_epi8(bytes, _mm_set1_epi8(static_cast<char>(-128 - low)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + count)));
}

// The 16 bytes of `text` from `at`; when fewer are left, the text's last 16
// bytes, of which the first `drop` come before `at`: never a byte past the
// end. REQUIRES: text.size() >= 16, at < text.size().
__m128i load_16_within(std::string_view text, std::size_t at, unsigned& drop) noexcept {
    const std::size_t left = text.size() - at;
    drop = left < 16 ? static_cast<unsigned>(16 - left) : 0;
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at - drop));
}

}  // namespace

ByteMasks classify(std::string_view text, std::size_t base) noexcept {
    if (text.size() < 16) {
        return scalar_scans::classify(text, base);
    }
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    ByteMasks masks;
    for (std::size_t i = 0; i < count; i += 16) {
        unsigned drop;  // leading bytes of the piece read that are not ours
        const __m128i bytes = load_16_within(text, base + i, drop);
        const __m128i digit = bytes_in_range(bytes, '0', 10);
        const __m128i letter = bytes_in_range(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), 'a', 26);
        const auto digits = static_cast<std::uint32_t>(_mm_movemask_epi8(digit)) >> drop;
        const auto alnums =
            static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(digit, letter))) >> drop;
        masks.digit |= static_cast<std::uint64_t>(digits) << i;
        masks.alnum |= static_cast<std::uint64_t>(alnums) << i;
    }
    return masks;
}

std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept {
    if (text.size() < 16) {
        return scalar_scans::equal_mask(text, base, c);
    }
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    const __m128i wanted = _mm_set1_epi8(c);
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < count; i += 16) {
        unsigned drop;
        const __m128i bytes = load_16_within(text, base + i, drop);
        const auto hits =
            static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)));
        mask |= static_cast<std::uint64_t>(hits >> drop) << i;
    }
    return mask;
}

SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept {
    if (text.size() < 16) {
        return scalar_scans::sql_masks(text, base);
    }
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    SqlMasks masks;
    for (std::size_t i = 0; i < count; i += 16) {
        unsigned drop;
        const __m128i bytes = load_16_within(text, base + i, drop);
        const __m128i quote = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\'')),
                                           _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\')));
        // '(' and ')' are 0x28 and 0x29: one compare after clearing bit 0.
        const __m128i structure = _mm_or_si128(
            _mm_cmpeq_epi8(bytes, _mm_set1_epi8(',')),
            _mm_cmpeq_epi8(_mm_and_si128(bytes, _mm_set1_epi8(~1)), _mm_set1_epi8('(')));
        const auto quotes = static_cast<std::uint32_t>(_mm_movemask_epi8(quote)) >> drop;
        const auto structures = static_cast<std::uint32_t>(_mm_movemask_epi8(structure)) >> drop;
        masks.quote |= static_cast<std::uint64_t>(quotes) << i;
        masks.structure |= static_cast<std::uint64_t>(structures) << i;
    }
    return masks;
}

// 16 bytes at a time, so that a run's end costs no mispredicted branch.
std::size_t digit_run(std::string_view text, std::size_t at) noexcept {
    if (text.size() < 16) {
        return scalar_scans::digit_run(text, at);
    }
    std::size_t p = at;
    while (p < text.size()) {
        unsigned drop;
        const __m128i bytes = load_16_within(text, p, drop);
        const auto digits =
            static_cast<std::uint32_t>(_mm_movemask_epi8(bytes_in_range(bytes, '0', 10))) >> drop;
        // The first byte that is no digit; past the piece (or the text) if none.
        const auto stop = static_cast<std::size_t>(std::countr_zero(~digits));
        p += stop;
        if (stop < 16 - drop) {
            return p - at;
        }
    }
    return text.size() - std::min(at, text.size());
}

std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept {
    if (text.size() < 16) {
        return scalar_scans::find_either(text, from, a, b);
    }
    const __m128i first = _mm_set1_epi8(a);
    const __m128i second = _mm_set1_epi8(b);
    for (std::size_t p = from; p < text.size(); p += 16) {
        unsigned drop;
        const __m128i bytes = load_16_within(text, p, drop);
        const __m128i hit =
            _mm_or_si128(_mm_cmpeq_epi8(bytes, first), _mm_cmpeq_epi8(bytes, second));
        const auto hits = static_cast<std::uint32_t>(_mm_movemask_epi8(hit)) >> drop;
        if (hits != 0) {
            return p + static_cast<std::size_t>(std::countr_zero(hits));
        }
    }
    return text.size();
}

}  // namespace lw::indexer::sse2_scans

#endif
