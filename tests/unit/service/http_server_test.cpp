#include "service/http_server.h"

#include <curl/curl.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace lw::service;

namespace {

struct Reply {
    long status = 0;
    std::string body;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

// One request with libcurl's easy interface, as a client would send it.
Reply request(const std::string& url, const std::string* body = nullptr) {
    CURL* curl = curl_easy_init();
    Reply reply;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    if (body != nullptr) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    if (curl_easy_perform(curl) == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    }
    curl_easy_cleanup(curl);
    return reply;
}

// Answers with what it was asked: method, path, body size, a query argument.
HttpResponse echo(const HttpRequest& r) {
    if (r.path == "/slow") {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
    }
    return HttpResponse{
        200,
        "text/plain",
        r.method + " " + r.path + " " + std::to_string(r.body.size()) + " " + r.argument("since"),
        {}};
}

}  // namespace

TEST_CASE("http server: requests from several clients at once, bodies capped unread",
          "[service][http]") {
    HttpServerOptions options;
    options.threads = 4;
    options.max_body_bytes = 1000;
    HttpServer server(options, echo);
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    std::atomic<int> right{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
        clients.emplace_back([&, c] {
            for (int i = 0; i < 10; ++i) {
                const std::string body(static_cast<std::size_t>(100 * c + i), 'x');
                const Reply reply = request(base + "/v1/x?since=" + std::to_string(i), &body);
                right += reply.status == 200 && reply.body == "POST /v1/x " +
                                                                  std::to_string(body.size()) +
                                                                  " " + std::to_string(i)
                             ? 1
                             : 0;
            }
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    CHECK(right == 40);
    const std::string big(5000, 'y');
    const Reply refused = request(base + "/v1/x", &big);
    CHECK(refused.status == 413);
    CHECK(refused.body.find("\"too-large\"") != std::string::npos);
    CHECK(request(base + "/get").body == "GET /get 0 ");
}

TEST_CASE("http server: a stop lets the request in progress finish", "[service][http]") {
    HttpServerOptions options;
    options.threads = 2;
    std::atomic<bool> entered{false};
    HttpServer server(options, [&entered](const HttpRequest& r) {
        entered = true;
        return echo(r);
    });
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    Reply slow;
    std::thread client([&] { slow = request(base + "/slow"); });
    for (int i = 0; i < 500 && !entered; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(entered);  // the request is being answered: now stop
    server.stop(std::chrono::seconds(5));
    client.join();
    CHECK(slow.status == 200);
    CHECK(slow.body == "GET /slow 0 ");
    CHECK(request(base + "/get").status == 0);  // no longer listening
}

TEST_CASE("http server: an address that is not one is refused with a line", "[service][http]") {
    HttpServerOptions options;
    options.host = "localhost";
    CHECK_THROWS_WITH(HttpServer(options, echo), Catch::Contains("IPv4 or IPv6 address"));
}
