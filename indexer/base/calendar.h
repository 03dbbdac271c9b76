#pragma once

namespace lw::indexer {

// Proleptic Gregorian calendar check: day exists in month of year.
constexpr bool is_leap_year(int year) noexcept {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr bool is_valid_date(int year, int month, int day) noexcept {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    const int days = kDays[month - 1] + ((month == 2 && is_leap_year(year)) ? 1 : 0);
    return day <= days;
}

}  // namespace lw::indexer
