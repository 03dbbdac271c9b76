#include "crawler/follow_policy.h"

#include <catch2/catch.hpp>

using lw::crawler::FollowPolicy;
using lw::crawler::is_internal_host;
using lw::crawler::parse_url;
using lw::crawler::Seed;

namespace {

Seed seed_of(std::vector<std::string> listings, std::vector<std::string> follow = {}) {
    Seed seed;
    seed.name = "t";
    seed.listings = std::move(listings);
    seed.follow_hosts = std::move(follow);
    return seed;
}

std::string refusal(const FollowPolicy& policy, const std::string& url) {
    return policy.refusal(*parse_url(url));
}

}  // namespace

TEST_CASE("follow: internal addresses, as literals and names", "[crawler][follow]") {
    for (const char* host :
         {"127.0.0.1", "127.9.8.7", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
          "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "[::1]", "::1", "[::]",
          "[fe80::1]", "[fd00::1]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]", "localhost",
          "LocalHost", "db.localhost",
          // inet_aton's shorthands, which resolvers read too
          "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "10.1", "192.168.1"}) {
        CAPTURE(host);
        CHECK(is_internal_host(host));
    }
    for (const char* host :
         {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.1", "[2001:db8::1]",
          "[::ffff:8.8.8.8]", "example.org", "localhost.example.org", "10.example.org",
          "134744072" /* 8.8.8.8 */}) {
        CAPTURE(host);
        CHECK_FALSE(is_internal_host(host));
    }
}

TEST_CASE("follow: the listings' hosts, their subdomains and follow_hosts", "[crawler][follow]") {
    const FollowPolicy policy(seed_of({"https://forum.example.org/list"}, {"cdn.example.net"}));
    CHECK(refusal(policy, "https://forum.example.org/t/1").empty());
    CHECK(refusal(policy, "http://FORUM.example.org:8080/t/1").empty());
    CHECK(refusal(policy, "https://img.forum.example.org/a").empty());
    CHECK(refusal(policy, "https://cdn.example.net/x").empty());
    CHECK(refusal(policy, "https://a.cdn.example.net/x").empty());
    CHECK(refusal(policy, "https://evil.example/x") ==
          "another host, not in the seed's follow_hosts");
    CHECK_FALSE(refusal(policy, "https://notforum.example.org/").empty());
    CHECK_FALSE(refusal(policy, "https://example.org/").empty());  // the parent domain is not
    // No SSRF from a public site's page.
    CHECK(refusal(policy, "http://169.254.169.254/latest/meta-data") ==
          "an internal address, and the site is not on one");
    CHECK_FALSE(refusal(policy, "http://127.0.0.1:6379/").empty());
    CHECK_FALSE(refusal(policy, "http://[::1]/").empty());
}

TEST_CASE("follow: a site on an internal address may stay there", "[crawler][follow]") {
    const FollowPolicy policy(seed_of({"http://127.0.0.2:8080/archive"}));
    CHECK(refusal(policy, "http://127.0.0.2:8080/raw/1").empty());
    CHECK_FALSE(refusal(policy, "http://127.0.0.3:8080/raw/1").empty());  // another host still
    const FollowPolicy lan(seed_of({"http://10.0.0.5/list"}, {"10.0.0.6"}));
    CHECK(refusal(lan, "http://10.0.0.6/x").empty());
}
