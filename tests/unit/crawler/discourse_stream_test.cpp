#include "crawler/discourse_stream.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

using namespace lw::crawler;

namespace {

using Ids = std::vector<std::int64_t>;

Ids ids_from(std::int64_t first, std::int64_t count) {
    Ids out;
    for (std::int64_t i = 0; i < count; ++i) {
        out.push_back(first + i);
    }
    return out;
}

std::string query_of(const Ids& ids) {
    std::string out;
    for (const std::int64_t id : ids) {
        out += (out.empty() ? "" : "&") + std::string("post_ids%5B%5D=") + std::to_string(id);
    }
    return out;
}

}  // namespace

TEST_CASE("discourse stream: the ids not inlined, in stream order, each once",
          "[crawler][discourse]") {
    CHECK(posts_not_inlined({83, 84, 86, 226, 300, 412}, {83, 84, 86}) == Ids{226, 300, 412});
    // Not a prefix: a post inlined from the middle of the stream is not asked again.
    CHECK(posts_not_inlined({5, 6, 7, 8}, {5, 7}) == Ids{6, 8});
    CHECK(posts_not_inlined({5, 6, 6, 7, 5}, {}) == Ids{5, 6, 7});
    CHECK(posts_not_inlined({5, 6}, {5, 6, 99}).empty());  // an inlined id not in the stream
    CHECK(posts_not_inlined({}, {1}).empty());
}

TEST_CASE("discourse stream: 20 ids a request, /t/ID/posts.json beside the topic's /t/",
          "[crawler][discourse]") {
    const Ids ids = ids_from(1000, 45);
    const auto requests =
        posts_requests(*parse_url("https://forum.example/t/a-dump/12.json"), 12, ids);
    REQUIRE(requests.size() == 3);
    CHECK(requests[0] == "https://forum.example/t/12/posts.json?" + query_of(ids_from(1000, 20)));
    CHECK(requests[1] == "https://forum.example/t/12/posts.json?" + query_of(ids_from(1020, 20)));
    CHECK(requests[2] == "https://forum.example/t/12/posts.json?" + query_of(ids_from(1040, 5)));
    CHECK(requests[2] ==
          "https://forum.example/t/12/posts.json?post_ids%5B%5D=1040&post_ids%5B%5D=1041&"
          "post_ids%5B%5D=1042&post_ids%5B%5D=1043&post_ids%5B%5D=1044");

    // /t/ID.json, a port, a forum in a subfolder, the topic page's own query.
    CHECK(posts_requests(*parse_url("http://127.0.0.1:8080/t/12.json"), 12, {7}) ==
          std::vector<std::string>{"http://127.0.0.1:8080/t/12/posts.json?post_ids%5B%5D=7"});
    CHECK(posts_requests(*parse_url("https://example.org/forum/t/a-dump/12.json?track_visit=1"), 12,
                         {7, 8}) ==
          std::vector<std::string>{
              "https://example.org/forum/t/12/posts.json?post_ids%5B%5D=7&post_ids%5B%5D=8"});
    // The id is the answer's, not the URL's (a redirect may have renamed it).
    CHECK(posts_requests(*parse_url("https://forum.example/t/old-slug/12.json"), 77, {1}) ==
          std::vector<std::string>{"https://forum.example/t/77/posts.json?post_ids%5B%5D=1"});
    CHECK(posts_requests(*parse_url("https://forum.example/t/a/12.json"), 12, {}).empty());
    CHECK(posts_requests(*parse_url("https://forum.example/t/a/12.json"), 12, ids_from(1, 40))
              .size() == 2);
}

TEST_CASE("discourse stream: a request's ids read back; other URLs ask none",
          "[crawler][discourse]") {
    const Ids ids = ids_from(5000, 20);
    for (const std::string& request :
         posts_requests(*parse_url("https://forum.example/t/a/12.json"), 12, ids)) {
        CHECK(posts_asked(*parse_url(request)) == ids);
    }
    CHECK(posts_asked(*parse_url("https://f.example/t/12/posts.json?post_ids[]=3&post_ids[]=4")) ==
          Ids{3, 4});
    CHECK(posts_asked(*parse_url("https://f.example/t/12/posts.json?post_ids%5b%5d=3")) == Ids{3});
    CHECK(posts_asked(*parse_url(
              "https://f.example/t/12/posts.json?include_suggested=true&"
              "post_ids%5B%5D=9&post_ids%5B%5D=x&post_ids%5B%5D=-1&"
              "post_ids%5B%5D=0&post_ids%5B%5D=&post_ids=5&post_ids%5B%5D=10")) == Ids{9, 10});
    CHECK(posts_asked(*parse_url("https://f.example/t/12/posts.json?post_ids%5B%5D="
                                 "99999999999999999999"))
              .empty());
    CHECK(posts_asked(*parse_url("https://f.example/t/a/12.json?post_ids%5B%5D=1")).empty());
    CHECK(posts_asked(*parse_url("https://f.example/t/12/posts.json")).empty());
}
