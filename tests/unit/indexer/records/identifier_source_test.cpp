// Values typed by hand and rows of records files, as token, blind and
// unblind read them (indexer/records/identifier_source.h).
#include "indexer/records/identifier_source.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "indexer/base/error.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/indexer/extract/scan_helpers.h"

namespace {

using lw::indexer::Kind;

const lw::indexer::Scanner& scanner() {
    static const lw::indexer::Scanner s(lw::test::phones(), {});
    return s;
}

// "kind canonical", or "none".
std::string read(std::string_view value, std::optional<Kind> kind = std::nullopt) {
    const auto typed = lw::indexer::identify_value(value, kind, scanner());
    if (!typed) {
        return "none";
    }
    return std::string(lw::indexer::kind_name(typed->kind)) + " " +
           std::string(typed->canonical.reveal());
}

}  // namespace

TEST_CASE("values: without --kind, exactly one identifier that is the whole value",
          "[indexer][identifier_source]") {
    CHECK(read("Jean.Martin@Example.org") == "email jean.martin@example.org");
    CHECK(read("  jean@x.fr \r") == "email jean@x.fr");
    CHECK(read("+33 6 12 34 56 78") == "phone +33612345678");
    CHECK(read("06.12.34.56.78") == "phone +33612345678");
    CHECK(read("1 85 07 75 123 456 08") == "nir 185077512345608");
    CHECK(read("rssmra85t10a562s") == "cf RSSMRA85T10A562S");
    CHECK(read("FR76 3000 6000 0112 3456 7890 189") == "iban FR7630006000011234567890189");
    CHECK(read("4111 1111 1111 1111") == "card 4111111111111111");

    CHECK(read("") == "none");
    CHECK(read("hello") == "none");
    CHECK(read("jean@x.fr.") == "none");
    CHECK(read("<jean@x.fr>") == "none");
    CHECK(read("mail jean@x.fr") == "none");
    CHECK(read("jean@x.fr bob@y.fr") == "none");
    CHECK(read("06 12 34 56 78 tel") == "none");
    CHECK(read("1850775123456") == "none");           // a keyless NIR only in a NIR column
    CHECK(read("Dupont|Jean|1980-01-02") == "none");  // persons need --kind person
}

TEST_CASE("values: with --kind, read as a cell of that column", "[indexer][identifier_source]") {
    CHECK(read("1850775123456", Kind::nir) == "nir 185077512345608");
    CHECK(read("612345678", Kind::phone) == "phone +33612345678");
    CHECK(read("JEAN@X.FR", Kind::email) == "email jean@x.fr");
    CHECK(read("jean@x.fr", Kind::nir) == "none");
    CHECK(read("Dupont|Jean Pierre|02/01/1980", Kind::person) ==
          "person dupont|jean pierre|1980-01-02");
    CHECK(read("DUPONT | Hélène | 19800102", Kind::person) == "person dupont|helene|1980-01-02");
    CHECK(read("Dupont|Jean", Kind::person) == "none");
    CHECK(read("Dupont|Jean|1980-01-02|x", Kind::person) == "none");
    CHECK(read("Dupont|Jean|1980-02-30", Kind::person) == "none");
}

TEST_CASE("values: errors name the position, never the value", "[indexer][identifier_source]") {
    const auto message = [](std::string_view value, std::uint64_t position,
                            std::optional<Kind> kind) -> std::string {
        try {
            static_cast<void>(lw::indexer::require_value(value, position, kind, scanner()));
        } catch (const lw::Error& e) {
            CHECK(e.category() == lw::ErrorCategory::usage);
            return e.what();
        }
        return "(nothing thrown)";
    };
    CHECK(message("jean@x.fr.", 3, std::nullopt) == "value 3: not an identifier of a known kind");
    CHECK(message("jean@x.fr", 1, Kind::nir) == "value 1: not a valid nir");
    CHECK(message("Dupont", 2, Kind::person) ==
          "value 2: not a valid person (expected last|first|birth date)");
}

TEST_CASE("records: every identifier with the line its record starts on",
          "[indexer][identifier_source]") {
    const lw::test::TempDir dir;
    const std::string path = dir.write("r.csv",
                                       "nom;prenom;date_naissance;commentaire;email\n"
                                       "Dupont;Jean;14/07/1985;\"deux\nlignes\";jean@x.fr\n"
                                       "Martin;Marie;01/02/1990;;marie@x.fr\n"
                                       "\n"
                                       "texte libre 06 12 34 56 78\n");
    std::vector<std::tuple<std::string, std::string, std::uint64_t>> found;
    lw::indexer::for_each_record_identifier(
        path, scanner(), [&](Kind kind, const lw::indexer::Cleartext& value, std::uint64_t row) {
            found.emplace_back(lw::indexer::kind_name(kind), value.reveal(), row);
        });
    using T = std::tuple<std::string, std::string, std::uint64_t>;
    CHECK(found == std::vector<T>{
                       T{"person", "dupont|jean|1985-07-14", 2},
                       T{"email", "jean@x.fr", 2},  // on line 3, in the row starting on line 2
                       T{"person", "martin|marie|1990-02-01", 4},
                       T{"email", "marie@x.fr", 4},
                       T{"phone", "+33612345678", 6},
                   });
    CHECK_THROWS_AS(lw::indexer::for_each_record_identifier(dir.file("none.csv"), scanner(),
                                                            [](auto, const auto&, auto) {}),
                    lw::Error);
}
