#pragma once

// What `check --remote --cache DIR` keeps between runs: the server's public
// answers only — the feed's token set and the item catalog — so that the
// next run asks for what changed since. Nothing of the institution's is
// written here (no token, no match, no bucket).
//
//     DIR/feed.cache   one JSON line {"server","revision","bucket_bits","etag"},
//                      then the coded set (docs/feed-format.md)
//     DIR/items.json   one JSON line {"server"}, then the catalog as
//                      GET /v1/items answers it (search/catalog_json.h)
//
// "server" is the URL and public key the answers came from: a cache of
// another server or key is not used. A cache that does not read is ignored
// (and replaced at the end of the run). The folder is made 0700, the files
// 0600: the catalog names the operator's items.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "search/catalog_json.h"
#include "search/feed_set.h"

namespace lw::search {

struct CachedFeed {
    FeedSet set;
    std::uint64_t revision = 0;
    unsigned bucket_bits = 0;
    std::string etag;
};

class RemoteCache {
  public:
    // `folder` empty: nothing is read or kept. Else made if absent (0700)
    // and checked private; throws lw::Error(io).
    RemoteCache(std::string folder, std::string server);

    std::optional<CachedFeed> feed() const;
    void keep_feed(const CachedFeed& feed) const;
    std::optional<CatalogPage> items() const;
    void keep_items(const CatalogPage& items) const;

  private:
    // The file's bytes when its first line names this server; else nullopt.
    std::optional<std::string> ours(const std::string& name) const;

    std::string folder_;
    std::string server_;
};

}  // namespace lw::search
