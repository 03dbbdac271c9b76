#pragma once

// Bytes as lowercase hex and back: tokens, keys and elements in files,
// reports and messages. On its own so that printing a token does not pull
// in the group arithmetic.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lw::indexer {

// Lowercase hex, two characters a byte.
[[nodiscard]] std::string to_hex(std::span<const unsigned char> bytes);
// Strict inverse of to_hex: lowercase digits only, even length. Returns
// std::nullopt otherwise (uppercase included, so a token has one text form).
// Meant for public values: the returned buffer is not wiped.
[[nodiscard]] std::optional<std::vector<unsigned char>> from_hex(std::string_view hex);
// Decodes exactly out.size() bytes; false (and `out` unspecified) unless
// `hex` is 2 * out.size() lowercase hex digits.
[[nodiscard]] bool from_hex_into(std::string_view hex, std::span<unsigned char> out) noexcept;

template <std::size_t N>
[[nodiscard]] std::optional<std::array<unsigned char, N>> from_hex_array(std::string_view hex) {
    std::array<unsigned char, N> out{};
    if (!from_hex_into(hex, out)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace lw::indexer
