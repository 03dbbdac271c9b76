#pragma once

// HTML's notion of white space (the WHATWG "ASCII whitespace"), shared by
// the charset prescan and the document's own pre-parse fixes.

#include <string_view>

namespace lw::crawler {

constexpr bool is_html_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

constexpr bool is_ascii_alpha(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr std::string_view trim_html_spaces(std::string_view s) noexcept {
    while (!s.empty() && is_html_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_html_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace lw::crawler
