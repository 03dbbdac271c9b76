#pragma once

// URLs as the crawler queues, fetches and compares them: absolute http(s)
// only, parsed and resolved by libcurl's URL API (RFC 3986), never by hand.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::crawler {

// An absolute http or https URL in canonical parts. Two Urls naming the same
// resource the same way compare equal, so a Url is also a crawl key.
// User information (user:password@) and the fragment are never kept: the
// first must not reach logs or requests built from links, the second never
// reaches the server.
struct Url {
    std::string scheme;  // "http" or "https"
    std::string host;    // lower-case ASCII; an IPv6 literal keeps its brackets
    int port = 0;        // always set, 1..65535: the scheme's default when absent
    std::string path;    // starts with '/'; percent-escapes have upper-case hex
    std::string query;   // without the '?'; empty when absent or empty

    friend bool operator==(const Url&, const Url&) = default;
};

// `absolute` as a Url: nullopt unless it is a well-formed http or https URL
// (ftp:, javascript:, mailto:, relative references and garbage are not).
// Spaces and non-ASCII octets in the path and query are percent-encoded as a
// browser would, dot segments removed; hosts must be ASCII (IDNs in their
// xn-- form). Blanks around the text and tabs or line breaks inside it are
// ignored, as HTML attribute values carry them.
[[nodiscard]] std::optional<Url> parse_url(std::string_view absolute);

// `reference` (an href: absolute, "//host/p", "/p", "../p", "?q", "#f"...)
// resolved against `base` as RFC 3986 section 5 says. nullopt when the result
// is not an http(s) URL. A reference that is empty or only a fragment names
// the base itself.
[[nodiscard]] std::optional<Url> resolve_url(const Url& base, std::string_view reference);

// The canonical text: lower-case scheme and host, the port only when it is
// not the scheme's default, no empty '?'.
[[nodiscard]] std::string to_string(const Url& url);

// "scheme://host:port", port always written: the unit of politeness (one
// robots.txt, one request schedule) per RFC 9309 section 2.3.
[[nodiscard]] std::string origin(const Url& url);

// Path and query as robots.txt rules are matched against them: "/" when the
// path is empty, then "?query" when there is one.
[[nodiscard]] std::string path_and_query(const Url& url);

// `url` without the query parameters named in `names` (session ids such as
// phpBB's "sid"), the others kept in order and untouched; empty ones ("&&")
// go too. Parameters are separated by '&' only (';' is data), and matched by
// their whole name, so removing "s" keeps "start". A query left empty loses
// its '?'.
[[nodiscard]] Url strip_params(Url url, const std::vector<std::string>& names);

}  // namespace lw::crawler
