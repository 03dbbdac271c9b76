#include "indexer/extract/card.h"

namespace lw::indexer {
namespace {

// The first `n` digits as a number (n <= 8 and digits.size() >= n).
int prefix(std::string_view digits, std::size_t n) {
    int value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        value = value * 10 + (digits[i] - '0');
    }
    return value;
}

struct Network {
    std::string_view name;
    int low;   // prefix range, inclusive,
    int high;  // of `prefix_digits` digits
    std::size_t prefix_digits;
    std::size_t min_length;
    std::size_t max_length;
};

// Issuer identification ranges of the major networks (ISO/IEC 7812 IINs as
// the networks publish them). Order matters only where ranges overlap.
constexpr Network kNetworks[] = {
    {"visa", 4, 4, 1, 13, 19},
    {"mastercard", 51, 55, 2, 16, 16},
    {"mastercard", 2221, 2720, 4, 16, 16},
    {"amex", 34, 34, 2, 15, 15},
    {"amex", 37, 37, 2, 15, 15},
    {"diners", 300, 305, 3, 14, 19},
    {"diners", 36, 36, 2, 14, 19},
    {"diners", 38, 39, 2, 14, 19},
    {"discover", 6011, 6011, 4, 16, 19},
    {"discover", 644, 649, 3, 16, 19},
    {"discover", 65, 65, 2, 16, 19},
    {"jcb", 3528, 3589, 4, 16, 19},
    {"unionpay", 62, 62, 2, 16, 19},
    {"unionpay", 81, 81, 2, 16, 19},
    {"mir", 2200, 2204, 4, 16, 19},
    {"maestro", 50, 50, 2, 12, 19},
    {"maestro", 56, 58, 2, 12, 19},
    {"maestro", 67, 67, 2, 12, 19},
    {"rupay", 60, 60, 2, 16, 16},
    {"troy", 9792, 9792, 4, 16, 16},
};

}  // namespace

bool luhn_is_valid(std::string_view digits) noexcept {
    if (digits.empty()) {
        return false;
    }
    int sum = 0;
    bool double_it = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (*it < '0' || *it > '9') {
            return false;
        }
        int d = *it - '0';
        if (double_it) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
        double_it = !double_it;
    }
    return sum % 10 == 0;
}

std::string_view card_network(std::string_view digits) noexcept {
    for (const Network& n : kNetworks) {
        if (digits.size() < n.min_length || digits.size() > n.max_length) {
            continue;
        }
        const int p = prefix(digits, n.prefix_digits);
        if (p >= n.low && p <= n.high) {
            return n.name;
        }
    }
    return {};
}

bool card_is_valid(std::string_view digits) noexcept {
    return digits.size() >= 13 && digits.size() <= 19 && !card_network(digits).empty() &&
           luhn_is_valid(digits);
}

}  // namespace lw::indexer
