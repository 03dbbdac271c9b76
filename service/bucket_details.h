#pragma once

// POST /v1/details: for buckets of token prefixes (the feed's matches,
// padded by the client with random buckets), every corpus token in them
// with the items holding it and the kinds beside it. A bucket is wide
// enough to hold at least kMinTokensPerBucket corpus tokens on average, so
// the buckets asked tell the operator little of which tokens the client
// holds; the client keeps the entries equal to its own tokens.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "search/feed_set.h"

namespace lw::service {

inline constexpr std::uint64_t kMinTokensPerBucket = 256;
// Buckets in one request: exactly this many, distinct (the client pads).
inline constexpr std::size_t kBucketsPerRequest = search::kDetailsBuckets;

// The finest bucket width (in bits of the token's start) for a corpus of
// `tokens` distinct tokens: 2^bits buckets of at least 256 tokens each.
unsigned max_bucket_bits(std::uint64_t tokens) noexcept;

struct DetailsRequest {
    unsigned bucket_bits = 0;
    std::vector<std::uint64_t> buckets;
};

// Reads {"bucket_bits": B, "buckets": [N, ...]}: B at most `max_bits`,
// exactly kBucketsPerRequest distinct buckets below 2^B. Throws
// lw::Error(usage) saying what is wrong.
DetailsRequest parse_details_request(std::string_view text, unsigned max_bits);

// The answer's JSON: {"bucket_bits": B, "tokens": [{"token": HEX, "kind":
// K, "items": [{"item": ID, "records": N, "with": [KINDS]}]}]}, tokens in
// term order. Throws Xapian errors.
std::string bucket_details(const Xapian::Database& db, const DetailsRequest& request);

}  // namespace lw::service
