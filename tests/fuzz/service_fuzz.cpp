// libFuzzer target: the institution service's request parsers and the
// client's readers of its answers, over arbitrary bytes: the blind request
// (POST /v1/evaluate, and the decoding that validates its elements), the
// details request (POST /v1/details), the feed set and delta (GET
// /v1/feed, read by the client), the quota text, the item catalog and the
// evaluate answer (read by the client). The first byte picks the parser.
// Each must return or throw lw::Error with one printable line; anything
// else (a crash, another exception, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/base/error.h"
#include "indexer/prf/blind_evaluation.h"
#include "indexer/prf/blind_message.h"
#include "search/catalog_json.h"
#include "search/feed_set.h"
#include "service/bucket_details.h"
#include "service/corpus_feed.h"
#include "service/quota.h"

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 7) {
            case 0: {
                // Parsed, then decoded as the server does before any quota.
                const auto request = lw::indexer::parse_blind_request(text, 64);
                check(request.elements.size() <= 64);
                check(lw::indexer::decode_request(request).size() == request.elements.size());
                break;
            }
            case 1: {
                const auto request = lw::service::parse_details_request(text, 12);
                check(request.bucket_bits <= 12 && !request.buckets.empty() &&
                      request.buckets.size() <= lw::service::kBucketsPerRequest);
                break;
            }
            case 2: {
                const auto set = lw::search::FeedSet::decode(text);
                // Coded again (the writer may pick another Rice parameter),
                // it reads back as the same set.
                check(lw::search::FeedSet::decode(set.encode()) == set);
                break;
            }
            case 3: {
                const auto delta = lw::search::decode_feed_delta(text);
                check(delta.added.prefix_bits() >= 1);
                break;
            }
            case 4: {
                const auto quota = lw::service::parse_quota(text);
                check(lw::service::parse_quota(lw::service::format_quota(quota)) == quota);
                break;
            }
            case 5: {
                const auto page = lw::search::parse_catalog_json(text);
                const auto again = lw::search::parse_catalog_json(lw::search::catalog_json(page));
                check(again.items.size() == page.items.size() && again.as_of == page.as_of);
                break;
            }
            case 6: {
                const auto response = lw::indexer::parse_blind_response(text);
                check(response.batch_size >= 1);
                break;
            }
        }
    } catch (const lw::Error& e) {
        for (const char c : std::string_view(e.what())) {
            check(c != '\n');
        }
    }
    return 0;
}
