#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>

#include "crawler/clock.h"

namespace lw::test {

// Time that moves only when a test says so: politeness tested in
// microseconds. The wall clock starts at 2023-11-14T22:13:20Z and moves
// with the steady one.
class FakeClock final : public crawler::Clock {
  public:
    static constexpr std::time_t kStartWallTime = 1700000000;

    [[nodiscard]] time_point now() const override { return now_; }
    [[nodiscard]] std::time_t wall_time() const override {
        return kStartWallTime +
               std::chrono::duration_cast<std::chrono::seconds>(now_ - time_point{}).count();
    }
    void sleep_until(time_point when) override { now_ = std::max(now_, when); }

    void advance(double seconds) {
        // Rounded, so that advancing by 1.99 then 0.01 lands on 2 exactly.
        now_ += std::chrono::round<duration>(std::chrono::duration<double>(seconds));
    }
    // Seconds since the clock was made: what tests compare.
    [[nodiscard]] double seconds() const {
        return std::chrono::duration<double>(now_ - time_point{}).count();
    }

  private:
    time_point now_{};
};

}  // namespace lw::test
