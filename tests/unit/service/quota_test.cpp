#include "service/quota.h"

#include <catch2/catch.hpp>

#include "indexer/base/error.h"

using lw::service::format_quota;
using lw::service::parse_quota;
using lw::service::Quota;
using lw::service::window_start;

TEST_CASE("quota: N/PERIOD read and written back", "[service][quota]") {
    CHECK(parse_quota("100000/day") == Quota{100000, 86400});
    CHECK(parse_quota("100_000/d") == Quota{100000, 86400});
    CHECK(parse_quota("1,000,000/30d") == Quota{1000000, 30 * 86400});
    CHECK(parse_quota("5000/15min") == Quota{5000, 900});
    CHECK(parse_quota("10/s") == Quota{10, 1});
    CHECK(parse_quota("7/week") == Quota{7, 604800});
    CHECK(parse_quota("0/hour") == Quota{0, 3600});
    for (const char* text : {"100000/day", "1000000/30d", "5000/15min", "10/second", "7/week",
                             "3/2w", "1/36h", "2/90s"}) {
        CAPTURE(text);
        CHECK(format_quota(parse_quota(text)) == text);
    }
    for (const char* bad : {"", "100", "/day", "100/", "100/days", "100/0d", "-1/day", "1e3/day",
                            "100/day ", "1,,000/day", ",100/day", "99999999999999999999/day"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH(parse_quota(bad), Catch::Contains("write ELEMENTS/PERIOD"));
    }
}

TEST_CASE("quota: fixed windows every server agrees on", "[service][quota]") {
    const Quota daily{100, 86400};
    CHECK(window_start(daily, 86400 * 3 + 5) == 86400 * 3);
    CHECK(window_start(daily, 86400 * 3) == 86400 * 3);
    CHECK(window_start(daily, 86400 * 4 - 1) == 86400 * 3);
}
