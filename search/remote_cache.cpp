#include "search/remote_cache.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "indexer/base/error.h"
#include "indexer/base/private_file.h"
#include "indexer/base/sealed_box.h"
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

constexpr std::string_view kSealLabel = "leakwatch remote cache catalog 1";

}  // namespace

RemoteCache::RemoteCache(std::string folder, std::string server, std::string_view api_key)
    : folder_(std::move(folder)), server_(std::move(server)) {
    if (folder_.empty()) {
        return;
    }
    // BLAKE2b keys are at most 64 bytes: the API key is hashed first, then
    // keys a digest of the label and server, so each server's catalog has
    // a key of its own.
    std::array<unsigned char, 32> api_digest{};
    crypto_generichash(api_digest.data(), api_digest.size(),
                       reinterpret_cast<const unsigned char*>(api_key.data()), api_key.size(),
                       nullptr, 0);
    const std::string label = std::string(kSealLabel) + " " + server_;
    crypto_generichash(seal_key_.data(), seal_key_.size(),
                       reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                       api_digest.data(), api_digest.size());
    sodium_memzero(api_digest.data(), api_digest.size());
    if (::mkdir(folder_.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(ErrorCategory::io,
                    "cache folder " + folder_ + ": cannot be made (" + std::strerror(errno) + ")");
    }
    indexer::require_private_folder(folder_, "cache folder");
    // Versions before the sealed catalog kept it in clear: not left behind.
    ::unlink((folder_ + "/items.json").c_str());
}

RemoteCache::~RemoteCache() {
    sodium_memzero(seal_key_.data(), seal_key_.size());
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
    const std::optional<std::string> bytes = ours("items.sealed");
    if (!bytes) {
        return std::nullopt;
    }
    // The server line is the seal's context: a box moved under another
    // server's line does not open.
    const std::string_view file(*bytes);
    const std::size_t newline = file.find('\n');
    std::optional<std::string> clear =
        indexer::open_box(seal_key_, file.substr(newline + 1), file.substr(0, newline));
    if (!clear) {
        return std::nullopt;  // another API key, or damaged: fetched whole again
    }
    std::optional<CatalogPage> page;
    try {
        page = parse_catalog_json(*clear);
    } catch (const std::exception&) {
    }
    sodium_memzero(clear->data(), clear->size());
    return page;
}

void RemoteCache::keep_items(const CatalogPage& items) const {
    if (folder_.empty()) {
        return;
    }
    const std::string line = json{{"server", server_}}.dump();
    std::string clear = catalog_json(items);
    const std::string box = indexer::seal_box(seal_key_, clear, line);
    sodium_memzero(clear.data(), clear.size());
    indexer::replace_private_file(folder_ + "/items.sealed", line + "\n" + box, "cache file");
}

}  // namespace lw::search
