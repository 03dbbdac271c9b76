#include "indexer/extract/phone_fast_path.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

// Every rule below is quoted from libphonenumber 8.12.57's metadata
// (PhoneMetadata for FR, IT, VA) or from its Parse / IsValidNumber logic, so a
// reviewer can check the translation line by line. The regexes are always
// matched in full against the national significant number (NSN).

namespace lw::indexer {
namespace {

// Longer candidates are never valid French or Italian numbers, and leaving
// them to libphonenumber keeps its input-length limits out of this model.
constexpr std::size_t kMaxModelledLength = 30;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int digit_at(std::string_view s, std::size_t i) {
    return s[i] - '0';
}

// ---------------------------------------------------------------------------
// Validity. IsValidNumber accepts an NSN when it matches the country's
// general_desc and at least one type desc (premium, toll free, shared cost,
// VoIP, personal, pager, UAN, voicemail, fixed line, mobile), each with its
// possible lengths.

// FR general_desc: [1-9]\d{8}, length 9; every type has the same length.
bool is_valid_french_nsn(std::string_view nsn) {
    if (nsn.size() != 9) {
        return false;
    }
    const int a = digit_at(nsn, 0);
    const int b = digit_at(nsn, 1);
    const int c = digit_at(nsn, 2);
    switch (a) {
        case 1:
        case 2:
        case 3:
        case 5:
            return true;  // fixed line (?:[1-35]\d|4[1-9])\d{7}
        case 4:
            return b != 0;
        case 6:  // mobile 6(?:[0-24-8]\d|3[0-8]|9[589])\d{6}
            if (b == 3) {
                return c != 9;
            }
            if (b == 9) {
                return c == 5 || c == 8 || c == 9;
            }
            return true;
        case 7:  // mobile 7(?:00|[3-9]\d)\d{6}
            if (b == 0) {
                return c == 0;
            }
            return b >= 3;
        case 8:
            switch (b) {
                case 0:  // toll free 80[0-5]\d{6}, UAN 80[6-9]\d{6}
                case 1:  // shared cost 81[01], premium 81[2-9]
                case 2:  // shared cost 82[0156], premium 82[2-47-9]
                case 5:  // premium 8[569]\d
                case 6:
                case 9:
                case 8:  // premium 88[0-35-9], shared cost 884
                    return true;
                case 3:  // premium 83[0-57-9]\d{6} and 836(?:0[0-36-9]|[1-9]\d)\d{4}
                    if (c != 6) {
                        return true;
                    }
                    return !(nsn[3] == '0' && (nsn[4] == '4' || nsn[4] == '5'));
                case 4:  // shared cost 84[02]\d{6}
                    return c == 0 || c == 2;
                default:  // 87: no type
                    return false;
            }
        case 9:
            return true;  // VoIP 9\d{8}
        default:
            return false;  // general_desc excludes a leading 0
    }
}

// Bit set of digits from a regex character class body such as "0-57-9".
constexpr std::uint16_t digit_class(std::string_view body) {
    std::uint16_t mask = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (i + 2 < body.size() && body[i + 1] == '-') {
            for (char c = body[i]; c <= body[i + 2]; ++c) {
                mask |= static_cast<std::uint16_t>(1u << (c - '0'));
            }
            i += 2;
        } else {
            mask |= static_cast<std::uint16_t>(1u << (body[i] - '0'));
        }
    }
    return mask;
}

// [first digit][second digit] -> allowed third digits of an Italian area code
// (the three digits after the leading 0).
using AreaTable = std::array<std::array<std::uint16_t, 10>, 10>;

// IT fixed_line, second alternative, lengths 6-11:
// 0(?:1(?:[0159]\d|[27][1-5]|31|4[1-4]|6[1356]|8[2-57])|2\d\d|
//   3(?:[0159]\d|2[1-4]|3[12]|[48][1-6]|6[2-59]|7[1-7])|
//   4(?:[0159]\d|[23][1-9]|4[245]|6[1-5]|7[1-4]|81)|
//   5(?:[0159]\d|2[1-5]|3[2-6]|4[1-79]|6[4-6]|7[1-578]|8[3-8])|
//   6(?:[0-57-9]\d|6[0-8])|
//   7(?:[0159]\d|2[12]|3[1-7]|4[2-46]|6[13569]|7[13-6]|8[1-59])|
//   8(?:[0159]\d|2[3-578]|3[1-356]|[6-8][1-5])|
//   9(?:[0159]\d|[238][1-5]|4[12]|6[1-8]|7[1-6]))\d{2,7}
constexpr AreaTable make_italian_area_table() {
    AreaTable table{};
    auto allow = [&table](int first, std::string_view second, std::string_view third) {
        const std::uint16_t seconds = digit_class(second);
        for (int b = 0; b < 10; ++b) {
            if (seconds & (1u << b)) {
                table[first][b] |= digit_class(third);
            }
        }
    };
    allow(1, "0159", "0-9");
    allow(1, "27", "1-5");
    allow(1, "3", "1");
    allow(1, "4", "1-4");
    allow(1, "6", "1356");
    allow(1, "8", "2-57");
    allow(2, "0-9", "0-9");
    allow(3, "0159", "0-9");
    allow(3, "2", "1-4");
    allow(3, "3", "12");
    allow(3, "48", "1-6");
    allow(3, "6", "2-59");
    allow(3, "7", "1-7");
    allow(4, "0159", "0-9");
    allow(4, "23", "1-9");
    allow(4, "4", "245");
    allow(4, "6", "1-5");
    allow(4, "7", "1-4");
    allow(4, "8", "1");
    allow(5, "0159", "0-9");
    allow(5, "2", "1-5");
    allow(5, "3", "2-6");
    allow(5, "4", "1-79");
    allow(5, "6", "4-6");
    allow(5, "7", "1-578");
    allow(5, "8", "3-8");
    allow(6, "0-57-9", "0-9");
    allow(6, "6", "0-8");
    allow(7, "0159", "0-9");
    allow(7, "2", "12");
    allow(7, "3", "1-7");
    allow(7, "4", "2-46");
    allow(7, "6", "13569");
    allow(7, "7", "13-6");
    allow(7, "8", "1-59");
    allow(8, "0159", "0-9");
    allow(8, "2", "3-578");
    allow(8, "3", "1-356");
    allow(8, "6-8", "1-5");
    allow(9, "0159", "0-9");
    allow(9, "238", "1-5");
    allow(9, "4", "12");
    allow(9, "6", "1-8");
    allow(9, "7", "1-6");
    return table;
}

constexpr AreaTable kItalianAreas = make_italian_area_table();

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.starts_with(prefix);
}

