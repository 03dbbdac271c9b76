#include "crawler/crawl_state.h"

#include <catch2/catch.hpp>
#include <map>

#include "tests/support/filled.h"

using lw::crawler::CrawlState;

namespace {

// The crawler's state held in memory: what CrawlState writes, to look at.
class MemoryStateStore : public lw::indexer::StateStore {
  public:
    std::string state(const std::string& name) const override {
        const auto it = entries.find(name);
        return it == entries.end() ? std::string() : it->second;
    }
    void set_state(const std::string& name, const std::string& value) override {
        entries[name] = value;
    }
    const lw::indexer::CorpusKeys& keys() const noexcept override {
        return lw::test::corpus_keys();
    }
    std::map<std::string, std::string> entries;
};

}  // namespace

TEST_CASE("crawl state: seen items, validators and robots.txt, nothing in clear",
          "[crawler][state]") {
    MemoryStateStore store;
    CrawlState state(store);
    const std::string item = "https://paste.example/raw/Zorglub-Amandine-1985";
    const std::string listing = "https://paste.example/archive?user=amandine.zorglub";
    CHECK_FALSE(state.seen(item));
    state.mark_seen(item);
    CHECK(state.seen(item));
    CHECK_FALSE(state.seen(item + "2"));

    CHECK(state.conditional_headers(listing).empty());
    state.set_validators(listing, "\"abc\"", "Sat, 05 Dec 2026 10:00:00 GMT");
    const auto headers = state.conditional_headers(listing);
    CHECK(headers == std::vector<std::string>{"If-None-Match: \"abc\"",
                                              "If-Modified-Since: Sat, 05 Dec 2026 10:00:00 GMT"});
    state.forget_validators(listing);
    CHECK(state.conditional_headers(listing).empty());

    state.set_robots("https://paste.example", 200,
                     "User-agent: *\nDisallow: /private/amandine\n# a comment\n");
    const auto robots = state.robots("https://paste.example", std::chrono::hours(1));
    REQUIRE(robots);
    CHECK(robots->status == 200);
    CHECK(robots->rules == "user-agent: *\ndisallow: /private/amandine\n");  // rule lines only
    CHECK_FALSE(state.robots("https://other.example", std::chrono::hours(1)));

    for (const auto& [name, value] : store.entries) {
        for (const char* clear : {"paste.example", "amandine", "Zorglub", "abc", "private"}) {
            CAPTURE(name, clear);
            CHECK(name.find(clear) == std::string::npos);
            CHECK(value.find(clear) == std::string::npos);
        }
    }
}

TEST_CASE("crawl state: an item's visit is sealed and its change marker kept as a keyed digest",
          "[crawler][state]") {
    MemoryStateStore store;
    CrawlState state(store);
    const std::string item = "https://forum.example/viewtopic.php?t=7";
    CHECK_FALSE(state.visit(item));
    const std::string marker = state.change_digest(
        "12\x1f"
        "by Zorglub-Amandine\x1f");
    CHECK(marker.size() == 32);
    CHECK(marker == state.change_digest("12\x1f"
                                        "by Zorglub-Amandine\x1f"));
    CHECK(marker != state.change_digest("13\x1f"
                                        "by Zorglub-Amandine\x1f"));
    CHECK(state.change_digest("").empty());

    state.set_visit(item, {"0123456789abcdef", item + "&start=40&who=amandine", 3, marker});
    const auto visit = state.visit(item);
    REQUIRE(visit);
    CHECK(visit->item_key == "0123456789abcdef");
    CHECK(visit->resume_url == item + "&start=40&who=amandine");
    CHECK(visit->resume_page == 3);
    CHECK(visit->marker == marker);
    CHECK_FALSE(state.visit(item + "8"));

    for (const auto& [name, value] : store.entries) {
        for (const char* clear : {"forum.example", "amandine", "Zorglub", "viewtopic",
                                  "0123456789abcdef", marker.c_str()}) {
            CAPTURE(name, clear);
            CHECK(name.find(clear) == std::string::npos);
            CHECK(value.find(clear) == std::string::npos);
        }
    }
}
