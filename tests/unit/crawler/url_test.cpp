#include "crawler/url.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

using namespace lw::crawler;
using namespace std::literals;

namespace {

// The canonical text of `text` parsed, or "(none)".
std::string canonical(std::string_view text) {
    const auto url = parse_url(text);
    return url ? to_string(*url) : "(none)";
}

// The canonical text of `reference` resolved against `base`, or "(none)".
std::string resolved(std::string_view base, std::string_view reference) {
    const auto base_url = parse_url(base);
    REQUIRE(base_url);
    const auto url = resolve_url(*base_url, reference);
    return url ? to_string(*url) : "(none)";
}

}  // namespace

TEST_CASE("url: an absolute URL is split into its parts", "[crawler][url]") {
    const auto url = parse_url("https://forum.example.org:8443/viewtopic.php?f=11&t=66086#p1");
    REQUIRE(url);
    CHECK(url->scheme == "https");
    CHECK(url->host == "forum.example.org");
    CHECK(url->port == 8443);
    CHECK(url->path == "/viewtopic.php");
    CHECK(url->query == "f=11&t=66086");
}

TEST_CASE("url: scheme and host are lower-cased, the path is not", "[crawler][url]") {
    CHECK(canonical("HTTP://Forum.EXAMPLE.org/Board/Index.PHP?A=B") ==
          "http://forum.example.org/Board/Index.PHP?A=B");
    CHECK(canonical("HtTpS://WWW.Example.COM") == "https://www.example.com/");
}

TEST_CASE("url: the default port is filled in and never written", "[crawler][url]") {
    const auto http = parse_url("http://example.com/");
    const auto https = parse_url("https://example.com/");
    REQUIRE(http);
    REQUIRE(https);
    CHECK(http->port == 80);
    CHECK(https->port == 443);
    CHECK(canonical("http://example.com:80/a") == "http://example.com/a");
    CHECK(canonical("https://example.com:443/a") == "https://example.com/a");
    CHECK(canonical("http://example.com:/a") == "http://example.com/a");
}

TEST_CASE("url: another port is kept, the default of the other scheme too", "[crawler][url]") {
    CHECK(canonical("http://example.com:8080/a") == "http://example.com:8080/a");
    CHECK(canonical("http://example.com:443/") == "http://example.com:443/");
    CHECK(canonical("https://example.com:80/") == "https://example.com:80/");
}

TEST_CASE("url: loopback IPv4 hosts with ports, as the integration tests use", "[crawler][url]") {
    const auto url = parse_url("http://127.0.0.2:8080/forum/index.php");
    REQUIRE(url);
    CHECK(url->host == "127.0.0.2");
    CHECK(url->port == 8080);
    CHECK(to_string(*url) == "http://127.0.0.2:8080/forum/index.php");
    CHECK(origin(*url) == "http://127.0.0.2:8080");
}

TEST_CASE("url: an IPv6 literal keeps its brackets", "[crawler][url]") {
    const auto url = parse_url("http://[::1]:8080/x");
    REQUIRE(url);
    CHECK(url->host == "[::1]");
    CHECK(to_string(*url) == "http://[::1]:8080/x");
    CHECK(origin(*url) == "http://[::1]:8080");
}

TEST_CASE("url: an empty path is '/', an empty query loses its '?'", "[crawler][url]") {
    CHECK(canonical("http://example.com") == "http://example.com/");
    CHECK(canonical("http://example.com?x=1") == "http://example.com/?x=1");
    CHECK(canonical("http://example.com/a?") == "http://example.com/a");
}

TEST_CASE("url: the fragment is dropped", "[crawler][url]") {
    CHECK(canonical("http://example.com/a?b=1#top") == "http://example.com/a?b=1");
    // curl itself refuses spaces in a fragment; they never reach it.
    CHECK(canonical("http://example.com/a#a b") == "http://example.com/a");
}

TEST_CASE("url: credentials are never kept", "[crawler][url]") {
    CHECK(canonical("http://user:secret@example.com/a") == "http://example.com/a");
}

TEST_CASE("url: dot segments are removed", "[crawler][url]") {
    CHECK(canonical("http://example.com/a/./b/../c") == "http://example.com/a/c");
    CHECK(canonical("http://example.com/../../a") == "http://example.com/a");
}

TEST_CASE("url: spaces and non-ASCII octets are percent-encoded, escapes upper-cased",
          "[crawler][url]") {
    CHECK(canonical("http://example.com/a b/\xC3\xA9t\xC3\xA9") ==
          "http://example.com/a%20b/%C3%A9t%C3%A9");
    CHECK(canonical("http://example.com/%7e%2fx?q=%c3%a9") ==
          "http://example.com/%7E%2Fx?q=%C3%A9");
    // An existing escape is not encoded again.
    CHECK(canonical("http://example.com/a%20b") == "http://example.com/a%20b");
}

