// RFC 9309 on robots.txt files of our own; the published suites (Google's
// and the RFC's examples) are in tests/vectors/robots_vectors_test.cpp.
#include "crawler/robots.h"

#include <catch2/catch.hpp>
#include <string>

using namespace lw::crawler;

namespace {

constexpr std::string_view kToken = "leakwatch";

RobotsRules rules_of(std::string_view body) {
    return RobotsRules::parse(body, kToken);
}

}  // namespace

TEST_CASE("robots: the group naming us applies, not the '*' group", "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: *\n"
        "Disallow: /\n"
        "\n"
        "User-agent: leakwatch\n"
        "Disallow: /private/\n");
    CHECK(rules.allowed("/board/index.php"));
    CHECK_FALSE(rules.allowed("/private/x"));
}

TEST_CASE("robots: the product token is matched case-insensitively", "[crawler][robots]") {
    const std::string body = "User-agent: LeakWatch\nDisallow: /x\n";
    CHECK_FALSE(RobotsRules::parse(body, "leakwatch").allowed("/x"));
    CHECK_FALSE(RobotsRules::parse(body, "LEAKWATCH").allowed("/x"));
    CHECK(RobotsRules::parse(body, "otherbot").allowed("/x"));
}

TEST_CASE("robots: a user-agent line naming a full User-Agent header names us",
          "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: leakwatch/0.1 (+https://example.org/bot)\n"
        "Disallow: /\n");
    CHECK_FALSE(rules.allowed("/a"));
    // The token must be whole: "leakwatcher" is another crawler.
    CHECK(rules_of("User-agent: leakwatcher\nDisallow: /\n").allowed("/a"));
    CHECK(rules_of("User-agent: leak\nDisallow: /\n").allowed("/a"));
}

TEST_CASE("robots: the '*' group applies when no group names us", "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: googlebot\n"
        "Disallow: /\n"
        "\n"
        "User-agent: *\n"
        "Disallow: /search\n");
    CHECK(rules.allowed("/"));
    CHECK_FALSE(rules.allowed("/search?q=x"));
}

TEST_CASE("robots: a group naming us without rules allows everything", "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: *\n"
        "Disallow: /\n"
        "User-agent: leakwatch\n");
    CHECK(rules.allowed("/anything"));
}

TEST_CASE("robots: no group for us and no '*' group allows everything", "[crawler][robots]") {
    CHECK(rules_of("User-agent: googlebot\nDisallow: /\n").allowed("/a"));
    CHECK(rules_of("").allowed("/a"));
    CHECK(rules_of("# nothing but a comment\n").allowed("/a"));
}

TEST_CASE("robots: consecutive user-agent lines share one group", "[crawler][robots]") {
    const std::string body =
        "User-agent: googlebot\n"
        "\n"
        "User-agent: leakwatch\n"
        "User-agent: bingbot\n"
        "Disallow: /shared\n";
    CHECK_FALSE(RobotsRules::parse(body, "googlebot").allowed("/shared"));
    CHECK_FALSE(RobotsRules::parse(body, "leakwatch").allowed("/shared"));
    CHECK_FALSE(RobotsRules::parse(body, "bingbot").allowed("/shared"));
    CHECK(RobotsRules::parse(body, "otherbot").allowed("/shared"));
}

TEST_CASE("robots: a user-agent line after rules starts a new group", "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: leakwatch\n"
        "Disallow: /a\n"
        "User-agent: otherbot\n"
        "Disallow: /b\n");
    CHECK_FALSE(rules.allowed("/a"));
    CHECK(rules.allowed("/b"));
}

TEST_CASE("robots: groups naming us are merged", "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: leakwatch\n"
        "Disallow: /a\n"
        "User-agent: *\n"
        "Disallow: /c\n"
        "User-agent: leakwatch\n"
        "Disallow: /b\n"
        "Allow: /a/open\n");
    CHECK_FALSE(rules.allowed("/a"));
    CHECK_FALSE(rules.allowed("/b"));
    CHECK(rules.allowed("/a/open"));
    CHECK(rules.allowed("/c"));
}

TEST_CASE("robots: '*' groups are merged too", "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: *\nDisallow: /a\n"
        "User-agent: otherbot\nDisallow: /\n"
        "User-agent: *\nDisallow: /b\n");
    CHECK_FALSE(rules.allowed("/a"));
    CHECK_FALSE(rules.allowed("/b"));
    CHECK(rules.allowed("/c"));
}

