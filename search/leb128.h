#pragma once

// Unsigned LEB128, the count and length fields of the feed's codings
// (docs/feed-format.md): 7 bits a byte, low first, the high bit set on
// every byte but the last.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::search {

inline void put_leb128(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

// Reads one from the front of `in` and removes it; nullopt (and `in` as it
// was) when `in` ends first or the number passes 64 bits.
inline std::optional<std::uint64_t> take_leb128(std::string_view& in) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < in.size() && i < 10; ++i) {
        const auto byte = static_cast<unsigned char>(in[i]);
        if (i == 9 && byte > 1) {
            return std::nullopt;
        }
        value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0) {
            in.remove_prefix(i + 1);
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace lw::search
