#include "crawler/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <memory>

namespace lw::crawler {
namespace {

struct CurlUrlFree {
    void operator()(CURLU* handle) const noexcept { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlFree>;

struct CurlFree {
    void operator()(char* text) const noexcept { curl_free(text); }
};

constexpr int kHttpPort = 80;
constexpr int kHttpsPort = 443;

int default_port(std::string_view scheme) {
    return scheme == "https" ? kHttpsPort : kHttpPort;
}

// One part of the handle's URL; nullopt when absent or on any error.
std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
    char* raw = nullptr;
    if (curl_url_get(handle, part, &raw, flags) != CURLUE_OK || raw == nullptr) {
        return std::nullopt;
    }
    const std::unique_ptr<char, CurlFree> owned(raw);
    return std::string(raw);
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
char ascii_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

// RFC 3986 6.2.2.1: "%c3%a9" and "%C3%A9" are the same octets. curl writes
// lower case when it encodes and keeps what the page wrote, so without this
// one page would be queued twice.
std::string upper_case_escapes(std::string text) {
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        if (text[i] == '%' && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
            text[i + 1] = ascii_upper(text[i + 1]);
            text[i + 2] = ascii_upper(text[i + 2]);
            i += 2;
        }
    }
    return text;
}

// What a browser does to an href before parsing it (WHATWG URL: strip C0
// controls and spaces around it, drop tabs and line breaks inside), and the
// fragment cut off: it is never kept, and curl rejects some fragments (with
// spaces) that browsers accept. nullopt for text curl could not be handed
// (an embedded NUL would silently truncate it).
std::optional<std::string> clean_reference(std::string_view text) {
    auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
    while (!text.empty() && is_c0_or_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_c0_or_space(text.back())) {
        text.remove_suffix(1);
    }
    text = text.substr(0, text.find('#'));
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\0') {
            return std::nullopt;
        }
        if (c != '\t' && c != '\n' && c != '\r') {
            out += c;
        }
    }
    return out;
}

// The Url the handle holds, if it is one we crawl.
std::optional<Url> from_handle(CURLU* handle) {
    Url url;
    auto scheme = get_part(handle, CURLUPART_SCHEME);
    auto host = get_part(handle, CURLUPART_HOST);
    auto port = get_part(handle, CURLUPART_PORT, CURLU_DEFAULT_PORT);
    auto path = get_part(handle, CURLUPART_PATH);
    if (!scheme || !host || !port || !path || host->empty()) {
        return std::nullopt;
    }
    std::transform(scheme->begin(), scheme->end(), scheme->begin(), ascii_lower);
    if (*scheme != "http" && *scheme != "https") {
        return std::nullopt;
    }
    // curl keeps UTF-8 host names as written and this libcurl cannot give
    // their punycode: two spellings of one host would be two origins.
    if (std::any_of(host->begin(), host->end(),
                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        return std::nullopt;
    }
    std::transform(host->begin(), host->end(), host->begin(), ascii_lower);
    int number = 0;
    const auto [end, error] = std::from_chars(port->data(), port->data() + port->size(), number);
    if (error != std::errc() || end != port->data() + port->size() || number < 1 ||
        number > 65535) {
        return std::nullopt;
    }
    url.scheme = std::move(*scheme);
    url.host = std::move(*host);
    url.port = number;
    url.path = path->empty() ? "/" : upper_case_escapes(std::move(*path));
    url.query = upper_case_escapes(get_part(handle, CURLUPART_QUERY).value_or(""));
    return url;
}

}  // namespace

std::optional<Url> parse_url(std::string_view absolute) {
    const auto text = clean_reference(absolute);
    const CurlUrl handle(curl_url());
    if (!text || text->empty() || !handle) {
        return std::nullopt;
    }
    if (curl_url_set(handle.get(), CURLUPART_URL, text->c_str(), CURLU_URLENCODE) != CURLUE_OK) {
        return std::nullopt;
    }
    return from_handle(handle.get());
}

std::optional<Url> resolve_url(const Url& base, std::string_view reference) {
    const auto text = clean_reference(reference);
    if (!text) {
        return std::nullopt;
    }
    // curl 7.88 resolves "" and "#f" to the base's directory, not the base.
    if (text->empty()) {
        return base;
    }
    const CurlUrl handle(curl_url());
    if (!handle ||
        curl_url_set(handle.get(), CURLUPART_URL, to_string(base).c_str(), 0) != CURLUE_OK ||
        curl_url_set(handle.get(), CURLUPART_URL, text->c_str(), CURLU_URLENCODE) != CURLUE_OK) {
        return std::nullopt;
    }
    return from_handle(handle.get());
}

std::string to_string(const Url& url) {
    std::string text = url.scheme + "://" + url.host;
    if (url.port != default_port(url.scheme)) {
        text += ':' + std::to_string(url.port);
    }
    text += path_and_query(url);
    return text;
}

std::string origin(const Url& url) {
    return url.scheme + "://" + url.host + ':' + std::to_string(url.port);
}

std::string path_and_query(const Url& url) {
    std::string text = url.path.empty() ? "/" : url.path;
    if (!url.query.empty()) {
        text += '?';
        text += url.query;
    }
    return text;
}

Url strip_params(Url url, const std::vector<std::string>& names) {
    std::string kept;
    bool first = true;
    std::string_view rest = url.query;
    while (true) {
        const auto amp = rest.find('&');
        const std::string_view param = rest.substr(0, amp);
        const std::string_view name = param.substr(0, param.find('='));
        if (!param.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
            if (!first) {
                kept += '&';
            }
            kept += param;
            first = false;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(amp + 1);
    }
    url.query = std::move(kept);
    return url;
}

}  // namespace lw::crawler
