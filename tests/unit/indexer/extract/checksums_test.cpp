// NIR, codice fiscale, IBAN and card rules on values of our own; the
// external vectors are in tests/vectors/identifiers_vectors_test.cpp.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "indexer/extract/card.h"
#include "indexer/extract/codice_fiscale.h"
#include "indexer/extract/iban.h"
#include "indexer/extract/nir.h"

using namespace lw::indexer;

TEST_CASE("nir: a valid number passes and a changed key fails", "[indexer][nir]") {
    CHECK(nir_is_valid("185077512345608"));
    CHECK_FALSE(nir_is_valid("185077512345609"));
    CHECK(nir_key("1850775123456") == 8);
}

TEST_CASE("nir: Corsica departments 2A and 2B count as 19 and 18", "[indexer][nir]") {
    CHECK(nir_is_valid("185072A12345665"));
    CHECK(nir_is_valid("185072a12345665"));
    CHECK(nir_canonical("185072a12345665", false) == "185072A12345665");
    CHECK_FALSE(nir_is_valid("185072C12345665"));
    CHECK(nir_is_valid("185072B12345692"));
    CHECK(nir_canonical("185072B123456", true) == "185072B12345692");
    CHECK(nir_canonical("293032b012345", true) == "293032B01234520");
}

TEST_CASE("nir: a wrong key is refused in Corsica as elsewhere", "[indexer][nir]") {
    // Each body with the other department's key, then with its own key + 1.
    CHECK_FALSE(nir_is_valid("185072A12345692"));
    CHECK_FALSE(nir_is_valid("185072A12345666"));
    CHECK_FALSE(nir_is_valid("185072B12345665"));
    CHECK_FALSE(nir_is_valid("185072B12345693"));
    CHECK_FALSE(nir_is_valid("293032b01234521"));
    CHECK_FALSE(nir_canonical("185072B12345693", true));
}

TEST_CASE("nir: sex digit, month and department ranges are checked", "[indexer][nir]") {
    CHECK_FALSE(nir_key("5850775123456"));  // sex 5
    CHECK(nir_key("3850775123456"));        // special cases 3, 4, 7, 8
    CHECK(nir_key("7850775123456"));
    CHECK_FALSE(nir_key("1851375123456"));  // month 13
    CHECK(nir_key("1852075123456"));        // INSEE 20-42
    CHECK_FALSE(nir_key("1854375123456"));  // 43-49 unused
    CHECK(nir_key("1855075123456"));        // 50-99
    CHECK_FALSE(nir_key("1850700123456"));  // department 00
    CHECK(nir_key("1850799123456"));        // born abroad
}

TEST_CASE("nir: a 13-character body gets its key only where allowed", "[indexer][nir]") {
    CHECK(nir_canonical("1850775123456", true) == "185077512345608");
    CHECK_FALSE(nir_canonical("1850775123456", false));
}

TEST_CASE("cf: check character, in any case", "[indexer][cf]") {
    CHECK(codice_fiscale_is_valid("RSSMRA85T10A562S"));
    CHECK(codice_fiscale_is_valid("rssmra85t10a562s"));
    CHECK(codice_fiscale_canonical("rssmra85t10a562s") == "RSSMRA85T10A562S");
    CHECK_FALSE(codice_fiscale_is_valid("RSSMRA85T10A562T"));
    CHECK(codice_fiscale_check_char("BNCLRA90A41H501") == 'F');
}

TEST_CASE("cf: omocodic codes validate with letters in any digit slot", "[indexer][cf]") {
    // RSSMRA85T10A562S with its digit slots replaced from the right by
    // L M N P Q R S T U V (0-9), as the tax office does for homonyms.
    CHECK(codice_fiscale_is_valid("RSSMRA85T10A56NH"));
    CHECK(codice_fiscale_is_valid("RSSMRA85T10ARSNO"));
    CHECK(codice_fiscale_is_valid("rssmra8rtmlarsno"));
    CHECK(codice_fiscale_is_valid("RSSMRAURTMLARSNL"));  // no digit left
    CHECK(codice_fiscale_canonical("rssmraurtmlarsnl") == "RSSMRAURTMLARSNL");
    // A woman born on the 1st (day 41): the day slot read through Q and M.
    CHECK(codice_fiscale_is_valid("BNCLRA90AQMHRLMH"));
    CHECK_FALSE(codice_fiscale_is_valid("RSSMRAURTMLARSNM"));  // wrong check letter
    // W and O are no omocodia letters (check letters computed as if they were).
    CHECK_FALSE(codice_fiscale_is_valid("RSSMRA85T10A56WJ"));
    CHECK_FALSE(codice_fiscale_is_valid("RSSMRA85T10A56OY"));
}

