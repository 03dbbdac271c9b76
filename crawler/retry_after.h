#pragma once

#include <ctime>
#include <optional>
#include <string_view>

namespace lw::crawler {

// Seconds to wait that a Retry-After header asks (RFC 9110 10.2.3): a
// number of seconds, or an HTTP date (past dates give 0). nullopt when the
// value is neither. Capped at a day: a server cannot park a crawler.
std::optional<double> retry_after_seconds(std::string_view value, std::time_t now);

// The wait before attempt number `failures` + 1 after failures: `delay`
// doubled per failure (at most 64 times), with up to 50% of jitter taken
// from `unit_random` (in [0, 1)) so that hosts failing together do not
// retry together.
double backoff_seconds(double delay, unsigned failures, double unit_random);

}  // namespace lw::crawler
