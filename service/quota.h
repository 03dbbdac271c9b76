#pragma once

// How many elements a client may have evaluated, per period: "N/PERIOD" on
// the command line (`leakwatch clients add NAME --quota 100000/day`).

#include <cstdint>
#include <string>
#include <string_view>

namespace lw::service {

struct Quota {
    std::uint64_t elements = 0;
    std::uint64_t period_seconds = 0;
    friend bool operator==(const Quota&, const Quota&) = default;
};

// "N/PERIOD": N a whole number (digits, '_' or ',' between groups allowed);
// PERIOD one of second, minute, hour, day, week (or s, min, h, d, w),
// optionally preceded by a count ("5000/15min", "1000000/30d"). Throws
// lw::Error(usage) saying what a quota looks like.
Quota parse_quota(std::string_view text);

// The shortest text parse_quota reads back: "100000/day", "5000/15min".
std::string format_quota(const Quota& quota);

// The fixed window `now` falls in: windows start at multiples of the
// period since the epoch, so every server and process agrees on them.
std::int64_t window_start(const Quota& quota, std::int64_t now) noexcept;

}  // namespace lw::service