TEST_CASE("url: blanks around an href and line breaks inside it are ignored", "[crawler][url]") {
    CHECK(canonical("  http://example.com/a\n") == "http://example.com/a");
    CHECK(canonical("http://exam\tple.com/a\r\nb") == "http://example.com/ab");
}

TEST_CASE("url: only http and https are accepted", "[crawler][url]") {
    for (const char* text :
         {"ftp://example.com/file", "javascript:alert(1)", "JavaScript:void(0)",
          "mailto:someone@example.com", "data:text/html,hi", "file:///etc/passwd",
          "gopher://example.com/", "irc://example.com/chan", "tel:+33123456789"}) {
        INFO(text);
        CHECK_FALSE(parse_url(text));
    }
}

TEST_CASE("url: relative references and garbage are not absolute URLs", "[crawler][url]") {
    for (const char* text :
         {"", "   ", "/path", "path/to", "//example.com/a", "?x=1", "#top", "example.com",
          "http://", "http://exa mple.com/", "http://example.com:99999/", "http://example.com:0/",
          "http://example.com:8o/", "::::", "http:example.com/a"}) {
        INFO(text);
        CHECK_FALSE(parse_url(text));
    }
    CHECK_FALSE(parse_url("http://example.com/a\0b"sv));
}

TEST_CASE("url: a non-ASCII host is refused, its punycode form accepted", "[crawler][url]") {
    CHECK_FALSE(
        parse_url("http://b\xC3\xBC"
                  "cher.example/"));
    CHECK(canonical("http://xn--bcher-kva.example/") == "http://xn--bcher-kva.example/");
}

TEST_CASE("url: RFC 3986 5.4.1 normal examples", "[crawler][url]") {
    const std::string base = "http://a/b/c/d;p?q";
    const std::vector<std::pair<std::string, std::string>> examples = {
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g/"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q"},
        {"g#s", "http://a/b/c/g"},
        {"g?y#s", "http://a/b/c/g?y"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
    };
    for (const auto& [reference, expected] : examples) {
        INFO(reference);
        CHECK(resolved(base, reference) == expected);
    }
}

TEST_CASE("url: RFC 3986 5.4.2 abnormal examples", "[crawler][url]") {
    const std::string base = "http://a/b/c/d;p?q";
    const std::vector<std::pair<std::string, std::string>> examples = {
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g"},
        {"g#s/../x", "http://a/b/c/g"},
    };
    for (const auto& [reference, expected] : examples) {
        INFO(reference);
        CHECK(resolved(base, reference) == expected);
    }
}

TEST_CASE("url: forum links resolve against the page they are on", "[crawler][url]") {
    const std::string page = "https://forum.example.org/board/viewforum.php?f=11&start=50";
    CHECK(resolved(page, "/raw/X1y2Z3") == "https://forum.example.org/raw/X1y2Z3");
    CHECK(resolved(page, "./viewtopic.php?f=11&t=66086") ==
          "https://forum.example.org/board/viewtopic.php?f=11&t=66086");
    CHECK(resolved(page, "../a") == "https://forum.example.org/a");
    CHECK(resolved(page, "?f=11&start=75") ==
          "https://forum.example.org/board/viewforum.php?f=11&start=75");
    CHECK(resolved(page, "//cdn.example.net/p") == "https://cdn.example.net/p");
    CHECK(resolved(page, "#frag") == page);
    CHECK(resolved(page, "  viewtopic.php?t=1#p5  ") ==
          "https://forum.example.org/board/viewtopic.php?t=1");
}

TEST_CASE("url: a reference keeps the base's port unless it names a host", "[crawler][url]") {
    const std::string page = "http://127.0.0.2:8080/forum/index.php";
    CHECK(resolved(page, "/raw/1") == "http://127.0.0.2:8080/raw/1");
    CHECK(resolved(page, "topic/2") == "http://127.0.0.2:8080/forum/topic/2");
    CHECK(resolved(page, "//127.0.0.3/x") == "http://127.0.0.3/x");
    CHECK(resolved(page, "//127.0.0.3:9090/x") == "http://127.0.0.3:9090/x");
}

TEST_CASE("url: an absolute reference replaces the base", "[crawler][url]") {
    const std::string page = "http://example.com/a/b";
    CHECK(resolved(page, "HTTPS://Other.Example:8443/Z?q") == "https://other.example:8443/Z?q");
    CHECK(resolved(page, "http://example.com:80/c") == "http://example.com/c");
}

TEST_CASE("url: references to other schemes resolve to nothing", "[crawler][url]") {
    const std::string page = "http://example.com/a/b";
    for (const char* reference :
         {"javascript:void(0)", "javascript:alert('x')", "mailto:admin@example.com",
          "ftp://example.com/f", "data:image/png;base64,AAAA", "tel:123"}) {
        INFO(reference);
        CHECK(resolved(page, reference) == "(none)");
    }
}