TEST_CASE("robots: rules before any user-agent line belong to no group", "[crawler][robots]") {
    CHECK(rules_of("Disallow: /\nUser-agent: *\nDisallow: /x\n").allowed("/a"));
}

TEST_CASE("robots: the longest matching rule wins, whatever the order", "[crawler][robots]") {
    const std::string a = "User-agent: *\nDisallow: /forum\nAllow: /forum/public\n";
    const std::string b = "User-agent: *\nAllow: /forum/public\nDisallow: /forum\n";
    for (const auto& body : {a, b}) {
        const auto rules = rules_of(body);
        CHECK_FALSE(rules.allowed("/forum"));
        CHECK_FALSE(rules.allowed("/forum/private"));
        CHECK(rules.allowed("/forum/public/1"));
    }
    CHECK_FALSE(rules_of("User-agent: *\nAllow: /f\nDisallow: /forum\n").allowed("/forum/x"));
}

TEST_CASE("robots: allow wins a tie between equally long rules", "[crawler][robots]") {
    CHECK(rules_of("User-agent: *\nDisallow: /page\nAllow: /page\n").allowed("/page"));
    CHECK(rules_of("User-agent: *\nAllow: /page\nDisallow: /page\n").allowed("/page"));
    // Lengths are counted in octets of the patterns, wildcards included.
    CHECK(rules_of("User-agent: *\nDisallow: /a*\nAllow: /ab\n").allowed("/ab"));
    CHECK_FALSE(rules_of("User-agent: *\nDisallow: /a*c\nAllow: /ab\n").allowed("/abc"));
}

TEST_CASE("robots: rules match from the start of the path, case-sensitively", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow: /private\n");
    CHECK_FALSE(rules.allowed("/private"));
    CHECK_FALSE(rules.allowed("/private.html"));
    CHECK_FALSE(rules.allowed("/private/a?b=c"));
    CHECK(rules.allowed("/Private"));
    CHECK(rules.allowed("/a/private"));
    CHECK(rules.allowed("/"));
}

