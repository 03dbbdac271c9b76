#pragma once

// `leakwatch crawl`: fetches the seeds' listings and their new items,
// politely, and indexes each item's text in memory (ItemIndexer), one
// commit per item. Nothing fetched is written to disk in clear.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crawler/fetcher.h"
#include "crawler/seed.h"
#include "indexer/indexer.h"

namespace lw::crawler {

struct CrawlOptions {
    std::string corpus;
    std::vector<Seed> seeds;
    std::string contact;  // named in the User-Agent; required
    std::string ca_file;
    FetchLimits limits;
    std::vector<std::string> regions = {"FR", "IT"};  // for seeds that give none
    std::optional<std::chrono::milliseconds> max_time;
    unsigned threads = 0;
    // Attempts of one request (429, 503, 5xx, network errors) and
    // consecutive failures after which a host is dropped for the run.
    unsigned max_attempts = 3;
    unsigned drop_after_failures = 5;
    std::chrono::hours robots_max_age{24};
};

struct CrawlSummary {
    std::uint64_t sites = 0;
    std::uint64_t requests = 0;
    std::uint64_t not_modified = 0;  // 304s
    std::uint64_t items_new = 0;
    std::uint64_t items_continued = 0;  // re-visited on a change, new records added
    std::uint64_t sightings = 0;
    std::uint64_t records = 0;
    std::uint64_t tokens = 0;
    std::uint64_t errors = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
    bool interrupted = false;  // stop asked, or --max-time reached
};

enum class LogLevel { debug, info, warning, error };

// One log line's fields: a site, a host, a reference and an event, never
// a URL's path or query, a title or page content (a URL may name a person:
// "/p/Dupont-Jean-1980-01-02"). `ref` is a keyed digest's first bytes: the
// same URL gives the same ref in every run, so lines can be matched up, and
// nothing of the URL can be read back from it.
struct LogEvent {
    LogLevel level = LogLevel::info;
    std::string event;  // "fetch", "robots", "retry", "item", "dropped", ...
    std::string site;
    std::string host;  // "host" or "host:port" when the port is not the default
    std::string ref;   // 12 hex; empty for events about no URL
    int status = 0;
    std::string detail;  // made by the crawler: counts, statuses, libcurl's reason
};

class CrawlEvents {
  public:
    virtual ~CrawlEvents() = default;
    virtual void on_event(const LogEvent& event) = 0;
};

// The User-Agent: tool, version and the operator's contact.
std::string user_agent(const std::string& version, const std::string& contact);

// Throws lw::Error for what stops a run before it starts (no contact,
// locked corpus: ErrorCategory::locked, wrong key).
CrawlSummary run_crawl(const CrawlOptions& options, indexer::SecretScalar secret_key,
                       CrawlEvents& events, const std::atomic<bool>& stop);

}  // namespace lw::crawler
