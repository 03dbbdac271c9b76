#include "service/client_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <thread>

#include "indexer/base/error.h"
#include "tests/support/temp_dir.h"

using lw::service::AuditRow;
using lw::service::ClientStore;
using lw::service::Quota;

namespace {

constexpr std::int64_t kNoon = 1796904000;  // 2026-12-10T12:00:00Z, a multiple of 86400 + 43200

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("clients: a key is shown once and only its keyed hash is kept", "[service][clients]") {
    lw::test::TempDir dir;
    const std::string state = dir.file("state");
    std::string key;
    {
        ClientStore store(state, true);
        key = store.add("aphp-dsi", Quota{1000, 86400}, kNoon);
        CHECK(key.rfind("lwk_", 0) == 0);
        CHECK(key.size() == 4 + 43);
        CHECK(store.add("chu-lyon", Quota{10, 3600}, kNoon) != key);
        CHECK(store.authenticate(key) == "aphp-dsi");
        std::string other = key;
        other.back() = other.back() == 'A' ? 'B' : 'A';  // one character off
        CHECK_FALSE(store.authenticate(other));
        CHECK_FALSE(store.authenticate(""));
        CHECK_THROWS_WITH(store.add("aphp-dsi", Quota{1, 1}, kNoon),
                          Catch::Contains("exists already"));
        CHECK_THROWS_AS(store.add("bad name", Quota{1, 1}, kNoon), lw::Error);
        CHECK_THROWS_AS(store.add("", Quota{1, 1}, kNoon), lw::Error);
    }
    // Reopened by another process later: the same key still works.
    ClientStore store(state, false);
    CHECK(store.authenticate(key) == "aphp-dsi");
    CHECK(mode_of(state) == 0700);
    CHECK(mode_of(state + "/clients.sqlite") == 0600);
    CHECK(mode_of(state + "/api-key-hash.key") == 0600);
    // The key is in no file of the store, raw or base64.
    for (const char* file : {"/clients.sqlite", "/clients.sqlite-wal", "/api-key-hash.key"}) {
        const std::string bytes = bytes_of(state + file);
        CHECK(bytes.find(key) == std::string::npos);
        CHECK(bytes.find(key.substr(4, 20)) == std::string::npos);
    }
}

TEST_CASE("clients: list, set-quota and remove", "[service][clients]") {
    lw::test::TempDir dir;
    ClientStore store(dir.file("state"), true);
    const std::string key = store.add("b-client", Quota{50, 3600}, kNoon);
    store.add("a-client", Quota{10, 86400}, kNoon - 5);
    REQUIRE(store.reserve("b-client", 20, kNoon).granted);
    auto clients = store.list(kNoon + 1);
    REQUIRE(clients.size() == 2);
    CHECK(clients[0].name == "a-client");
    CHECK(clients[0].created == kNoon - 5);
    CHECK(clients[0].used == 0);
    CHECK(clients[1].quota == Quota{50, 3600});
    CHECK(clients[1].used == 20);
    CHECK(store.list(kNoon + 3600)[1].used == 0);  // a new window
    store.set_quota("b-client", Quota{5, 60});
    CHECK(store.list(kNoon)[1].quota == Quota{5, 60});
    CHECK_THROWS_WITH(store.set_quota("nobody", Quota{1, 1}), "no client named 'nobody'");
    store.remove("b-client");
    CHECK(store.list(kNoon).size() == 1);
    CHECK_FALSE(store.authenticate(key));
    CHECK_THROWS_AS(store.remove("b-client"), lw::Error);
}

TEST_CASE("clients: a request fits its window whole or is refused with nothing used",
          "[service][clients]") {
    lw::test::TempDir dir;
    ClientStore store(dir.file("state"), true);
    store.add("inst", Quota{100, 3600}, kNoon);
    auto first = store.reserve("inst", 60, kNoon);
    CHECK(first.granted);
    CHECK(first.used == 60);
    auto over = store.reserve("inst", 41, kNoon + 600);
    CHECK_FALSE(over.granted);
    CHECK(over.used == 60);
    CHECK(over.limit == 100);
    CHECK(over.retry_after == 3000);  // the window ends at kNoon + 3600
    CHECK(store.reserve("inst", 40, kNoon + 600).granted);
    CHECK_FALSE(store.reserve("inst", 1, kNoon + 3599).granted);
    auto next = store.reserve("inst", 100, kNoon + 3600);  // a new window
    CHECK(next.granted);
    CHECK(next.used == 100);
    CHECK_FALSE(store.reserve("inst", 101, kNoon + 7200).granted);  // never fits
    CHECK_THROWS_AS(store.reserve("nobody", 1, kNoon), lw::Error);
}

TEST_CASE("clients: reservations from many threads never pass the quota", "[service][clients]") {
    lw::test::TempDir dir;
    ClientStore store(dir.file("state"), true);
    store.add("inst", Quota{1000, 86400}, kNoon);
    std::atomic<std::uint64_t> granted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                if (store.reserve("inst", 7, kNoon).granted) {
                    granted += 7;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(granted == 994);  // 142 requests of 7
    CHECK(store.list(kNoon)[0].used == 994);
}

TEST_CASE("clients: audit rows say who, when, how many and the outcome", "[service][clients]") {
    lw::test::TempDir dir;
    ClientStore store(dir.file("state"), true);
    store.audit(AuditRow{kNoon, "inst", "r-1", "evaluate", 500, 200, "ok"});
    store.audit(AuditRow{kNoon + 1, "", "r-2", "evaluate", 0, 401, "unauthorized"});
    const auto rows = store.audit_rows(10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].request_id == "r-2");
    CHECK(rows[0].status == 401);
    CHECK(rows[1].client == "inst");
    CHECK(rows[1].elements == 500);
    CHECK(rows[1].outcome == "ok");
}

TEST_CASE("clients: a store that is missing or not private is refused", "[service][clients]") {
    lw::test::TempDir dir;
    CHECK_THROWS_WITH(ClientStore(dir.file("none"), false), Catch::Contains("add a client first"));
    const std::string open = dir.file("open");
    REQUIRE(::mkdir(open.c_str(), 0755) == 0);
    CHECK_THROWS_WITH(ClientStore(open, true), Catch::Contains("chmod 700"));
    const std::string state = dir.file("state");
    { ClientStore store(state, true); }
    REQUIRE(::chmod((state + "/clients.sqlite").c_str(), 0644) == 0);
    CHECK_THROWS_WITH(ClientStore(state, false), Catch::Contains("group or others"));
    const std::string link = dir.file("link");
    REQUIRE(::symlink(state.c_str(), link.c_str()) == 0);
    CHECK_THROWS_WITH(ClientStore(link, false), Catch::Contains("symbolic link"));
}
