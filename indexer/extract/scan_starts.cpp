#include "indexer/extract/scan_starts.h"

#include <bit>

namespace lw::indexer {
namespace {

constexpr std::size_t kBlock = 64;

ByteMasks classify_at(const BlockScans& scans, std::string_view text, std::size_t base) noexcept {
    if (base >= text.size()) {
        return {};
    }
    return scans.classify(text, base);
}

}  // namespace

ByteMasks classify_block(std::string_view text, std::size_t base) noexcept {
    return classify_at(active_block_scans(), text, base);
}

ByteMasks classify_block_bytewise(std::string_view text, std::size_t base) noexcept {
    return classify_at(block_scans_for(SimdLevel::scalar), text, base);
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
        block_ = classify_at(scans_, text_, base);
    }
    next_ = classify_at(scans_, text_, base + kBlock);
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
