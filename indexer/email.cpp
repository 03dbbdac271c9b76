#include "indexer/email.h"

#include <array>

namespace lw::indexer {
namespace {

constexpr bool is_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr std::array<bool, 256> make_atext() {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) {
        table[static_cast<std::size_t>(c)] = is_alnum(static_cast<unsigned char>(c));
    }
    for (unsigned char c : std::string_view("!#$%&'*+/=?^_`{|}~-")) {
        table[c] = true;
    }
    return table;
}

constexpr std::array<bool, 256> kAtext = make_atext();

constexpr bool is_domain_char(unsigned char c) {
    return is_alnum(c) || c == '-' || c == '.';
}

// Characters that may end an address in prose only as punctuation around it.
constexpr bool is_leading_punctuation(unsigned char c) {
    return !is_alnum(c) && c != '_';
}

constexpr unsigned char closer_of(unsigned char c) {
    switch (c) {
        case '(':
            return ')';
        case '[':
            return ']';
        case '{':
            return '}';
        case '<':
            return '>';
        default:
            return c;
    }
}

constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxAddress = 254;

bool domain_ok(std::string_view domain) {
    std::size_t labels = 0;
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= domain.size(); ++i) {
        if (i < domain.size() && domain[i] != '.') {
            continue;
        }
        const std::string_view label = domain.substr(label_start, i - label_start);
        if (label.empty() || label.size() > kMaxLabel || label.front() == '-' ||
            label.back() == '-') {
            return false;
        }
        ++labels;
        label_start = i + 1;
    }
    if (labels < 2) {
        return false;
    }
    const std::string_view tld = domain.substr(domain.rfind('.') + 1);
    if (tld.size() < 2) {
        return false;
    }
    for (unsigned char c : tld) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return false;
        }
    }
    return true;
}

}  // namespace

EmailSpan find_email_at(std::string_view text, std::size_t at) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    // Local part: back over atext and dots, at most a little past the limit
    // so a longer run is seen as too long rather than cut.
    std::size_t begin = at;
    while (begin > 0 && (kAtext[byte(begin - 1)] || byte(begin - 1) == '.') &&
           at - begin <= kMaxLocal) {
        --begin;
    }
    if (begin > 0 && (byte(begin - 1) >= 0x80 || byte(begin - 1) == '@' ||
                      kAtext[byte(begin - 1)] || byte(begin - 1) == '.')) {
        return {};  // glued to a longer token, or a local part far too long
    }
    // Domain: forward over LDH and dots; a trailing dot or hyphen is prose.
    std::size_t end = at + 1;
    while (end < text.size() && is_domain_char(byte(end)) && end - at <= 256) {
        ++end;
    }
    if (end < text.size() && (byte(end) >= 0x80 || byte(end) == '@' || byte(end) == '_')) {
        return {};
    }
    while (end > at + 1 && (byte(end - 1) == '.' || byte(end - 1) == '-')) {
        --end;
    }
    // Punctuation around the address ("'a@x.fr'", "*a@x.fr*", "{a@x.fr}") is
    // prose, while a local part may itself start with atext punctuation
    // ("$a@x.fr"): trim a leading mark only when its closer follows.
    while (begin < at && byte(begin) == '.') {
        ++begin;
    }
    if (begin < at && is_leading_punctuation(byte(begin)) && end < text.size() &&
        byte(end) == closer_of(byte(begin))) {
        ++begin;
    }
    const std::string_view local = text.substr(begin, at - begin);
    if (local.empty() || local.size() > kMaxLocal || local.back() == '.' ||
        local.find("..") != std::string_view::npos) {
        return {};
    }
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    if (domain.size() > 255 || end - begin > kMaxAddress || !domain_ok(domain)) {
        return {};
    }
    return {begin, end};
}

}  // namespace lw::indexer
