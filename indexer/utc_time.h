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

}  // namespace lw::indexer
