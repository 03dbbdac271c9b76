#include "indexer/extract/person.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "indexer/base/ascii.h"
#include "indexer/base/calendar.h"
#include "indexer/base/cleartext.h"

namespace lw::indexer {
namespace {

// Appends `c` to `out`, folding runs of non-letters to one space.
void push_letter_or_space(std::string& out, std::size_t start, bool letter, std::string_view utf8) {
    if (letter) {
        out.append(utf8);
    } else if (out.size() > start && out.back() != ' ') {
        out.push_back(' ');
    }
}

// Drops the trailing space of what append_name wrote after `start`; false
// when it wrote no letter.
bool finish(std::string& out, std::size_t start) {
    while (out.size() > start && out.back() == ' ') {
        out.pop_back();
    }
    return out.size() > start;
}

int two(std::string_view s, std::size_t at) {
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}
int four(std::string_view s, std::size_t at) {
    return two(s, at) * 100 + two(s, at + 2);
}

bool digits_at(std::string_view s, std::size_t at, std::size_t n) {
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace

namespace {

// What one code point becomes in a name: the code points its decomposition
// leaves (compatibility forms, marks stripped, case folded), each passed to
// `emit` with whether it is a letter and its UTF-8 bytes. False when utf8proc
// cannot decompose it.
template <class Emit>
bool fold_code_point(utf8proc_int32_t cp, Emit&& emit) {
    std::array<utf8proc_int32_t, 32> decomposed{};
    int last_boundclass = 0;
    const utf8proc_ssize_t count = utf8proc_decompose_char(
        cp, decomposed.data(), static_cast<utf8proc_ssize_t>(decomposed.size()),
        static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK |
                                       UTF8PROC_CASEFOLD),
        &last_boundclass);
    if (count < 0 || count > static_cast<utf8proc_ssize_t>(decomposed.size())) {
        return false;
    }
    for (utf8proc_ssize_t i = 0; i < count; ++i) {
        const utf8proc_int32_t d = decomposed[static_cast<std::size_t>(i)];
        const utf8proc_category_t category = utf8proc_category(d);
        if (category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME) {
            continue;  // a mark
        }
        std::array<utf8proc_uint8_t, 4> encoded{};
        const utf8proc_ssize_t len = utf8proc_encode_char(d, encoded.data());
        emit(category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO,
             std::string_view(reinterpret_cast<const char*>(encoded.data()),
                              static_cast<std::size_t>(len)));
    }
    return true;
}

// U+0080 to U+00FF (the accents of French and Italian names), folded once
// by utf8proc itself so that the fast path gives exactly its result.
struct FoldedLatin1 {
    enum Kind : std::uint8_t {
        slow,     // mixes letters and non-letters: left to utf8proc
        letters,  // `bytes`
        gap,      // non-letters only: a separator
        nothing,  // marks only
    };
    Kind kind = slow;
    std::uint8_t size = 0;
    std::array<char, 8> bytes{};
};

const std::array<FoldedLatin1, 128>& folded_latin1() {
    static const std::array<FoldedLatin1, 128> table = [] {
        std::array<FoldedLatin1, 128> t{};
        for (utf8proc_int32_t cp = 0x80; cp <= 0xFF; ++cp) {
            FoldedLatin1& entry = t[static_cast<std::size_t>(cp - 0x80)];
            std::string letters;
            bool other = false;
            const bool ok = fold_code_point(cp, [&](bool letter, std::string_view utf8) {
                if (letter) {
                    letters.append(utf8);
                } else {
                    other = true;
                }
            });
            if (!ok || (other && !letters.empty()) || letters.size() > entry.bytes.size()) {
                entry.kind = FoldedLatin1::slow;
            } else if (!letters.empty()) {
                entry.kind = FoldedLatin1::letters;
                entry.size = static_cast<std::uint8_t>(letters.size());
                std::copy(letters.begin(), letters.end(), entry.bytes.begin());
            } else {
                entry.kind = other ? FoldedLatin1::gap : FoldedLatin1::nothing;
            }
        }
        return t;
    }();
    return table;
}

// The fast path of append_name: ASCII and the two-byte UTF-8 of U+0080 to
// U+00FF, into `buffer`. Nullopt when `raw` holds anything else.
constexpr std::size_t kFastNameBytes = 128;
using NameBuffer = std::array<char, kFastNameBytes * 3>;  // a Latin-1 letter folds to <= 3x
std::optional<std::size_t> fold_name_fast(std::string_view raw, NameBuffer& buffer) {
    if (raw.size() > kFastNameBytes) {
        return std::nullopt;
    }
    const auto& latin1 = folded_latin1();
    std::size_t size = 0;
    bool gap = false;
    for (std::size_t k = 0; k < raw.size(); ++k) {
        const auto c = static_cast<unsigned char>(raw[k]);
        if (c < 0x80) {
            const auto lower = static_cast<unsigned char>(c | 0x20);
            if (lower >= 'a' && lower <= 'z') {
                if (gap && size > 0) {
                    buffer[size++] = ' ';
                }
                gap = false;
                buffer[size++] = static_cast<char>(lower);
            } else {
                gap = true;
            }
            continue;
        }
        if ((c != 0xC2 && c != 0xC3) || k + 1 == raw.size() ||
            (static_cast<unsigned char>(raw[k + 1]) & 0xC0) != 0x80) {
            return std::nullopt;
        }
        const auto cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(raw[k + 1]) & 0x3Fu);
        const FoldedLatin1& entry = latin1[cp - 0x80];
        ++k;
        switch (entry.kind) {
            case FoldedLatin1::letters:
                if (gap && size > 0) {
                    buffer[size++] = ' ';
                }
                gap = false;
                std::copy_n(entry.bytes.begin(), entry.size, buffer.begin() + size);
                size += entry.size;
                break;
            case FoldedLatin1::gap:
                gap = true;
                break;
            case FoldedLatin1::nothing:
                break;
            case FoldedLatin1::slow:
                return std::nullopt;
        }
    }
    return size;
}

// Appends the normalised form of `raw` to `out` (which may already hold
// text); false when `raw` has no letter. Building the person's canonical
// form in one string this way costs one allocation instead of four.
bool append_name(std::string& out, std::string_view raw) {
    // ASCII letters only, the commonest name: lowercased where it lands, as
    // fold_name_fast would give it.
    const auto ascii_letter = [](char c) {
        const auto lower = static_cast<unsigned char>(c | 0x20);
        return lower >= 'a' && lower <= 'z';
    };
    if (!raw.empty() && raw.size() <= kFastNameBytes &&
        std::all_of(raw.begin(), raw.end(), ascii_letter)) {
        const std::size_t start = out.size();
        out.append(raw);
        // Through a local pointer and count: out[k] reloaded the string's
        // pointer and size at every byte (a char store may alias them).
        char* const letters = out.data() + start;
        for (std::size_t k = 0; k < raw.size(); ++k) {
            letters[k] = static_cast<char>(letters[k] | 0x20);
        }
        return true;
    }
    // The common case, without utf8proc per character: letters folded, every
    // run of anything else one space, none at either end; built on the stack
    // and appended once.
    NameBuffer buffer;  // not zeroed: only [0, size) is read
    if (const auto fast = fold_name_fast(raw, buffer)) {
        out.append(buffer.data(), *fast);
        wipe_cleartext_prefix(buffer.data(), *fast, buffer.size());
        return *fast > 0;
    }
    // What the fast path wrote before it gave up.
    wipe_cleartext(buffer.data(), buffer.size());
    // Walk code points; an invalid byte is one non-letter.
    const std::size_t start = out.size();
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(raw.data());
    utf8proc_ssize_t at = 0;
    const auto size = static_cast<utf8proc_ssize_t>(raw.size());
    while (at < size) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(bytes + at, size - at, &cp);
        if (n <= 0) {
            push_letter_or_space(out, start, false, {});
            ++at;
            continue;
        }
        at += n;
        // One code point at a time, so that an invalid byte elsewhere never
        // loses the whole name.
        const bool ok = fold_code_point(cp, [&](bool letter, std::string_view utf8) {
            push_letter_or_space(out, start, letter, utf8);
        });
        if (!ok) {
            push_letter_or_space(out, start, false, {});
        }
    }
    return finish(out, start);
}

}  // namespace

