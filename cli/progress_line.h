#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lw::cli {

// One overprinted status line on a terminal's stderr (as Ninja's
// LinePrinter); silent when stderr is not a terminal, so cron mail and
// pipes see only the summary and the errors.
class ProgressLine {
  public:
    explicit ProgressLine(bool terminal);
    void show(const std::string& text);
    void clear();
    // ", 123 MB/s" since the line was made, or "" too early to tell.
    std::string rate(std::uint64_t bytes) const;
    // ", ETA 3m20s" at the rate so far for `total` bytes, or "" when it
    // cannot tell (too early, total unknown or passed).
    std::string eta(std::uint64_t bytes, std::uint64_t total) const;

  private:
    bool terminal_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_;
};

// "1.2 GB", "340 MB", "12 kB", "512 B".
std::string format_bytes(std::uint64_t bytes);

}  // namespace lw::cli
