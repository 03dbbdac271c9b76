// The block scans 32 bytes at a time with AVX2. Only these functions are
// compiled for AVX2 (GCC's target attribute): the rest of the build stays
// baseline x86-64, and block_scans.cpp calls them only on a CPU that has it.
#if defined(__x86_64__)

#include <immintrin.h>

#include <algorithm>
#include <bit>

#include "indexer/extract/block_scans_levels.h"

#define LW_AVX2 __attribute__((target("avx2")))

namespace lw::indexer::avx2_scans {
namespace {

// 0xFF in each byte of `bytes` in [low, low + count): AVX2, like SSE2, has
// only signed byte compares, so both sides are moved down by 128.
LW_AVX2 __m256i bytes_in_range(__m256i bytes, unsigned char low, unsigned char count) noexcept {
    const __m256i shifted = _mm256_add_epi8(bytes, _mm256_set1_epi8(static_cast<char>(-128 - low)));
    return _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(-128 + count)), shifted);
}

// The 32 bytes of `text` from `at`; when fewer are left, the text's last 32
// bytes, of which the first `drop` come before `at`: never a byte past the
// end. REQUIRES: text.size() >= 32, at < text.size().
LW_AVX2 __m256i load_32_within(std::string_view text, std::size_t at, unsigned& drop) noexcept {
    const std::size_t left = text.size() - at;
    drop = left < 32 ? static_cast<unsigned>(32 - left) : 0;
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + at - drop));
}

LW_AVX2 std::uint32_t byte_mask(__m256i bytes) noexcept {
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(bytes));
}

}  // namespace

// Texts shorter than one 32-byte load go to SSE2, which needs 16.

LW_AVX2 ByteMasks classify(std::string_view text, std::size_t base) noexcept {
    if (text.size() < 32) {
        return sse2_scans::classify(text, base);
    }
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    ByteMasks masks;
    for (std::size_t i = 0; i < count; i += 32) {
        unsigned drop;  // leading bytes of the piece read that are not ours
        const __m256i bytes = load_32_within(text, base + i, drop);
        const __m256i digit = bytes_in_range(bytes, '0', 10);
        const __m256i letter =
            bytes_in_range(_mm256_or_si256(bytes, _mm256_set1_epi8(0x20)), 'a', 26);
        masks.digit |= static_cast<std::uint64_t>(byte_mask(digit) >> drop) << i;
        masks.alnum |= static_cast<std::uint64_t>(byte_mask(_mm256_or_si256(digit, letter)) >> drop)
                       << i;
    }
    return masks;
}

LW_AVX2 std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept {
    if (text.size() < 32) {
        return sse2_scans::equal_mask(text, base, c);
    }
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    const __m256i wanted = _mm256_set1_epi8(c);
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < count; i += 32) {
        unsigned drop;
        const __m256i bytes = load_32_within(text, base + i, drop);
        mask |= static_cast<std::uint64_t>(byte_mask(_mm256_cmpeq_epi8(bytes, wanted)) >> drop)
                << i;
    }
    return mask;
}

LW_AVX2 SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept {
    if (text.size() < 32) {
        return sse2_scans::sql_masks(text, base);
    }
    const auto marks = [](__m256i bytes, std::uint32_t& quote, std::uint32_t& structure) LW_AVX2 {
        quote = byte_mask(_mm256_or_si256(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('\'')),
                                          _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('\\'))));
        // '(' and ')' are 0x28 and 0x29: one compare after clearing bit 0.
        structure = byte_mask(
            _mm256_or_si256(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(',')),
                            _mm256_cmpeq_epi8(_mm256_and_si256(bytes, _mm256_set1_epi8(~1)),
                                              _mm256_set1_epi8('('))));
    };
    std::uint32_t quote[2];
    std::uint32_t structure[2];
    if (text.size() - base >= 64) {  // a whole block: two plain loads
        const auto* at = reinterpret_cast<const __m256i*>(text.data() + base);
        marks(_mm256_loadu_si256(at), quote[0], structure[0]);
        marks(_mm256_loadu_si256(at + 1), quote[1], structure[1]);
        return {quote[0] | static_cast<std::uint64_t>(quote[1]) << 32,
                structure[0] | static_cast<std::uint64_t>(structure[1]) << 32};
    }
    const std::size_t count = text.size() - base;
    SqlMasks masks;
    for (std::size_t i = 0; i < count; i += 32) {
        unsigned drop;
        marks(load_32_within(text, base + i, drop), quote[0], structure[0]);
        masks.quote |= static_cast<std::uint64_t>(quote[0] >> drop) << i;
        masks.structure |= static_cast<std::uint64_t>(structure[0] >> drop) << i;
    }
    return masks;
}

LW_AVX2 std::size_t digit_run(std::string_view text, std::size_t at) noexcept {
    if (text.size() < 32) {
        return sse2_scans::digit_run(text, at);
    }
    std::size_t p = at;
    while (p < text.size()) {
        unsigned drop;
        const __m256i bytes = load_32_within(text, p, drop);
        const std::uint32_t digits = byte_mask(bytes_in_range(bytes, '0', 10)) >> drop;
        // The first byte that is no digit; 32 if the whole piece is digits.
        const auto stop = static_cast<std::size_t>(std::countr_zero(~digits));
        p += stop;
        if (stop < 32 - drop) {
            return p - at;
        }
    }
    return text.size() - std::min(at, text.size());
}

LW_AVX2 std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept {
    if (text.size() < 32) {
        return sse2_scans::find_either(text, from, a, b);
    }
    const __m256i first = _mm256_set1_epi8(a);
    const __m256i second = _mm256_set1_epi8(b);
    for (std::size_t p = from; p < text.size(); p += 32) {
        unsigned drop;
        const __m256i bytes = load_32_within(text, p, drop);
        const std::uint32_t hits = byte_mask(_mm256_or_si256(_mm256_cmpeq_epi8(bytes, first),
                                                             _mm256_cmpeq_epi8(bytes, second))) >>
                                   drop;
        if (hits != 0) {
            return p + static_cast<std::size_t>(std::countr_zero(hits));
        }
    }
    return text.size();
}

}  // namespace lw::indexer::avx2_scans

#endif
