#include "service/bucket_details.h"

#include <algorithm>
#include <bit>
#include <nlohmann/json.hpp>
#include <set>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/untrusted_json.h"
#include "indexer/corpus/corpus_schema.h"
#include "search/token_lookup.h"

namespace lw::service {
namespace {

namespace schema = indexer::corpus;
using nlohmann::json;

constexpr std::size_t kTokenOffset = schema::kPrefixToken.size() + 1;

[[noreturn]] void refuse(const std::string& why) {
    throw Error(ErrorCategory::usage, "details request: " + why);
}

// The first `bits` bits of a token, read big-endian.
std::uint64_t bucket_of(std::string_view token, unsigned bits) {
    std::uint64_t first = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        first = (first << 8) | static_cast<unsigned char>(token[i]);
    }
    return bits == 0 ? 0 : first >> (64 - bits);
}

// The whole bytes every token of `bucket` starts with: the term prefix to
// scan from.
std::string byte_prefix(std::uint64_t bucket, unsigned bits) {
    std::string prefix;
    const unsigned whole = bits / 8;
    for (unsigned i = 0; i < whole; ++i) {
        prefix.push_back(static_cast<char>((bucket >> (bits - 8 * (i + 1))) & 0xff));
    }
    return prefix;
}

}  // namespace

unsigned max_bucket_bits(std::uint64_t tokens) noexcept {
    const std::uint64_t buckets = tokens / kMinTokensPerBucket;
    return buckets <= 1 ? 0 : static_cast<unsigned>(std::bit_width(buckets) - 1);
}

DetailsRequest parse_details_request(std::string_view text, unsigned max_bits) {
    indexer::ParsedJson parsed = indexer::parse_untrusted_json(text);
    if (!parsed.error.empty()) {
        refuse(parsed.error);
    }
    json root = std::move(parsed.value);
    if (!root.is_object() || root.size() != 2 || !root.contains("bucket_bits") ||
        !root.contains("buckets")) {
        refuse("an object of bucket_bits and buckets only");
    }
    const json& bits = root["bucket_bits"];
    if (!bits.is_number_unsigned() || bits.get<std::uint64_t>() > max_bits) {
        refuse("bucket_bits must be 0 to " + std::to_string(max_bits) +
               " (buckets of at least 256 corpus tokens; see X-Bucket-Bits of /v1/feed)");
    }
    DetailsRequest request;
    request.bucket_bits = bits.get<unsigned>();
    const json& buckets = root["buckets"];
    if (!buckets.is_array() || buckets.size() != kBucketsPerRequest) {
        refuse("buckets must be an array of exactly " + std::to_string(kBucketsPerRequest) +
               " numbers (pad with random buckets)");
    }
    const std::uint64_t limit =
        request.bucket_bits == 0 ? 1 : std::uint64_t{1} << request.bucket_bits;
    std::set<std::uint64_t> seen;
    for (const json& bucket : buckets) {
        if (!bucket.is_number_unsigned() || bucket.get<std::uint64_t>() >= limit) {
            refuse("a bucket is not a number below 2^bucket_bits");
        }
        seen.insert(bucket.get<std::uint64_t>());
    }
    // With fewer possible buckets than the count, repeats cannot be avoided.
    if (seen.size() != std::min<std::uint64_t>(limit, kBucketsPerRequest)) {
        refuse("buckets must be distinct");
    }
    request.buckets.assign(seen.begin(), seen.end());
    return request;
}

std::string bucket_details(const Xapian::Database& db, const DetailsRequest& request) {
    search::TokenLookup lookup(db);
    json tokens = json::array();
    for (const indexer::Kind kind : indexer::kAllKinds) {
        for (const std::uint64_t bucket : request.buckets) {
            std::string prefix(schema::kPrefixToken);
            prefix.push_back(schema::kind_code(kind));
            prefix += byte_prefix(bucket, request.bucket_bits);
            for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
                const std::string& text = *term;
                if (text.size() != kTokenOffset + indexer::kTokenSize) {
                    continue;
                }
                const std::string_view token(text.data() + kTokenOffset, indexer::kTokenSize);
                if (bucket_of(token, request.bucket_bits) != bucket) {
                    continue;
                }
                indexer::TokenBytes bytes{};
                std::copy(token.begin(), token.end(), bytes.begin());
                const search::TokenResult found = lookup.find(bytes, kind);
                if (found.items.empty()) {
                    continue;  // only records of an interrupted item hold it
                }
                json items = json::array();
                for (const search::ItemHit& hit : found.items) {
                    json with = json::array();
                    for (const indexer::Kind k : search::kinds_of(hit.with)) {
                        with.push_back(indexer::kind_name(k));
                    }
                    items.push_back(
                        {{"item", hit.item->key}, {"records", hit.records}, {"with", with}});
                }
                tokens.push_back({{"token", indexer::to_hex(bytes)},
                                  {"kind", indexer::kind_name(kind)},
                                  {"items", items}});
            }
        }
    }
    return json{{"bucket_bits", request.bucket_bits}, {"tokens", tokens}}.dump() + "\n";
}

}  // namespace lw::service
