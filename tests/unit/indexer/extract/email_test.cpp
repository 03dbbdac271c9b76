#include "indexer/extract/email.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "tests/unit/indexer/extract/scan_helpers.h"

using lw::test::Found;
using lw::test::scan;

TEST_CASE("email: an address in prose is found and lowercased", "[indexer][email]") {
    CHECK(scan("Contact: Jean.Martin@Example.ORG, merci") ==
          std::vector<Found>{{"email", "jean.martin@example.org"}});
}

TEST_CASE("email: surrounding punctuation is trimmed", "[indexer][email]") {
    CHECK(scan("<a.b@x.fr>") == std::vector<Found>{{"email", "a.b@x.fr"}});
    CHECK(scan("(a.b@x.fr).") == std::vector<Found>{{"email", "a.b@x.fr"}});
    CHECK(scan("'a.b@x.fr'") == std::vector<Found>{{"email", "a.b@x.fr"}});
    CHECK(scan("mailto:a+tag@sub.x.fr;") == std::vector<Found>{{"email", "a+tag@sub.x.fr"}});
}

TEST_CASE("email: no TLD or a one-letter TLD is no address", "[indexer][email]") {
    CHECK(scan("a@b").empty());
    CHECK(scan("user@localhost").empty());
    CHECK(scan("z@co.c").empty());
    CHECK(scan("x@y.12").empty());
}

TEST_CASE("email: an address glued to a longer token is not one", "[indexer][email]") {
    CHECK(scan("a@b@example.com").empty());
    CHECK(scan("jos\xc3\xa9@example.com").empty());
    CHECK(scan("a@exampl\xc3\xa9.com").empty());
}

TEST_CASE("email: malformed dots and hyphens are refused", "[indexer][email]") {
    CHECK(scan("a..b@example.com").empty());
    CHECK(scan("a.@example.com").empty());
    CHECK(scan("a@-example.com").empty());
    CHECK(scan("a@example-.com").empty());
    CHECK(scan("a@example..com").empty());
}

TEST_CASE("email: length limits of RFC 5321 hold", "[indexer][email]") {
    const std::string local64(64, 'a');
    const std::string local65(65, 'a');
    CHECK(scan(local64 + "@example.com") ==
          std::vector<Found>{{"email", local64 + "@example.com"}});
    CHECK(scan(local65 + "@example.com").empty());
    const std::string label63(63, 'b');
    const std::string label64(64, 'b');
    CHECK(scan("a@" + label63 + ".com").size() == 1);
    CHECK(scan("a@" + label64 + ".com").empty());
}

TEST_CASE("email: digits inside an address are not numbers", "[indexer][email]") {
    CHECK(scan("185077512345608@example.com") ==
          std::vector<Found>{{"email", "185077512345608@example.com"}});
}

TEST_CASE("email: several addresses on one line, in order", "[indexer][email]") {
    CHECK(scan("a@x.fr b@y.it,c@z.com") ==
          std::vector<Found>{{"email", "a@x.fr"}, {"email", "b@y.it"}, {"email", "c@z.com"}});
}

TEST_CASE("email: a whole cell is an address exactly when find_email_at says so",
          "[indexer][email]") {
    const auto reference = [](std::string_view cell) {
        const std::size_t at = cell.find('@');
        if (at == std::string_view::npos) {
            return false;
        }
        const auto span = lw::indexer::find_email_at(cell, at);
        return span.begin == 0 && span.end == cell.size();
    };
    // Near-addresses: random local parts and domains from characters that
    // matter to either side, with the edge lengths of RFC 5321 reachable.
    const std::string local_chars = "aZ09.._-+!'{}()@ \xC3\xA9";
    const std::string domain_chars = "az09..--_@ \xC3";
    std::mt19937 random(12042026);
    const auto pick = [&](const std::string& from, std::size_t max) {
        std::string out;
        const std::size_t size = random() % (max + 1);
        for (std::size_t i = 0; i < size; ++i) {
            out.push_back(from[random() % from.size()]);
        }
        return out;
    };
    std::size_t addresses = 0;
    for (int round = 0; round < 200000; ++round) {
        const bool long_parts = round % 50 == 0;
        std::string cell = pick(local_chars, long_parts ? 70 : 8) + "@" +
                           pick(domain_chars, long_parts ? 200 : 10);
        if (round % 3 == 0) {
            cell += "." + pick("abcdefghij", 4);  // often a valid TLD
        }
        if (round % 4 == 0) {  // mostly well formed, to reach the accepting paths
            cell = pick("abXY09._+-", 12) + "@" + pick("ab09-", 8) + "." + pick("ab-", 3);
        }
        const bool expected = reference(cell);
        addresses += expected ? 1 : 0;
        INFO(cell);
        REQUIRE(lw::indexer::is_whole_email(cell) == expected);
    }
    CHECK(addresses > 1000);  // the comparison covered real addresses too
    // Cells of 16 to 64 bytes, which is_whole_email reads from masks: every
    // length from just under to just over, near-addresses with the dots,
    // hyphens and second '@' the masks must place, and the '@' last.
    std::size_t short_addresses = 0;
    for (int round = 0; round < 200000; ++round) {
        const std::size_t target = 14 + random() % 53;
        std::string cell = pick(round % 2 == 0 ? "abXY09._+-" : local_chars, target / 2) + "@";
        while (cell.size() + 3 < target) {
            cell += pick(round % 3 == 0 ? domain_chars : "ab09-", 6) + ".";
        }
        cell += pick("abcXY-9", round % 5 == 0 ? 1 : 3);
        if (round % 97 == 0) {
            cell.resize(std::min<std::size_t>(cell.size(), target));
        }
        const bool expected = reference(cell);
        short_addresses += expected && cell.size() >= 16 && cell.size() <= 64 ? 1 : 0;
        INFO(cell);
        REQUIRE(lw::indexer::is_whole_email(cell) == expected);
    }
    CHECK(short_addresses > 300);  // 663 with this seed
    // The length limits, on both sides of each: the local part (64), a
    // label (63), the whole address (254).
    for (const std::size_t local : {63, 64, 65}) {
        for (const std::size_t label : {62, 63, 64}) {
            const std::string cell =
                std::string(local, 'a') + "@" + std::string(label, 'b') + ".fr";
            REQUIRE(lw::indexer::is_whole_email(cell) == reference(cell));
        }
    }
    for (const std::size_t total : {252, 253, 254, 255, 256}) {
        std::string cell = std::string(64, 'a') + "@";
        while (cell.size() + 3 < total) {  // labels of up to 60 'c', then ".fr"
            const std::size_t room = total - 3 - cell.size();
            cell += std::string(std::min<std::size_t>(room > 1 ? room - 1 : 1, 60), 'c') + ".";
        }
        cell += "fr";
        INFO(cell.size());
        REQUIRE(lw::indexer::is_whole_email(cell) == reference(cell));
    }
    CHECK(lw::indexer::is_whole_email("Marie.Durand@Example.FR"));
    CHECK_FALSE(lw::indexer::is_whole_email(" marie@example.fr"));
    CHECK_FALSE(lw::indexer::is_whole_email(""));
}
