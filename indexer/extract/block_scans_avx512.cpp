// The 64-byte block masks with AVX-512BW: one load a block (masked at the
// text's end, where masked-off bytes are never read, nor fault), and
// compares that give the 64-bit masks directly. Only these functions are
// compiled for AVX-512 (GCC's target attribute).
//
// The short-run searches (digit_run, find_either) have no AVX-512 version:
// measured on the bench shapes, a 64-byte load was slower than AVX2's 32
// for runs of a few bytes (bench/block_scans_bench.cpp, RESULTS.md), so the
// AVX-512 table uses AVX2's.
#if defined(__x86_64__)

#include <immintrin.h>

#include "indexer/extract/block_scans_levels.h"

#define LW_AVX512 __attribute__((target("avx512f,avx512bw")))

namespace lw::indexer::avx512_scans {
namespace {

// Bits [0, count) set. REQUIRES: count >= 1.
constexpr std::uint64_t low_bits(std::size_t count) noexcept {
    return count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
}

// The 64 bytes of `text` from `at`, those of `within` only: a plain load
// when the whole block is there (a masked load costs more), else a masked
// one, which reads (and faults on) none of the bytes past the end.
LW_AVX512 __m512i load_64_within(std::string_view text, std::size_t at, __mmask64 within) noexcept {
    if (within == ~__mmask64{0}) {
        return _mm512_loadu_si512(text.data() + at);
    }
    return _mm512_maskz_loadu_epi8(within, text.data() + at);
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
    const __m512i bytes = load_64_within(text, base, within);
    const std::uint64_t digit = bytes_in_range(within, bytes, '0', 10);
    const std::uint64_t letter =
        bytes_in_range(within, _mm512_or_si512(bytes, _mm512_set1_epi8(0x20)), 'a', 26);
    return {digit | letter, digit};
}

LW_AVX512 std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept {
    const __mmask64 within = low_bits(text.size() - base);
    const __m512i bytes = load_64_within(text, base, within);
    return _mm512_mask_cmpeq_epi8_mask(within, bytes, _mm512_set1_epi8(c));
}

LW_AVX512 SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept {
    const __mmask64 within = low_bits(text.size() - base);
    const __m512i bytes = load_64_within(text, base, within);
    const std::uint64_t quote = _mm512_mask_cmpeq_epi8_mask(within, bytes, _mm512_set1_epi8('\'')) |
                                _mm512_mask_cmpeq_epi8_mask(within, bytes, _mm512_set1_epi8('\\'));
    // '(' and ')' are 0x28 and 0x29: one compare after clearing bit 0.
    const std::uint64_t structure =
        _mm512_mask_cmpeq_epi8_mask(within, bytes, _mm512_set1_epi8(',')) |
        _mm512_mask_cmpeq_epi8_mask(within, _mm512_and_si512(bytes, _mm512_set1_epi8(~1)),
                                    _mm512_set1_epi8('('));
    return {quote, structure};
}

}  // namespace lw::indexer::avx512_scans

#endif
