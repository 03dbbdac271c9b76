#include "indexer/extract/email.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

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

// What a local part is read over going back from '@': atext and dots.
constexpr std::array<bool, 256> make_local() {
    std::array<bool, 256> table = kAtext;
    table['.'] = true;
    return table;
}
constexpr std::array<bool, 256> kLocal = make_local();

// Letters, digits, hyphen and dot: what a domain is read over.
constexpr std::array<bool, 256> make_domain() {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) {
        table[static_cast<std::size_t>(c)] = is_alnum(static_cast<unsigned char>(c));
    }
    table['-'] = true;
    table['.'] = true;
    return table;
}
constexpr std::array<bool, 256> kDomain = make_domain();

constexpr bool is_letter(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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

// Letters, digits and hyphens in two labels or more, each of 1 to 63
// characters, not starting or ending with '-'; the last (the TLD) of 2
// letters or more. One pass.
bool domain_ok(std::string_view domain) {
    std::size_t labels = 0;
    std::size_t label_start = 0;
    bool letters_only = true;
    for (std::size_t i = 0; i < domain.size(); ++i) {
        const auto c = static_cast<unsigned char>(domain[i]);
        if (is_letter(c)) {
            continue;
        }
        if (c != '.') {
            if (!kDomain[c]) {
                return false;  // another '@', a space: no domain
            }
            letters_only = false;  // a digit or a hyphen
            continue;
        }
        const std::size_t size = i - label_start;
        if (size == 0 || size > kMaxLabel || domain[label_start] == '-' || domain[i - 1] == '-') {
            return false;
        }
        ++labels;
        label_start = i + 1;
        letters_only = true;
    }
    const std::size_t tld = domain.size() - label_start;
    return labels >= 1 && tld >= 2 && tld <= kMaxLabel && letters_only &&
           domain[label_start] != '-';
}

}  // namespace

EmailSpan find_email_at(std::string_view text, std::size_t at) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    // Local part: back over atext and dots, at most a little past the limit
    // so a longer run is seen as too long rather than cut.
    const std::size_t local_floor = at > kMaxLocal + 1 ? at - kMaxLocal - 1 : 0;
    std::size_t begin = at;
    while (begin > local_floor && kLocal[byte(begin - 1)]) {
        --begin;
    }
    if (begin > 0 &&
        (byte(begin - 1) >= 0x80 || byte(begin - 1) == '@' || kLocal[byte(begin - 1)])) {
        return {};  // glued to a longer token, or a local part far too long
    }
    // Domain: forward over LDH and dots; a trailing dot or hyphen is prose.
    const std::size_t domain_ceiling = std::min(text.size(), at + 257);
    std::size_t end = at + 1;
    while (end < domain_ceiling && kDomain[byte(end)]) {
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
    if (local.empty() || local.size() > kMaxLocal || local.back() == '.') {
        return {};
    }
    for (std::size_t i = 1; i < local.size(); ++i) {
        if (local[i] == '.' && local[i - 1] == '.') {
            return {};
        }
    }
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    if (domain.size() > 255 || end - begin > kMaxAddress || !domain_ok(domain)) {
        return {};
    }
    return {begin, end};
}

#if defined(__x86_64__)
namespace {

// The classes of the bytes of a cell of 16 to 64 bytes, a bit a byte.
struct EmailMasks {
    std::uint64_t at = 0;
    std::uint64_t dot = 0;
    std::uint64_t hyphen = 0;
    std::uint64_t letter = 0;
    std::uint64_t digit = 0;
    std::uint64_t underscore_or_plus = 0;
};

// Four 16-byte loads, the last ones overlapping the previous ones instead of
// reading past the cell: bits set twice are set to the same value.
EmailMasks email_masks(std::string_view cell) noexcept {
    EmailMasks m;
    const auto in_range = [](__m128i bytes, char low, char high) {
        return _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(static_cast<char>(low - 1))),
                             _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(high + 1)), bytes));
    };
    const auto bits = [](__m128i match, std::size_t at) {
        return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(match))) << at;
    };
    for (std::size_t begin = 0; begin < cell.size(); begin += 16) {
        const std::size_t at = std::min(begin, cell.size() - 16);
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cell.data() + at));
        const auto equal = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
        m.at |= bits(equal('@'), at);
        m.dot |= bits(equal('.'), at);
        m.hyphen |= bits(equal('-'), at);
        m.letter |= bits(in_range(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), 'a', 'z'), at);
        m.digit |= bits(in_range(bytes, '0', '9'), at);
        m.underscore_or_plus |= bits(_mm_or_si128(equal('_'), equal('+')), at);
    }
    return m;
}

