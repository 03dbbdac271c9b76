#include "search/stub_file.h"

#include <catch2/catch.hpp>

#include "indexer/base/error.h"

using lw::search::parse_stub_file;
using lw::search::parse_stub_line;
using lw::search::StubShard;

TEST_CASE("stub files: auto and remote lines, comments and blanks", "[search][stub]") {
    const auto shards = parse_stub_file(
        "# shards of 2026-12\n\nauto /srv/a\n  auto\trel/b  \nremote 127.0.0.1:33333\n"
        "remote [::1]:7\nremote shard-3.example.org:65535\n",
        "s.stub");
    REQUIRE(shards.size() == 5);
    CHECK(shards[0].type == StubShard::Type::local);
    CHECK(shards[0].path == "/srv/a");
    CHECK(shards[0].line == 3);
    CHECK(shards[1].path == "rel/b");
    CHECK(shards[2].type == StubShard::Type::remote);
    CHECK(shards[2].host == "127.0.0.1");
    CHECK(shards[2].port == 33333);
    CHECK(shards[3].host == "::1");
    CHECK(shards[4].host == "shard-3.example.org");
    CHECK(shards[4].line == 7);
}

TEST_CASE("stub files: a program, another backend or a bad address is refused", "[search][stub]") {
    // Xapian's own reader runs `remote :PROGRAM ARGS` lines.
    for (const char* line :
         {"remote :/usr/bin/touch /tmp/pwned", "remote :touch", "remote host:22 extra",
          "remote host", "remote host:0", "remote host:65536", "remote host:2x", "remote ::1:80",
          "remote -oProxy:22", "glass /srv/a", "chert /srv/a", "inmemory", "tcp 127.0.0.1:1",
          "auto", "remote"}) {
        CAPTURE(line);
        CHECK_THROWS_AS(parse_stub_line(line), lw::Error);
    }
    CHECK_THROWS_WITH(parse_stub_file("auto /a\nremote :/usr/bin/touch /tmp/x\n", "evil.stub"),
                      Catch::StartsWith("evil.stub:2: "));
    CHECK_FALSE(parse_stub_line("   # auto /x"));
    CHECK_FALSE(parse_stub_line(""));
}

// A stub of someone else's making must not write escape sequences to the
// user's terminal through the error line that quotes it (found by stub_fuzz).
TEST_CASE("stub files: control bytes in a refused line are shown escaped", "[search][stub]") {
    CHECK_THROWS_WITH(parse_stub_file("\x1b]0;owned\x07 /x\n", "e\x1b.stub"),
                      "e\\x1b.stub:1: '\\x1b]0;owned\\x07' lines are not read; a stub holds "
                      "'auto PATH' or 'remote HOST:PORT' lines only");
    CHECK_THROWS_WITH(parse_stub_line("remote h\x9b:1"), Catch::Contains("'h\\x9b:1'"));
}
