#include "search/remote_check.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

#include "indexer/base/hex.h"
#include "search/feed_delta.h"
#include "search/remote_cache.h"
#include "search/remote_service.h"

namespace lw::search {
namespace {

using indexer::TokenBytes;

// Identifiers in one evaluate request: small enough that the server's work
// on one chunk overlaps this side's on the next, large enough that HTTP's
// cost does not show.
constexpr std::size_t kChunkElements = 8192;

// The first `bits` bits of a token: its bucket for /v1/details.
std::uint64_t bucket_of(const TokenBytes& token, unsigned bits) {
    return bits == 0 ? 0 : FeedSet::prefix_of(token, bits);
}

std::uint64_t random_below_power_of_two(unsigned bits) {
    std::uint64_t value = 0;
    randombytes_buf(&value, sizeof value);
    return bits >= 64 ? value : value & ((std::uint64_t{1} << bits) - 1);
}

// The server's key must be the pinned one: a server that swapped keys
// would give tokens of another key, which match nothing, silently.
ServerKey pinned_server_key(RemoteService& service, const indexer::Element& pinned) {
    ServerKey key = service.pubkey();
    if (key.public_key != pinned) {
        throw Error(ErrorCategory::crypto, "server " + service.url() + " publishes public key " +
                                               indexer::to_hex(key.public_key) +
                                               ", not the pinned --pubkey");
    }
    return key;
}

// Blinds, evaluates and unblinds chunk by chunk on several connections at
// once, so that the server evaluates one chunk while this side blinds or
// unblinds another: the institution's tokens, in source order.
std::vector<TokenBytes> remote_tokens(const RemoteCheckOptions& options,
                                      const std::vector<ClientInput>& inputs,
                                      std::size_t max_elements) {
    std::vector<TokenBytes> tokens(inputs.size());
    BlindState state = shuffled_state(inputs, options.pinned_key);
    const std::size_t n = inputs.size();
    const std::size_t chunk = std::min(max_elements, kChunkElements);
    const std::size_t chunks = (n + chunk - 1) / chunk;
    const unsigned cores =
        options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    const std::size_t workers = std::min<std::size_t>(chunks, cores + 1);

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;  // guards done, error and the progress callback
    std::uint64_t done = 0;
    std::exception_ptr error;
    const auto work = [&] {
        try {
            RemoteService service(options.http);  // a connection of its own
            for (std::size_t c = next++; c < chunks && !failed; c = next++) {
                const std::size_t first = c * chunk;
                const std::size_t count = std::min(chunk, n - first);
                blind_range(state, inputs, first, count);
                indexer::BlindRequest request;
                request.request_id = indexer::new_request_id();
                request.elements.assign(state.elements.begin() + first,
                                        state.elements.begin() + first + count);
                const indexer::BlindResponse response = service.evaluate(request);
                unblind_range(state, first, response, inputs, false, tokens, 1);
                const std::lock_guard lock(mutex);
                done += count;
                if (options.on_progress) {
                    options.on_progress(done, n);
                }
            }
        } catch (...) {
            const std::lock_guard lock(mutex);
            if (!error) {
                error = std::current_exception();
            }
            failed = true;
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) {
        threads.emplace_back(work);
    }
    work();
    for (std::thread& thread : threads) {
        thread.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
    return tokens;
}

// The feed as of now: the cached set brought up to date, or fetched whole.
CachedFeed current_feed(RemoteService& service, const RemoteCache& cache) {
    std::optional<CachedFeed> cached = cache.feed();
    const FeedAnswer answer =
        cached ? service.feed(cached->revision, cached->etag) : service.feed(0, "");
    CachedFeed feed;
    feed.revision = answer.revision;
    feed.bucket_bits = answer.bucket_bits;
    feed.etag = answer.etag;
    try {
        switch (answer.shape) {
            case FeedAnswer::Shape::not_modified:
                if (!cached) {
                    throw Error(ErrorCategory::usage, "304 to a request without an ETag");
                }
                feed.set = std::move(cached->set);
                break;
            case FeedAnswer::Shape::delta: {
                if (!cached) {
                    throw Error(ErrorCategory::usage, "a delta to a request without a revision");
                }
                const FeedDelta delta = decode_feed_delta(answer.bytes);
                feed.set = cached->set.updated(delta.added, delta.removed);
                break;
            }
            case FeedAnswer::Shape::snapshot:
                feed.set = FeedSet::decode(answer.bytes);
                break;
        }
    } catch (const Error& e) {
        throw Error(ErrorCategory::io, "server " + service.url() +
                                           ": a malformed answer to /v1/feed (" + e.what() + ")");
    }
    cache.keep_feed(feed);
    return feed;
}

// The catalog as of now: the cached one with what changed since merged in,
// or fetched whole.
class RemoteItems {
  public:
    RemoteItems(RemoteService& service, const RemoteCache& cache)
        : service_(service), cache_(cache) {
        const std::optional<CatalogPage> cached = cache.items();
        if (cached) {
            merge(*cached);
        }
        merge(service.items(cached ? cached->as_of : 0));
    }

    // The item with this key. An item committed after the catalog's as_of
    // but seen before it is missing from a catalog brought up to date:
    // then the whole catalog is fetched again, once. Items already handed
    // out stay where they are (merge updates them in place).
    const ItemSummary* find(const std::string& key) {
        auto found = items_.find(key);
        if (found == items_.end() && !whole_) {
            const CatalogPage page = service_.items(0);
            whole_.emplace();
            for (const ItemSummary& item : page.items) {
                whole_->insert(item.key);
            }
            merge(page);
            found = items_.find(key);
        }
        return found == items_.end() ? nullptr : found->second.get();
    }

    // Into the cache; after a whole fetch, without the items the server no
    // longer lists.
    void keep() const {
        if (!cache_.enabled()) {
            return;
        }
        CatalogPage page;
        page.as_of = as_of_;
        for (const auto& [key, item] : items_) {
            if (!whole_ || whole_->contains(key)) {
                page.items.push_back(*item);
            }
        }
        cache_.keep_items(page);
    }

    std::unordered_map<std::string, std::unique_ptr<ItemSummary>> release() {
        return std::move(items_);
    }

  private:
    // Updates items in place: the report points to them.
    void merge(const CatalogPage& page) {
        for (const ItemSummary& item : page.items) {
            auto& kept = items_[item.key];
            if (kept) {
                *kept = item;
            } else {
                kept = std::make_unique<ItemSummary>(item);
            }
        }
        as_of_ = page.as_of;
    }

    RemoteService& service_;
    const RemoteCache& cache_;
    std::unordered_map<std::string, std::unique_ptr<ItemSummary>> items_;
    std::int64_t as_of_ = 0;
    // The keys of the whole catalog, once fetched whole for a missing item.
    std::optional<std::unordered_set<std::string>> whole_;
};

}  // namespace

std::vector<std::vector<std::uint64_t>> padded_bucket_requests(
    const std::vector<std::uint64_t>& matched, unsigned bits) {
    std::vector<std::vector<std::uint64_t>> requests;
    if (matched.empty()) {
        return requests;
    }
    if (bits < 64 && (std::uint64_t{1} << bits) <= kDetailsBuckets) {
        // Every bucket there is, repeated to the count.
        std::vector<std::uint64_t> all;
        const std::uint64_t buckets = std::uint64_t{1} << bits;
        for (std::size_t i = 0; i < kDetailsBuckets; ++i) {
            all.push_back(i % buckets);
        }
        requests.push_back(std::move(all));
        return requests;
    }
    for (std::size_t first = 0; first < matched.size(); first += kDetailsBuckets) {
        const std::size_t count = std::min(kDetailsBuckets, matched.size() - first);
        std::set<std::uint64_t> asked(matched.begin() + first, matched.begin() + first + count);
        while (asked.size() < kDetailsBuckets) {
            asked.insert(random_below_power_of_two(bits));
        }
        // Sorted: the order tells nothing of which are the matches.
        requests.emplace_back(asked.begin(), asked.end());
    }
    return requests;
}

RemoteCheckResult check_remote(const RemoteCheckOptions& options) {
    // The records first: a file that does not read costs no request.
    const std::vector<ClientInput> inputs = read_client_inputs(options.source);
    RemoteService service(options.http);
    const std::size_t max_elements = pinned_server_key(service, options.pinned_key).max_elements;
    const RemoteCache cache(options.cache_folder,
                            service.url() + " " + indexer::to_hex(options.pinned_key),
                            options.http.api_key);
    const std::vector<TokenBytes> tokens = remote_tokens(options, inputs, max_elements);

    // Match on the feed, here: the server never sees a token.
    const CachedFeed feed = current_feed(service, cache);
    std::set<std::uint64_t> matched;
    for (const TokenBytes& token : tokens) {
        if (feed.set.contains(token)) {
            matched.insert(bucket_of(token, feed.bucket_bits));
        }
    }

    // The details of the matched buckets; only entries equal to one of the
    // institution's (token, kind) are kept.
    std::set<std::pair<TokenBytes, indexer::Kind>> wanted;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        wanted.emplace(tokens[i], inputs[i].kind);
    }
    std::map<std::pair<TokenBytes, indexer::Kind>, DetailEntry> found;
    for (const auto& buckets :
         padded_bucket_requests({matched.begin(), matched.end()}, feed.bucket_bits)) {
        for (DetailEntry& entry : service.details(feed.bucket_bits, buckets)) {
            const auto key = std::pair(entry.token, entry.kind);
            if (wanted.contains(key)) {
                found.insert_or_assign(key, std::move(entry));
            }
        }
    }

    RemoteCheckResult result;
    RemoteItems items(service, cache);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        result.report.queries.push_back({tokens[i], inputs[i].kind, inputs[i].row});
        result.tokens.push_back({tokens[i], inputs[i].kind, inputs[i].row});
        TokenResult token_result;
        token_result.kind = inputs[i].kind;
        const auto entry = found.find(std::pair(tokens[i], inputs[i].kind));
        if (entry != found.end()) {
            for (const DetailItem& hit : entry->second.items) {
                if (const ItemSummary* item = items.find(hit.item)) {
                    token_result.items.push_back(ItemHit{item, hit.with, hit.records});
                }
            }
        }
        std::sort(token_result.items.begin(), token_result.items.end(), first_seen_first);
        result.report.results.push_back(std::move(token_result));
    }
    items.keep();
    result.items = items.release();
    return result;
}

}  // namespace lw::search
