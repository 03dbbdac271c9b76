#include "search/seen_exposures.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "indexer/base/error.h"
#include "indexer/base/private_file.h"

namespace lw::search {
namespace {

constexpr std::string_view kMagic = "LWSEEN1\n";
// 10^8 exposures: far past any monitor's.
constexpr std::size_t kMaxStateBytes = std::size_t{16} << 27;

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

SeenExposures::SeenExposures(std::string path) : path_(std::move(path)) {
    if (!exists(path_)) {
        randombytes_buf(key_.data(), key_.size());
        return;
    }
    std::string bytes = indexer::read_private_file(path_, "--new-since state", kMaxStateBytes);
    const std::size_t header = kMagic.size() + key_.size();
    if (!bytes.starts_with(kMagic) || bytes.size() < header ||
        (bytes.size() - header) % sizeof(Digest) != 0) {
        sodium_memzero(bytes.data(), bytes.size());
        throw Error(ErrorCategory::io,
                    "--new-since state " + path_ + " is not a leakwatch monitor state");
    }
    std::memcpy(key_.data(), bytes.data() + kMagic.size(), key_.size());
    seen_.resize((bytes.size() - header) / sizeof(Digest));
    std::memcpy(seen_.data(), bytes.data() + header, seen_.size() * sizeof(Digest));
    sodium_memzero(bytes.data(), bytes.size());
    std::sort(seen_.begin(), seen_.end());
}

SeenExposures::~SeenExposures() {
    sodium_memzero(key_.data(), key_.size());
}

SeenExposures::Digest SeenExposures::digest_of(std::uint64_t row, const TokenQuery& query,
                                               const TokenResult& result,
                                               const std::string& item) const {
    crypto_generichash_state state;
    crypto_generichash_init(&state, key_.data(), key_.size(), sizeof(Digest));
    unsigned char fixed[8 + 1 + indexer::kTokenSize];
    for (int i = 0; i < 8; ++i) {
        fixed[i] = static_cast<unsigned char>(row >> (8 * i));
    }
    fixed[8] = result.kind ? static_cast<unsigned char>(*result.kind) + 1 : 0;
    std::memcpy(fixed + 9, query.token.data(), indexer::kTokenSize);
    crypto_generichash_update(&state, fixed, sizeof fixed);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(item.data()),
                              item.size());
    Digest digest{};
    crypto_generichash_final(&state, digest.data(), digest.size());
    return digest;
}

std::uint64_t SeenExposures::keep_new(ExposureReport& report) {
    std::vector<Digest> added;
    for (std::size_t i = 0; i < report.queries.size(); ++i) {
        const TokenQuery& query = report.queries[i];
        TokenResult& result = report.results[i];
        std::erase_if(result.items, [&](const ItemHit& hit) {
            const Digest digest = digest_of(query.row.value_or(0), query, result, hit.item->key);
            if (std::binary_search(seen_.begin(), seen_.end(), digest)) {
                return true;
            }
            added.push_back(digest);
            return false;
        });
    }
    const std::uint64_t fresh = added.size();
    seen_.insert(seen_.end(), added.begin(), added.end());
    std::sort(seen_.begin(), seen_.end());
    seen_.erase(std::unique(seen_.begin(), seen_.end()), seen_.end());
    return fresh;
}

void SeenExposures::save() const {
    std::string bytes(kMagic);
    bytes.append(reinterpret_cast<const char*>(key_.data()), key_.size());
    bytes.append(reinterpret_cast<const char*>(seen_.data()), seen_.size() * sizeof(Digest));
    indexer::replace_private_file(path_, bytes, "--new-since state");
    sodium_memzero(bytes.data(), bytes.size());
}

}  // namespace lw::search
