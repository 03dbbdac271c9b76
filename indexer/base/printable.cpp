#include "indexer/base/printable.h"

namespace lw::indexer {
namespace {

// The length of the printable UTF-8 character at the start of `text`, or 0
// when its first byte must be escaped (a control, a C1 control, an invalid,
// overlong or surrogate sequence).
std::size_t printable_char(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) {
        return lead >= 0x20 && lead != 0x7f ? 1 : 0;
    }
    std::size_t length = 0;
    char32_t point = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
        point = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        point = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        point = lead & 0x07;
    } else {
        return 0;
    }
    if (text.size() < length) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xc0) != 0x80) {
            return 0;
        }
        point = (point << 6) | (byte(i) & 0x3f);
    }
    const bool overlong = (length == 3 && point < 0x800) || (length == 4 && point < 0x10000);
    const bool invalid = (point >= 0xd800 && point <= 0xdfff) || point > 0x10ffff;
    const bool c1_control = point >= 0x80 && point <= 0x9f;
    return overlong || invalid || c1_control ? 0 : length;
}

}  // namespace

std::string printable(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        const std::size_t length = printable_char(bytes);
        if (length > 0) {
            out.append(bytes.substr(0, length));
            bytes.remove_prefix(length);
            continue;
        }
        const auto byte = static_cast<unsigned char>(bytes.front());
        out += "\\x";
        out += kHex[byte >> 4];
        out += kHex[byte & 0x0f];
        bytes.remove_prefix(1);
    }
    return out;
}

}  // namespace lw::indexer
