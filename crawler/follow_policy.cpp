#include "crawler/follow_policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "indexer/ascii.h"

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

bool subdomain_or_same(std::string_view host, std::string_view of) {
    return host == of || (host.size() > of.size() && host.ends_with(of) &&
                          host[host.size() - of.size() - 1] == '.');
}

}  // namespace

bool is_internal_host(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const std::string lower = indexer::ascii_lower_copy(host);
    if (subdomain_or_same(lower, "localhost")) {
        return true;
    }
    std::array<unsigned char, 16> address{};
    if (::inet_pton(AF_INET, lower.c_str(), address.data()) == 1) {
        return internal_ipv4(address.data());
    }
    if (::inet_pton(AF_INET6, lower.c_str(), address.data()) != 1) {
        return false;  // a name
    }
    static constexpr std::array<unsigned char, 12> kMapped = {0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(address.data(), kMapped.data(), kMapped.size()) == 0) {
        return internal_ipv4(address.data() + 12);
    }
    const bool unspecified_or_loopback = std::all_of(address.begin(), address.begin() + 15,
                                                     [](unsigned char b) { return b == 0; }) &&
                                         address[15] <= 1;
    return unspecified_or_loopback || (address[0] & 0xfe) == 0xfc ||  // fc00::/7
           (address[0] == 0xfe && (address[1] & 0xc0) == 0x80) ||     // fe80::/10
           address[0] == 0xff;                                        // multicast
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
