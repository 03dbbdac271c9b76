#pragma once

// The institution service's endpoints, apart from HTTP transport (the
// server adapts libmicrohttpd to this; tests and fuzzers call it directly).
// Every request is authenticated, counted and bounded before any work: an
// evaluation is an oracle query on the operator's key (RFC 9497 7.2), so
// each client has a quota of elements per period. Every request, accepted
// or not, is an audit row and a log line: when, who, which request, how
// many elements, the outcome; never an element, a token or a bucket.
//
// Errors are JSON {"error": CODE, "message": TEXT} with the HTTP status:
// 400 bad-request, 401 unauthorized, 404 not-found, 405 method-not-allowed,
// 413 too-large, 429 over-quota (with Retry-After), 500 internal.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "indexer/corpus/corpus_keys.h"
#include "indexer/prf/voprf.h"
#include "service/client_store.h"
#include "service/corpus_feed.h"
#include "service/metrics.h"

namespace lw::service {

struct HttpRequest {
    std::string method;         // "GET", "POST"
    std::string path;           // "/v1/evaluate", without the query
    std::string authorization;  // the Authorization header's value
    std::string body;
    std::vector<std::pair<std::string, std::string>> arguments;  // the query's, decoded
    std::string if_none_match;                                   // the header's value

    // The query argument `name`, or empty.
    std::string argument(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct ServiceOptions {
    // Elements in one evaluate request: the client sends larger lists in
    // chunks. Bounds the body (about 80 bytes an element) and the time a
    // request holds a thread.
    std::size_t max_elements = 65536;
    // Threads evaluating one request (0: one per core).
    unsigned evaluate_threads = 1;
};

// One finished request, for the log line.
struct RequestRecord {
    std::string request_id;
    std::string client;  // empty when unauthenticated
    std::string endpoint;
    std::uint64_t elements = 0;
    int status = 0;
    std::string outcome;
    double milliseconds = 0;
};

class ServiceApi {
  public:
    using Logger = std::function<void(const RequestRecord&)>;

    // `feed`: the corpus's token set for GET /v1/feed (must outlive this).
    ServiceApi(indexer::SecretScalar secret_key, ClientStore& clients, CorpusFeed& feed,
               ServiceOptions options, Logger logger);

    // Safe to call from several threads at once.
    HttpResponse handle(const HttpRequest& request, std::int64_t now);

    // The largest body a request may have (413 past it, before reading it).
    std::size_t max_body_bytes() const noexcept;

  private:
    // The endpoints, all of one shape for the routing table.
    HttpResponse evaluate(const HttpRequest& request, std::int64_t now, RequestRecord& record);
    HttpResponse feed(const HttpRequest& request, std::int64_t now, RequestRecord& record);
    HttpResponse details(const HttpRequest& request, std::int64_t now, RequestRecord& record);
    HttpResponse items(const HttpRequest& request, std::int64_t now, RequestRecord& record);
    HttpResponse pubkey(const HttpRequest& request, std::int64_t now, RequestRecord& record);
    HttpResponse metrics(const HttpRequest& request, std::int64_t now, RequestRecord& record);
    HttpResponse healthz(const HttpRequest& request, std::int64_t now, RequestRecord& record);
    using Endpoint = HttpResponse (ServiceApi::*)(const HttpRequest&, std::int64_t, RequestRecord&);
    struct Route;
    static const Route kRoutes[];
    static bool route_needs_key(std::string_view endpoint);
    // Sets the client a request's key names; else gives the 401 to answer.
    // Called for every route that needs a key, before its handler.
    std::optional<HttpResponse> refuse_unauthenticated(const HttpRequest& request,
                                                       RequestRecord& record);

    indexer::SecretScalar secret_key_;
    indexer::Element public_key_;
    indexer::CorpusKeys keys_;  // opens the items' sealed sources
    ClientStore& clients_;
    CorpusFeed& feed_;
    ServiceOptions options_;
    Logger logger_;
    Metrics metrics_;
};

// The JSON error body.
HttpResponse error_response(int status, std::string_view code, std::string_view message);

}  // namespace lw::service
