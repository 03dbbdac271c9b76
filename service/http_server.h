#pragma once

// HTTP/1.1 on libmicrohttpd for the institution service: its own thread
// pool, TLS by GnuTLS when given a certificate, bodies capped before they
// are read, and a graceful stop (no new connection, requests in progress
// finish). The endpoints are ServiceApi's; this file is transport only.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "service/service_api.h"

struct MHD_Daemon;

namespace lw::service {

struct HttpServerOptions {
    std::string host = "127.0.0.1";  // an IPv4 or IPv6 address
    unsigned port = 0;               // 0: any free port (see port())
    std::string tls_cert_pem;        // both or neither
    std::string tls_key_pem;
    unsigned threads = 4;
    std::size_t max_body_bytes = 1 << 20;  // 413 past it, unread
    unsigned connection_timeout_seconds = 30;
};

class HttpServer {
  public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    // Listens at once; throws lw::Error(io) "cannot listen on HOST:PORT".
    HttpServer(HttpServerOptions options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    unsigned port() const noexcept { return port_; }
    // Takes no new connection, waits up to `grace` for those open to end,
    // then closes the rest. Called by the destructor when not before.
    void stop(std::chrono::seconds grace);

    struct Pending;  // one request being received (http_server.cpp)
    struct Shared;   // what the request callbacks read

  private:
    std::unique_ptr<Shared> shared_;
    MHD_Daemon* daemon_ = nullptr;
    unsigned port_ = 0;
};

}  // namespace lw::service
