#pragma once

// What the crawler keeps between runs, in the corpus's metadata (committed
// with the data, so a crash never leaves state ahead of the corpus):
// robots.txt per host, listings' validators, the items already fetched.
// Every name is a keyed digest of its URL (fixed length, nothing in clear)
// and every value that must be read back is sealed (docs/corpus.md, "Keys").

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/robots.h"
#include "indexer/indexer.h"

namespace lw::crawler {

struct CachedRobots {
    int status = 0;     // as read by from_fetch (redirects and 429 already mapped)
    std::string rules;  // its rule lines only
};

// Where an item indexed was left, to continue it when its listing shows a
// change (docs/seeds.md, item_changed).
struct ItemVisit {
    std::string item_key;         // the corpus item its text went to
    std::string resume_url;       // its last page read (read again on a change)
    unsigned resume_page = 1;     // that page's number
    std::string marker;           // change_digest() of its listing's marker then; "" for none
    std::int64_t visited_at = 0;  // unix seconds of its last visit (Seed::revisit)
};

class CrawlState {
  public:
    explicit CrawlState(indexer::StateStore& store) : store_(store) {}

    // robots.txt of `origin` fetched less than `max_age` ago.
    std::optional<CachedRobots> robots(const std::string& origin,
                                       std::chrono::seconds max_age) const;
    // Keeps only the rule lines (sealed: a path may name a person).
    void set_robots(const std::string& origin, int status, std::string_view body);

    // If-None-Match / If-Modified-Since for a listing fetched before.
    std::vector<std::string> conditional_headers(const std::string& listing) const;
    void set_validators(const std::string& listing, const std::string& etag,
                        const std::string& last_modified);
    // The next run reads the listing whole (items of it were not fetched).
    void forget_validators(const std::string& listing);

    bool seen(const std::string& item_url) const;
    void mark_seen(const std::string& item_url);

    // The visit kept for an item (sealed: its last page's URL may name a
    // person); nullopt when none was kept or it does not open.
    std::optional<ItemVisit> visit(const std::string& item_url) const;
    void set_visit(const std::string& item_url, const ItemVisit& visit);
    // A keyed digest of a listing's change marker (a last poster's name may
    // be in it): compared, never read back. "" for "".
    std::string change_digest(std::string_view marker) const;

  private:
    // The sealed value stored under `name`, opened; "" when absent or
    // unreadable (state is a cache: a bad entry is fetched again).
    std::string opened(const std::string& name) const;
    void seal_into(const std::string& name, const std::string& value);

    indexer::StateStore& store_;
};

}  // namespace lw::crawler