// +39 is shared by IT and VA. GetRegionCodeForNumber tries IT's types first,
// then VA (leading_digits 06698), whose only own range is fixed line
// 06698\d{1,6}; VA's other types repeat IT's. IT general_desc, lengths 6-12:
// 0\d{5,10}|1\d{8,10}|3(?:[0-8]\d{7,10}|9\d{7,8})|(?:55|70)\d{8}|8\d{5}(?:\d{2,4})?
bool is_valid_italian_nsn(std::string_view nsn) {
    const std::size_t n = nsn.size();
    if (n < 6 || n > 12) {
        return false;
    }
    switch (nsn[0]) {
        case '0':
            if (n > 11) {
                return false;
            }
            if (starts_with(nsn, "0878")) {
                return n == 9;  // premium 0878\d{5}; 878 is no area code
            }
            if (starts_with(nsn, "0669")) {
                // IT fixed line 0669[0-79]\d{1,6}, VA fixed line 06698\d{1,6}
                return true;
            }
            return (kItalianAreas[digit_at(nsn, 1)][digit_at(nsn, 2)] >> digit_at(nsn, 3)) & 1u;
        case '1':
            // premium (?:1(?:44|6[346]))\d{6}; personal 1(?:78\d|99)\d{6}
            if (n == 9) {
                return starts_with(nsn, "144") || starts_with(nsn, "163") ||
                       starts_with(nsn, "164") || starts_with(nsn, "166") ||
                       starts_with(nsn, "199");
            }
            return n == 10 && starts_with(nsn, "178");
        case '3':
            // mobile 3[1-9]\d{8}|3[2-9]\d{7}; voicemail 3[2-8]\d{9,10}
            switch (nsn[1]) {
                case '0':
                    return false;
                case '1':
                    return n == 10;
                case '9':
                    return n == 9 || n == 10;
                default:
                    return n >= 9;
            }
        case '5':
            return n == 10 && nsn[1] == '5';  // VoIP 55\d{8}
        case '8':
            if (nsn[1] == '0') {  // toll free 80(?:0\d{3}|3)\d{3}
                return (nsn[2] == '0' && n == 9) || (nsn[2] == '3' && n == 6);
            }
            if (nsn[1] == '4') {  // shared cost 84(?:[08]\d{3}|[17])\d{3}
                return ((nsn[2] == '0' || nsn[2] == '8') && n == 9) ||
                       ((nsn[2] == '1' || nsn[2] == '7') && n == 6);
            }
            if (nsn[1] != '9') {
                return false;
            }
            // premium 89(?:2\d|3[04]|4(?:[0-4]|[5-9]\d\d)|5[0-4])\d\d
            //       | 89(?:38|5[5-9]|9)\d{6}
            switch (nsn[2]) {
                case '2':
                    return n == 6;
                case '3':
                    return ((nsn[3] == '0' || nsn[3] == '4') && n == 6) ||
                           (nsn[3] == '8' && n == 10);
                case '4':
                    return nsn[3] <= '4' ? n == 6 : n == 8;
                case '5':
                    return nsn[3] <= '4' ? n == 6 : n == 10;
                case '9':
                    return n == 9;
                default:
                    return false;
            }
        default:
            return false;  // 2, 4, 6, 7, 9 (70 is in general_desc but in no type)
    }
}

