#include "service/service_api.h"

#include <sodium.h>

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/prf/blind_evaluation.h"
#include "indexer/prf/blind_message.h"
#include "search/corpus_reader.h"
#include "service/bucket_details.h"
#include "service/item_list.h"

namespace lw::service {
namespace {

using nlohmann::json;

// A request element is `"<64 hex>",` and a line break: 80 bytes leave room
// for indentation (as `leakwatch evaluate` reads them).
constexpr std::size_t kBytesPerElement = 80;
constexpr std::size_t kRequestOverhead = 4096;
// 64 numbers of up to 20 digits, and room for spaces.
constexpr std::size_t kMaxDetailsBody = 8192;

std::string new_request_id() {
    std::array<unsigned char, 8> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return indexer::to_hex(bytes);
}

// The whole of `text` as a number of type T, if it is one.
template <typename T>
std::optional<T> whole_number(std::string_view text) {
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// "Bearer KEY", the scheme's case aside (RFC 9110 11.1).
std::string_view bearer_token(std::string_view header) {
    constexpr std::string_view kScheme = "bearer ";
    if (header.size() <= kScheme.size()) {
        return {};
    }
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        const char c = header[i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != kScheme[i]) {
            return {};
        }
    }
    header.remove_prefix(kScheme.size());
    while (!header.empty() && header.front() == ' ') {
        header.remove_prefix(1);
    }
    return header;
}

}  // namespace

HttpResponse error_response(int status, std::string_view code, std::string_view message) {
    HttpResponse response;
    response.status = status;
    response.body = json{{"error", code}, {"message", message}}.dump() + "\n";
    return response;
}

std::string HttpRequest::argument(std::string_view name) const {
    for (const auto& [key, value] : arguments) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

ServiceApi::ServiceApi(indexer::SecretScalar secret_key, ClientStore& clients, CorpusFeed& feed,
                       ServiceOptions options, Logger logger)
    : secret_key_(std::move(secret_key)),
      public_key_(indexer::public_key_of(secret_key_)),
      keys_(secret_key_),
      clients_(clients),
      feed_(feed),
      options_(options),
      logger_(std::move(logger)) {}

std::size_t ServiceApi::max_body_bytes() const noexcept {
    return options_.max_elements * kBytesPerElement + kRequestOverhead;
}

struct ServiceApi::Route {
    std::string_view path;
    std::string_view method;
    std::string_view endpoint;  // its name in logs, audit rows and metrics
    Endpoint handler;
    bool needs_key;  // authenticated before its handler; audited, with the client
};

const ServiceApi::Route ServiceApi::kRoutes[] = {
    {"/v1/evaluate", "POST", "evaluate", &ServiceApi::evaluate, true},
    {"/v1/feed", "GET", "feed", &ServiceApi::feed, true},
    {"/v1/details", "POST", "details", &ServiceApi::details, true},
    {"/v1/items", "GET", "items", &ServiceApi::items, true},
    {"/v1/pubkey", "GET", "pubkey", &ServiceApi::pubkey, false},
    {"/metrics", "GET", "metrics", &ServiceApi::metrics, false},
    {"/healthz", "GET", "healthz", &ServiceApi::healthz, false},
};

bool ServiceApi::route_needs_key(std::string_view endpoint) {
    for (const Route& route : kRoutes) {
        if (route.endpoint == endpoint) {
            return route.needs_key;
        }
    }
    return false;
}

HttpResponse ServiceApi::handle(const HttpRequest& request, std::int64_t now) {
    const auto started = std::chrono::steady_clock::now();
    RequestRecord record;
    record.request_id = new_request_id();
    HttpResponse response;
    try {
        const Route* route = nullptr;
        for (const Route& candidate : kRoutes) {
            if (request.path == candidate.path) {
                route = &candidate;
                break;
            }
        }
        if (route == nullptr) {
            record.endpoint = "unknown";
            response = error_response(404, "not-found", "no such endpoint (see /v1/pubkey)");
        } else if (request.method != route->method) {
            record.endpoint = route->endpoint;
            response =
                error_response(405, "method-not-allowed", std::string(route->method) + " only");
            response.headers.emplace_back("Allow", std::string(route->method));
        } else {
            record.endpoint = route->endpoint;
            std::optional<HttpResponse> refusal;
            if (route->needs_key) {
                refusal = refuse_unauthenticated(request, record);
            }
            response =
                refusal ? std::move(*refusal) : (this->*route->handler)(request, now, record);
        }
    } catch (const std::exception&) {
        // The store or corpus failed (disk full, locked past the timeout),
        // or a bug: the request gets a 500, the server goes on; nothing of
        // the request is in the message.
        response = error_response(500, "internal", "the service failed; try again later");
        record.outcome = "internal";
    }
    record.status = response.status;
    if (record.outcome.empty()) {
        record.outcome = response.status < 400 ? "ok" : "refused";
    }
    response.headers.emplace_back("X-Request-Id", record.request_id);
    record.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    if (route_needs_key(record.endpoint)) {
        clients_.audit(AuditRow{now, record.client, record.request_id, record.endpoint,
                                record.elements, record.status, record.outcome});
    }
    metrics_.record(record.endpoint, record.status,
                    record.endpoint == "evaluate" && response.status == 200 ? record.elements : 0,
                    record.outcome == "over-quota", record.milliseconds / 1000);
    if (logger_) {
        logger_(record);
    }
    return response;
}

HttpResponse ServiceApi::healthz(const HttpRequest&, std::int64_t, RequestRecord&) {
    return HttpResponse{200, "text/plain", "ok\n", {}};
}

HttpResponse ServiceApi::metrics(const HttpRequest&, std::int64_t, RequestRecord&) {
    return HttpResponse{200, "text/plain; version=0.0.4", metrics_.text(), {}};
}

HttpResponse ServiceApi::pubkey(const HttpRequest&, std::int64_t, RequestRecord&) {
    HttpResponse response;
    response.body =
        json{
            {"public_key", indexer::to_hex(public_key_)},
            {"suite", "ristretto255-SHA512"},
            {"mode", "voprf"},
            {"protocol", indexer::kBlindProtocol},
            {"token_format", 1},
            {"max_elements", options_.max_elements},
            {"corpus_revision", feed_.revision()},
        }
            .dump() +
        "\n";
    return response;
}

HttpResponse ServiceApi::evaluate(const HttpRequest& request, std::int64_t now,
                                  RequestRecord& record) {
    if (request.body.size() > max_body_bytes()) {
        record.outcome = "too-large";
        return error_response(413, "too-large",
                              "more than " + std::to_string(options_.max_elements) +
                                  " elements a request: send them in chunks");
    }
    indexer::BlindRequest blind;
    std::optional<indexer::DecodedElements> decoded;
    try {
        blind = indexer::parse_blind_request(request.body, options_.max_elements);
        decoded.emplace(indexer::decode_request(blind));
    } catch (const Error& e) {
        record.outcome = "bad-request";
        return error_response(400, "bad-request", e.what());
    }
    record.elements = blind.elements.size();
    const Reservation reservation = clients_.reserve(record.client, blind.elements.size(), now);
    if (!reservation.granted) {
        record.outcome = "over-quota";
        HttpResponse response = error_response(
            429, "over-quota",
            "this request's " + std::to_string(blind.elements.size()) +
                " elements would pass the quota (" + std::to_string(reservation.used) + " of " +
                std::to_string(reservation.limit) + " used in this period); nothing was evaluated");
        response.headers.emplace_back("Retry-After", std::to_string(reservation.retry_after));
        return response;
    }
    indexer::BlindEvaluationOptions options;
    options.threads = options_.evaluate_threads;
    HttpResponse response;
    response.body = indexer::format_blind_response(
        indexer::evaluate_blind_request(secret_key_, blind, *decoded, options));
    response.headers.emplace_back("X-Quota-Remaining",
                                  std::to_string(reservation.limit - reservation.used));
    return response;
}

std::optional<HttpResponse> ServiceApi::refuse_unauthenticated(const HttpRequest& request,
                                                               RequestRecord& record) {
    const std::string_view key = bearer_token(request.authorization);
    const std::optional<std::string> client =
        key.empty() ? std::nullopt : clients_.authenticate(key);
    if (client) {
        record.client = *client;
        return std::nullopt;
    }
    record.outcome = key.empty() ? "no-key" : "unknown-key";
    HttpResponse response =
        error_response(401, "unauthorized", "an API key is needed: Authorization: Bearer KEY");
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
}

// The whole token set, or what changed since a revision the client has
// (docs/feed-format.md). Not counted against the quota: it is the same
// for every client and reveals nothing of theirs.
HttpResponse ServiceApi::feed(const HttpRequest& request, std::int64_t /*now*/,
                              RequestRecord& record) {
    const std::string since_text = request.argument("since");
    const std::optional<std::uint64_t> since = whole_number<std::uint64_t>(since_text);
    if (!since_text.empty() && !since) {
        record.outcome = "bad-request";
        return error_response(400, "bad-request", "since takes a corpus revision number");
    }
    const std::shared_ptr<const FeedSnapshot> snapshot = feed_.current();
    const std::string etag = "\"r" + std::to_string(snapshot->revision) + "-k" +
                             std::to_string(snapshot->set.prefix_bits()) + "\"";
    HttpResponse response;
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("X-Corpus-Revision", std::to_string(snapshot->revision));
    response.headers.emplace_back("X-Bucket-Bits", std::to_string(snapshot->bucket_bits));
    if (request.if_none_match == etag) {
        response.status = 304;
        return response;
    }
    if (since) {
        if (const auto delta = feed_.delta_since(*since, *snapshot)) {
            response.content_type = "application/vnd.leakwatch.feed-delta";
            response.headers.emplace_back("X-Feed", "delta");
            response.body = search::encode_feed_delta(*delta);
            return response;
        }
    }
    response.content_type = "application/vnd.leakwatch.feed";
    response.headers.emplace_back("X-Feed", "snapshot");
    response.body = snapshot->coded;
    return response;
}

// Every corpus token in the buckets asked, with its items and the kinds
// beside it. Neither the buckets nor the tokens go to the log or audit.
HttpResponse ServiceApi::details(const HttpRequest& request, std::int64_t /*now*/,
                                 RequestRecord& record) {
    if (request.body.size() > kMaxDetailsBody) {
        record.outcome = "too-large";
        return error_response(413, "too-large", "a details request is 64 bucket numbers");
    }
    const std::shared_ptr<const FeedSnapshot> snapshot = feed_.current();
    DetailsRequest asked;
    try {
        asked = parse_details_request(request.body, snapshot->bucket_bits);
    } catch (const Error& e) {
        record.outcome = "bad-request";
        return error_response(400, "bad-request", e.what());
    }
    record.elements = asked.buckets.size();
    const search::OpenedCorpora corpora = search::open_corpora({feed_.corpus()}, {});
    HttpResponse response;
    response.body = bucket_details(corpora.db, asked);
    response.headers.emplace_back("X-Corpus-Revision", std::to_string(snapshot->revision));
    return response;
}

// The item catalog, whole or changed since a time (item_list.h).
HttpResponse ServiceApi::items(const HttpRequest& request, std::int64_t now,
                               RequestRecord& record) {
    const std::string since_text = request.argument("since");
    const std::optional<std::int64_t> since = whole_number<std::int64_t>(since_text);
    if (!since_text.empty() && (!since || *since < 0)) {
        record.outcome = "bad-request";
        return error_response(400, "bad-request",
                              "since takes unix seconds (the previous answer's as_of)");
    }
    const search::OpenedCorpora corpora = search::open_corpora({feed_.corpus()}, {});
    HttpResponse response;
    response.body = item_list(corpora.db, keys_, since.value_or(0), now);
    return response;
}

}  // namespace lw::service
