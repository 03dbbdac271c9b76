#pragma once

// Time as the crawler's politeness sees it, behind an interface so that the
// schedule's delays and backoffs are tested on a fake clock in microseconds
// (tests/support/fake_clock.h) and proved against real timing by the
// loopback tests.

#include <chrono>
#include <ctime>

namespace lw::crawler {

class Clock {
  public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    virtual ~Clock() = default;
    // Monotonic: every delay is measured on it.
    [[nodiscard]] virtual time_point now() const = 0;
    // The calendar time, only to read Retry-After's HTTP dates.
    [[nodiscard]] virtual std::time_t wall_time() const = 0;
    virtual void sleep_until(time_point when) = 0;
};

// The machine's clocks.
class SteadyClock final : public Clock {
  public:
    [[nodiscard]] time_point now() const override;
    [[nodiscard]] std::time_t wall_time() const override;
    void sleep_until(time_point when) override;
};

}  // namespace lw::crawler
