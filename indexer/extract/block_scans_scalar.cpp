// The block scans one byte (or eight) at a time: the only level off x86-64,
// and the reference every wider level is tested against.
#include <algorithm>
#include <bit>
#include <cstring>

#include "indexer/base/ascii.h"
#include "indexer/extract/block_scans_levels.h"

namespace lw::indexer::scalar_scans {
namespace {

// The high bit of each byte of `word` equal to `c`, exactly: no borrow runs
// from one byte into the next, so every bit set is a real match.
constexpr std::uint64_t bytes_equal_to(std::uint64_t word, char c) noexcept {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(c));
    return ~(((x & kLow7) + kLow7) | x | kLow7);
}

}  // namespace

ByteMasks classify(std::string_view text, std::size_t base) noexcept {
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    ByteMasks masks;
    for (std::size_t i = 0; i < count; ++i) {
        const auto c = static_cast<unsigned char>(text[base + i]);
        masks.alnum |= static_cast<std::uint64_t>(is_ascii_alnum(c)) << i;
        masks.digit |= static_cast<std::uint64_t>(is_ascii_digit(c)) << i;
    }
    return masks;
}

std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept {
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < count; ++i) {
        mask |= static_cast<std::uint64_t>(text[base + i] == c) << i;
    }
    return mask;
}

SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept {
    const std::size_t count = std::min<std::size_t>(64, text.size() - base);
    SqlMasks masks;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[base + i];
        masks.quote |= static_cast<std::uint64_t>(c == '\'' || c == '\\') << i;
        masks.structure |= static_cast<std::uint64_t>(c == ',' || c == '(' || c == ')') << i;
    }
    return masks;
}

std::size_t digit_run(std::string_view text, std::size_t at) noexcept {
    std::size_t p = at;
    while (p < text.size() && is_ascii_digit(static_cast<unsigned char>(text[p]))) {
        ++p;
    }
    return p - at;
}

// Eight bytes at a time: the runs between an SQL dump's quotes are short,
// and a memchr call per run cost more than it saved.
std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept {
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

}  // namespace lw::indexer::scalar_scans
