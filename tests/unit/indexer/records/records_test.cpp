// Records: tabular formats, header mapping, SQL dumps, JSON Lines.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/scanner.h"
#include "indexer/records/column_map.h"
#include "indexer/records/typed_value.h"
#include "tests/unit/indexer/extract/scan_helpers.h"

using lw::test::extract;
using lw::test::Found;
using lw::test::Located;
using lw::test::values;

namespace {
// In text order: a person stands where its last name does.
const std::vector<Found> kRow = {
    {"person", "dupont|jean pierre|1985-07-14"},
    {"nir", "185077512345608"},
    {"email", "jean.dupont@example.org"},
    {"phone", "+33612345678"},
};
}  // namespace

TEST_CASE("records: a semicolon CSV with a French header", "[indexer][records]") {
    const auto found = extract(
        "nom;prenom;date_naissance;nir;email;telephone\n"
        "Dupont;Jean-Pierre;14/07/1985;1 85 07 75 123 456 08;jean.dupont@example.org;06 12 34 56 "
        "78\n");
    CHECK(values(found) == kRow);
    CHECK(found[1].line == 2);
    CHECK(found[1].column == 31);
    CHECK(found[1].record == 1);
}

TEST_CASE("records: every delimiter, with quoting", "[indexer][records]") {
    for (const char* d : {",", "\t", ";", "|"}) {
        const std::string s(d);
        const std::string text = "last_name" + s + "first_name" + s + "dob" + s + "ssn" + s +
                                 "mail" + s + "phone\n" + "\"Dupont\"" + s + "\"Jean Pierre\"" + s +
                                 "1985-07-14" + s + "185077512345608" + s +
                                 "jean.dupont@example.org" + s + "+33612345678\n";
        INFO("delimiter " << int(d[0]));
        CHECK(values(extract(text)) == kRow);
    }
}

TEST_CASE("records: the scanner knows every region a phone column's name suggests",
          "[indexer][records]") {
    // The scanner (extract/) cannot see the column table (records/): it has
    // its own copy of the table's regions, which must stay the same.
    std::vector<std::string> from_table;
    for (const std::string_view region : lw::indexer::phone_column_regions()) {
        from_table.emplace_back(region);
    }
    CHECK(lw::indexer::ScanOptions{}.column_regions == from_table);
}

TEST_CASE("records: Italian and English headers, accents and case ignored", "[indexer][records]") {
    const auto it = extract(
        "Cognome,Nome,Data di nascita,Codice Fiscale,Cellulare\n"
        "Rossi,Mario,10/12/1985,RSSMRA85T10A562S,345 123 4567\n");
    CHECK(values(it) == std::vector<Found>{{"person", "rossi|mario|1985-12-10"},
                                           {"cf", "RSSMRA85T10A562S"},
                                           {"phone", "+393451234567"}});
    const auto fr =
        extract("NOM|Prénom|DDN|Numéro Sécurité Sociale\nDUPONT|Hélène|19850714|2850392123456\n");
    CHECK(values(fr) ==
          std::vector<Found>{{"person", "dupont|helene|1985-07-14"}, {"nir", "285039212345617"}});
}

TEST_CASE("records: a labelled column accepts what free text does not", "[indexer][records]") {
    // A keyless NIR and a phone written without its trunk 0.
    CHECK(values(extract("nir;telephone\n1850775123456;612345678\n")) ==
          std::vector<Found>{{"nir", "185077512345608"}, {"phone", "+33612345678"}});
    CHECK(values(extract("1850775123456 612345678\n")).empty());
}

TEST_CASE("records: a phone column reads a bracketed 0 and a country code as libphonenumber does",
          "[indexer][records]") {
    CHECK(values(extract("nom;telephone\nRossi;+39 (0)2 1234567\nDupont;+33 (0)6 12 34 56 78\n")) ==
          std::vector<Found>{{"phone", "+39021234567"}, {"phone", "+33612345678"}});
    // Invalid in France, and read again as free text: no Italian mobile either.
    CHECK(values(extract("nom;telephone\nRossi;+33 3278604701\n")).empty());
}

