// The block scans 64 bytes at a time with AVX-512BW: one masked load a
// block, whose masked-off bytes are never read (nor fault), so the end of
// a text needs no special case; compares give the 64-bit masks directly.
// Only these functions are compiled for AVX-512 (GCC's target attribute).
#if defined(__x86_64__)

#include <immintrin.h>

#include <algorithm>
#include <bit>

#include "indexer/block_scans_levels.h"

#define LW_AVX512 __attribute__((target("avx512f,avx512bw")))

namespace lw::indexer::avx512_scans {
namespace {

// Bits [0, count) set. REQUIRES: count >= 1.
constexpr std::uint64_t low_bits(std::size_t count) noexcept {
    return count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
}

// Bit i set where the byte i of `bytes` is in [low, low + count), for the
// bits of `within`.
LW_AVX512 std::uint64_t bytes_in_range(__mmask64 within, __m512i bytes, char low,
                                       char count) noexcept {
    return _mm512_mask_cmplt_epu8_mask(within, _mm512_sub_epi8(bytes, _mm512_set1_epi8(low)),
                                       _mm512_set1_epi8(count));
}

}  // namespace

LW_AVX512 ByteMasks classify(std::string_view text, std::size_t base) noexcept {
    const __mmask64 within = low_bits(text.size() - base);
    const __m512i bytes = _mm512_maskz_loadu_epi8(within, text.data() + base);
    const std::uint64_t digit = bytes_in_range(within, bytes, '0', 10);
    const std::uint64_t letter =
        bytes_in_range(within, _mm512_or_si512(bytes, _mm512_set1_epi8(0x20)), 'a', 26);
    return {digit | letter, digit};
}

LW_AVX512 std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept {
    const __mmask64 within = low_bits(text.size() - base);
    const __m512i bytes = _mm512_maskz_loadu_epi8(within, text.data() + base);
    return _mm512_mask_cmpeq_epi8_mask(within, bytes, _mm512_set1_epi8(c));
}

LW_AVX512 std::size_t digit_run(std::string_view text, std::size_t at) noexcept {
    for (std::size_t p = at; p < text.size(); p += 64) {
        const __mmask64 within = low_bits(text.size() - p);
        const __m512i bytes = _mm512_maskz_loadu_epi8(within, text.data() + p);
        const std::uint64_t digits = bytes_in_range(within, bytes, '0', 10);
        if (digits != ~std::uint64_t{0}) {
            // Bits past the text are clear: the run stops at the text's end.
            return p + static_cast<std::size_t>(std::countr_zero(~digits)) - at;
        }
    }
    return text.size() - std::min(at, text.size());
}

LW_AVX512 std::size_t find_either(std::string_view text, std::size_t from, char a,
                                  char b) noexcept {
    const __m512i first = _mm512_set1_epi8(a);
    const __m512i second = _mm512_set1_epi8(b);
    for (std::size_t p = from; p < text.size(); p += 64) {
        const __mmask64 within = low_bits(text.size() - p);
        const __m512i bytes = _mm512_maskz_loadu_epi8(within, text.data() + p);
        const std::uint64_t hits = _mm512_mask_cmpeq_epi8_mask(within, bytes, first) |
                                   _mm512_mask_cmpeq_epi8_mask(within, bytes, second);
        if (hits != 0) {
            return p + static_cast<std::size_t>(std::countr_zero(hits));
        }
    }
    return text.size();
}

}  // namespace lw::indexer::avx512_scans

#endif
