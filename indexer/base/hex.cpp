#include "indexer/base/hex.h"

#include <sodium.h>

namespace lw::indexer {

std::string to_hex(std::span<const unsigned char> bytes) {
    std::string hex(2 * bytes.size() + 1, '\0');  // sodium_bin2hex writes a NUL
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    hex.pop_back();
    return hex;
}

namespace {

// -1 unless `c` is a lowercase hex digit.
int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

}  // namespace

bool from_hex_into(std::string_view hex, std::span<unsigned char> out) noexcept {
    if (hex.size() != 2 * out.size()) {
        return false;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = hex_digit(hex[2 * i]);
        const int low = hex_digit(hex[2 * i + 1]);
        if (high < 0 || low < 0) {
            return false;
        }
        out[i] = static_cast<unsigned char>((high << 4) | low);
    }
    return true;
}

std::optional<std::vector<unsigned char>> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        return std::nullopt;
    }
    std::vector<unsigned char> bytes(hex.size() / 2);
    if (!from_hex_into(hex, bytes)) {
        return std::nullopt;
    }
    return bytes;
}

}  // namespace lw::indexer
