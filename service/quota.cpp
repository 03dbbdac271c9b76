#include "service/quota.h"

#include <array>
#include <charconv>
#include <optional>
#include <utility>

#include "indexer/base/error.h"
#include "indexer/base/printable.h"

namespace lw::service {
namespace {

constexpr std::array<std::pair<std::string_view, std::uint64_t>, 10> kUnits = {{
    {"second", 1},
    {"s", 1},
    {"minute", 60},
    {"min", 60},
    {"hour", 3600},
    {"h", 3600},
    {"day", 86400},
    {"d", 86400},
    {"week", 7 * 86400},
    {"w", 7 * 86400},
}};

[[noreturn]] void refuse(std::string_view text) {
    throw Error(ErrorCategory::usage, "quota '" + indexer::printable(text.substr(0, 40)) +
                                          "': write ELEMENTS/PERIOD, such as 100000/day, "
                                          "5000/15min or 1000000/30d (periods: s, min, h, d, w)");
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Digits with '_' or ',' allowed between them; nullopt past 2^63.
std::optional<std::uint64_t> number(std::string_view text) {
    std::string digits;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_digit(c)) {
            digits += c;
        } else if ((c == '_' || c == ',') && i > 0 && i + 1 < text.size() &&
                   is_digit(text[i - 1]) && is_digit(text[i + 1])) {
            continue;
        } else {
            return std::nullopt;
        }
    }
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
        value > (std::uint64_t{1} << 62)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Quota parse_quota(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        refuse(text);
    }
    const auto elements = number(text.substr(0, slash));
    std::string_view period = text.substr(slash + 1);
    std::size_t count_end = 0;
    while (count_end < period.size() && is_digit(period[count_end])) {
        ++count_end;
    }
    std::uint64_t count = 1;
    if (count_end > 0) {
        const auto parsed = number(period.substr(0, count_end));
        if (!parsed || *parsed == 0 || *parsed > 100000) {
            refuse(text);
        }
        count = *parsed;
    }
    const std::string_view unit = period.substr(count_end);
    for (const auto& [name, seconds] : kUnits) {
        if (unit == name && elements) {
            return Quota{*elements, count * seconds};
        }
    }
    refuse(text);
}

std::string format_quota(const Quota& quota) {
    struct Unit {
        std::string_view one;     // "100000/day"
        std::string_view short_;  // "1000000/30d"
        std::uint64_t seconds;
    };
    static constexpr std::array<Unit, 5> kLargestFirst = {{
        {"week", "w", 7 * 86400},
        {"day", "d", 86400},
        {"hour", "h", 3600},
        {"minute", "min", 60},
        {"second", "s", 1},
    }};
    for (const Unit& unit : kLargestFirst) {
        if (quota.period_seconds != 0 && quota.period_seconds % unit.seconds == 0) {
            const std::uint64_t count = quota.period_seconds / unit.seconds;
            return std::to_string(quota.elements) + "/" +
                   (count == 1 ? std::string(unit.one)
                               : std::to_string(count) + std::string(unit.short_));
        }
    }
    return std::to_string(quota.elements) + "/0s";
}

std::int64_t window_start(const Quota& quota, std::int64_t now) noexcept {
    const auto period = static_cast<std::int64_t>(quota.period_seconds);
    return period <= 0 ? now : now - ((now % period) + period) % period;
}

}  // namespace lw::service