std::optional<std::string> normalise_name(std::string_view raw) {
    std::string out;
    if (!append_name(out, raw)) {
        return std::nullopt;
    }
    return out;
}

namespace {

// Whether `raw` is exactly YYYY-MM-DD (10 bytes, digits and two dashes),
// the SQL DATE of a dump: its eight digits checked in one 64-bit word.
bool is_iso_date(std::string_view raw) noexcept {
    if (raw.size() != 10 || raw[4] != '-' || raw[7] != '-') {
        return false;
    }
    std::uint64_t word;
    std::memcpy(&word, raw.data(), 8);
    // A byte is a digit when it XOR '0' is below 10; the dashes' bytes (4
    // and 7) are cleared. A byte at 0x80 or more, or a carry out of one
    // (which only follows a byte already refused), sets a high bit.
    constexpr std::uint64_t kZeros = 0x3030303030303030;
    constexpr std::uint64_t kHighBits = 0x8080808080808080;
    const std::uint64_t value = (word ^ kZeros) & ~std::uint64_t{0xFF0000FF00000000};
    const bool digits = (((value + 0x7676767676767676) | value) & kHighBits) == 0;
    const auto digit = [](char c) { return static_cast<unsigned char>(c - '0') < 10; };
    return digits && digit(raw[8]) && digit(raw[9]);
}

// YYYY-MM-DD into `out`; see parse_birth_date.
bool read_birth_date(std::string_view raw, bool date_column, char* out) {
    if (std::endian::native == std::endian::little && is_iso_date(raw)) {
        // What the general path below gives such a date, without its trims
        // and byte tests.
        const int year = four(raw, 0);
        if (year < 1800 || !is_valid_date(year, two(raw, 5), two(raw, 8))) {
            return false;
        }
        std::memcpy(out, raw.data(), 10);
        return true;
    }
    std::string_view s = trim_blanks(raw);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
        s = trim_blanks(s.substr(1, s.size() - 2));
    }
    // A time part after the date (SQL DATETIME, ISO with 'T') is ignored.
    if (s.size() > 10 && (s[10] == ' ' || s[10] == 'T')) {
        s = s.substr(0, 10);
    }
    // Where the year, month and day digits stand in `s`.
    std::size_t y = 0;
    std::size_t m = 0;
    std::size_t d = 0;
    if (s.size() == 10 && digits_at(s, 0, 4) && s[4] == '-' && digits_at(s, 5, 2) && s[7] == '-' &&
        digits_at(s, 8, 2)) {
        y = 0;
        m = 5;
        d = 8;
    } else if (s.size() == 10 && digits_at(s, 0, 2) && digits_at(s, 3, 2) && digits_at(s, 6, 4) &&
               (s[2] == '/' || s[2] == '-' || s[2] == '.') && s[5] == s[2]) {
        y = 6;
        m = 3;
        d = 0;
    } else if (date_column && s.size() == 8 && digits_at(s, 0, 8)) {
        y = 0;
        m = 4;
        d = 6;
    } else {
        return false;
    }
    const int year = four(s, y);
    if (year < 1800 || !is_valid_date(year, two(s, m), two(s, d))) {
        return false;
    }
    // The digits as written, already zero-padded: copied, not reformatted.
    std::memcpy(out, s.data() + y, 4);
    out[4] = '-';
    std::memcpy(out + 5, s.data() + m, 2);
    out[7] = '-';
    std::memcpy(out + 8, s.data() + d, 2);
    return true;
}

}  // namespace

