#pragma once

// HTTP for the institution's client (`check --remote`): one libcurl handle
// kept across requests (one connection, one TLS session), the API key as a
// bearer token, a pinned CA file if given, bounded answers. Transport only:
// search/remote_service.h gives the endpoints their meaning.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lw::search {

struct HttpClientOptions {
    std::string base_url;  // "https://leakwatch.example.org" (a path prefix is kept)
    std::string api_key;   // sent as "Authorization: Bearer KEY"; never logged
    std::string ca_file;   // PEM bundle to verify the server with; default: the system's
    long connect_timeout_seconds = 15;
    // A request whose transfer stays under 1 byte/s this long fails: a
    // server that hangs is an error, not a wait without end.
    long stall_timeout_seconds = 120;
};

struct HttpReply {
    long status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    // The header's value, or empty.
    std::string header(const std::string& lower_case_name) const;
};

class HttpClient {
  public:
    explicit HttpClient(HttpClientOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GET base_url + path (with its query). `if_none_match`: sent when not
    // empty. An answer longer than `max_body` bytes fails. Throws
    // lw::Error(io) "server URL: ..." when no HTTP answer came (refused,
    // reset, timed out, TLS failed, cut short); any status is returned.
    HttpReply get(std::string_view path, std::size_t max_body, std::string_view if_none_match = {});
    // POST `body` as `content_type`.
    HttpReply post(std::string_view path, std::string_view body, std::string_view content_type,
                   std::size_t max_body);

    const std::string& base_url() const noexcept { return options_.base_url; }

  private:
    HttpReply perform(std::string_view path, std::size_t max_body,
                      std::vector<std::string> headers);
    struct Handle;

    HttpClientOptions options_;
    std::unique_ptr<Handle> handle_;
};

}  // namespace lw::search
