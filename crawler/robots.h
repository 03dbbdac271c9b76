#pragma once

// robots.txt (RFC 9309): which paths of one origin the crawler may fetch,
// and how long it should wait between requests there.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::crawler {

// RFC 9309 2.5: a parser must read at least 500 KiB. What follows is
// ignored, from the start of the line the limit falls in: half a line is
// not what the site wrote.
inline constexpr std::size_t kRobotsParseLimit = 500 * 1024;

// The rules of one robots.txt that apply to one crawler. Cheap to copy.
class RobotsRules {
  public:
    // The group of `body` that names `product_token` (e.g. "leakwatch"),
    // case-insensitively; several such groups are merged. When none does,
    // the "*" groups, merged; when there are none either, everything is
    // allowed. An invalid token (see is_valid_product_token) names no group.
    // Unparseable lines are skipped, never fatal (RFC 9309 2.3.1.5).
    [[nodiscard]] static RobotsRules parse(std::string_view body, std::string_view product_token);
    // robots.txt unavailable (4xx): anything may be fetched.
    [[nodiscard]] static RobotsRules allow_all();
    // robots.txt unreachable (5xx, network error): nothing but /robots.txt.
    [[nodiscard]] static RobotsRules disallow_all();

    // Whether the path and query of a URL on this origin may be fetched.
    // REQUIRES: percent-encoded as path_and_query(Url) gives it ("" reads
    // as "/"). Raw non-ASCII octets are compared as they are, so never match
    // a rule, whose non-ASCII octets are compared percent-encoded.
    // The longest matching rule decides, allow winning a tie; no match
    // allows. "/robots.txt" itself is always allowed (RFC 9309 2.2.2).
    [[nodiscard]] bool allowed(std::string_view path_and_query) const;

    // Seconds to wait between two requests, from Crawl-delay in the group
    // that applies (the largest when merged groups give several). Not in
    // RFC 9309, but widely written; fractions allowed.
    [[nodiscard]] std::optional<double> crawl_delay() const { return crawl_delay_; }

  private:
    struct Rule {
        std::string pattern;  // robots_pattern_form; never empty
        bool allow = false;
    };

    RobotsRules() = default;
    // Adds the rules of another group that applies (RFC 9309 2.2.1).
    void merge(RobotsRules&& other);

    std::vector<Rule> rules_;
    std::optional<double> crawl_delay_;
    bool disallow_all_ = false;
};

// The rules to follow after fetching /robots.txt (RFC 9309 2.3.1), the
// fetcher having followed redirects itself: 2xx parses `body`; 3xx (the
// fetcher gave up after five redirects) and 4xx allow everything, except
// 429, which like 5xx and `http_status` 0 (connection failed, timed out)
// disallows everything: a server asking us to slow down is not telling us
// it has no robots.txt.
[[nodiscard]] RobotsRules from_fetch(int http_status, std::string_view body,
                                     std::string_view product_token);

// Below: the steps of parse() and allowed(), public so that tests can hold
// them to the published vectors.

// A crawler's product token as RFC 9309 2.2.1 defines it: [a-zA-Z_-]+.
[[nodiscard]] bool is_valid_product_token(std::string_view token) noexcept;

enum class RobotsKey { user_agent, allow, disallow, crawl_delay, sitemap, unknown };

// One "key: value" line of a robots.txt.
struct RobotsLine {
    int number = 0;  // 1-based; CR, LF and CR LF each end a line
    RobotsKey key = RobotsKey::unknown;
    std::string_view value;  // without the comment and surrounding blanks
};

// The key/value lines of `body`'s first kRobotsParseLimit bytes, after a
// UTF-8 byte order mark (or a prefix of one). Keys are case-insensitive,
// with the frequent misspellings of user-agent and disallow accepted: a
// "Disalow" was meant to keep us out. As in Google's parser, a line without
// ':' whose two words are separated by blanks is read as key and value.
// Blank lines, comment lines and lines with no key are left out.
// The values point into `body`.
[[nodiscard]] std::vector<RobotsLine> robots_lines(std::string_view body);

// Paths and rule patterns are compared in one form (RFC 9309 2.2.2): an
// escape of an unreserved character is that character, other escapes get
// upper-case hex. A pattern is then encoded as a URL path typed in a
// browser would be (non-ASCII octets, controls and spaces as %XX), which a
// path already is. A literal '*' or '$' in a path is written %2A, %24, as
// rules must write them (2.2.3); in a pattern '*' stays the wildcard and a
// final '$' the end anchor, a '$' elsewhere being a literal one.
[[nodiscard]] std::string robots_path_form(std::string_view path_and_query);
[[nodiscard]] std::string robots_pattern_form(std::string_view pattern);

}  // namespace lw::crawler
