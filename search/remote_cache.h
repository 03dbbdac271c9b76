#pragma once

// What `check --remote --cache DIR` keeps between runs: the server's public
// answers only — the feed's token set and the item catalog — so that the
// next run asks for what changed since. Nothing of the institution's is
// written here (no token, no match, no bucket).
//
//     DIR/feed.cache   one JSON line {"server","revision","bucket_bits","etag"},
//                      then the coded set (docs/feed-format.md)
//     DIR/items.sealed one JSON line {"server"}, then the catalog as
//                      GET /v1/items answers it (search/catalog_json.h),
//                      sealed (XChaCha20-Poly1305, the line as associated
//                      data) under a key derived from the API key
//
// "server" is the URL and public key the answers came from: a cache of
// another server or key is not used. A cache that does not read or open is
// ignored (and replaced at the end of the run). The folder is made 0700,
// the files 0600. The catalog is sealed because an item's source and title
// may name a person: a copy of the folder (a backup, a shared disk) shows
// nothing of them without the API key, which the institution keeps apart.
// The feed is the operator's token prefixes, nothing of the institution's
// and nothing that names anyone: it stays in clear.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/sealed_box.h"
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
    // and checked private; throws lw::Error(io). `api_key` seals the
    // catalog (a new key makes the old catalog unreadable: fetched whole).
    RemoteCache(std::string folder, std::string server, std::string_view api_key);
    ~RemoteCache();
    RemoteCache(const RemoteCache&) = delete;
    RemoteCache& operator=(const RemoteCache&) = delete;

    bool enabled() const noexcept { return !folder_.empty(); }

    std::optional<CachedFeed> feed() const;
    void keep_feed(const CachedFeed& feed) const;
    std::optional<CatalogPage> items() const;
    void keep_items(const CatalogPage& items) const;

  private:
    // The file's bytes when its first line names this server; else nullopt.
    std::optional<std::string> ours(const std::string& name) const;

    std::string folder_;
    std::string server_;
    indexer::BoxKey seal_key_{};
};

}  // namespace lw::search
