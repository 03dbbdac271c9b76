#include "indexer/extract/codice_fiscale.h"

#include <array>

#include "indexer/base/ascii.h"
#include "indexer/base/calendar.h"

namespace lw::indexer {
namespace {

// Per byte, a digit's value, -1 for anything else: what the tables below
// start from.
constexpr std::array<signed char, 256> digit_values() {
    std::array<signed char, 256> table{};
    for (auto& v : table) {
        v = -1;
    }
    for (int c = '0'; c <= '9'; ++c) {
        table[static_cast<std::size_t>(c)] = static_cast<signed char>(c - '0');
    }
    return table;
}

// Per byte, uppercase letters and digits only: the character's index in
// 0-9 then A-Z, as the check computes it, or -1.
constexpr std::array<signed char, 256> make_alnum_index() {
    std::array<signed char, 256> table = digit_values();
    for (int c = 'A'; c <= 'Z'; ++c) {
        table[static_cast<std::size_t>(c)] = static_cast<signed char>(c - 'A');
    }
    return table;
}
constexpr std::array<signed char, 256> kAlnumIndex = make_alnum_index();

bool is_letter(char c) {
    return c >= 'A' && c <= 'Z';
}

// Per byte, the digit a character in a digit slot stands for: itself, or an
// omocodia letter L M N P Q R S T U V for 0-9; -1 otherwise.
constexpr std::array<signed char, 256> make_slot_digits() {
    std::array<signed char, 256> table = digit_values();
    constexpr std::string_view kOmocodia = "LMNPQRSTUV";
    for (std::size_t d = 0; d < kOmocodia.size(); ++d) {
        table[static_cast<unsigned char>(kOmocodia[d])] = static_cast<signed char>(d);
    }
    return table;
}
constexpr std::array<signed char, 256> kSlotDigit = make_slot_digits();

// Per byte, the month a month letter stands for (A B C D E H L M P R S T =
// January .. December), 0 otherwise.
constexpr std::array<signed char, 256> make_months() {
    std::array<signed char, 256> table{};
    constexpr std::string_view kMonths = "ABCDEHLMPRST";
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        table[static_cast<unsigned char>(kMonths[m])] = static_cast<signed char>(m + 1);
    }
    return table;
}
constexpr std::array<signed char, 256> kMonthOf = make_months();

constexpr std::array<int, 26> kOddValues = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                            20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};

// Per byte, the odd-position value of a character in [0-9A-Z], or -1.
constexpr std::array<signed char, 256> make_odd_values() {
    std::array<signed char, 256> table{};
    for (std::size_t c = 0; c < 256; ++c) {
        const int index = kAlnumIndex[c];
        table[c] =
            static_cast<signed char>(index < 0 ? -1 : kOddValues[static_cast<std::size_t>(index)]);
    }
    return table;
}
constexpr std::array<signed char, 256> kOddValueOf = make_odd_values();

}  // namespace

char codice_fiscale_check_char(std::string_view chars) noexcept {
    // Positions count from 1: odd positions (even indexes) use the odd table.
    // Two characters a step, each looked up by byte: a negative value is a
    // character outside [0-9A-Z].
    int sum = 0;
    std::size_t i = 0;
    for (; i + 2 <= chars.size(); i += 2) {
        const int odd = kOddValueOf[static_cast<unsigned char>(chars[i])];
        const int even = kAlnumIndex[static_cast<unsigned char>(chars[i + 1])];
        if ((odd | even) < 0) {
            return '\0';
        }
        sum += odd + even;
    }
    if (i < chars.size()) {
        const int odd = kOddValueOf[static_cast<unsigned char>(chars[i])];
        if (odd < 0) {
            return '\0';
        }
        sum += odd;
    }
    return static_cast<char>('A' + sum % 26);
}

namespace {

// codice_fiscale_check_char of the first 15 characters of a code whose
// characters codice_fiscale_is_valid has checked ([0-9A-Z] each): every
// lookup is then a value, so the sum needs no test a pair, and its 15
// terms, known in number, add without a loop.
char check_char_of_valid(const std::array<char, 16>& c) noexcept {
    const auto odd = [&](std::size_t i) { return kOddValueOf[static_cast<unsigned char>(c[i])]; };
    const auto even = [&](std::size_t i) { return kAlnumIndex[static_cast<unsigned char>(c[i])]; };
    const int sum = odd(0) + even(1) + odd(2) + even(3) + odd(4) + even(5) + odd(6) + even(7) +
                    odd(8) + even(9) + odd(10) + even(11) + odd(12) + even(13) + odd(14);
    return static_cast<char>('A' + sum % 26);
}

}  // namespace

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
        slots[n] = kSlotDigit[static_cast<unsigned char>(c[i])];
        if (slots[n++] < 0) {
            return false;
        }
    }
    const int month = kMonthOf[static_cast<unsigned char>(c[8])];
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
    return check_char_of_valid(c) == c[15];
}

std::optional<std::string> codice_fiscale_canonical(std::string_view code) {
    if (!codice_fiscale_is_valid(code)) {
        return std::nullopt;
    }
    return ascii_upper_copy(code);
}

}  // namespace lw::indexer
