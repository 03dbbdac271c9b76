#include "search/remote_cache.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "indexer/base/error.h"
#include "indexer/base/private_file.h"
#include "indexer/base/untrusted_json.h"

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

std::optional<std::string> RemoteCache::ours(const std::string& name) const {
    if (folder_.empty()) {
        return std::nullopt;
    }
    std::optional<std::string> bytes = read_cache_file(folder_ + "/" + name);
    const auto newline = bytes ? bytes->find('\n') : std::string::npos;
    if (newline == std::string::npos) {
        return std::nullopt;
    }
    const indexer::ParsedJson meta =
        indexer::parse_untrusted_json(std::string_view(*bytes).substr(0, newline));
    if (!meta.error.empty() || !meta.value.is_object() ||
        meta.value.value("server", "") != server_) {
        return std::nullopt;
    }
    return bytes;
}

std::optional<CachedFeed> RemoteCache::feed() const {
    const std::optional<std::string> bytes = ours("feed.cache");
    if (!bytes) {
        return std::nullopt;
    }
    const auto newline = bytes->find('\n');
    try {
        const nlohmann::json meta = nlohmann::json::parse(bytes->substr(0, newline));
        CachedFeed feed;
        feed.revision = meta.at("revision").get<std::uint64_t>();
        feed.bucket_bits = meta.at("bucket_bits").get<unsigned>();
        feed.etag = meta.at("etag").get<std::string>();
        feed.set = FeedSet::decode(std::string_view(*bytes).substr(newline + 1));
        return feed;
    } catch (const std::exception&) {
        return std::nullopt;  // damaged: fetched whole again
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
    const std::optional<std::string> bytes = ours("items.json");
    if (!bytes) {
        return std::nullopt;
    }
    try {
        return parse_catalog_json(std::string_view(*bytes).substr(bytes->find('\n') + 1));
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