TEST_CASE("records: a quoted field may span lines", "[indexer][records]") {
    const auto found = extract(
        "email,comment,phone\n"
        "a@x.fr,\"first line\nsecond, with \"\"quotes\"\"\",0612345678\n"
        "b@y.fr,plain,0698765432\n");
    CHECK(values(found) == std::vector<Found>{{"email", "a@x.fr"},
                                              {"phone", "+33612345678"},
                                              {"email", "b@y.fr"},
                                              {"phone", "+33698765432"}});
    CHECK(found[1].line == 3);
    CHECK(found[1].record == 1);
    CHECK(found[2].line == 4);
    CHECK(found[2].record == 2);
}

TEST_CASE("records: free text after a table ends the block", "[indexer][records]") {
    const auto found = extract("email;tel\na@x.fr;0612345678\n\nSee also b@y.fr\n");
    CHECK(values(found) ==
          std::vector<Found>{{"email", "a@x.fr"}, {"phone", "+33612345678"}, {"email", "b@y.fr"}});
    CHECK(found[2].record == 2);
    CHECK(found[2].line == 4);
    CHECK(found[2].column == 10);
}

TEST_CASE("records: SQL INSERT with named columns, many tuples", "[indexer][records]") {
    const auto found = extract(
        "INSERT INTO `patients` (`nom`, `prenom`, `ddn`, `nir`) VALUES "
        "('Dupont','Jean','1985-07-14','1850775123456'),"
        "('O''Brien','Ann','1990-01-02 00:00:00',NULL);\n");
    CHECK(values(found) == std::vector<Found>{{"person", "dupont|jean|1985-07-14"},
                                              {"nir", "185077512345608"},
                                              {"person", "o brien|ann|1990-01-02"}});
    CHECK(found[0].record == 1);
    CHECK(found[2].record == 2);
}

TEST_CASE("records: SQL INSERT takes column names from CREATE TABLE", "[indexer][records]") {
    const auto found = extract(
        "CREATE TABLE users (\n"
        "  id int NOT NULL,\n"
        "  surname varchar(64),\n"
        "  firstname varchar(64),\n"
        "  birthdate date,\n"
        "  PRIMARY KEY (id)\n"
        ") ENGINE=InnoDB;\n"
        "INSERT INTO users VALUES\n"
        "(1,'Rossi','Mario','1985-12-10'),\n"
        "(2,'Bianchi','Laura','1990-01-01');\n");
    CHECK(values(found) == std::vector<Found>{{"person", "rossi|mario|1985-12-10"},
                                              {"person", "bianchi|laura|1990-01-01"}});
    CHECK(found[1].line == 10);
}

TEST_CASE("records: PostgreSQL COPY blocks", "[indexer][records]") {
    const auto found = extract(
        "COPY public.clients (nom, prenom, date_naissance, email) FROM stdin;\n"
        "Martin\tLucie\t1970-03-04\tlucie@example.fr\n"
        "\\.\n");
    CHECK(values(found) ==
          std::vector<Found>{{"person", "martin|lucie|1970-03-04"}, {"email", "lucie@example.fr"}});
}

TEST_CASE("records: JSON Lines objects, nested ones too", "[indexer][records]") {
    const auto found = extract(
        R"({"cognome":"Rossi","nome":"Mario","data_nascita":"10.12.1985","contact":{"email":"m@x.it"}})"
        "\n");
    CHECK(values(found) ==
          std::vector<Found>{{"person", "rossi|mario|1985-12-10"}, {"email", "m@x.it"}});
}

TEST_CASE("records: impossible birth dates make no person", "[indexer][records]") {
    CHECK(extract("nom;prenom;ddn\nDupont;Jean;31/02/1985\n").empty());
    CHECK(extract("nom;prenom;ddn\nDupont;Jean;1985-13-01\n").empty());
}

TEST_CASE("records: an override maps an unknown column", "[indexer][records]") {
    const auto found = extract("matricule;x\n1850775123456;1\n", 1 << 20,
                               {{"matricule", lw::indexer::ColumnRole::nir}});
    CHECK(values(found) == std::vector<Found>{{"nir", "185077512345608"}});
}

