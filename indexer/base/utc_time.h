#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace lw::indexer {

// `unix_seconds` as ISO 8601 UTC: "2021-09-12T08:00:00Z". What the corpus,
// the audit log and run summaries write.
inline std::string iso_utc(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// The UTC month of `unix_seconds`: "2021-09". What reports group by; the
// corpus's month terms are the same without the dash.
inline std::string month_of(std::int64_t unix_seconds) {
    return iso_utc(unix_seconds).substr(0, 7);
}

}  // namespace lw::indexer
