#include "indexer/person.h"

#include <catch2/catch.hpp>

using namespace lw::indexer;

TEST_CASE("person: names lose accents, case and punctuation", "[indexer][person]") {
    CHECK(normalise_name("  DUPONT-Hélène ") == "dupont helene");
    CHECK(normalise_name("O'Brien") == "o brien");
    CHECK(normalise_name("ÆSØ Ğül") == "æsø gul");
    CHECK(normalise_name("Jean  Pierre") == "jean pierre");
    CHECK(normalise_name("STRASSE") == normalise_name("straße").value_or(""));
    CHECK_FALSE(normalise_name("1234 -- "));
}

TEST_CASE("person: invalid UTF-8 counts as a separator", "[indexer][person]") {
    CHECK(normalise_name("Ren\xff\xe9") == "ren");
}

TEST_CASE("person: every date format, impossible dates refused", "[indexer][person]") {
    CHECK(parse_birth_date("14/07/1985", false) == "1985-07-14");
    CHECK(parse_birth_date("14-07-1985", false) == "1985-07-14");
    CHECK(parse_birth_date("14.07.1985", false) == "1985-07-14");
    CHECK(parse_birth_date("1985-07-14", false) == "1985-07-14");
    CHECK(parse_birth_date("1985-07-14 00:00:00", false) == "1985-07-14");
    CHECK(parse_birth_date("19850714", true) == "1985-07-14");
    CHECK_FALSE(parse_birth_date("19850714", false));
    CHECK_FALSE(parse_birth_date("29/02/1985", false));
    CHECK(parse_birth_date("29/02/1984", false) == "1984-02-29");
    CHECK_FALSE(parse_birth_date("14/07-1985", false));
    CHECK_FALSE(parse_birth_date("32/01/1985", false));
}

TEST_CASE("person: canonical form joins last, first and date", "[indexer][person]") {
    CHECK(person_canonical("Dupont", "Jean Pierre", "02/01/1980") ==
          "dupont|jean pierre|1980-01-02");
}
