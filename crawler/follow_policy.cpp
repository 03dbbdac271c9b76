#include "crawler/follow_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "indexer/base/ascii.h"

namespace lw::crawler {
namespace {

bool internal_ipv4(const unsigned char* a) {
    return a[0] == 127 || a[0] == 10 || a[0] == 0 ||  // loopback, private, "this"
           (a[0] == 172 && (a[1] & 0xf0) == 16) ||    // 172.16.0.0/12
           (a[0] == 192 && a[1] == 168) ||            // 192.168.0.0/16
           (a[0] == 169 && a[1] == 254) ||            // link-local
           (a[0] == 100 && (a[1] & 0xc0) == 64) ||    // CGNAT 100.64.0.0/10
           a[0] >= 224;                               // multicast, reserved
}

bool internal_ipv6(const unsigned char* a) {
    static constexpr std::array<unsigned char, 12> kMapped = {0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a, kMapped.data(), kMapped.size()) == 0) {
        return internal_ipv4(a + 12);
    }
    const bool unspecified_or_loopback =
        std::all_of(a, a + 15, [](unsigned char b) { return b == 0; }) && a[15] <= 1;
    return unspecified_or_loopback || (a[0] & 0xfe) == 0xfc ||  // fc00::/7
           (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||           // fe80::/10
           a[0] == 0xff;                                        // multicast
}

bool subdomain_or_same(std::string_view host, std::string_view of) {
    return host == of || (host.size() > of.size() && host.ends_with(of) &&
                          host[host.size() - of.size() - 1] == '.');
}

}  // namespace

bool is_internal_address(const sockaddr* address) {
    if (address == nullptr) {
        return false;
    }
    if (address->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        return internal_ipv4(reinterpret_cast<const unsigned char*>(&v4->sin_addr));
    }
    if (address->sa_family != AF_INET6) {
        return true;  // not an internet address: nothing a page may send us to
    }
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    return internal_ipv6(reinterpret_cast<const unsigned char*>(&v6->sin6_addr));
}

bool is_internal_host(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const std::string lower = indexer::ascii_lower_copy(host);
    if (subdomain_or_same(lower, "localhost")) {
        return true;
    }
    // inet_aton's forms, not only dotted quads: resolvers and libcurl read
    // "127.1", "0x7f000001" and "2130706433" as 127.0.0.1 too.
    in_addr v4{};
    if (::inet_aton(lower.c_str(), &v4) != 0) {
        return internal_ipv4(reinterpret_cast<const unsigned char*>(&v4));
    }
    std::array<unsigned char, 16> v6{};
    if (::inet_pton(AF_INET6, lower.c_str(), v6.data()) != 1) {
        return false;  // a name
    }
    return internal_ipv6(v6.data());
}

FollowPolicy::FollowPolicy(const Seed& seed) {
    for (const std::string& listing : seed.listings) {
        if (const auto url = parse_url(listing)) {
            hosts_.push_back(indexer::ascii_lower_copy(url->host));
            internal_allowed_ = internal_allowed_ || is_internal_host(url->host);
        }
    }
    for (const std::string& host : seed.follow_hosts) {
        hosts_.push_back(indexer::ascii_lower_copy(host));
        internal_allowed_ = internal_allowed_ || is_internal_host(host);
    }
}

std::string FollowPolicy::refusal(const Url& target) const {
    const std::string host = indexer::ascii_lower_copy(target.host);
    if (!internal_allowed_ && is_internal_host(host)) {
        return "an internal address, and the site is not on one";
    }
    for (const std::string& allowed : hosts_) {
        if (subdomain_or_same(host, allowed)) {
            return {};
        }
    }
    return "another host, not in the seed's follow_hosts";
}

}  // namespace lw::crawler