std::optional<std::string> parse_birth_date(std::string_view raw, bool date_column) {
    std::string out(10, '0');
    if (!read_birth_date(raw, date_column, out.data())) {
        return std::nullopt;
    }
    return out;
}

namespace {

void wipe_and_clear(std::string& out) {
    wipe_cleartext_prefix(out.data(), out.size(), out.capacity());
    out.clear();
}

}  // namespace

bool write_person_canonical(std::string& out, std::string_view last, std::string_view first,
                            std::string_view birth_date) {
    wipe_and_clear(out);
    char date[10];
    if (!read_birth_date(birth_date, true, date) || !append_name(out, last)) {
        wipe_and_clear(out);
        return false;
    }
    out.push_back('|');
    if (!append_name(out, first)) {
        wipe_and_clear(out);
        return false;
    }
    out.push_back('|');
    out.append(date, sizeof date);
    return true;
}

namespace {

// Writes `name` lowercased at `to`; false when a byte is no ASCII letter
// (what append_name's first test asks, folded into the copy).
bool write_ascii_name(char* to, std::string_view name) noexcept {
    unsigned char letters = 1;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto lower = static_cast<unsigned char>(name[i] | 0x20);
        letters &= static_cast<unsigned char>(static_cast<unsigned char>(lower - 'a') < 26);
        to[i] = static_cast<char>(lower);
    }
    return letters != 0;
}

}  // namespace

std::optional<bool> write_ascii_person_canonical(Cleartext& out, std::string_view last,
                                                 std::string_view first,
                                                 std::string_view birth_date) {
    const std::size_t size = last.size() + 1 + first.size() + 1 + 10;
    if (last.empty() || first.empty() || size > Cleartext::kInline) {
        out.assign({});
        return std::nullopt;  // (names past kFastNameBytes never fit)
    }
    char date[10];
    if (!read_birth_date(birth_date, true, date)) {
        out.assign({});
        return false;
    }
    char* const to = out.overwrite(size);
    if (!write_ascii_name(to, last) || !write_ascii_name(to + last.size() + 1, first)) {
        out.assign({});  // wipes what was written
        return std::nullopt;
    }
    to[last.size()] = '|';
    to[last.size() + 1 + first.size()] = '|';
    std::memcpy(to + size - 10, date, 10);
    return true;
}

std::optional<std::string> person_canonical(std::string_view last, std::string_view first,
                                            std::string_view birth_date) {
    std::string out;
    out.reserve(last.size() + first.size() + 12);
    if (!write_person_canonical(out, last, first, birth_date)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace lw::indexer
