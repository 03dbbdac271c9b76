#pragma once

// Which hosts a site's crawl may go to. A hostile page must not send the
// crawler elsewhere: to another site (the seed's `follow_hosts` says which
// others are part of it; by default, its listings' hosts and their
// subdomains), or into the operator's own network (loopback, link-local,
// private and other internal addresses written as literals, "localhost"),
// unless the seed's own listing is there (a site on a LAN, the tests on
// loopback). Links, next pages and redirects, robots.txt's too, all pass
// through it.
//
// Names are checked as written here; a public name that resolves to an
// internal address is caught when connecting (FetchRequest::
// refuse_internal_addresses, set from internal_allowed()).

#include <sys/socket.h>

#include <string>
#include <string_view>
#include <vector>

#include "crawler/seed.h"
#include "crawler/url.h"

namespace lw::crawler {

// Loopback, link-local, private (RFC 1918, RFC 4193), CGNAT, unspecified and
// multicast addresses written as IPv4 or IPv6 literals (IPv4-mapped IPv6
// too), "localhost" and names under ".localhost".
bool is_internal_host(std::string_view host);
// The same ranges for an address about to be connected to.
bool is_internal_address(const sockaddr* address);

class FollowPolicy {
  public:
    explicit FollowPolicy(const Seed& seed);

    // Empty when `target` may be fetched for this site, else why not.
    std::string refusal(const Url& target) const;
    // The site itself is on an internal address: its requests may connect
    // to one.
    bool internal_allowed() const noexcept { return internal_allowed_; }

  private:
    std::vector<std::string> hosts_;  // lowercase; each with its subdomains
    bool internal_allowed_ = false;
};

}  // namespace lw::crawler
