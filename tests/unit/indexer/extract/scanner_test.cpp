#include <catch2/catch.hpp>
#include <random>

#include "tests/unit/indexer/extract/scan_helpers.h"

using lw::indexer::Match;
using lw::indexer::Scanner;
using lw::indexer::ScanOptions;
using lw::test::Found;
using lw::test::phones;
using lw::test::scan;

TEST_CASE("scanner: NIR in every separator style", "[indexer][scanner]") {
    const std::vector<Found> nir{{"nir", "185077512345608"}};
    CHECK(scan("185077512345608") == nir);
    CHECK(scan("1 85 07 75 123 456 08") == nir);
    CHECK(scan("1.85.07.75.123.456.08") == nir);
    CHECK(scan("1-85-07-75-123-456-08") == nir);
    CHECK(scan("secu: 1 85 07 75 123 456 08.") == nir);
    CHECK(scan("1 85 07 2A 123 456 65") == std::vector<Found>{{"nir", "185072A12345665"}});
    CHECK(scan("185072a12345665") == std::vector<Found>{{"nir", "185072A12345665"}});
}

TEST_CASE("scanner: Corsican NIRs are found only with their key", "[indexer][scanner]") {
    CHECK(scan("secu 1 85 07 2B 123 456 92") == std::vector<Found>{{"nir", "185072B12345692"}});
    CHECK(scan("secu 1 85 07 2B 123 456 93").empty());
    CHECK(scan("secu 1 85 07 2B 123 456 65").empty());  // 2A's key
    CHECK(scan("secu 185072a12345666").empty());
}

TEST_CASE("scanner: a 13-character NIR body is not found in free text", "[indexer][scanner]") {
    CHECK(scan("1850775123456").empty());
    // Its last groups read as a French mobile, which they could be.
    CHECK(scan("1 85 07 75 123 456") == std::vector<Found>{{"phone", "+33775123456"}});
}

TEST_CASE("scanner: digits glued to letters or longer numbers are nothing", "[indexer][scanner]") {
    CHECK(scan("ID185077512345608").empty());
    CHECK(scan("185077512345608X").empty());
    CHECK(scan("91850775123456080").empty());
}

TEST_CASE("scanner: a cell of digits alone finds what the same digits in text find",
          "[indexer][scanner]") {
    // Fewer than 13 digits alone skip the number scan unless led by 0, or
    // by 3 and 10 long: a space after them takes the full path, which must
    // agree.
    CHECK(scan("0612345678") == std::vector<Found>{{"phone", "+33612345678"}});
    CHECK(scan("4222222222222") == std::vector<Found>{{"card", "4222222222222"}});
    CHECK(scan("123456789012").empty());
    CHECK(scan("3471234567") == std::vector<Found>{{"phone", "+393471234567"}});
    std::mt19937 rng(8122026);
    for (int round = 0; round < 20000; ++round) {
        std::string digits(1 + rng() % 15, '0');
        for (char& c : digits) {
            c = static_cast<char>('0' + rng() % 10);
        }
        if (round % 3 == 0) {
            digits[0] = "0369"[rng() % 4];  // the leads that start phones, and two that do not
        }
        INFO(digits);
        REQUIRE(scan(digits) == scan(digits + " "));
    }
}

TEST_CASE("scanner: card numbers with spaces or dashes", "[indexer][scanner]") {
    const std::vector<Found> card{{"card", "4111111111111111"}};
    CHECK(scan("4111111111111111") == card);
    CHECK(scan("4111 1111 1111 1111") == card);
    CHECK(scan("4111-1111-1111-1111") == card);
    CHECK(scan("3782 822463 10005") == std::vector<Found>{{"card", "378282246310005"}});
    CHECK(scan("4111 1111 1111 1112").empty());
}

