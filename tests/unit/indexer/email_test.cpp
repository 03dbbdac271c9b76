#include <catch2/catch.hpp>

#include "tests/unit/indexer/scan_helpers.h"

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
