#include "search/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "indexer/base/error.h"

namespace lw::search {
namespace {

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

// Where a transfer's answer goes, and what stops it.
struct Sink {
    HttpReply reply;
    std::size_t max_body = 0;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t bytes = size * count;
    if (sink->reply.body.size() + bytes > sink->max_body) {
        sink->too_large = true;
        return 0;  // libcurl aborts the transfer
    }
    sink->reply.body.append(data, bytes);
    return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        sink->reply.headers.clear();  // a new answer (after a 100 Continue)
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        sink->reply.headers[lower(trimmed(line.substr(0, colon)))] =
            std::string(trimmed(line.substr(colon + 1)));
    }
    return size * count;
}

struct HeaderList {
    curl_slist* list = nullptr;
    HeaderList() = default;
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    ~HeaderList() { curl_slist_free_all(list); }
    void add(const std::string& header) {
        curl_slist* grown = curl_slist_append(list, header.c_str());
        if (grown == nullptr) {
            throw std::bad_alloc();
        }
        list = grown;
    }
};

}  // namespace

struct HttpClient::Handle {
    CURL* easy = nullptr;
    ~Handle() {
        if (easy != nullptr) {
            curl_easy_cleanup(easy);
        }
    }
};

std::string HttpReply::header(const std::string& lower_case_name) const {
    const auto found = headers.find(lower_case_name);
    return found == headers.end() ? std::string() : found->second;
}

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
    while (options_.base_url.ends_with('/')) {
        options_.base_url.pop_back();
    }
    if (!options_.base_url.starts_with("http://") && !options_.base_url.starts_with("https://")) {
        throw Error(ErrorCategory::usage,
                    "--remote takes an http:// or https:// URL, not '" + options_.base_url + "'");
    }
    init_curl_once();
    handle_->easy = curl_easy_init();
    if (handle_->easy == nullptr) {
        throw Error(ErrorCategory::io, "libcurl could not make a handle");
    }
}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::get(std::string_view path, std::size_t max_body,
                          std::string_view if_none_match) {
    CURL* easy = handle_->easy;
    curl_easy_reset(easy);
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    std::vector<std::string> headers;
    if (!if_none_match.empty()) {
        headers.push_back("If-None-Match: " + std::string(if_none_match));
    }
    return perform(path, max_body, std::move(headers));
}

HttpReply HttpClient::post(std::string_view path, std::string_view body,
                           std::string_view content_type, std::size_t max_body) {
    CURL* easy = handle_->easy;
    curl_easy_reset(easy);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    // No Expect: 100-continue round trip before the body.
    return perform(path, max_body, {"Content-Type: " + std::string(content_type), "Expect:"});
}

HttpReply HttpClient::perform(std::string_view path, std::size_t max_body,
                              std::vector<std::string> extra_headers) {
    CURL* easy = handle_->easy;
    HeaderList headers;
    for (const std::string& header : extra_headers) {
        headers.add(header);
    }
    if (!options_.api_key.empty()) {
        headers.add("Authorization: Bearer " + options_.api_key);
    }
    const std::string url = options_.base_url + std::string(path);
    Sink sink;
    sink.max_body = max_body;
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &sink);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "leakwatch-check");
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    // Never follow a redirect: the key would go wherever it points.
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, options_.stall_timeout_seconds);
    if (!options_.ca_file.empty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    const CURLcode code = curl_easy_perform(easy);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
    if (sink.too_large) {
        throw Error(ErrorCategory::io, "server " + options_.base_url + ": the answer to " +
                                           std::string(path.substr(0, path.find('?'))) +
                                           " is larger than " + std::to_string(max_body) +
                                           " bytes");
    }
    if (code != CURLE_OK) {
        const std::string why = error[0] != '\0' ? error : curl_easy_strerror(code);
        throw Error(ErrorCategory::io, "server " + options_.base_url + ": " + why);
    }
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &sink.reply.status);
    return std::move(sink.reply);
}

}  // namespace lw::search
