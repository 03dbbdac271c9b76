#pragma once

#include "crawler/crawler.h"

namespace lw::cli {

// crawl's log lines on stderr: "leakwatch: crawl: LEVEL: EVENT [site] URL
// (status): detail", or one JSON object a line (--log-format json). -q
// keeps errors only; debug lines (every request) need -v.
class LogPrinter : public crawler::CrawlEvents {
  public:
    LogPrinter(bool json, bool quiet, bool verbose)
        : json_(json), quiet_(quiet), verbose_(verbose) {}

    void on_event(const crawler::LogEvent& e) override;

  private:
    bool json_, quiet_, verbose_;
};

}  // namespace lw::cli