TEST_CASE("url: spaces and non-ASCII in a relative reference are encoded", "[crawler][url]") {
    const std::string page = "http://example.com/a/b";
    CHECK(resolved(page, "c d") == "http://example.com/a/c%20d");
    CHECK(resolved(page, "\xC3\xA9?x=\xC3\xA9") == "http://example.com/a/%C3%A9?x=%C3%A9");
}

TEST_CASE("url: origin always writes the port", "[crawler][url]") {
    const auto http = parse_url("http://Example.com/a?b");
    const auto https = parse_url("https://example.com:8443/");
    REQUIRE(http);
    REQUIRE(https);
    CHECK(origin(*http) == "http://example.com:80");
    CHECK(origin(*https) == "https://example.com:8443");
    // Same host, other scheme: another origin, another robots.txt.
    CHECK(origin(*parse_url("https://example.com/")) != origin(*http));
}

TEST_CASE("url: path_and_query is what robots.txt rules see", "[crawler][url]") {
    CHECK(path_and_query(*parse_url("http://example.com")) == "/");
    CHECK(path_and_query(*parse_url("http://example.com/a/b?c=d&e=f#g")) == "/a/b?c=d&e=f");
    CHECK(path_and_query(*parse_url("http://example.com/a;b")) == "/a;b");
    Url bare{"http", "example.com", 80, "", "x=1"};
    CHECK(path_and_query(bare) == "/?x=1");
}

TEST_CASE("url: equal Urls name one resource", "[crawler][url]") {
    CHECK(parse_url("HTTP://EXAMPLE.com:80/a#x") == parse_url("http://example.com/a"));
    CHECK(parse_url("http://example.com/a?b") != parse_url("http://example.com/a"));
    CHECK(parse_url("http://example.com/%c3%a9") == parse_url("http://example.com/\xC3\xA9"));
}

TEST_CASE("url: to_string reads back as the same Url", "[crawler][url]") {
    for (const char* text :
         {"http://example.com/", "https://example.com:8443/a%20b?c=d&e", "http://[::1]:81/x",
          "http://127.0.0.2:8080/forum/viewtopic.php?f=1&t=2"}) {
        INFO(text);
        const auto url = parse_url(text);
        REQUIRE(url);
        CHECK(parse_url(to_string(*url)) == url);
        CHECK(to_string(*url) == text);
    }
}

TEST_CASE("url: strip_params drops a phpBB session id", "[crawler][url]") {
    const auto url = parse_url(
        "https://forum.example.org/"
        "viewtopic.php?f=11&t=66086&sid=0123abcd4567ef890123abcd4567ef89");
    REQUIRE(url);
    CHECK(to_string(strip_params(*url, {"sid"})) ==
          "https://forum.example.org/viewtopic.php?f=11&t=66086");
}

TEST_CASE("url: strip_params matches whole names only", "[crawler][url]") {
    const auto url = parse_url("http://example.com/index.php?s=abc&start=50&ss=1&sid=2&x=s");
    REQUIRE(url);
    CHECK(strip_params(*url, {"s", "sid"}).query == "start=50&ss=1&x=s");
}

TEST_CASE("url: strip_params keeps the other parameters in order", "[crawler][url]") {
    const auto url = parse_url("http://example.com/p?sid=1&b=2&a=1&sid=3&c");
    REQUIRE(url);
    CHECK(strip_params(*url, {"sid"}).query == "b=2&a=1&c");
    CHECK(strip_params(*url, {}).query == "sid=1&b=2&a=1&sid=3&c");
}

TEST_CASE("url: strip_params removes a valueless parameter and empty ones", "[crawler][url]") {
    const auto url = parse_url("http://example.com/p?a=1&&sid&b=");
    REQUIRE(url);
    CHECK(strip_params(*url, {"sid"}).query == "a=1&b=");
}

TEST_CASE("url: strip_params does not split on ';'", "[crawler][url]") {
    const auto url = parse_url("http://example.com/p?a=1;sid=2&sid=3");
    REQUIRE(url);
    CHECK(strip_params(*url, {"sid"}).query == "a=1;sid=2");
}

TEST_CASE("url: strip_params leaves no empty '?'", "[crawler][url]") {
    const auto url = parse_url("http://example.com/p?sid=0123abcd&s=x");
    REQUIRE(url);
    const Url stripped = strip_params(*url, {"sid", "s"});
    CHECK(stripped.query.empty());
    CHECK(to_string(stripped) == "http://example.com/p");
    CHECK(to_string(strip_params(*parse_url("http://example.com/p"), {"sid"})) ==
          "http://example.com/p");
}
