#pragma once

// A text as the bytes libsodium's functions take. An empty view may hold a
// null pointer, which they are declared never to take: an empty one points
// at a static byte instead.

#include <span>
#include <string_view>

namespace lw::indexer {

inline std::span<const unsigned char> sodium_bytes(std::string_view text) noexcept {
    static constexpr unsigned char kNothing = 0;
    if (text.empty()) {
        return {&kNothing, 0};
    }
    return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

}  // namespace lw::indexer