TEST_CASE("scanner: phones in international and national forms", "[indexer][scanner]") {
    const std::vector<Found> fr{{"phone", "+33612345678"}};
    CHECK(scan("06 12 34 56 78") == fr);
    CHECK(scan("06.12.34.56.78") == fr);
    CHECK(scan("0612345678") == fr);
    CHECK(scan("+33 6 12 34 56 78") == fr);
    CHECK(scan("+33 (0)6 12 34 56 78") == fr);
    CHECK(scan("0033 6 12 34 56 78") == fr);
    CHECK(scan("+39 06 1234 5678") == std::vector<Found>{{"phone", "+390612345678"}});
    CHECK(scan("345 123 4567") == std::vector<Found>{{"phone", "+393451234567"}});
}

TEST_CASE("scanner: dates, times and short numbers in logs are no phones", "[indexer][scanner]") {
    CHECK(scan("2024-05-01 12:00:00 INFO request served status=200 latency_ms=12").empty());
    // Valid Italian numbers to libphonenumber (Pisa, Genoa), but dates.
    CHECK(scan("05-01 12").empty());
    CHECK(scan("01.02.2024 et 01-02-2024").empty());
    CHECK(scan("tel: 050 123456") == std::vector<Found>{{"phone", "+39050123456"}});
    CHECK(scan("10.05.2021 0612345678") == std::vector<Found>{{"phone", "+33612345678"}});
}

TEST_CASE("scanner: Italian landlines of 6 to 8 digits are found as libphonenumber reads them",
          "[indexer][scanner]") {
    CHECK(scan("chiamare 05185471 entro sera") == std::vector<Found>{{"phone", "+3905185471"}});
    CHECK(scan("tel. 051 85471.") == std::vector<Found>{{"phone", "+3905185471"}});
    CHECK(scan("code 050112") == std::vector<Found>{{"phone", "+39050112"}});
    CHECK(scan("0585 123") == std::vector<Found>{{"phone", "+390585123"}});
    CHECK(scan("05185471 0612345678") ==
          std::vector<Found>{{"phone", "+3905185471"}, {"phone", "+33612345678"}});
    CHECK(scan("0612345678 051 85471") ==
          std::vector<Found>{{"phone", "+33612345678"}, {"phone", "+3905185471"}});
    CHECK(scan("0132 3456").empty());  // 0132 is no area code
    // The end of an invalid French number (72) is no Taranto landline.
    CHECK(scan("07 20 09 93 83").empty());
    CHECK(scan("05185").empty());
    const Scanner italy(phones(), ScanOptions{{"IT"}});
    const Scanner france(phones(), ScanOptions{{"FR"}});
    std::vector<Match> matches;
    italy.scan("chiamare 05185471", matches);
    CHECK(matches.size() == 1);
    matches.clear();
    france.scan("appeler 05185471", matches);  // no French number is that short
    CHECK(matches.empty());
}

TEST_CASE("scanner: an explicit country code decides the country", "[indexer][scanner]") {
    // Invalid in the country named, so no phone: the tail is not re-read
    // as a number of another region.
    CHECK(scan("+33 3278604701").empty());
    CHECK(scan("0033 3278604701").empty());
    CHECK(scan("tel +39 0612345678901").empty());
    CHECK(scan("00 035259679").empty());
    CHECK(scan("+33 (0)3 27 86 04 70 1").empty());
    // The number is the whole span: no shorter run of it is read instead.
    CHECK(scan("+33 6 12 34 56 78 9").empty());
    CHECK(scan("+33 6 12 34 56 78 3451234567").empty());
    CHECK(scan("+33 6 12 34 56 78, 3451234567") ==
          std::vector<Found>{{"phone", "+33612345678"}, {"phone", "+393451234567"}});
    CHECK(scan("+33 3278604701, 3278604701") == std::vector<Found>{{"phone", "+393278604701"}});
    // Read before the checksummed kinds: its last 14 digits pass Luhn.
    CHECK(scan("00 39 367564894655") == std::vector<Found>{{"phone", "+39367564894655"}});
    // An identifier found in the span ends it.
    CHECK(scan("+33 6 12 34 56 78 1 85 07 75 123 456 08") ==
          std::vector<Found>{{"phone", "+33612345678"}, {"nir", "185077512345608"}});
}

