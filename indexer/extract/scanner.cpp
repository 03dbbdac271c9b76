#include "indexer/extract/scanner.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>

#include "indexer/base/ascii.h"
#include "indexer/base/simd_level.h"
#include "indexer/extract/byte_search.h"
#include "indexer/extract/card.h"
#include "indexer/extract/codice_fiscale.h"
#include "indexer/extract/email.h"
#include "indexer/extract/iban.h"
#include "indexer/extract/nir.h"
#include "indexer/extract/phone.h"
#include "indexer/extract/scan_starts.h"

namespace lw::indexer {
namespace {

enum ByteClass : std::uint8_t { kOther = 0, kDigit = 1, kLetter = 2 };

constexpr std::array<std::uint8_t, 256> make_classes() {
    std::array<std::uint8_t, 256> table{};
    for (int c = '0'; c <= '9'; ++c)
        table[static_cast<std::size_t>(c)] = kDigit;
    for (int c = 'a'; c <= 'z'; ++c)
        table[static_cast<std::size_t>(c)] = kLetter;
    for (int c = 'A'; c <= 'Z'; ++c)
        table[static_cast<std::size_t>(c)] = kLetter;
    return table;
}

constexpr std::array<std::uint8_t, 256> kClass = make_classes();

inline std::uint8_t class_of_char(char c) {
    return kClass[static_cast<unsigned char>(c)];
}
inline std::uint8_t class_of(std::string_view text, std::size_t i) {
    return kClass[static_cast<unsigned char>(text[i])];
}
inline bool is_digit_at(std::string_view text, std::size_t i) {
    return i < text.size() && class_of(text, i) == kDigit;
}
inline bool is_letter_at(std::string_view text, std::size_t i) {
    return i < text.size() && class_of(text, i) == kLetter;
}
inline bool is_alnum_at(std::string_view text, std::size_t i) {
    return i < text.size() && class_of(text, i) != kOther;
}
inline bool is_group_separator(char c) {
    return c == ' ' || c == '.' || c == '-';
}
// The longest digit string any kind can hold: 19 for a card, "00" + 15 for
// an international phone number.
constexpr std::size_t kMaxCompact = 20;
constexpr std::size_t kMaxGroups = 24;
// The fewest digits of a national phone number in free text: 9 (a French
// one has 10), or 6 with Italy among the regions, whose landlines
// libphonenumber takes from a 0 and 5 digits.
constexpr std::size_t kMinNationalDigits = 9;
constexpr std::size_t kMinItalianDigits = 6;

// Appends a match and returns its value to fill: built where it is kept, for
// a move copies the whole inline buffer of a Cleartext.
Cleartext& add_match(std::vector<Match>& out, Kind kind, std::size_t offset, std::size_t length) {
    Match& match = out.emplace_back();
    match.kind = kind;
    match.offset = offset;
    match.length = length;
    return match.canonical;
}

}  // namespace

enum class Scanner::NumberPass { checksummed, phone };

struct Scanner::Group {
    std::size_t begin;
    std::size_t end;
};

Scanner::Scanner(const PhoneNormalizer& phones, ScanOptions options)
    : phones_(phones),
      options_(std::move(options)),
      italian_(std::find(options_.regions.begin(), options_.regions.end(), "IT") !=
               options_.regions.end()) {
    // A bad LW_SIMD ends the command here, before any byte is scanned.
    static_cast<void>(requested_simd_level());
    for (const std::string& region : options_.column_regions) {
        std::vector<std::string> order{region};
        for (const std::string& r : options_.regions) {
            if (r != region) {
                order.push_back(r);
            }
        }
        column_region_orders_.push_back(std::move(order));
    }
}

namespace {

// Region codes are two letters: a loop, where == calls memcmp for each cell.
bool same_region(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::span<const std::string> Scanner::phone_regions_for(
    std::string_view column_region) const noexcept {
    if (column_region.empty() ||
        (!options_.regions.empty() && same_region(options_.regions.front(), column_region))) {
        return options_.regions;
    }
    for (const auto& order : column_region_orders_) {
        if (same_region(order.front(), column_region)) {
            return order;
        }
    }
    return options_.regions;  // not a region any column suggests
}

void Scanner::scan(std::string_view text, std::vector<Match>& out) const {
    if (text.empty()) {
        return;  // and memchr must not see the null data() of an empty view
    }
    // Every kind needs a digit or an '@', but for the codice fiscale, whose
    // 16 characters may all be omocodia letters: most short cells ("F",
    // "NEGATIF", a town) are done here.
    //
    // Fewer than 13 digits and nothing else (an SQL dump's id, an amount)
    // can only be a phone, which needs a leading 0 (national, or 00) or 3
    // and 10 digits (an Italian mobile): the card and the NIR need 13 or more,
    // every other kind a letter or an '@'. The id column of a dump cost 8%
    // of its time here.
    if (text.size() < 16) {
        bool possible = false;
        std::size_t digits = 0;
        for (const char c : text) {
            const bool digit = class_of_char(c) == kDigit;
            possible = possible || digit || c == '@';
            digits += digit ? 1 : 0;
        }
        if (!possible) {
            return;
        }
        // Led by 3, only the 10 digits of a mobile in one piece are a phone
        // (worth_trying): a dump's ids from 3 to 3999999 are no more.
        const bool may_be_phone = text[0] == '0' || (text[0] == '3' && digits == 10);
        if (digits == text.size() && digits < 13 && !may_be_phone) {
            return;
        }
    }
    const std::size_t first_match = out.size();
    // Emails first: their local parts may hold digits that are no number.
    std::array<EmailSpan, 64> emails;  // not zeroed: only [0, email_count) is read
    std::size_t email_count = 0;
    for (const char* at = static_cast<const char*>(std::memchr(text.data(), '@', text.size()));
         at != nullptr;) {
        const auto position = static_cast<std::size_t>(at - text.data());
        const EmailSpan span = find_email_at(text, position);
        std::size_t next = position + 1;
        if (span.end != 0) {
            assign_lowercase(add_match(out, Kind::email, span.begin, span.end - span.begin),
                             text.substr(span.begin, span.end - span.begin));
            if (email_count < emails.size()) {
                emails[email_count++] = span;
            }
            next = span.end;
        }
        if (next >= text.size()) {
            break;
        }
        at = static_cast<const char*>(std::memchr(text.data() + next, '@', text.size() - next));
    }

    std::size_t email_index = 0;
    std::size_t i = 0;
    const std::size_t n = text.size();
    ScanStarts starts(text);
    while (true) {
        // Past the words that need no look, to the next that may.
        i = starts.next(i);
        if (i >= n) {
            break;
        }
        while (email_index < email_count && emails[email_index].end <= i) {
            ++email_index;
        }
        if (email_index < email_count && i >= emails[email_index].begin) {
            i = emails[email_index].end;
            continue;
        }
        const std::size_t limit = email_index < email_count ? emails[email_index].begin : n;
        if (class_of(text, i) == kDigit) {
            scan_number_span(text.substr(0, limit), i, out);
            continue;
        }
        std::size_t end = i;
        while (end < n && class_of(text, end) != kOther) {
            ++end;
        }
        const std::size_t length = end - i;
        if (length == 16 && codice_fiscale_is_valid(text.substr(i, 16))) {
            assign_uppercase(add_match(out, Kind::cf, i, 16), text.substr(i, 16));
        } else if (length >= 4 && class_of(text, i + 1) == kLetter &&
                   class_of(text, i + 2) == kDigit && class_of(text, i + 3) == kDigit) {
            try_iban(text.substr(0, limit), i, end, out);
        }
        i = end;
    }
    if (out.size() - first_match > 1) {
        std::stable_sort(out.begin() + static_cast<long>(first_match), out.end(),
                         [](const Match& a, const Match& b) { return a.offset < b.offset; });
    }
}

void Scanner::scan_number_span(std::string_view text, std::size_t& at,
                               std::vector<Match>& out) const {
    const std::size_t n = text.size();
    const bool plus = at > 0 && text[at - 1] == '+' && (at < 2 || !is_alnum_at(text, at - 2));
    std::array<Group, kMaxGroups> groups;  // not zeroed: only [0, count) is read
    std::size_t count = 0;
    std::size_t digits = 0;
    std::size_t p = at;
    while (true) {
        const std::size_t begin = p;
        while (true) {
            p += digit_run(text, p);
            if (p >= n) {
                break;
            }
            // Corsica: a NIR's department 2A or 2B, the 7th character.
            const char c = ascii_upper(text[p]);
            if ((c == 'A' || c == 'B') && p > begin && text[p - 1] == '2' &&
                digits + (p - begin) == 6 && !is_letter_at(text, p + 1)) {
                ++p;
                continue;
            }
            break;
        }
        if (p < n && class_of(text, p) == kLetter) {
            // Digits glued to letters are a code of some other kind: skip the word.
            while (p < n && class_of(text, p) != kOther) {
                ++p;
            }
            break;
        }
        groups[count++] = {begin, p};
        digits += p - begin;
        if (count == kMaxGroups || p >= n) {
            break;
        }
        // "+33 (0)6 ...": the bracketed 0 is a group of its own, read as
        // libphonenumber reads it: France's trunk 0, dropped, but part of an
        // Italian number ("+39 (0)2 ..." is +392...).
        std::size_t q = p;
        if (text[q] == ' ' && q + 1 < n && text[q + 1] == '(') {
            ++q;
        }
        if (text[q] == '(' && text.substr(q, 3) == "(0)" && count + 1 < kMaxGroups) {
            const std::size_t zero = q + 1;
            q += 3;
            if (q < n && text[q] == ' ') {
                ++q;
            }
            if (is_digit_at(text, q)) {
                groups[count++] = {zero, zero + 1};
                ++digits;
                p = q;
                continue;
            }
        }
        if (is_group_separator(text[p]) && is_digit_at(text, p + 1)) {
            ++p;
            continue;
        }
        break;
    }
    at = p;
    // Most spans (times, dates, amounts, house numbers) are too short for
    // any kind: national phones need 9 digits (6 with Italy among the
    // regions), international ones "+" and 7.
    const std::size_t min_national = italian_ ? kMinItalianDigits : kMinNationalDigits;
    if (digits < min_national && !(plus && digits >= 7)) {
        return;
    }

    // Checksummed kinds first (NIR, card), then phones in what is left:
    // a checksum is strong evidence, a phone's shape is weak. Within a pass,
    // the longest run of groups that is an identifier wins; groups that
    // start none are dropped one at a time.
    std::array<bool, kMaxGroups> used{};
    const std::span<const Group> all(groups.data(), count);
    // Characters before each group, to skip runs no kind can have.
    std::array<std::size_t, kMaxGroups + 1> before;
    before[0] = 0;
    for (std::size_t g = 0; g < count; ++g) {
        before[g + 1] = before[g] + (groups[g].end - groups[g].begin);
    }
    // An identifier starts at the span's start or after a space: '-' and
    // '.' bind groups into one token (a date "2024-05-01", an address), so
    // no identifier starts inside one. International phone numbers need 8
    // characters, national ones 9 digits, or 6 for an Italian landline (a
    // 0 then an area code: "00..." is a prefix) written in one piece or in
    // groups joined by spaces, at the span's start or right after another
    // identifier. Joined by '.' or '-', digits that few are a date
    // ("01.02.2024", "05-01 12": Genoa's and Pisa's numbers to
    // libphonenumber); inside a run of groups, the end of another number
    // ("09 93 83" in the invalid "07 20 09 93 83").
    const auto can_start = [&](std::size_t first) {
        return first == 0 || text[groups[first].begin - 1] == ' ';
    };
    const auto short_italian = [&](std::size_t first, std::size_t last, std::size_t length) {
        const Group& lead = groups[first];
        if (!italian_ || length < kMinItalianDigits || lead.end - lead.begin < 2 ||
            text[lead.begin + 1] == '0' || (first > 0 && !used[first - 1])) {
            return false;
        }
        for (std::size_t g = first + 1; g < last; ++g) {
            if (text[groups[g].begin - 1] != ' ') {
                return false;
            }
        }
        return true;
    };
    // REQUIRES: can_start(first).
    const auto worth_trying = [&](NumberPass pass, std::size_t first, std::size_t last) {
        const bool with_plus = plus && first == 0;
        const std::size_t length = before[last] - before[first] + (with_plus ? 1 : 0);
        if (pass == NumberPass::checksummed) {
            return !with_plus && length >= 13 && length <= 19;
        }
        const char lead = text[groups[first].begin];
        return length <= 18 && ((with_plus && length >= 8) ||
                                (lead == '0' && (length >= kMinNationalDigits ||
                                                 short_italian(first, last, length))) ||
                                (lead == '3' && length == 10));
    };
    // A span led by "+" or "00" is one international number, read whole as
    // libphonenumber reads it: the country it names decides, and when the
    // whole is invalid there no part of it is a phone. "+33 3278604701" is
    // no Italian mobile, "00 035259679" no Bergamo landline, "+33 6 12 34 56
    // 78 9" no French mobile. It is read before the checksummed kinds, whose
    // lengths its tail may have ("00 39 367564894655" holds a Luhn-valid 14
    // digits), and again in the phone pass only up to one they found in it
    // ("+33 6 12 34 56 78" then a NIR).
    const bool international =
        plus || (groups[0].end - groups[0].begin >= 2 && text[groups[0].begin] == '0' &&
                 text[groups[0].begin + 1] == '0');
    if (international && worth_trying(NumberPass::phone, 0, count) &&
        try_number(text, all, 0, count, plus, NumberPass::phone, out)) {
        return;
    }
    // Whether a pass can find anything at all: a checksummed kind needs 13
    // characters, a phone a start with '+', '0' or '3'. A date and time or an
    // IP address, spans of this length, then cost no search.
    const auto pass_possible = [&](NumberPass pass) {
        if (pass == NumberPass::checksummed) {
            return digits >= 13;
        }
        for (std::size_t g = 0; g < count; ++g) {
            const char lead = text[groups[g].begin];
            if (can_start(g) && ((plus && g == 0) || lead == '0' || lead == '3')) {
                return true;
            }
        }
        return false;
    };
    for (const NumberPass pass : {NumberPass::checksummed, NumberPass::phone}) {
        if (!pass_possible(pass)) {
            continue;
        }
        std::size_t first = 0;
        while (first < count) {
            bool matched = false;
            std::size_t free_end = first;
            while (free_end < count && !used[free_end]) {
                ++free_end;
            }
            const bool whole_only = pass == NumberPass::phone && first == 0 && international;
            if (whole_only && free_end == count) {
                break;  // read whole above
            }
            for (std::size_t last = free_end; can_start(first) && last > first; --last) {
                if (worth_trying(pass, first, last) &&
                    try_number(text, all, first, last, plus && first == 0, pass, out)) {
                    std::fill(used.begin() + static_cast<long>(first),
                              used.begin() + static_cast<long>(last), true);
                    first = last;
                    matched = true;
                    break;
                }
                if (whole_only) {
                    break;
                }
            }
            if (!matched) {
                if (whole_only) {
                    break;
                }
                ++first;
            }
        }
    }
}

bool Scanner::try_number(std::string_view text, std::span<const Group> groups, std::size_t first,
                         std::size_t last, bool plus, NumberPass pass,
                         std::vector<Match>& out) const {
    std::array<char, kMaxCompact + 1> buffer;  // not zeroed: only [0, size) is read
    std::size_t size = 0;
    bool letters = false;
    if (plus) {
        buffer[size++] = '+';
    }
    for (std::size_t g = first; g < last; ++g) {
        for (std::size_t k = groups[g].begin; k < groups[g].end; ++k) {
            if (size == buffer.size()) {
                return false;
            }
            letters = letters || class_of(text, k) != kDigit;
            buffer[size++] = text[k];
        }
    }
    const std::string_view compact(buffer.data(), size);
    const std::size_t offset = groups[first].begin - (plus ? 1 : 0);
    const std::size_t end = groups[last - 1].end;
    if (pass == NumberPass::phone) {
        return !letters && try_phone(compact, offset, end, out);
    }
    if (!plus && size == 15) {
        std::array<char, 15> nir;  // not zeroed: written whole when valid
        if (write_nir_canonical(compact, false, nir)) {
            add_match(out, Kind::nir, offset, end - offset)
                .assign(std::string_view(nir.data(), nir.size()));
            return true;
        }
    }
    if (letters || plus || size < 13 || size > 19 || !card_is_valid(compact)) {
        return false;
    }
    add_match(out, Kind::card, offset, end - offset).assign(compact);
    return true;
}

bool Scanner::try_phone(std::string_view compact, std::size_t offset, std::size_t end,
                        std::vector<Match>& out) const {
    const std::size_t size = compact.size();
    const bool plus = compact[0] == '+';
    const bool phone_shaped =
        plus ? size >= 5
             : (compact[0] == '0' && size >= 6) || (italian_ && compact[0] == '3' && size == 10);
    if (!phone_shaped || size > 18) {
        return false;
    }
    auto e164 = phones_.to_e164(compact, options_.regions);
    if (!e164) {
        return false;
    }
    add_match(out, Kind::phone, offset, end - offset) = Cleartext(std::move(*e164));
    return true;
}

bool Scanner::try_iban(std::string_view text, std::size_t word_begin, std::size_t& word_end,
                       std::vector<Match>& out) const {
    const char country[2] = {ascii_upper(text[word_begin]), ascii_upper(text[word_begin + 1])};
    const std::size_t length = iban_length_for(std::string_view(country, 2));
    if (length == 0) {
        return false;
    }
    std::array<char, 34> compact{};
    std::size_t size = 0;
    std::size_t end = word_begin;
    std::size_t word = word_begin;
    while (true) {
        std::size_t word_stop = word;
        while (word_stop < text.size() && class_of(text, word_stop) != kOther) {
            ++word_stop;
        }
        if (size + (word_stop - word) > length) {
            return false;
        }
        for (std::size_t k = word; k < word_stop; ++k) {
            compact[size++] = text[k];
        }
        end = word_stop;
        if (size == length) {
            break;
        }
        if (end + 1 < text.size() && text[end] == ' ' && is_alnum_at(text, end + 1)) {
            word = end + 1;
            continue;
        }
        return false;
    }
    // An IBAN-shaped run of the right length is one token even when its
    // check fails: the digits inside are not read as other numbers.
    word_end = end;
    auto canonical = iban_canonical(std::string_view(compact.data(), size));
    if (!canonical) {
        return false;
    }
    add_match(out, Kind::iban, word_begin, end - word_begin) = Cleartext(std::move(*canonical));
    return true;
}

}  // namespace lw::indexer
