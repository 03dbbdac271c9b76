#include "cli/crawl_log.h"

#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "indexer/base/utc_time.h"

namespace lw::cli {
namespace {

const char* level_name(crawler::LogLevel level) {
    switch (level) {
        case crawler::LogLevel::debug:
            return "debug";
        case crawler::LogLevel::info:
            return "info";
        case crawler::LogLevel::warning:
            return "warning";
        case crawler::LogLevel::error:
            return "error";
    }
    return "info";
}

}  // namespace

void LogPrinter::on_event(const crawler::LogEvent& e) {
    if ((quiet_ && e.level != crawler::LogLevel::error) ||
        (!verbose_ && e.level == crawler::LogLevel::debug)) {
        return;
    }
    if (json_) {
        nlohmann::json line = {{"t", indexer::iso_utc(std::time(nullptr))},
                               {"level", level_name(e.level)},
                               {"event", e.event},
                               {"site", e.site},
                               {"host", e.host}};
        if (!e.ref.empty()) {
            line["ref"] = e.ref;
        }
        if (e.status != 0) {
            line["status"] = e.status;
        }
        if (!e.detail.empty()) {
            line["detail"] = e.detail;
        }
        std::cerr << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    std::cerr << "leakwatch: crawl: " << level_name(e.level) << ": " << e.event;
    if (!e.site.empty()) {
        std::cerr << " [" << e.site << "]";
    }
    if (!e.host.empty()) {
        std::cerr << " " << e.host;
    }
    if (!e.ref.empty()) {
        std::cerr << " ref " << e.ref;
    }
    if (e.status != 0) {
        std::cerr << " (" << e.status << ")";
    }
    if (!e.detail.empty()) {
        std::cerr << ": " << e.detail;
    }
    std::cerr << "\n";
}

}  // namespace lw::cli
