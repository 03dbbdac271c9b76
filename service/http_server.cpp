#include "service/http_server.h"

#include <microhttpd.h>
#include <netdb.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <thread>
#include <vector>

#include "indexer/base/error.h"

namespace lw::service {

struct HttpServer::Pending {
    HttpRequest request;
    bool answered = false;
};

struct HttpServer::Shared {
    HttpServerOptions options;
    Handler handler;
};

namespace {

MHD_Result queue(MHD_Connection* connection, const HttpResponse& response) {
    MHD_Response* reply = MHD_create_response_from_buffer(
        response.body.size(), const_cast<char*>(response.body.data()), MHD_RESPMEM_MUST_COPY);
    if (reply == nullptr) {
        return MHD_NO;
    }
    MHD_add_response_header(reply, MHD_HTTP_HEADER_CONTENT_TYPE, response.content_type.c_str());
    MHD_add_response_header(reply, "Cache-Control", "no-store");
    for (const auto& [name, value] : response.headers) {
        MHD_add_response_header(reply, name.c_str(), value.c_str());
    }
    const MHD_Result result =
        MHD_queue_response(connection, static_cast<unsigned>(response.status), reply);
    MHD_destroy_response(reply);
    return result;
}

HttpResponse too_large(std::size_t max) {
    return error_response(
        413, "too-large",
        "the body is larger than " + std::to_string(max) + " bytes: send fewer elements a request");
}

MHD_Result on_argument(void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) {
    auto* request = static_cast<HttpRequest*>(cls);
    if (request->arguments.size() < 16) {  // a few are read; the rest is noise
        request->arguments.emplace_back(key != nullptr ? key : "", value != nullptr ? value : "");
    }
    return MHD_YES;
}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                      const char* /*version*/, const char* upload_data,
                      std::size_t* upload_data_size, void** state) {
    const auto& shared = *static_cast<const HttpServer::Shared*>(cls);
    const std::size_t max_body = shared.options.max_body_bytes;
    auto* pending = static_cast<HttpServer::Pending*>(*state);
    if (pending == nullptr) {
        pending = new HttpServer::Pending;
        *state = pending;
        pending->request.method = method;
        pending->request.path = url;
        const char* authorization =
            MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        pending->request.authorization = authorization != nullptr ? authorization : "";
        const char* if_none_match =
            MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
        pending->request.if_none_match = if_none_match != nullptr ? if_none_match : "";
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &on_argument,
                                  &pending->request);
        const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length != nullptr && std::strtoull(length, nullptr, 10) > max_body) {
            pending->answered = true;
            return queue(connection, too_large(max_body));
        }
        return MHD_YES;  // the body, if any, comes in the next calls
    }
    if (*upload_data_size != 0) {
        if (!pending->answered) {
            if (pending->request.body.size() + *upload_data_size > max_body) {
                pending->answered = true;
                *upload_data_size = 0;
                return queue(connection, too_large(max_body));
            }
            pending->request.body.append(upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (pending->answered) {
        return MHD_YES;
    }
    pending->answered = true;
    try {
        return queue(connection, shared.handler(pending->request));
    } catch (...) {  // never through libmicrohttpd's C frames
        return queue(connection, error_response(500, "internal", "the service failed"));
    }
}

void on_completed(void* /*cls*/, MHD_Connection* /*connection*/, void** state,
                  MHD_RequestTerminationCode /*why*/) {
    auto* pending = static_cast<HttpServer::Pending*>(*state);
    if (pending != nullptr) {
        // The body holds blinded elements: random-looking, but not ours to
        // leave in freed memory.
        sodium_memzero(pending->request.body.data(), pending->request.body.size());
        sodium_memzero(pending->request.authorization.data(),
                       pending->request.authorization.size());
        delete pending;
        *state = nullptr;
    }
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, Handler handler)
    : shared_(std::make_unique<Shared>(Shared{std::move(options), std::move(handler)})) {
    const HttpServerOptions& o = shared_->options;
    const std::string where = o.host + ":" + std::to_string(o.port);
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port_text = std::to_string(o.port);
    if (::getaddrinfo(o.host.c_str(), port_text.c_str(), &hints, &found) != 0 || found == nullptr) {
        throw Error(ErrorCategory::usage,
                    "--listen " + where + ": the host must be an IPv4 or IPv6 address");
    }
    sockaddr_storage address{};
    std::memcpy(&address, found->ai_addr, found->ai_addrlen);
    const bool ipv6 = found->ai_family == AF_INET6;
    ::freeaddrinfo(found);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
    if (ipv6) {
        flags |= MHD_USE_IPv6;
    }
    const bool tls = !o.tls_cert_pem.empty();
    std::vector<MHD_OptionItem> tls_items;
    if (tls) {
        flags |= MHD_USE_TLS;
        tls_items.push_back(
            {MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(o.tls_cert_pem.c_str())});
        tls_items.push_back(
            {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(o.tls_key_pem.c_str())});
    }
    tls_items.push_back({MHD_OPTION_END, 0, nullptr});
    daemon_ = MHD_start_daemon(flags, static_cast<uint16_t>(o.port), nullptr, nullptr, &on_request,
                               shared_.get(), MHD_OPTION_SOCK_ADDR,
                               reinterpret_cast<sockaddr*>(&address),                        //
                               MHD_OPTION_THREAD_POOL_SIZE, std::max(1u, o.threads),         //
                               MHD_OPTION_CONNECTION_TIMEOUT, o.connection_timeout_seconds,  //
                               MHD_OPTION_CONNECTION_LIMIT, 512u,                            //
                               MHD_OPTION_NOTIFY_COMPLETED, &on_completed, nullptr,          //
                               MHD_OPTION_ARRAY, tls_items.data(),                           //
                               MHD_OPTION_END);
    if (daemon_ == nullptr) {
        throw Error(ErrorCategory::io,
                    "cannot listen on " + where +
                        (tls ? " (in use, not allowed, or the TLS certificate and key do not "
                               "load)"
                             : " (in use, or not allowed)"));
    }
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    port_ = info != nullptr ? info->port : o.port;
}

HttpServer::~HttpServer() {
    stop(std::chrono::seconds(0));
}

void HttpServer::stop(std::chrono::seconds grace) {
    if (daemon_ == nullptr) {
        return;
    }
    const MHD_socket listener = MHD_quiesce_daemon(daemon_);
    const auto until = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < until) {
        const MHD_DaemonInfo* info =
            MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (info == nullptr || info->num_connections == 0) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    MHD_stop_daemon(daemon_);
    daemon_ = nullptr;
    if (listener != MHD_INVALID_SOCKET) {
        ::close(listener);
    }
}

}  // namespace lw::service
