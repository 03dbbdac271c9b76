#include "indexer/scan_starts.h"

#include <algorithm>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "indexer/byte_search.h"

namespace lw::indexer {
namespace {

constexpr std::size_t kBlock = 64;

// The masks of text[at, at + count), count <= 64, one byte at a time.
ByteMasks classify_bytewise(std::string_view text, std::size_t at, std::size_t count) noexcept {
    ByteMasks masks;
    for (std::size_t i = 0; i < count; ++i) {
        const auto c = static_cast<unsigned char>(text[at + i]);
        masks.alnum |= static_cast<std::uint64_t>(is_ascii_alnum(c)) << i;
        masks.digit |= static_cast<std::uint64_t>(is_ascii_digit(c)) << i;
    }
    return masks;
}

#if defined(__SSE2__)
// The masks of text[at, at + count), count <= 64, 16 bytes at a time. A
// last piece shorter than 16 is read as the text's last 16 bytes, shifted:
// never a byte past the end.
ByteMasks classify_simd(std::string_view text, std::size_t at, std::size_t count) noexcept {
    if (text.size() < 16) {
        return classify_bytewise(text, at, count);
    }
    ByteMasks masks;
    for (std::size_t i = 0; i < count; i += 16) {
        unsigned drop;  // leading bytes of the piece read that are not ours
        const __m128i bytes = load_16_within(text, at + i, drop);
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
#endif

template <class Classify>
ByteMasks classify_at(std::string_view text, std::size_t base, Classify classify) noexcept {
    if (base >= text.size()) {
        return {};
    }
    return classify(text, base, std::min(kBlock, text.size() - base));
}

}  // namespace

ByteMasks classify_block(std::string_view text, std::size_t base) noexcept {
#if defined(__SSE2__)
    return classify_at(text, base, classify_simd);
#else
    return classify_at(text, base, classify_bytewise);
#endif
}

ByteMasks classify_block_bytewise(std::string_view text, std::size_t base) noexcept {
    return classify_at(text, base, classify_bytewise);
}

namespace {

// The starts of the words in `block` the scanner must look at; `next` holds
// the bytes after it, `alnum_before` whether the byte before it is a letter
// or a digit.
std::uint64_t wanted_starts(const ByteMasks& block, const ByteMasks& next,
                            std::uint64_t alnum_before) noexcept {
    using Bits = unsigned __int128;  // a block and the next: words run across
    const Bits alnum = (static_cast<Bits>(next.alnum) << 64) | block.alnum;
    const Bits digit = (static_cast<Bits>(next.digit) << 64) | block.digit;
    const Bits letter = alnum & ~digit;
    const std::uint64_t starts = block.alnum & ~((block.alnum << 1) | alnum_before);
    // Bit i of `long_run`: bytes i to i + 15 are all letters or digits.
    Bits long_run = alnum & (alnum >> 1);
    long_run &= long_run >> 2;
    long_run &= long_run >> 4;
    long_run &= long_run >> 8;
    const Bits iban = letter & (letter >> 1) & (digit >> 2) & (digit >> 3);
    return starts & (block.digit | static_cast<std::uint64_t>(long_run | iban));
}

}  // namespace

void ScanStarts::load(std::size_t index) noexcept {
    if (index == loaded_) {
        return;
    }
    const std::size_t base = index * kBlock;
    std::uint64_t alnum_before;
    if (loaded_ != kNone && index == loaded_ + 1) {
        alnum_before = block_.alnum >> 63;
        block_ = next_;
    } else {
        alnum_before = base > 0 && is_ascii_alnum(static_cast<unsigned char>(text_[base - 1]));
        block_ = classify_block(text_, base);
    }
    next_ = classify_block(text_, base + kBlock);
    wanted_ = wanted_starts(block_, next_, alnum_before);
    loaded_ = index;
}

std::size_t ScanStarts::next_after(std::size_t from) noexcept {
    const std::size_t n = text_.size();
    // Only positions after `from`: text[from] is no word's start.
    const unsigned offset = static_cast<unsigned>(from % kBlock);
    std::uint64_t after = offset == kBlock - 1 ? 0 : ~std::uint64_t{0} << (offset + 1);
    for (std::size_t index = from / kBlock; index * kBlock < n; ++index) {
        load(index);
        if (const std::uint64_t wanted = wanted_ & after; wanted != 0) {
            return index * kBlock + static_cast<std::size_t>(std::countr_zero(wanted));
        }
        after = ~std::uint64_t{0};
    }
    return n;
}

}  // namespace lw::indexer
