#include "search/remote_cache.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "indexer/error.h"
#include "indexer/private_file.h"
#include "indexer/untrusted_json.h"

namespace lw::search {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxCacheFile = std::size_t{2} << 30;

// The file's bytes, or nullopt when it is absent or cannot be read.
std::optional<std::string> read_cache_file(const std::string& path) {
    try {
        return indexer::read_private_file(path, "cache file", kMaxCacheFile);
    } catch (const Error&) {
        return std::nullopt;
    }
}

}  // namespace

RemoteCache::RemoteCache(std::string folder, std::string server)
    : folder_(std::move(folder)), server_(std::move(server)) {
    if (folder_.empty()) {
        return;
    }
    if (::mkdir(folder_.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(ErrorCategory::io,
                    "cache folder " + folder_ + ": cannot be made (" + std::strerror(errno) + ")");
    }
    indexer::require_private_folder(folder_, "cache folder");
}

std::optional<CachedFeed> RemoteCache::feed() const {
    if (folder_.empty()) {
        return std::nullopt;
    }
    const std::optional<std::string> bytes = read_cache_file(folder_ + "/feed.cache");
    if (!bytes) {
        return std::nullopt;
    }
    const auto newline = bytes->find('\n');
    if (newline == std::string::npos) {
        return std::nullopt;
    }
    const indexer::ParsedJson meta =
        indexer::parse_untrusted_json(std::string_view(*bytes).substr(0, newline));
    try {
        if (!meta.error.empty() || meta.value.at("server") != server_) {
            return std::nullopt;
        }
        CachedFeed feed;
        feed.revision = meta.value.at("revision").get<std::uint64_t>();
        feed.bucket_bits = meta.value.at("bucket_bits").get<unsigned>();
        feed.etag = meta.value.at("etag").get<std::string>();
        feed.set = FeedSet::decode(std::string_view(*bytes).substr(newline + 1));
        return feed;
    } catch (const std::exception&) {
        return std::nullopt;  // not ours, or damaged: fetched whole again
    }
}

void RemoteCache::keep_feed(const CachedFeed& feed) const {
    if (folder_.empty()) {
        return;
    }
    const json meta{{"server", server_},
                    {"revision", feed.revision},
                    {"bucket_bits", feed.bucket_bits},
                    {"etag", feed.etag}};
    indexer::replace_private_file(folder_ + "/feed.cache", meta.dump() + "\n" + feed.set.encode(),
                                  "cache file");
}

std::optional<CatalogPage> RemoteCache::items() const {
    if (folder_.empty()) {
        return std::nullopt;
    }
    const std::optional<std::string> bytes = read_cache_file(folder_ + "/items.json");
    const auto newline = bytes ? bytes->find('\n') : std::string::npos;
    if (newline == std::string::npos) {
        return std::nullopt;
    }
    // The server line, then the catalog as the server sent it.
    const indexer::ParsedJson meta =
        indexer::parse_untrusted_json(std::string_view(*bytes).substr(0, newline));
    try {
        if (!meta.error.empty() || meta.value.at("server") != server_) {
            return std::nullopt;
        }
        return parse_catalog_json(std::string_view(*bytes).substr(newline + 1));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void RemoteCache::keep_items(const CatalogPage& items) const {
    if (folder_.empty()) {
        return;
    }
    const json meta{{"server", server_}};
    indexer::replace_private_file(folder_ + "/items.json", meta.dump() + "\n" + catalog_json(items),
                                  "cache file");
}

}  // namespace lw::search