// The general_desc regex above, without length list: MaybeExtractCountryCode
// only matches the pattern.
bool matches_italian_general(std::string_view nsn) {
    const std::size_t n = nsn.size();
    if (n == 0) {
        return false;
    }
    switch (nsn[0]) {
        case '0':
            return n >= 6 && n <= 11;
        case '1':
            return n >= 9 && n <= 11;
        case '3':
            if (n < 2) {
                return false;
            }
            return nsn[1] == '9' ? (n == 9 || n == 10) : (n >= 9 && n <= 12);
        case '5':
        case '7':
            return n == 10 && (starts_with(nsn, "55") || starts_with(nsn, "70"));
        case '8':
            return n == 6 || n == 8 || n == 9 || n == 10;
        default:
            return false;
    }
}

// ---------------------------------------------------------------------------
// Parsing. What Parse(candidate, region) yields as country code and NSN.

enum class ParseKind { not_modelled, failed, parsed };

struct ParsedNumber {
    ParseKind kind = ParseKind::not_modelled;
    int country_code = 0;
    std::string_view nsn;
};

ParsedNumber parsed(int country_code, std::string_view nsn) {
    return {ParseKind::parsed, country_code, nsn};
}

// The trunk 0 that Parse strips after finding the country code: only if at
// least 9 digits (FR's one possible length) remain.
std::string_view strip_french_trunk_zero(std::string_view national) {
    if (!national.empty() && national.front() == '0' && national.size() - 1 >= 9) {
        return national.substr(1);
    }
    return national;
}

// After "+" or a stripped "00". The country code is region independent; the
// national prefix (FR: "0") of the number's own country is then stripped once
// if what remains still has a possible length (9) or is too long.
ParsedNumber parse_international(std::string_view digits) {
    if (digits.size() <= 2) {
        return {ParseKind::failed, 0, {}};  // TOO_SHORT_AFTER_IDD
    }
    const std::string_view rest = digits.substr(2);
    if (starts_with(digits, "33")) {
        return parsed(33, strip_french_trunk_zero(rest));
    }
    if (starts_with(digits, "39")) {
        return parsed(39, rest);  // IT has no national prefix for parsing
    }
    return {};
}