TEST_CASE("cf: a well-formed code is valid exactly with the check letter check_char gives",
          "[indexer][cf]") {
    // codice_fiscale_is_valid sums the check of a code it has read without
    // codice_fiscale_check_char: random codes, omocodic digit slots among
    // them, hold the two to the same letter.
    std::mt19937 random(6122026);
    const auto letter = [&] { return static_cast<char>('A' + random() % 26); };
    const auto digit = [&] { return static_cast<char>('0' + random() % 10); };
    for (int round = 0; round < 20000; ++round) {
        std::string code;
        for (int i = 0; i < 6; ++i) {
            code.push_back(letter());
        }
        code += {digit(), digit(), "ABCDEHLMPRST"[random() % 12]};
        const int day = 1 + static_cast<int>(random() % 28) + (round % 2 == 0 ? 40 : 0);
        code += {static_cast<char>('0' + day / 10),
                 static_cast<char>('0' + day % 10),
                 letter(),
                 digit(),
                 digit(),
                 digit()};
        for (const std::size_t slot : {14, 13, 12, 10, 9, 7, 6}) {
            if (random() % 4 == 0) {
                code[slot] = "LMNPQRSTUV"[code[slot] - '0'];
            }
        }
        const char check = codice_fiscale_check_char(code);
        INFO(code);
        REQUIRE(codice_fiscale_is_valid(code + check));
        REQUIRE_FALSE(
            codice_fiscale_is_valid(code + static_cast<char>('A' + (check - 'A' + 1) % 26)));
    }
}

TEST_CASE("cf: impossible birth dates are refused", "[indexer][cf]") {
    // Day 31 in November (S), then day 30 in February (B).
    CHECK_FALSE(codice_fiscale_is_valid(std::string("RSSMRA85S31A562") +
                                        codice_fiscale_check_char("RSSMRA85S31A562")));
    CHECK_FALSE(codice_fiscale_is_valid(std::string("RSSMRA85B30A562") +
                                        codice_fiscale_check_char("RSSMRA85B30A562")));
    // 29 February exists in 1984, not in 1985.
    CHECK(codice_fiscale_is_valid(std::string("RSSMRA84B29A562") +
                                  codice_fiscale_check_char("RSSMRA84B29A562")));
    CHECK_FALSE(codice_fiscale_is_valid(std::string("RSSMRA85B29A562") +
                                        codice_fiscale_check_char("RSSMRA85B29A562")));
}

TEST_CASE("iban: mod 97, country length and structure", "[indexer][iban]") {
    CHECK(iban_is_valid("FR7630006000011234567890189"));
    CHECK(iban_is_valid("fr7630006000011234567890189"));
    CHECK_FALSE(iban_is_valid("FR7630006000011234567890188"));
    CHECK_FALSE(iban_is_valid("FR763000600001123456789018"));
    CHECK(iban_is_valid("DE89370400440532013000"));
    CHECK_FALSE(iban_is_valid("XX89370400440532013000"));
    CHECK(iban_length_for("IT") == 27);
    CHECK(iban_length_for("QQ") == 0);
}

TEST_CASE("card: Luhn and issuer prefixes", "[indexer][card]") {
    CHECK(card_is_valid("4111111111111111"));
    CHECK(card_network("4111111111111111") == "visa");
    CHECK(card_network("5555555555554444") == "mastercard");
    CHECK(card_network("2221000000000009") == "mastercard");
    CHECK(card_network("378282246310005") == "amex");
    CHECK_FALSE(card_is_valid("4111111111111112"));
    CHECK_FALSE(card_is_valid("1111111111111117"));  // Luhn-valid, no network
    CHECK_FALSE(card_is_valid("411111111111"));      // too short
}
