#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "indexer/base/cleartext.h"

namespace lw::indexer {

// Copies and wipes of an identifier's few bytes in fixed-size pieces: a
// memcpy or memset of a size the compiler cannot see is a call, a few of
// them a record (an SQL dump's tuple spent about 200 instructions in them).

// Makes `value` a copy of `text`: 8 or 16 bytes at a time, the last piece
// overlapping the one before, when it fits inline (nearly always).
inline void assign_in_blocks(Cleartext& value, std::string_view text) {
    if (text.size() < 8 || text.size() > Cleartext::kInline) {
        value.assign(text);
        return;
    }
    char* const to = value.overwrite(text.size());
    const char* const from = text.data();
    const std::size_t size = text.size();
    if (size < 16) {
        std::memcpy(to, from, 8);
        std::memcpy(to + size - 8, from + size - 8, 8);
        return;
    }
    for (std::size_t i = 0; i + 16 < size; i += 16) {
        std::memcpy(to + i, from + i, 16);
    }
    std::memcpy(to + size - 16, from + size - 16, 16);
}

// Wipes the whole buffer of `s`, capacity() + 1 bytes (16 or more: the
// inline buffer, or a heap block past 15 characters), and empties it.
inline void wipe_and_clear_in_blocks(std::string& s) noexcept {
    char* const data = s.data();
    const std::size_t room = s.capacity() + 1;
    for (std::size_t i = 0; i + 16 <= room; i += 16) {
        wipe_cleartext(data + i, 16);
    }
    if (room % 16 != 0) {
        wipe_cleartext(data + room - 16, 16);
    }
    s.clear();
}

}  // namespace lw::indexer