TEST_CASE("robots: '*' matches any run of characters", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow: /*/raw/*.txt\nDisallow: *sid=\n");
    CHECK_FALSE(rules.allowed("/u/raw/a.txt"));
    CHECK_FALSE(rules.allowed("/u/v/raw/b.txt.bak"));
    CHECK_FALSE(rules.allowed("//raw/.txt"));
    CHECK(rules.allowed("/raw/a.txt"));
    CHECK(rules.allowed("/u/raw/a.md"));
    CHECK_FALSE(rules.allowed("/viewtopic.php?t=1&sid=abc"));
    CHECK_FALSE(rules_of("User-agent: *\nDisallow: /**\n").allowed("/"));
}

TEST_CASE("robots: '$' anchors the end of the pattern", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow: /*.gif$\nDisallow: /exact$\n");
    CHECK_FALSE(rules.allowed("/a.gif"));
    CHECK_FALSE(rules.allowed("/a/b.gif"));
    CHECK(rules.allowed("/a.gif?x=1"));
    CHECK(rules.allowed("/a.gifs"));
    CHECK_FALSE(rules.allowed("/exact"));
    CHECK(rules.allowed("/exact/"));
    CHECK(rules_of("User-agent: *\nAllow: /$\nDisallow: /\n").allowed("/"));
    CHECK_FALSE(rules_of("User-agent: *\nAllow: /$\nDisallow: /\n").allowed("/a"));
}

TEST_CASE("robots: a '$' before the end is a literal '$'", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow: /a$b\n");
    CHECK_FALSE(rules.allowed("/a$b"));
    CHECK_FALSE(rules.allowed("/a%24b"));
    CHECK(rules.allowed("/a"));
}

TEST_CASE("robots: an empty disallow matches nothing", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow:\n");
    CHECK(rules.allowed("/"));
    CHECK(rules.allowed("/anything"));
    // Nor does an empty allow outweigh a disallow.
    CHECK_FALSE(rules_of("User-agent: *\nAllow:\nDisallow: /\n").allowed("/a"));
}

TEST_CASE("robots: an empty path is '/'", "[crawler][robots]") {
    CHECK_FALSE(rules_of("User-agent: *\nDisallow: /$\n").allowed(""));
}

TEST_CASE("robots: escaped unreserved characters equal plain ones", "[crawler][robots]") {
    const auto encoded_rule = rules_of("User-agent: *\nDisallow: /%7Euser/%61bc\n");
    CHECK_FALSE(encoded_rule.allowed("/~user/abc"));
    CHECK_FALSE(encoded_rule.allowed("/%7euser/%61bc"));
    const auto plain_rule = rules_of("User-agent: *\nDisallow: /~user/abc\n");
    CHECK_FALSE(plain_rule.allowed("/%7Euser/abc"));
    CHECK_FALSE(plain_rule.allowed("/~user/%61%62%63"));
}

TEST_CASE("robots: escaped reserved characters differ from plain ones", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow: /a%2Fb\n");
    CHECK_FALSE(rules.allowed("/a%2fb"));
    CHECK(rules.allowed("/a/b"));
    CHECK(rules_of("User-agent: *\nDisallow: /a/b\n").allowed("/a%2Fb"));
    CHECK(rules_of("User-agent: *\nDisallow: /a?b\n").allowed("/a%3Fb"));
}

TEST_CASE("robots: UTF-8 in a rule matches its percent-encoded form", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow: /caf\xC3\xA9\n");
    CHECK_FALSE(rules.allowed("/caf%C3%A9"));
    CHECK_FALSE(rules.allowed("/caf%c3%a9/menu"));
    CHECK(rules.allowed("/cafe"));
    CHECK_FALSE(rules_of("User-agent: *\nDisallow: /caf%c3%a9\n").allowed("/caf%C3%A9"));
}

TEST_CASE("robots: %2A and %24 in a rule match a literal '*' and '$'", "[crawler][robots]") {
    const auto rules = rules_of("User-agent: *\nDisallow: /file-%2A.html\nDisallow: /foo-%24\n");
    CHECK_FALSE(rules.allowed("/file-*.html"));
    CHECK(rules.allowed("/file-x.html"));
    CHECK_FALSE(rules.allowed("/foo-$"));
    CHECK(rules.allowed("/foo-"));
}

TEST_CASE("robots: a space in a rule matches %20 in the path", "[crawler][robots]") {
    CHECK_FALSE(rules_of("User-agent: *\nDisallow: /a b\n").allowed("/a%20b"));
}

TEST_CASE("robots: /robots.txt itself is always allowed", "[crawler][robots]") {
    CHECK(rules_of("User-agent: *\nDisallow: /\n").allowed("/robots.txt"));
    CHECK(rules_of("User-agent: leakwatch\nDisallow: /robots.txt\n").allowed("/robots.txt"));
    CHECK(RobotsRules::disallow_all().allowed("/robots.txt"));
    CHECK_FALSE(rules_of("User-agent: *\nDisallow: /\n").allowed("/robots.txt.bak"));
}

TEST_CASE("robots: allow_all and disallow_all", "[crawler][robots]") {
    CHECK(RobotsRules::allow_all().allowed("/"));
    CHECK(RobotsRules::allow_all().allowed("/a?b"));
    CHECK_FALSE(RobotsRules::disallow_all().allowed("/"));
    CHECK_FALSE(RobotsRules::disallow_all().allowed("/a?b"));
    CHECK_FALSE(RobotsRules::allow_all().crawl_delay());
    CHECK_FALSE(RobotsRules::disallow_all().crawl_delay());
}

TEST_CASE("robots: 2xx parses the body", "[crawler][robots]") {
    const std::string body = "User-agent: *\nDisallow: /x\n";
    CHECK_FALSE(from_fetch(200, body, kToken).allowed("/x"));
    CHECK(from_fetch(200, body, kToken).allowed("/y"));
    CHECK_FALSE(from_fetch(203, body, kToken).allowed("/x"));
    CHECK(from_fetch(204, "", kToken).allowed("/x"));
}

TEST_CASE("robots: 4xx on robots.txt allows the whole host", "[crawler][robots]") {
    const std::string body = "User-agent: *\nDisallow: /\n";
    for (int status : {400, 401, 403, 404, 410, 451, 499}) {
        INFO(status);
        CHECK(from_fetch(status, body, kToken).allowed("/a"));
    }
}

TEST_CASE("robots: 5xx, 429 or no answer on robots.txt disallows the whole host",
          "[crawler][robots]") {
    for (int status : {0, 429, 500, 502, 503, 504, 599, 100, 600, -1}) {
        INFO(status);
        CHECK_FALSE(from_fetch(status, "", kToken).allowed("/a"));
    }
}

TEST_CASE("robots: a 3xx the fetcher gave up following allows the whole host",
          "[crawler][robots]") {
    CHECK(from_fetch(301, "", kToken).allowed("/a"));
    CHECK(from_fetch(308, "User-agent: *\nDisallow: /\n", kToken).allowed("/a"));
}

TEST_CASE("robots: crawl-delay of the group that applies", "[crawler][robots]") {
    const std::string body =
        "User-agent: *\n"
        "Crawl-delay: 10\n"
        "Disallow: /tmp\n"
        "User-agent: leakwatch\n"
        "Crawl-delay: 2.5\n"
        "Disallow: /x\n";
    CHECK(RobotsRules::parse(body, "leakwatch").crawl_delay() == 2.5);
    CHECK(RobotsRules::parse(body, "otherbot").crawl_delay() == 10);
    CHECK_FALSE(rules_of("User-agent: *\nDisallow: /x\n").crawl_delay());
    CHECK_FALSE(rules_of("User-agent: otherbot\nCrawl-delay: 4\n").crawl_delay());
}

TEST_CASE("robots: crawl-delay takes fractions, and the largest of merged groups",
          "[crawler][robots]") {
    CHECK(rules_of("User-agent: *\ncrawl-delay: 0.5\n").crawl_delay() == 0.5);
    CHECK(rules_of("User-agent: *\nCRAWL-DELAY:3 # seconds\n").crawl_delay() == 3);
    CHECK(rules_of("User-agent: leakwatch\nCrawl-delay: 1\n"
                   "User-agent: leakwatch\nCrawl-delay: 7\n"
                   "User-agent: leakwatch\nCrawl-delay: 3\n")
              .crawl_delay() == 7);
    CHECK(rules_of("User-agent: *\nCrawl-delay: 0\n").crawl_delay() == 0);
}

TEST_CASE("robots: an unreadable crawl-delay is ignored", "[crawler][robots]") {
    for (const char* value : {"", "soon", "-1", "5s", "nan", "inf", "1,5", "0x10"}) {
        INFO(value);
        CHECK_FALSE(
            rules_of(std::string("User-agent: *\nCrawl-delay: ") + value + "\n").crawl_delay());
    }
    CHECK(rules_of("User-agent: *\nCrawl-delay: soon\nCrawl-delay: 4\n").crawl_delay() == 4);
}

TEST_CASE("robots: only rules end a group's list of agents", "[crawler][robots]") {
    // Crawl-delay, sitemap and unknown records are outside RFC 9309: the
    // user-agent lines around them are one group.
    for (const char* between :
         {"Crawl-delay: 5", "Sitemap: https://example.org/s.xml", "Frobnicate: yes"}) {
        INFO(between);
        const auto rules = rules_of(std::string("User-agent: leakwatch\n") + between +
                                    "\nUser-agent: otherbot\nDisallow: /\n");
        CHECK_FALSE(rules.allowed("/a"));
    }
}

TEST_CASE("robots: a crawl-delay applies to every agent of its group", "[crawler][robots]") {
    const auto rules = rules_of(
        "User-agent: otherbot\n"
        "Crawl-delay: 5\n"
        "User-agent: leakwatch\n"
        "Disallow: /x\n"
        "User-agent: *\n"
        "Crawl-delay: 9\n");
    CHECK(rules.crawl_delay() == 5);
    CHECK_FALSE(rules.allowed("/x"));
}

TEST_CASE("robots: keys are case-insensitive, values keep their case", "[crawler][robots]") {
    const auto rules = rules_of("USER-AGENT: *\nDISALLOW: /Private\nallow: /Private/Open\n");
    CHECK_FALSE(rules.allowed("/Private"));
    CHECK(rules.allowed("/private"));
    CHECK(rules.allowed("/Private/Open"));
}

TEST_CASE("robots: frequent misspellings of the keys are understood", "[crawler][robots]") {
    for (const char* body : {"useragent: *\nDisallow: /\n", "User agent: *\nDisallow: /\n",
                             "User-agent: *\nDisalow: /\n", "User-agent: *\nDissallow: /\n",
                             "User-agent: *\nDissalow: /\n", "User-agent: *\nDiasllow: /\n",
                             "User-agent: *\nDisallaw: /\n"}) {
        INFO(body);
        CHECK_FALSE(rules_of(body).allowed("/a"));
    }
    CHECK(rules_of("User-agent: *\nDisallowing: /\n").allowed("/a"));
}

TEST_CASE("robots: a missing ':' is tolerated between two words", "[crawler][robots]") {
    CHECK_FALSE(rules_of("User-agent leakwatch\nDisallow /x\n").allowed("/x"));
    CHECK(rules_of("User-agent leakwatch\nDisallow /x\n").allowed("/y"));
    // Three words are prose, not a directive.
    CHECK(rules_of("User-agent: *\nDisallow /x please\n").allowed("/x"));
}

TEST_CASE("robots: comments are ignored, whole lines or line ends", "[crawler][robots]") {
    const auto rules = rules_of(
        "# robots.txt for example.org\n"
        "User-agent: * # everyone\n"
        "#Disallow: /\n"
        "Disallow: /a#b\n"
        "   # indented comment\n");
    CHECK_FALSE(rules.allowed("/a"));
    CHECK_FALSE(rules.allowed("/ab"));
    CHECK(rules.allowed("/b"));
}

TEST_CASE("robots: LF, CR LF and CR all end lines", "[crawler][robots]") {
    for (const char* body : {"User-agent: *\nDisallow: /x\nAllow: /x/y\n",
                             "User-agent: *\r\nDisallow: /x\r\nAllow: /x/y\r\n",
                             "User-agent: *\rDisallow: /x\rAllow: /x/y\r",
                             "User-agent: *\r\nDisallow: /x\rAllow: /x/y"}) {
        INFO(body);
        const auto rules = rules_of(body);
        CHECK_FALSE(rules.allowed("/x"));
        CHECK(rules.allowed("/x/y"));
    }
}

TEST_CASE("robots: a byte order mark before the first line is skipped", "[crawler][robots]") {
    CHECK_FALSE(rules_of("\xEF\xBB\xBFUser-agent: *\nDisallow: /\n").allowed("/a"));
    CHECK_FALSE(rules_of("\xEF\xBBUser-agent: *\nDisallow: /\n").allowed("/a"));
    // Elsewhere it is part of the line, whose key is then unknown.
    CHECK(rules_of("User-agent: *\n\xEF\xBB\xBF"
                   "Disallow: /\n")
              .allowed("/a"));
}

TEST_CASE("robots: content after 500 KiB is ignored", "[crawler][robots]") {
    const std::string head = "User-agent: *\nDisallow: /early\n";
    std::string body = head + "#" + std::string(kRobotsParseLimit - head.size() - 2, 'x') + "\n";
    REQUIRE(body.size() == kRobotsParseLimit);
    body += "Disallow: /late\n";
    const auto rules = rules_of(body);
    CHECK_FALSE(rules.allowed("/early"));
    CHECK(rules.allowed("/late"));
}

TEST_CASE("robots: the line the 500 KiB limit cuts is ignored whole", "[crawler][robots]") {
    const std::string head = "User-agent: *\n";
    std::string body = head + "#" + std::string(kRobotsParseLimit - head.size() - 13, 'x') + "\n";
    // "Disallow: /ab" straddles the limit: "Disallow: /" must not be read.
    body += "Disallow: /ab\n";
    REQUIRE(body.size() > kRobotsParseLimit);
    REQUIRE(body.size() - 14 < kRobotsParseLimit);
    CHECK(rules_of(body).allowed("/a"));
    // A line ending exactly at the limit is whole and kept.
    std::string exact = head + "#" + std::string(kRobotsParseLimit - head.size() - 16, 'x') +
                        "\nDisallow: /ab\nDisallow: /\n";
    REQUIRE(exact.find("/ab\n") + 4 == kRobotsParseLimit);
    const auto kept = rules_of(exact);
    CHECK_FALSE(kept.allowed("/ab"));
    CHECK(kept.allowed("/a"));
}

TEST_CASE("robots: a long rule before the limit is read in full", "[crawler][robots]") {
    const std::string long_path = "/" + std::string(100000, 'a');
    const auto rules = rules_of("User-agent: *\nDisallow: " + long_path + "\n");
    CHECK_FALSE(rules.allowed(long_path + "/x"));
    CHECK(rules.allowed(long_path.substr(0, 50000)));
}

TEST_CASE("robots: many wildcards do not make matching exponential", "[crawler][robots]") {
    std::string pattern = "/";
    for (int i = 0; i < 40; ++i) {
        pattern += "*a";
    }
    const std::string path = "/" + std::string(50000, 'a');
    const auto rules = rules_of("User-agent: *\nDisallow: " + pattern + "*b\nAllow: /\n");
    CHECK(rules.allowed(path));
    CHECK_FALSE(rules.allowed(path + "b"));
    const auto anchored = rules_of("User-agent: *\nDisallow: " + pattern + "*b$\n");
    CHECK(anchored.allowed(path + "bc"));
    CHECK_FALSE(anchored.allowed(path + "cb"));
}

TEST_CASE("robots: a product token is letters, '-' and '_'", "[crawler][robots]") {
    CHECK(is_valid_product_token("leakwatch"));
    CHECK_FALSE(is_valid_product_token("Leak-Watch_2"));
    CHECK(is_valid_product_token("Leak-Watch_"));
    CHECK_FALSE(is_valid_product_token(""));
    CHECK_FALSE(is_valid_product_token("leakwatch/1.0"));
    CHECK_FALSE(is_valid_product_token("leak watch"));
    CHECK_FALSE(is_valid_product_token("*"));
}

TEST_CASE("robots: an invalid product token gets the '*' group", "[crawler][robots]") {
    const std::string body = "User-agent: leak\nAllow: /\nUser-agent: *\nDisallow: /\n";
    CHECK_FALSE(RobotsRules::parse(body, "leak watch").allowed("/a"));
    CHECK_FALSE(RobotsRules::parse(body, "").allowed("/a"));
    CHECK(RobotsRules::parse(body, "leak").allowed("/a"));
}

TEST_CASE("robots: '* something' is still the '*' group", "[crawler][robots]") {
    CHECK_FALSE(rules_of("User-agent: * # all\nDisallow: /\n").allowed("/a"));
    CHECK_FALSE(rules_of("User-agent: * leakwatch\nDisallow: /\n").allowed("/a"));
    CHECK(rules_of("User-agent: *leakwatch\nDisallow: /\n").allowed("/a"));
}

TEST_CASE("robots: robots_lines numbers lines and keeps the key/value ones", "[crawler][robots]") {
    const std::string body =
        "# comment\r\n"
        "User-Agent: leakwatch\r\n"
        "\r\n"
        "Allow: /a # why\r"
        "Frobnicate: yes\n"
        "Sitemap: https://example.org/sitemap.xml\n"
        "no-separator-here\n"
        "Crawl-delay: 2\n"
        "Disallow:";
    const auto lines = robots_lines(body);
    REQUIRE(lines.size() == 6);
    CHECK(lines[0].number == 2);
    CHECK(lines[0].key == RobotsKey::user_agent);
    CHECK(lines[0].value == "leakwatch");
    CHECK(lines[1].number == 4);
    CHECK(lines[1].key == RobotsKey::allow);
    CHECK(lines[1].value == "/a");
    CHECK(lines[2].number == 5);
    CHECK(lines[2].key == RobotsKey::unknown);
    CHECK(lines[3].key == RobotsKey::sitemap);
    CHECK(lines[3].value == "https://example.org/sitemap.xml");
    CHECK(lines[4].number == 8);
    CHECK(lines[4].key == RobotsKey::crawl_delay);
    CHECK(lines[5].number == 9);
    CHECK(lines[5].key == RobotsKey::disallow);
    CHECK(lines[5].value.empty());
}

TEST_CASE("robots: comparison forms of paths and patterns", "[crawler][robots]") {
    CHECK(robots_path_form("/a%7e%2fb%41") == "/a~%2FbA");
    CHECK(robots_path_form("/x*y$") == "/x%2Ay%24");
    CHECK(robots_path_form("/%zz%4") == "/%zz%4");
    CHECK(robots_pattern_form("/a%7e%2fb*c$") == "/a~%2Fb*c$");
    CHECK(robots_pattern_form("/a$b") == "/a%24b");
    CHECK(robots_pattern_form("/caf\xC3\xA9 x") == "/caf%C3%A9%20x");
}
