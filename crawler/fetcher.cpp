#include "crawler/fetcher.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <new>
#include <unordered_map>

#include "crawler/follow_policy.h"
#include "indexer/base/error.h"

namespace lw::crawler {
namespace {

struct GlobalCurl {
    GlobalCurl() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

// libcurl's handles, each freed by its owner.
struct EasyCleanup {
    void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct MultiCleanup {
    void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
};
struct ListFree {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
using MultiHandle = std::unique_ptr<CURLM, MultiCleanup>;
using HeaderList = std::unique_ptr<curl_slist, ListFree>;

struct Transfer {
    EasyHandle easy;
    HeaderList headers;
    FetchResult result;
    const FetchLimits* limits = nullptr;
    std::string abort_reason;
    bool refuse_internal = false;
    bool refused_address = false;
    char error_buffer[CURL_ERROR_SIZE] = {};
};

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

bool header_is(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) {
            return false;
        }
    }
    return true;
}

// Appending to the body wipes each block it grows out of (WipingAllocator).
// libcurl's own buffers (the receive buffer, the TLS records, the
// decompressor's window) hold the same bytes and are freed unwiped: they are
// not ours to clear.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->result.body.size() + n > t->limits->max_decoded_bytes) {
        t->abort_reason = "body larger than " + std::to_string(t->limits->max_decoded_bytes) +
                          " bytes once decoded (aborted)";
        return 0;  // aborts the transfer
    }
    t->result.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100 Continue)
        t->result.etag.clear();
        t->result.last_modified.clear();
        t->result.retry_after.clear();
    }
    const auto value = [&](std::string_view name) { return trimmed(line.substr(name.size() + 1)); };
    if (header_is(line, "etag")) {
        t->result.etag = value("etag");
    } else if (header_is(line, "last-modified")) {
        t->result.last_modified = value("last-modified");
    } else if (header_is(line, "retry-after")) {
        t->result.retry_after = value("retry-after");
    }
    return size * count;
}

int on_progress(void* user, curl_off_t /*dltotal*/, curl_off_t dlnow, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (dlnow > 0 && static_cast<std::size_t>(dlnow) > t->limits->max_body_bytes) {
        t->abort_reason =
            "body larger than " + std::to_string(t->limits->max_body_bytes) + " bytes (aborted)";
        return 1;
    }
    return 0;
}

// Every address libcurl is about to connect to (each one a name resolves
// to, in turn): an internal one gets no socket, so no packet reaches it.
curl_socket_t on_open_socket(void* user, curlsocktype /*purpose*/, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(user);
    if (t->refuse_internal && is_internal_address(&address->addr)) {
        t->refused_address = true;
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

}  // namespace

struct Fetcher::Impl {
    FetcherOptions options;
    MultiHandle multi;
    // After the multi handle: destroyed first, each taken out of it before.
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;

    ~Impl() {
        for (const auto& [easy, t] : transfers) {
            curl_multi_remove_handle(multi.get(), easy);
        }
    }

    void configure(Transfer& t, const FetchRequest& request) {
        CURL* e = t.easy.get();
        curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl has
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!options.ca_file.empty()) {
            curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_file.c_str());
        }
        if (!request.proxy.empty()) {
            curl_easy_setopt(e, CURLOPT_PROXY, request.proxy.c_str());
        } else {
            curl_easy_setopt(e, CURLOPT_PROXY, "");  // no proxy from the environment
            t.refuse_internal = request.refuse_internal_addresses;
        }
        curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
        curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
        const FetchLimits& limits = options.limits;
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, limits.connect_timeout_ms);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, limits.total_timeout_ms);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, limits.low_speed_bytes);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, limits.low_speed_seconds);
        curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                         static_cast<curl_off_t>(limits.max_body_bytes));
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        for (const std::string& h : request.headers) {
            curl_slist* grown = curl_slist_append(t.headers.get(), h.c_str());
            if (grown == nullptr) {
                throw std::bad_alloc();
            }
            static_cast<void>(t.headers.release());
            t.headers.reset(grown);
        }
        if (t.headers) {
            curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get());
        }
    }

    FetchResult finish(CURL* easy, CURLcode code) {
        auto node = transfers.extract(easy);
        Transfer& t = *node.mapped();
        curl_multi_remove_handle(multi.get(), easy);
        FetchResult result = std::move(t.result);
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        curl_off_t wire = 0;
        curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &wire);
        result.wire_bytes = static_cast<std::size_t>(wire);
        if (code == CURLE_COULDNT_CONNECT && t.refused_address) {
            result.status = 0;
            result.refused_address = true;
            result.error = "its name leads to an internal address, and the site is not on one";
        } else if (code != CURLE_OK) {
            result.status = 0;
            result.too_large = !t.abort_reason.empty() || code == CURLE_FILESIZE_EXCEEDED;
            indexer::wipe(result.body);
            result.error =
                !t.abort_reason.empty() ? t.abort_reason
                : code == CURLE_FILESIZE_EXCEEDED
                    ? "body larger than " + std::to_string(options.limits.max_body_bytes) + " bytes"
                : t.error_buffer[0] != '\0' ? std::string(t.error_buffer)
                                            : std::string(curl_easy_strerror(code));
        } else {
            result.status = static_cast<int>(status);
            char* type = nullptr;
            curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type);
            result.content_type = type != nullptr ? type : "";
            char* location = nullptr;
            curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &location);
            result.location = location != nullptr ? location : "";
        }
        return result;  // the transfer's handles go with `node`
    }
};

Fetcher::Fetcher(FetcherOptions options) : impl_(std::make_unique<Impl>()) {
    static GlobalCurl global;
    impl_->options = std::move(options);
    impl_->multi.reset(curl_multi_init());
    if (!impl_->multi) {
        throw Error(ErrorCategory::io, "libcurl: cannot create a multi handle");
    }
}

Fetcher::~Fetcher() = default;

void Fetcher::start(FetchRequest request) {
    auto t = std::make_unique<Transfer>();
    t->easy.reset(curl_easy_init());
    if (!t->easy) {
        throw Error(ErrorCategory::io, "libcurl: cannot create a transfer");
    }
    t->limits = &impl_->options.limits;
    t->result.id = request.id;
    impl_->configure(*t, request);
    CURL* easy = t->easy.get();
    impl_->transfers.emplace(easy, std::move(t));
    curl_multi_add_handle(impl_->multi.get(), easy);
}

std::vector<FetchResult> Fetcher::poll(std::chrono::milliseconds wait) {
    int running = 0;
    curl_multi_perform(impl_->multi.get(), &running);
    std::vector<FetchResult> done;
    const auto collect = [&] {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(impl_->multi.get(), &left)) {
            if (msg->msg == CURLMSG_DONE) {
                done.push_back(impl_->finish(msg->easy_handle, msg->data.result));
            }
        }
    };
    collect();
    if (done.empty() && !impl_->transfers.empty()) {
        curl_multi_poll(impl_->multi.get(), nullptr, 0, static_cast<int>(wait.count()), nullptr);
        curl_multi_perform(impl_->multi.get(), &running);
        collect();
    }
    return done;
}

std::size_t Fetcher::in_flight() const noexcept {
    return impl_->transfers.size();
}

}  // namespace lw::crawler