// National French number. MaybeExtractCountryCode treats a leading "33" as the
// country code when the whole is longer than 9 digits (TOO_LONG); it then
// strips a trunk 0 from the rest without any length check, and Parse may strip
// a second one, so "3300612345678" is +33612345678. With 9 digits or fewer
// the 33 stays: 9 digits match [1-9]\d{8} as they are, and with fewer neither
// the whole nor the rest can match it.
ParsedNumber parse_french_national(std::string_view digits) {
    if (starts_with(digits, "33") && digits.size() > 9) {
        std::string_view national = digits.substr(2);
        if (national.front() == '0') {
            national.remove_prefix(1);
        }
        return parsed(33, strip_french_trunk_zero(national));
    }
    return parsed(33, strip_french_trunk_zero(digits));
}

// National Italian number: no trunk prefix. A leading "39" is the country code
// when the whole is longer than 12 digits, or when the whole does not match
// the general pattern and the rest does.
ParsedNumber parse_italian_national(std::string_view digits) {
    if (starts_with(digits, "39")) {
        const std::size_t n = digits.size();
        if (n == 9 || n == 10) {
            return parsed(39, digits);
        }
        const std::string_view rest = digits.substr(2);
        if (n > 12 || matches_italian_general(rest)) {
            return parsed(39, rest);
        }
    }
    return parsed(39, digits);
}

enum class Region { france, italy, other };

Region region_of(const std::string& code) {
    // Two letters compared as such: == against a literal is a call per number.
    if (code.size() == 2 && code[0] == 'F' && code[1] == 'R') {
        return Region::france;
    }
    if (code.size() == 2 && code[0] == 'I' && code[1] == 'T') {
        return Region::italy;
    }
    return Region::other;
}

// `digits` is the candidate without its "+", known to be all digits.
ParsedNumber parse_in_region(std::string_view digits, bool has_plus, Region region) {
    if (has_plus) {
        // "+0..." makes Parse retry without the plus; not worth modelling.
        if (!digits.empty() && digits.front() == '0') {
            return {};
        }
        return parse_international(digits);
    }
    if (starts_with(digits, "00")) {
        // Both regions use 00 as international prefix, but it is not taken
        // as one when a 0 follows.
        if (digits.size() > 2 && digits[2] == '0') {
            return {};
        }
        return parse_international(digits.substr(2));
    }
    return region == Region::france ? parse_french_national(digits)
                                    : parse_italian_national(digits);
}

bool is_valid(const ParsedNumber& number) {
    if (number.kind != ParseKind::parsed) {
        return false;
    }
    return number.country_code == 33 ? is_valid_french_nsn(number.nsn)
                                     : is_valid_italian_nsn(number.nsn);
}

std::string to_e164(const ParsedNumber& number) {
    std::string out(3 + number.nsn.size(), '+');
    out[1] = '3';
    out[2] = number.country_code == 33 ? '3' : '9';
    std::copy(number.nsn.begin(), number.nsn.end(), out.begin() + 3);
    return out;
}

}  // namespace

FastPathResult fast_path_to_e164(std::string_view candidate,
                                 std::span<const std::string> default_regions) {
    if (candidate.size() > kMaxModelledLength) {
        return {};
    }
    const bool has_plus = !candidate.empty() && candidate.front() == '+';
    const std::string_view digits = has_plus ? candidate.substr(1) : candidate;
    for (char c : digits) {
        if (!is_digit(c)) {
            return {};
        }
    }
    for (const std::string& code : default_regions) {
        const Region region = region_of(code);
        if (region == Region::other) {
            return {};
        }
        const ParsedNumber number = parse_in_region(digits, has_plus, region);
        if (number.kind == ParseKind::not_modelled) {
            return {};
        }
        if (is_valid(number)) {
            return {FastPathStatus::valid, to_e164(number)};
        }
    }
    return {FastPathStatus::invalid, {}};
}

}  // namespace lw::indexer