TEST_CASE("records: chunk boundaries do not change what is found", "[indexer][records]") {
    const std::string text =
        "nom;prenom;date_naissance;nir;email;telephone\r\n"
        "Dupont;Jean-Pierre;14/07/1985;1 85 07 75 123 456 08;jean.dupont@example.org;06 12 34 56 "
        "78\r\n"
        "free text jean.dupont@example.org\r\n";
    const auto whole = extract(text);
    for (std::size_t chunk : {1, 2, 3, 7, 64}) {
        CHECK(extract(text, chunk) == whole);
    }
}

TEST_CASE("records: columns count characters, not bytes", "[indexer][records]") {
    const auto found = extract("héhé a@x.fr\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].column == 6);
}

TEST_CASE("records: truncated SQL statements are read safely", "[indexer][records]") {
    // Found by the fuzzer: a column list that never closes.
    CHECK(extract("INSERT INTO t (nom, email").empty());
    CHECK(extract("INSERT INTO t (nom, email)").empty());
    CHECK(extract("CREATE TABLE t (\nnom text\n);\nINSERT INTO t VALUES ('a").empty());
    CHECK(values(extract("INSERT INTO t (email) VALUES ('a@x.fr'")) ==
          std::vector<Found>{{"email", "a@x.fr"}});
}

TEST_CASE("records: empty lines and empty input", "[indexer][records]") {
    CHECK(extract("").empty());
    CHECK(extract("\n\n\r\n").empty());
}

TEST_CASE("records: a phone column's digits are gathered as a byte loop gathers them",
          "[indexer][records]") {
    // read_typed_cell gathers a short cell's digits without a branch a byte;
    // the reference stops at the first byte refused, as it always did.
    static const lw::indexer::Scanner scanner(lw::test::phones(), {});
    const auto reference = [&](const lw::indexer::ColumnMeaning& meaning,
                               std::string_view cell) -> std::string {
        std::string digits;
        for (const char c : cell) {
            if ((c >= '0' && c <= '9') || (c == '+' && digits.empty())) {
                if (digits.size() == 21) {
                    return "none";
                }
                digits.push_back(c);
            } else if (std::string_view(" .-()/").find(c) == std::string_view::npos) {
                return "none";
            }
        }
        if (digits.size() < 4) {
            return "none";
        }
        const auto e164 =
            scanner.phones().to_e164(digits, scanner.phone_regions_for(meaning.phone_region));
        return e164 ? *e164 : "none";
    };
    const auto typed = [&](const lw::indexer::ColumnMeaning& meaning,
                           std::string_view cell) -> std::string {
        const auto value = lw::indexer::read_typed_cell(meaning, cell, scanner);
        return value ? std::string(value->canonical.reveal()) : "none";
    };
    std::mt19937 random(6122026);
    const std::string alphabet = "0123456789+ .-()/x0123456789 3";
    std::size_t phones = 0;
    for (int round = 0; round < 100000; ++round) {
        const lw::indexer::ColumnMeaning meaning{lw::indexer::ColumnRole::phone,
                                                 round % 2 == 0 ? "IT" : "FR"};
        std::string cell = round % 3 == 0 ? "+39 3" : (round % 3 == 1 ? "06 " : "");
        const std::size_t size = random() % 40;
        for (std::size_t i = 0; i < size; ++i) {
            cell.push_back(alphabet[random() % (round % 4 == 0 ? alphabet.size() : 10)]);
        }
        // Trimmed as read_typed_cell trims, so that the reference sees the same.
        while (!cell.empty() && (cell.back() == ' ' || cell.front() == ' ')) {
            cell.erase(cell.back() == ' ' ? cell.size() - 1 : 0, 1);
        }
        const std::string expected = reference(meaning, cell);
        phones += expected != "none" ? 1 : 0;
        INFO(cell);
        REQUIRE(typed(meaning, cell) == expected);
    }
    CHECK(phones > 4000);  // the comparison reached the numbers too (8137 with this seed)
}
