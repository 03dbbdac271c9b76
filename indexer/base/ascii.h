#pragma once

#include <string>
#include <string_view>

namespace lw::indexer {

// ASCII-only case mapping: identifiers' letters are ASCII, and a locale
// must not change what a canonical form is.
constexpr char ascii_upper(char c) noexcept {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}
constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// ASCII digits and letters, by byte: bytes of UTF-8 sequences are neither.
constexpr bool is_ascii_digit(unsigned char c) noexcept {
    return static_cast<unsigned>(c - '0') < 10U;
}
constexpr bool is_ascii_alnum(unsigned char c) noexcept {
    return is_ascii_digit(c) || static_cast<unsigned>((c | 0x20) - 'a') < 26U;
}

inline std::string ascii_upper_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = ascii_upper(c);
    }
    return out;
}
inline std::string ascii_lower_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

// `s` without the spaces, tabs and carriage returns around it.
constexpr std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace lw::indexer
