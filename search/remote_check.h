#pragma once

// `check --remote`: an institution checks its records against an operator's
// corpus through the institution service, without the key and without the
// operator learning its records or their tokens (docs/institution.md):
//
//   1. GET  /v1/pubkey    the server's key must be the pinned one
//   2. POST /v1/evaluate  blinded elements, in chunks; every proof verified;
//                         unblinded here into the institution's tokens
//   3. GET  /v1/feed      the corpus's token set (a delta when cached);
//                         the tokens are matched against it here
//   4. POST /v1/details   the buckets of the matches, padded with random
//                         ones to 64; the entries equal to a token are kept
//   5. GET  /v1/items     the item catalog (what changed, when cached),
//                         joined with the details here
//
// The result is the report the in-house `check` makes of the same records.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/blind_client.h"
#include "search/exposure_report.h"
#include "search/http_client.h"

namespace lw::search {

struct RemoteCheckOptions {
    HttpClientOptions http{};
    indexer::Element pinned_key{};  // --pubkey: the server must publish this one
    std::string cache_folder{};     // --cache (empty: nothing kept)
    InputSource source{};
    // Cores for blinding and unblinding (0: all); one connection more than
    // that evaluates at once, so that both sides work all the time.
    unsigned threads = 0;
    // Called as the evaluation advances: identifiers done of the total.
    std::function<void(std::uint64_t done, std::uint64_t total)> on_progress{};
};

struct RemoteCheckResult {
    ExposureReport report;
    std::vector<TokenRow> tokens;  // every identifier's token, in source order
    // The items the report points to.
    std::unordered_map<std::string, std::unique_ptr<ItemSummary>> items;
};

// Throws lw::Error: crypto for a server key other than the pinned one or a
// proof that fails; io for a refused request, a lost connection or a
// malformed answer; usage for bad records. Nothing is printed.
[[nodiscard]] RemoteCheckResult check_remote(const RemoteCheckOptions& options);

// The buckets to ask for: `matched` (distinct, below 2^bits) split into
// requests of exactly 64 entries, each padded with random distinct buckets
// not in it; below 64 possible buckets, every bucket, repeated to 64.
[[nodiscard]] std::vector<std::vector<std::uint64_t>> padded_bucket_requests(
    const std::vector<std::uint64_t>& matched, unsigned bits);

}  // namespace lw::search
