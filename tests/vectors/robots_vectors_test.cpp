// robots.txt vectors (../shared/vectors/robots-rfc9309.json): Google's
// robotstxt-spec-test suite and robots_test.cc assertions, the RFC 9309
// section 5 examples, and what RFC 9309 2.3-2.5 says of fetching.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "crawler/robots.h"
#include "crawler/url.h"
#include "indexer/base/hex.h"
#include "tests/support/shared_dir.h"

using nlohmann::json;
using namespace lw::crawler;

namespace {

const json& vectors() {
    static const json v = json::parse(lw::test::read_shared("vectors/robots-rfc9309.json"));
    return v;
}

// Cases whose expectation leakwatch does not share, by name, with why.
// Each must be Google-specific, flagged as an RFC 9309 divergence, or about
// /robots.txt itself, and must really fail: the test checks both.
const std::map<std::string, std::string>& skipped() {
    static const std::map<std::string, std::string> cases = [] {
        const std::string unreserved =
            "RFC 9309 2.2.2: an escaped unreserved character is the character, so "
            "'Allow: /foo/bar/%62%61%7A' allows /foo/bar/baz; Google compares the escapes as "
            "written (the file flags the divergence)";
        const std::string robots_txt =
            "RFC 9309 2.2.2: /robots.txt is implicitly allowed; Google's matcher has no such "
            "exception, and these stress cases ask it about /robots.txt under 'Disallow: /'";
        const std::string index_html =
            "Google only: 'Allow: /d/index.html' also allows '/d/'; RFC 9309 has no such rule, "
            "and guessing what a server's index page is would not be polite";
        const std::string line_length =
            "Google only: lines are cut at 16664 bytes, turning a long rule into a shorter "
            "one; leakwatch reads lines whole (the 500 KiB limit already bounds them)";
        return std::map<std::string, std::string>{
            {"spec-test/correctness/non-ascii-paths#4.1", unreserved},
            {"robots_test.cc/ID_Encoding#6", unreserved},
            {"spec-test/stress/327748#1.6", robots_txt},
            {"spec-test/stress/369883#1.6", robots_txt},
            {"spec-test/stress/369883#1.10", robots_txt},
            {"spec-test/stress/860237#1.10", robots_txt},
            {"spec-test/correctness/index-page#1.1", index_html},
            {"robots_test.cc/GoogleOnly_IndexHTMLisDirectory#1", index_html},
            {"robots_test.cc/GoogleOnly_LineTooLong#2", line_length},
            {"robots_test.cc/GoogleOnly_LineTooLong#5", line_length},
        };
    }();
    return cases;
}

std::string from_hex(const std::string& hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return bytes;
}

// The exact body: robots_txt_hex when the JSON string could not hold it.
std::string body_of(const json& c) {
    if (c.contains("robots_txt_hex")) {
        return from_hex(c["robots_txt_hex"].get<std::string>());
    }
    return c["robots_txt"].get<std::string>();
}

// What the file's "semantics" say a URL contributes: its path, parameters
// and query, the URL being already percent-encoded (so it is not parsed
// into a Url, which would encode raw octets). As in Google's matcher, the
// text before the first '/', '?' or ';' is the authority, after an optional
// "scheme://" or "//". Checked against the file's own url_to_matched_path.
std::string matched_path(std::string_view url) {
    url = url.substr(0, url.find('#'));
    if (url.substr(0, 2) == "//") {
        url.remove_prefix(2);
    } else if (const auto scheme_end = url.find("://");
               scheme_end != std::string_view::npos && scheme_end < url.find_first_of("/?;")) {
        url.remove_prefix(scheme_end + 3);
    }
    const auto start = url.find_first_of("/?;");
    if (start == std::string_view::npos) {
        return "/";
    }
    std::string path(url.substr(start));
    if (path.front() != '/') {
        path.insert(0, "/");
    }
    return path;
}

bool is_ascii(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

// Runs one allowed/disallowed case; false when it is skipped.
bool run_case(const json& c) {
    const std::string name = c["name"];
    const std::string url = c["url"];
    const std::string user_agent = c["user_agent"];
    const bool expected = c["allowed"];
    INFO(name << ": " << c.value("note", "") << "\nuser agent '" << user_agent << "', url " << url);
    const RobotsRules rules = RobotsRules::parse(body_of(c), user_agent);
    const bool allowed = rules.allowed(matched_path(url));
    if (const auto skip = skipped().find(name); skip != skipped().end()) {
        INFO("skipped: " << skip->second);
        CHECK((c.value("google_specific", false) || c.contains("rfc9309_divergence") ||
               matched_path(url) == "/robots.txt"));
        CHECK(allowed != expected);
        return false;
    }
    CHECK(allowed == expected);
    // The crawler's own URLs come from Url; the verdict must not change.
    // (A raw non-ASCII URL would be encoded by parse_url: not the same URL.)
    if (const auto parsed = parse_url(url); parsed && is_ascii(url)) {
        CHECK(rules.allowed(path_and_query(*parsed)) == expected);
    }
    return true;
}

}  // namespace

TEST_CASE("vectors: robots.txt cases of Google's suites, but for listed exceptions",
          "[vectors][robots]") {
    const json& cases = vectors()["cases"];
    std::size_t run = 0;
    std::size_t not_run = 0;
    for (const auto& c : cases) {
        (run_case(c) ? run : not_run) += 1;
    }
    CHECK(not_run == skipped().size());
    REQUIRE(cases.size() == vectors()["counts"]["total_cases"].get<std::size_t>());
    REQUIRE(run + not_run == cases.size());
    REQUIRE(run >= 530);
}

TEST_CASE("vectors: the file's count of Google-specific cases holds", "[vectors][robots]") {
    std::size_t google_specific = 0;
    for (const auto& c : vectors()["cases"]) {
        google_specific += c["google_specific"].get<bool>() ? 1 : 0;
    }
    CHECK(google_specific == vectors()["counts"]["google_specific"].get<std::size_t>());
}

TEST_CASE("vectors: RFC 9309 section 5 examples", "[vectors][robots]") {
    const json& cases = vectors()["rfc9309_examples"]["cases"];
    std::size_t run = 0;
    for (const auto& c : cases) {
        run += run_case(c) ? 1 : 0;
    }
    REQUIRE(run == vectors()["counts"]["rfc9309_examples"].get<std::size_t>());
    REQUIRE(run >= 13);
}

TEST_CASE("vectors: robots_test.cc product tokens", "[vectors][robots]") {
    const json& cases =
        vectors()["robots_test_cc_other_assertions"]["valid_product_token"]["cases"];
    for (const auto& c : cases) {
        const std::string token = c["user_agent"].is_null() ? "" : c["user_agent"];
        INFO("'" << token << "'");
        CHECK(is_valid_product_token(token) == c["valid"].get<bool>());
    }
    REQUIRE(cases.size() >= 10);
}

TEST_CASE("vectors: robots_test.cc URL to matched path", "[vectors][robots]") {
    const json& cases =
        vectors()["robots_test_cc_other_assertions"]["url_to_matched_path"]["cases"];
    std::size_t through_url = 0;
    for (const auto& c : cases) {
        const std::string url = c["url"];
        const std::string path = c["path"];
        INFO(url);
        CHECK(matched_path(url) == path);
        if (const auto parsed = parse_url(url)) {
            CHECK(path_and_query(*parsed) == path);
            ++through_url;
        }
    }
    REQUIRE(cases.size() >= 19);
    CHECK(through_url >= 6);
}

TEST_CASE("vectors: robots_test.cc rule pattern escaping", "[vectors][robots]") {
    const json& cases =
        vectors()["robots_test_cc_other_assertions"]["rule_pattern_escaping"]["cases"];
    for (const auto& c : cases) {
        const std::string pattern = c["pattern"];
        INFO(pattern);
        CHECK(robots_pattern_form(pattern) == c["escaped"].get<std::string>());
    }
    REQUIRE(cases.size() >= 4);
}

TEST_CASE("vectors: robots_test.cc line handling", "[vectors][robots]") {
    const json& cases =
        vectors()["robots_test_cc_other_assertions"]["parser_line_handling"]["cases"];
    for (const auto& c : cases) {
        INFO(c["name"].get<std::string>() << ": " << c["note"].get<std::string>());
        const std::string body = body_of(c);
        const auto lines = robots_lines(body);
        int valid = 0;
        int unknown = 0;
        std::vector<std::string> sitemaps;
        for (const auto& line : lines) {
            // Google's parser knows no crawl-delay: to it, an unknown key.
            const bool known = line.key != RobotsKey::unknown && line.key != RobotsKey::crawl_delay;
            (known ? valid : unknown) += 1;
            if (line.key == RobotsKey::sitemap) {
                sitemaps.emplace_back(line.value);
            }
        }
        const json& expect = c["expect"];
        if (expect.contains("valid_directives")) {
            CHECK(valid == expect["valid_directives"].get<int>());
        }
        if (expect.contains("unknown_directives")) {
            CHECK(unknown == expect["unknown_directives"].get<int>());
        }
        if (expect.contains("last_line_seen")) {
            REQUIRE_FALSE(lines.empty());
            CHECK(lines.back().number == expect["last_line_seen"].get<int>());
        }
        if (expect.contains("sitemaps")) {
            CHECK(sitemaps == expect["sitemaps"].get<std::vector<std::string>>());
        }
    }
    REQUIRE(cases.size() >= 12);
}

TEST_CASE("vectors: RFC 9309 2.3.1 fetch outcomes", "[vectors][robots]") {
    const json& section = vectors()["http_status_and_limits_rfc9309"];
    for (const char* key : {"2xx_success", "3xx_redirects", "4xx_unavailable", "5xx_unreachable",
                            "robots_txt_itself"}) {
        REQUIRE(section.contains(key));
    }
    const std::string body = "User-agent: *\nDisallow: /private\n";
    // 2xx: the rules are followed.
    CHECK_FALSE(from_fetch(200, body, "leakwatch").allowed("/private"));
    CHECK(from_fetch(200, body, "leakwatch").allowed("/public"));
    // More than five redirects: may be treated as unavailable.
    CHECK(from_fetch(302, "", "leakwatch").allowed("/private"));
    // 4xx: unavailable, anything may be fetched.
    for (int status : {400, 401, 403, 404, 410}) {
        INFO(status);
        CHECK(from_fetch(status, body, "leakwatch").allowed("/private"));
    }
    // 5xx and network errors: complete disallow.
    for (int status : {0, 500, 502, 503, 504}) {
        INFO(status);
        CHECK_FALSE(from_fetch(status, body, "leakwatch").allowed("/public"));
    }
    // 2.2.2: /robots.txt is implicitly allowed.
    CHECK(RobotsRules::parse("User-agent: *\nDisallow: /\n", "leakwatch").allowed("/robots.txt"));
    CHECK(from_fetch(503, "", "leakwatch").allowed("/robots.txt"));
}

TEST_CASE("vectors: RFC 9309 2.5 parsing limit", "[vectors][robots]") {
    const std::string text = vectors()["http_status_and_limits_rfc9309"]["size_limit"];
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex(R"(\((\d+) bytes\))")));
    const std::size_t minimum = std::stoul(match[1]);
    CHECK(kRobotsParseLimit >= minimum);
    // A rule ending at the minimum is read; the next line is not.
    const std::string head = "User-agent: *\n#";
    const std::string rule = "\nDisallow: /last-read\n";
    const std::string body = head + std::string(minimum - head.size() - rule.size(), 'x') + rule +
                             std::string(kRobotsParseLimit - minimum, '\n') + "Disallow: /\n";
    const auto rules = RobotsRules::parse(body, "leakwatch");
    CHECK_FALSE(rules.allowed("/last-read"));
    CHECK(rules.allowed("/other"));
}