// is_whole_email on the masks of a cell of 16 to 64 bytes, without a branch
// a byte (the scalar loops mispredict at every dot): nullopt when the local
// part has a byte other than letters, digits and ". - _ +" (other atext, or
// none), which the scalar path then reads. The rules are domain_ok's: with
// at most 63 bytes of domain no label is too long, an empty label is "..",
// and a label starting or ending with '-' is ".-", "-." or a leading '-'.
std::optional<bool> short_whole_email(std::string_view cell) noexcept {
    const EmailMasks m = email_masks(cell);
    const std::size_t n = cell.size();
    const std::uint64_t valid = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    if ((m.at & valid) == 0) {
        return false;
    }
    const auto at = static_cast<std::size_t>(std::countr_zero(m.at));
    const std::uint64_t local = (std::uint64_t{1} << at) - 1;
    if ((local & ~(m.letter | m.digit | m.dot | m.hyphen | m.underscore_or_plus)) != 0) {
        return std::nullopt;
    }
    const std::uint64_t after_dot = m.dot << 1;
    const std::uint64_t after_hyphen = m.hyphen << 1;
    if (at == 0 || (m.dot & 1) != 0 || cell[at - 1] == '.' || (m.dot & after_dot & local) != 0) {
        return false;
    }
    // Bits above the '@' (none when it is the last byte).
    const std::uint64_t domain = valid & ~(local | (std::uint64_t{1} << at));
    const std::uint64_t dots = m.dot & domain;
    if (dots == 0) {
        return false;  // one label, or no domain at all (then at + 1 == 64 may be)
    }
    const std::uint64_t empty_or_hyphen_edge =
        (m.dot & (after_dot | after_hyphen)) | (m.hyphen & after_dot);
    if ((domain & ~(m.letter | m.digit | m.dot | m.hyphen)) != 0 ||
        ((m.dot | m.hyphen) & (std::uint64_t{1} << (at + 1))) != 0 ||
        (empty_or_hyphen_edge & domain) != 0) {
        return false;
    }
    const auto last_dot = static_cast<std::size_t>(63 - std::countl_zero(dots));
    const std::uint64_t tld = domain & ~((std::uint64_t{2} << last_dot) - 1);
    return n - last_dot - 1 >= 2 && (tld & ~m.letter) == 0;
}

}  // namespace
#endif

bool is_whole_email(std::string_view cell) noexcept {
#if defined(__x86_64__)
    if (cell.size() >= 16 && cell.size() <= 64) {
        if (const auto whole = short_whole_email(cell)) {
            return *whole;
        }
    }
#endif
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(cell[i]); };
    const std::size_t n = cell.size();
    if (n > kMaxAddress) {
        return false;
    }
    // Local part: atext and dots, no dot first, last or next to another.
    std::size_t at = 0;
    for (; at < n; ++at) {
        const unsigned char c = byte(at);
        if (kAtext[c]) {
            continue;
        }
        if (c == '@') {
            break;
        }
        if (c != '.' || at == 0 || byte(at - 1) == '.') {
            return false;
        }
    }
    if (at == 0 || at == n || at > kMaxLocal || byte(at - 1) == '.') {
        return false;
    }
    return domain_ok(cell.substr(at + 1));
}

}  // namespace lw::indexer
