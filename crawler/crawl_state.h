#pragma once

// What the crawler keeps between runs, in the corpus's metadata (committed
// with the data, so a crash never leaves state ahead of the corpus):
// robots.txt per host, listings' validators, the items already fetched.
// Nothing here is page content; item URLs are kept as keyed hashes.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/robots.h"
#include "indexer/corpus_writer.h"
#include "indexer/scanner.h"

namespace lw::crawler {

struct CachedRobots {
    int status = 0;     // as read by from_fetch (redirects and 429 already mapped)
    std::string rules;  // its rule lines only
};

class CrawlState {
  public:
    explicit CrawlState(indexer::CorpusWriter& writer) : writer_(writer) {}

    // robots.txt of `origin` fetched less than `max_age` ago.
    std::optional<CachedRobots> robots(const std::string& origin,
                                       std::chrono::seconds max_age) const;
    // Keeps only the rule lines, identifiers stripped (a comment may name
    // the webmaster).
    void set_robots(const std::string& origin, int status, std::string_view body,
                    const indexer::Scanner& scanner);

    // If-None-Match / If-Modified-Since for a listing fetched before.
    std::vector<std::string> conditional_headers(const std::string& listing) const;
    void set_validators(const std::string& listing, const std::string& etag,
                        const std::string& last_modified);
    // The next run reads the listing whole (items of it were not fetched).
    void forget_validators(const std::string& listing);

    bool seen(const std::string& item_url) const;
    void mark_seen(const std::string& item_url);

  private:
    indexer::CorpusWriter& writer_;
};

}  // namespace lw::crawler
