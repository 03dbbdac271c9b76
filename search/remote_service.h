#pragma once

// The institution service's endpoints as the institution's client sees them
// (docs/institution.md; the server is service/service_api.h): typed answers,
// and one clear line for any refusal or malformed answer. Nothing here
// sends an identifier: evaluate carries blinded elements, details padded
// buckets.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "indexer/prf/blind_message.h"
#include "indexer/prf/voprf.h"
#include "search/catalog_json.h"
#include "search/http_client.h"
#include "search/record_terms.h"

namespace lw::search {

// GET /v1/pubkey.
struct ServerKey {
    indexer::Element public_key{};
    std::size_t max_elements = 0;  // in one evaluate request
};

// GET /v1/feed: the whole coded set, a delta since the revision asked, or
// "not modified" (the ETag sent still holds).
struct FeedAnswer {
    enum class Shape { snapshot, delta, not_modified };
    Shape shape = Shape::snapshot;
    std::string bytes;  // docs/feed-format.md; empty when not modified
    std::uint64_t revision = 0;
    unsigned bucket_bits = 0;
    std::string etag;
};

// One entry of POST /v1/details: a corpus token and where it is.
struct DetailItem {
    std::string item;
    std::uint32_t records = 0;
    KindSet with = 0;
};
struct DetailEntry {
    indexer::TokenBytes token{};
    indexer::Kind kind{};
    std::vector<DetailItem> items;
};

class RemoteService {
  public:
    explicit RemoteService(HttpClientOptions options) : http_(std::move(options)) {}

    // All throw lw::Error(io) "server URL ..." for a refusal (401 with the
    // key's fault named, 429 with its Retry-After, any other status with the
    // server's message) or an answer that is not what the endpoint sends.
    ServerKey pubkey();
    // Checks the answer is for this request and of its size; the proofs are
    // the caller's to verify.
    indexer::BlindResponse evaluate(const indexer::BlindRequest& request);
    // `since`/`etag`: what the caller holds (0 and empty: nothing).
    FeedAnswer feed(std::uint64_t since, const std::string& etag);
    std::vector<DetailEntry> details(unsigned bucket_bits,
                                     const std::vector<std::uint64_t>& buckets);
    // GET /v1/items: items seen at or after `since` (0: all).
    CatalogPage items(std::int64_t since);

    const std::string& url() const noexcept { return http_.base_url(); }

  private:
    [[noreturn]] void refuse(const HttpReply& reply, const std::string& endpoint) const;
    [[noreturn]] void malformed(const std::string& endpoint, const std::string& why) const;

    HttpClient http_;
};

// "2021-09-12T08:00:00Z" as unix seconds; nullopt for anything else.
std::optional<std::int64_t> parse_iso_utc(std::string_view text);

}  // namespace lw::search
