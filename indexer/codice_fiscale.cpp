#include "indexer/codice_fiscale.h"

#include <array>

#include "indexer/ascii.h"
#include "indexer/calendar.h"

namespace lw::indexer {
namespace {

bool is_letter(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Omocodia replaces digits 0-9 by these letters.
constexpr std::string_view kOmocodia = "LMNPQRSTUV";

// The digit a position in a digit slot stands for, or -1.
int slot_digit(char c) {
    if (is_digit(c)) {
        return c - '0';
    }
    const auto at = kOmocodia.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// Month letters A B C D E H L M P R S T = January .. December.
int month_of(char c) {
    constexpr std::string_view kMonths = "ABCDEHLMPRST";
    const auto at = kMonths.find(c);
    return at == std::string_view::npos ? 0 : static_cast<int>(at) + 1;
}

constexpr std::array<int, 26> kOddValues = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                            20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};

}  // namespace

char codice_fiscale_check_char(std::string_view chars) noexcept {
    int sum = 0;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const char c = chars[i];
        int index = 0;
        if (is_digit(c)) {
            index = c - '0';
        } else if (is_letter(c)) {
            index = c - 'A';
        } else {
            return '\0';
        }
        // Positions count from 1: odd positions use the odd table.
        sum += (i % 2 == 0) ? kOddValues[static_cast<std::size_t>(index)] : index;
    }
    return static_cast<char>('A' + sum % 26);
}

bool codice_fiscale_is_valid(std::string_view code) noexcept {
    if (code.size() != 16) {
        return false;
    }
    std::array<char, 16> c{};
    for (std::size_t i = 0; i < 16; ++i) {
        c[i] = ascii_upper(code[i]);
    }
    // Letters at 0-5, 8, 11, 15; digit slots (omocodia allowed) elsewhere.
    for (std::size_t i : {0, 1, 2, 3, 4, 5, 8, 11, 15}) {
        if (!is_letter(c[i])) {
            return false;
        }
    }
    std::array<int, 7> slots{};
    std::size_t n = 0;
    for (std::size_t i : {6, 7, 9, 10, 12, 13, 14}) {
        slots[n] = slot_digit(c[i]);
        if (slots[n++] < 0) {
            return false;
        }
    }
    const int month = month_of(c[8]);
    if (month == 0) {
        return false;
    }
    const int day = (slots[2] * 10 + slots[3]) % 40;
    // Two-digit years fall in [1920, 2020), as python-stdnum decides.
    int year = 1900 + slots[0] * 10 + slots[1];
    if (year < 1920) {
        year += 100;
    }
    if (!is_valid_date(year, month, day)) {
        return false;
    }
    return codice_fiscale_check_char(std::string_view(c.data(), 15)) == c[15];
}

std::optional<std::string> codice_fiscale_canonical(std::string_view code) {
    if (!codice_fiscale_is_valid(code)) {
        return std::nullopt;
    }
    return ascii_upper_copy(code);
}

}  // namespace lw::indexer
