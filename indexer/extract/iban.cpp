#include "indexer/extract/iban.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "indexer/base/ascii.h"
#include "indexer/extract/codice_fiscale.h"

namespace lw::indexer {
namespace {

struct CountryFormat {
    std::string_view country;
    // One class per BBAN position: n digit, a uppercase letter, c alphanumeric.
    std::string_view bban;
};

// The SWIFT IBAN registry (release 101), BBAN structures expanded.
constexpr CountryFormat kRegistry[] = {
    {"AD", "nnnnnnnncccccccccccc"},           // 4!n4!n12!c
    {"AE", "nnnnnnnnnnnnnnnnnnn"},            // 3!n16!n
    {"AL", "nnnnnnnncccccccccccccccc"},       // 8!n16!c
    {"AT", "nnnnnnnnnnnnnnnn"},               // 5!n11!n
    {"AZ", "aaaacccccccccccccccccccc"},       // 4!a20!c
    {"BA", "nnnnnnnnnnnnnnnn"},               // 3!n3!n8!n2!n
    {"BE", "nnnnnnnnnnnn"},                   // 3!n7!n2!n
    {"BG", "aaaannnnnncccccccc"},             // 4!a4!n2!n8!c
    {"BH", "aaaacccccccccccccc"},             // 4!a14!c
    {"BI", "nnnnnnnnnnnnnnnnnnnnnnn"},        // 5!n5!n11!n2!n
    {"BR", "nnnnnnnnnnnnnnnnnnnnnnnac"},      // 8!n5!n10!n1!a1!c
    {"BY", "ccccnnnncccccccccccccccc"},       // 4!c4!n16!c
    {"CH", "nnnnncccccccccccc"},              // 5!n12!c
    {"CR", "nnnnnnnnnnnnnnnnnn"},             // 4!n14!n
    {"CY", "nnnnnnnncccccccccccccccc"},       // 3!n5!n16!c
    {"CZ", "nnnnnnnnnnnnnnnnnnnn"},           // 4!n16!n
    {"DE", "nnnnnnnnnnnnnnnnnn"},             // 8!n10!n
    {"DJ", "nnnnnnnnnnnnnnnnnnnnnnn"},        // 5!n5!n11!n2!n
    {"DK", "nnnnnnnnnnnnnn"},                 // 4!n9!n1!n
    {"DO", "ccccnnnnnnnnnnnnnnnnnnnn"},       // 4!c20!n
    {"EE", "nnnnnnnnnnnnnnnn"},               // 2!n14!n
    {"EG", "nnnnnnnnnnnnnnnnnnnnnnnnn"},      // 4!n4!n17!n
    {"ES", "nnnnnnnnnnnnnnnnnnnn"},           // 4!n4!n1!n1!n10!n
    {"FI", "nnnnnnnnnnnnnn"},                 // 3!n11!n
    {"FK", "aannnnnnnnnnnn"},                 // 2!a12!n
    {"FO", "nnnnnnnnnnnnnn"},                 // 4!n9!n1!n
    {"FR", "nnnnnnnnnncccccccccccnn"},        // 5!n5!n11!c2!n
    {"GB", "aaaannnnnnnnnnnnnn"},             // 4!a6!n8!n
    {"GE", "aannnnnnnnnnnnnnnn"},             // 2!a16!n
    {"GI", "aaaaccccccccccccccc"},            // 4!a15!c
    {"GL", "nnnnnnnnnnnnnn"},                 // 4!n9!n1!n
    {"GR", "nnnnnnncccccccccccccccc"},        // 3!n4!n16!c
    {"GT", "cccccccccccccccccccccccc"},       // 4!c20!c
    {"HN", "aaaannnnnnnnnnnnnnnnnnnn"},       // 4!a20!n
    {"HR", "nnnnnnnnnnnnnnnnn"},              // 7!n10!n
    {"HU", "nnnnnnnnnnnnnnnnnnnnnnnn"},       // 3!n4!n1!n15!n1!n
    {"IE", "aaaannnnnnnnnnnnnn"},             // 4!a6!n8!n
    {"IL", "nnnnnnnnnnnnnnnnnnn"},            // 3!n3!n13!n
    {"IQ", "aaaannnnnnnnnnnnnnn"},            // 4!a3!n12!n
    {"IS", "nnnnnnnnnnnnnnnnnnnnnn"},         // 4!n2!n6!n10!n
    {"IT", "annnnnnnnnncccccccccccc"},        // 1!a5!n5!n12!c
    {"JO", "aaaannnncccccccccccccccccc"},     // 4!a4!n18!c
    {"KW", "aaaacccccccccccccccccccccc"},     // 4!a22!c
    {"KZ", "nnnccccccccccccc"},               // 3!n13!c
    {"LB", "nnnncccccccccccccccccccc"},       // 4!n20!c
    {"LC", "aaaacccccccccccccccccccccccc"},   // 4!a24!c
    {"LI", "nnnnncccccccccccc"},              // 5!n12!c
    {"LT", "nnnnnnnnnnnnnnnn"},               // 5!n11!n
    {"LU", "nnnccccccccccccc"},               // 3!n13!c
    {"LV", "aaaaccccccccccccc"},              // 4!a13!c
    {"LY", "nnnnnnnnnnnnnnnnnnnnn"},          // 3!n3!n15!n
    {"MC", "nnnnnnnnnncccccccccccnn"},        // 5!n5!n11!c2!n
    {"MD", "cccccccccccccccccccc"},           // 2!c18!c
    {"ME", "nnnnnnnnnnnnnnnnnn"},             // 3!n13!n2!n
    {"MK", "nnnccccccccccnn"},                // 3!n10!c2!n
    {"MN", "nnnnnnnnnnnnnnnn"},               // 4!n12!n
    {"MR", "nnnnnnnnnnnnnnnnnnnnnnn"},        // 5!n5!n11!n2!n
    {"MT", "aaaannnnncccccccccccccccccc"},    // 4!a5!n18!c
    {"MU", "aaaannnnnnnnnnnnnnnnnnnaaa"},     // 4!a2!n2!n12!n3!n3!a
    {"NI", "aaaannnnnnnnnnnnnnnnnnnn"},       // 4!a20!n
    {"NL", "aaaannnnnnnnnn"},                 // 4!a10!n
    {"NO", "nnnnnnnnnnn"},                    // 4!n6!n1!n
    {"OM", "nnncccccccccccccccc"},            // 3!n16!c
    {"PK", "aaaacccccccccccccccc"},           // 4!a16!c
    {"PL", "nnnnnnnnnnnnnnnnnnnnnnnn"},       // 8!n16!n
    {"PS", "aaaaccccccccccccccccccccc"},      // 4!a21!c
    {"PT", "nnnnnnnnnnnnnnnnnnnnn"},          // 4!n4!n11!n2!n
    {"QA", "aaaaccccccccccccccccccccc"},      // 4!a21!c
    {"RO", "aaaacccccccccccccccc"},           // 4!a16!c
    {"RS", "nnnnnnnnnnnnnnnnnn"},             // 3!n13!n2!n
    {"RU", "nnnnnnnnnnnnnnccccccccccccccc"},  // 9!n5!n15!c
    {"SA", "nncccccccccccccccccc"},           // 2!n18!c
    {"SC", "aaaannnnnnnnnnnnnnnnnnnnaaa"},    // 4!a2!n2!n16!n3!a
    {"SD", "nnnnnnnnnnnnnn"},                 // 2!n12!n
    {"SE", "nnnnnnnnnnnnnnnnnnnn"},           // 3!n16!n1!n
    {"SI", "nnnnnnnnnnnnnnn"},                // 5!n8!n2!n
    {"SK", "nnnnnnnnnnnnnnnnnnnn"},           // 4!n6!n10!n
    {"SM", "annnnnnnnnncccccccccccc"},        // 1!a5!n5!n12!c
    {"SO", "nnnnnnnnnnnnnnnnnnn"},            // 4!n3!n12!n
    {"ST", "nnnnnnnnnnnnnnnnnnnnn"},          // 4!n4!n11!n2!n
    {"SV", "aaaannnnnnnnnnnnnnnnnnnn"},       // 4!a20!n
    {"TL", "nnnnnnnnnnnnnnnnnnn"},            // 3!n14!n2!n
    {"TN", "nnnnnnnnnnnnnnnnnnnn"},           // 2!n3!n13!n2!n
    {"TR", "nnnnnncccccccccccccccc"},         // 5!n1!n16!c
    {"UA", "nnnnnnccccccccccccccccccc"},      // 6!n19!c
    {"VA", "nnnnnnnnnnnnnnnnnn"},             // 3!n15!n
    {"VG", "aaaannnnnnnnnnnnnnnn"},           // 4!a16!n
    {"XK", "nnnnnnnnnnnnnnnn"},               // 4!n10!n2!n
    {"YE", "aaaannnncccccccccccccccccc"},     // 4!a4!n18!c
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

const CountryFormat* find_country(std::string_view country) {
    const auto* it = std::lower_bound(
        std::begin(kRegistry), std::end(kRegistry), country,
        [](const CountryFormat& f, std::string_view cc) { return f.country < cc; });
    return (it != std::end(kRegistry) && it->country == country) ? it : nullptr;
}

// Remainder mod 97 of the number written by `text`, letters as 10..35.
int mod97(std::string_view text) {
    std::uint32_t r = 0;
    for (char c : text) {
        if (is_digit(c)) {
            r = (r * 10 + static_cast<std::uint32_t>(c - '0')) % 97;
        } else {
            r = (r * 100 + static_cast<std::uint32_t>(c - 'A' + 10)) % 97;
        }
    }
    return static_cast<int>(r);
}

int weighted_mod11(std::string_view digits, const int* weights) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        sum += (digits[i] - '0') * weights[i];
    }
    return sum % 11;
}

// Spain's CCC: two check digits over "00"+bank+branch and over the account.
bool spain_ok(std::string_view bban) {
    static constexpr int kWeights[] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
    auto check = [](std::string_view ten) {
        const int d = 11 - weighted_mod11(ten, kWeights);
        return d == 11 ? 0 : (d == 10 ? 1 : d);
    };
    const std::string first = "00" + std::string(bban.substr(0, 8));
    return check(first) == bban[8] - '0' && check(bban.substr(10, 10)) == bban[9] - '0';
}

bool belgium_ok(std::string_view bban) {
    std::uint64_t n = 0;
    for (char c : bban.substr(0, 10)) {
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    int check = static_cast<int>(n % 97);
    if (check == 0) {
        check = 97;
    }
    return check == (bban[10] - '0') * 10 + (bban[11] - '0');
}

bool norway_ok(std::string_view bban) {
    static constexpr int kWeights[] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    const int r = weighted_mod11(bban.substr(0, 10), kWeights);
    const int check = r == 0 ? 0 : 11 - r;
    return check != 10 && check == bban[10] - '0';
}

// France and Monaco: the RIB key over bank, branch and account (letters of
// the account folded to digits as the Banque de France table does).
bool rib_ok(std::string_view bban) {
    auto value = [](std::string_view part) {
        std::uint64_t n = 0;
        for (char c : part) {
            int d = 0;
            if (is_digit(c)) {
                d = c - '0';
            } else {
                static constexpr std::string_view kLetters = "123456789123456789234567890";
                d = kLetters[static_cast<std::size_t>(c - 'A')] - '0';
            }
            n = n * 10 + static_cast<std::uint64_t>(d);
        }
        return n;
    };
    const std::uint64_t sum = 89 * value(bban.substr(0, 5)) + 15 * value(bban.substr(5, 5)) +
                              3 * value(bban.substr(10, 11));
    const int key = 97 - static_cast<int>(sum % 97);
    return key == (bban[21] - '0') * 10 + (bban[22] - '0');
}

// Italy and San Marino: the CIN letter, computed like a codice fiscale's.
bool cin_ok(std::string_view bban) {
    return codice_fiscale_check_char(bban.substr(1)) == bban[0];
}

bool national_check_ok(std::string_view country, std::string_view bban) {
    if (country == "BE")
        return belgium_ok(bban);
    if (country == "ES")
        return spain_ok(bban);
    if (country == "ME")
        return mod97(bban) == 1;
    if (country == "NO")
        return norway_ok(bban);
    if (country == "FR" || country == "MC")
        return rib_ok(bban);
    if (country == "IT" || country == "SM")
        return cin_ok(bban);
    return true;
}

}  // namespace

std::size_t iban_length_for(std::string_view country) noexcept {
    const auto* format = find_country(country);
    return format ? format->bban.size() + 4 : 0;
}

bool iban_is_valid(std::string_view compact) noexcept {
    if (compact.size() < 5 || compact.size() > 34) {
        return false;
    }
    std::array<char, 34> buffer{};
    for (std::size_t i = 0; i < compact.size(); ++i) {
        buffer[i] = ascii_upper(compact[i]);
    }
    const std::string_view iban(buffer.data(), compact.size());
    const auto* format = find_country(iban.substr(0, 2));
    if (format == nullptr || iban.size() != format->bban.size() + 4 || !is_digit(iban[2]) ||
        !is_digit(iban[3])) {
        return false;
    }
    const std::string_view bban = iban.substr(4);
    for (std::size_t i = 0; i < bban.size(); ++i) {
        const char c = bban[i];
        const bool ok = format->bban[i] == 'n'   ? is_digit(c)
                        : format->bban[i] == 'a' ? is_upper(c)
                                                 : (is_digit(c) || is_upper(c));
        if (!ok) {
            return false;
        }
    }
    // Mod 97 over BBAN + country + check digits must be 1.
    std::array<char, 34> rotated{};
    std::copy(bban.begin(), bban.end(), rotated.begin());
    std::copy(iban.begin(), iban.begin() + 4, rotated.begin() + static_cast<long>(bban.size()));
    if (mod97(std::string_view(rotated.data(), iban.size())) != 1) {
        return false;
    }
    return national_check_ok(format->country, bban);
}

std::optional<std::string> iban_canonical(std::string_view compact) {
    if (!iban_is_valid(compact)) {
        return std::nullopt;
    }
    return ascii_upper_copy(compact);
}

}  // namespace lw::indexer
