#include "cli/progress_line.h"

#include <cstdio>
#include <iostream>

namespace lw::cli {

ProgressLine::ProgressLine(bool terminal)
    : terminal_(terminal), start_(std::chrono::steady_clock::now()) {}

void ProgressLine::show(const std::string& text) {
    if (!terminal_) {
        return;
    }
    std::cerr << "\r\033[K" << text << std::flush;
    shown_ = true;
}

void ProgressLine::clear() {
    if (terminal_ && shown_) {
        std::cerr << "\r\033[K" << std::flush;
        shown_ = false;
    }
}

std::string ProgressLine::rate(std::uint64_t bytes) const {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (seconds < 0.5) {
        return "";
    }
    return ", " + format_bytes(static_cast<std::uint64_t>(static_cast<double>(bytes) / seconds)) +
           "/s";
}

std::string ProgressLine::eta(std::uint64_t bytes, std::uint64_t total) const {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (seconds < 2 || bytes == 0 || total <= bytes) {
        return "";
    }
    const auto left = static_cast<std::uint64_t>(static_cast<double>(total - bytes) * seconds /
                                                 static_cast<double>(bytes));
    char text[48];
    if (left >= 3600) {
        std::snprintf(text, sizeof text, ", ETA %lluh%02llum",
                      static_cast<unsigned long long>(left / 3600),
                      static_cast<unsigned long long>(left / 60 % 60));
    } else {
        std::snprintf(text, sizeof text, ", ETA %llum%02llus",
                      static_cast<unsigned long long>(left / 60),
                      static_cast<unsigned long long>(left % 60));
    }
    return text;
}

std::string format_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

}  // namespace lw::cli
