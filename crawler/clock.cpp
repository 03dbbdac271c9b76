#include "crawler/clock.h"

#include <thread>

namespace lw::crawler {

Clock::time_point SteadyClock::now() const {
    return std::chrono::steady_clock::now();
}

std::time_t SteadyClock::wall_time() const {
    return std::time(nullptr);
}

void SteadyClock::sleep_until(time_point when) {
    std::this_thread::sleep_until(when);
}

}  // namespace lw::crawler
