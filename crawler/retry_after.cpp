#include "crawler/retry_after.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace lw::crawler {

std::optional<double> retry_after_seconds(std::string_view value, std::time_t now) {
    constexpr double kMax = 86400;
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
        value.remove_suffix(1);
    }
    if (value.empty()) {
        return std::nullopt;
    }
    unsigned long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc() && end == value.data() + value.size()) {
        return std::min<double>(static_cast<double>(seconds), kMax);
    }
    if (ec == std::errc::result_out_of_range) {
        return kMax;
    }
    const std::string text(value);
    const time_t when = curl_getdate(text.c_str(), nullptr);
    if (when == -1) {
        return std::nullopt;
    }
    return std::clamp(static_cast<double>(when - now), 0.0, kMax);
}

double backoff_seconds(double delay, unsigned failures, double unit_random) {
    const double base = std::max(delay, 1.0) * std::pow(2.0, std::min(failures, 6u));
    return std::min(base * (1.0 + 0.5 * unit_random), 3600.0);
}

}  // namespace lw::crawler
