#include "crawler/fetcher.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>

using lw::crawler::Fetcher;
using lw::crawler::FetcherOptions;
using lw::crawler::FetchRequest;
using lw::crawler::FetchResult;

namespace {

// A listening socket on loopback, served from the test's own thread: it
// answers every request with "ok", and counts the connections it saw.
class LoopbackServer {
  public:
    LoopbackServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(fd_, 8) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        port_ = ntohs(address.sin_port);
    }
    ~LoopbackServer() { ::close(fd_); }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/page"; }
    int connections() const { return connections_; }

    // Accepts and answers what is waiting.
    void serve() {
        const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            return;
        }
        ++connections_;
        char request[4096];
        std::string seen;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (seen.find("\r\n\r\n") == std::string::npos &&
               std::chrono::steady_clock::now() < until) {
            const ssize_t n = ::recv(client, request, sizeof request, 0);
            if (n <= 0) {
                break;
            }
            seen.append(request, static_cast<std::size_t>(n));
        }
        static constexpr char kResponse[] =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        (void)!::send(client, kResponse, sizeof kResponse - 1, MSG_NOSIGNAL);
        ::close(client);
    }

  private:
    int fd_ = -1;
    unsigned port_ = 0;
    int connections_ = 0;
};

// Drives the fetcher and the server until the one transfer ends.
std::optional<FetchResult> fetch(Fetcher& fetcher, LoopbackServer& server, FetchRequest request) {
    fetcher.start(std::move(request));
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
        auto done = fetcher.poll(std::chrono::milliseconds(10));
        if (!done.empty()) {
            return std::move(done.front());
        }
        server.serve();
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("fetcher: an internal address is refused before connecting, whatever the name",
          "[crawler][fetcher]") {
    LoopbackServer server;
    Fetcher fetcher(FetcherOptions{"leakwatch-test", "", {}});

    FetchRequest allowed;
    allowed.id = 1;
    allowed.url = server.url();
    const auto fetched = fetch(fetcher, server, allowed);
    REQUIRE(fetched);
    CHECK(fetched->status == 200);
    CHECK(std::string_view(fetched->body) == "ok");
    CHECK(!fetched->refused_address);
    CHECK(server.connections() == 1);

    // A site not on an internal address: where its names lead is checked
    // on the address connected to, so no packet reaches the server.
    FetchRequest refused = allowed;
    refused.id = 2;
    refused.refuse_internal_addresses = true;
    const auto result = fetch(fetcher, server, refused);
    REQUIRE(result);
    CHECK(result->refused_address);
    CHECK(result->status == 0);
    CHECK(!result->too_large);
    CHECK(result->error == "its name leads to an internal address, and the site is not on one");
    CHECK(server.connections() == 1);
}
