#pragma once

// HTTP fetching on libcurl's multi interface: many transfers at once, each
// bounded in time and size. Politeness (one request per host, delays,
// robots.txt) is the caller's: Fetcher fetches what it is given, never
// follows a redirect itself (a redirect is a new request that must go back
// through the scheduler), and speaks only http and https.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "indexer/base/wiped_allocator.h"

namespace lw::crawler {

struct FetchLimits {
    long connect_timeout_ms = 15000;
    long total_timeout_ms = 60000;
    // Slower than this many bytes a second for low_speed_seconds: aborted
    // (a slow-drip server).
    long low_speed_bytes = 512;
    long low_speed_seconds = 20;
    // Bytes on the wire; past it the transfer is aborted, not truncated.
    std::size_t max_body_bytes = 16u << 20;
    // Bytes after Content-Encoding is undone (a gzip bomb).
    std::size_t max_decoded_bytes = 32u << 20;
};

struct FetchRequest {
    std::uint64_t id = 0;
    std::string url;
    std::vector<std::string> headers;  // "If-None-Match: ..." and the like
    std::string proxy;                 // "socks5h://127.0.0.1:9050", or empty
    // Refuse to connect to a loopback, link-local, private or other
    // internal address (crawler/follow_policy.h), whatever name led there:
    // a public name of a hostile page's making may resolve into the
    // operator's network. Checked before connecting, on every address
    // tried. Not with a proxy: the proxy connects, and it is internal
    // itself (Tor on 127.0.0.1:9050).
    bool refuse_internal_addresses = false;
};

struct FetchResult {
    std::uint64_t id = 0;
    int status = 0;     // HTTP status; 0 when no response was complete
    std::string error;  // why, when the transfer failed (status 0)
    // Decoded. The page's text: every block it grows out of, and the last one
    // when the result dies, is wiped; from 64 KiB on it stays out of core
    // dumps. Read it as a std::string_view; a copy into a std::string would
    // not be wiped.
    indexer::SelfWipingString body;
    std::string content_type;
    std::string location;  // absolute redirect target, for 3xx
    std::string etag;
    std::string last_modified;
    std::string retry_after;
    std::size_t wire_bytes = 0;
    // Aborted for a size limit: the same request would fail the same way.
    bool too_large = false;
    // Not connected: the name led only to internal addresses
    // (FetchRequest::refuse_internal_addresses).
    bool refused_address = false;
};

struct FetcherOptions {
    std::string user_agent;
    std::string ca_file;  // extra trust; verification is always on
    FetchLimits limits;
};

class Fetcher {
  public:
    explicit Fetcher(FetcherOptions options);
    ~Fetcher();
    Fetcher(const Fetcher&) = delete;
    Fetcher& operator=(const Fetcher&) = delete;

    void start(FetchRequest request);
    // Drives the transfers for at most `wait` (returns early when one
    // finishes) and returns those that finished.
    std::vector<FetchResult> poll(std::chrono::milliseconds wait);
    std::size_t in_flight() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lw::crawler