TEST_CASE("scanner: a bracketed 0 after the country code is read as libphonenumber reads it",
          "[indexer][scanner]") {
    CHECK(scan("+33 (0)6 12 34 56 78") == std::vector<Found>{{"phone", "+33612345678"}});
    CHECK(scan("+33(0)612345678") == std::vector<Found>{{"phone", "+33612345678"}});
    // Italy keeps its 0: Milan's 02 is dialled from abroad.
    CHECK(scan("+39 (0)2 1234567") == std::vector<Found>{{"phone", "+39021234567"}});
    CHECK(scan("0039 (0)51 85471") == std::vector<Found>{{"phone", "+3905185471"}});
}

TEST_CASE("scanner: numbers that are no phone stay unfound", "[indexer][scanner]") {
    CHECK(scan("612345678").empty());    // no trunk 0, no country code
    CHECK(scan("2021-09-01").empty());   // a date
    CHECK(scan("192.168.1.1").empty());  // an address
    CHECK(scan("00 00 00 00 00").empty());
}

TEST_CASE("scanner: adjacent identifiers split at their group boundaries", "[indexer][scanner]") {
    CHECK(scan("06 12 34 56 78 1 85 07 75 123 456 08") ==
          std::vector<Found>{{"phone", "+33612345678"}, {"nir", "185077512345608"}});
}

TEST_CASE("scanner: IBAN compact and in groups of four", "[indexer][scanner]") {
    const std::vector<Found> iban{{"iban", "FR7630006000011234567890189"}};
    CHECK(scan("FR7630006000011234567890189") == iban);
    CHECK(scan("IBAN: FR76 3000 6000 0112 3456 7890 189 merci") == iban);
    CHECK(scan("iban fr76 3000 6000 0112 3456 7890 189") == iban);
    CHECK(scan("FR76 3000 6000 0112 3456 7890 188").empty());
}

TEST_CASE("scanner: codice fiscale in any case", "[indexer][scanner]") {
    CHECK(scan("CF: RSSMRA85T10A562S.") == std::vector<Found>{{"cf", "RSSMRA85T10A562S"}});
    CHECK(scan("rssmra85t10a562s") == std::vector<Found>{{"cf", "RSSMRA85T10A562S"}});
    CHECK(scan("XRSSMRA85T10A562S").empty());
}

TEST_CASE("scanner: omocodic codici fiscali are found, even with no digit left",
          "[indexer][scanner]") {
    CHECK(scan("CF: RSSMRA85T10ARSNO.") == std::vector<Found>{{"cf", "RSSMRA85T10ARSNO"}});
    CHECK(scan("codice rssmraurtmlarsnl") == std::vector<Found>{{"cf", "RSSMRAURTMLARSNL"}});
    CHECK(scan("RSSMRAURTMLARSNL") == std::vector<Found>{{"cf", "RSSMRAURTMLARSNL"}});
    CHECK(scan("codice RSSMRAURTMLARSNM").empty());
}

TEST_CASE("scanner: a mixed line gives everything in text order", "[indexer][scanner]") {
    CHECK(scan("Jean;jean@x.fr;06 12 34 56 78;1 85 07 75 123 456 08;RSSMRA85T10A562S") ==
          std::vector<Found>{{"email", "jean@x.fr"},
                             {"phone", "+33612345678"},
                             {"nir", "185077512345608"},
                             {"cf", "RSSMRA85T10A562S"}});
}

TEST_CASE("scanner: binary and invalid UTF-8 are skipped without harm", "[indexer][scanner]") {
    std::string noisy("\xff\xfe\x00\x01 0612345678 \xc3\x28\x00", 18);
    CHECK(scan(noisy) == std::vector<Found>{{"phone", "+33612345678"}});
}
