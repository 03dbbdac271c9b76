// python-stdnum's and others' published test numbers
// (../shared/vectors/identifiers-stdnum.json): every valid one validates,
// every invalid one does not.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "indexer/extract/card.h"
#include "indexer/extract/codice_fiscale.h"
#include "indexer/extract/iban.h"
#include "indexer/extract/nir.h"
#include "tests/support/shared_dir.h"

using nlohmann::json;
using namespace lw::indexer;

namespace {

const json& vectors() {
    static const json v = json::parse(lw::test::read_shared("vectors/identifiers-stdnum.json"));
    return v;
}

// stdnum's compact(): separators removed.
std::string compact(const std::string& value, std::string_view separators) {
    std::string out;
    for (char c : value) {
        if (separators.find(c) == std::string_view::npos) {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("vectors: every valid NIR validates", "[vectors][nir]") {
    for (const auto& v : vectors()["nir"]["valid"]) {
        INFO(v["value"].get<std::string>());
        const std::string c = compact(v["value"], " .");
        CHECK(nir_is_valid(c));
        CHECK(c == v["compact"].get<std::string>());
    }
}

TEST_CASE("vectors: every invalid NIR is refused", "[vectors][nir]") {
    for (const auto& v : vectors()["nir"]["invalid"]) {
        INFO(v["value"].get<std::string>());
        CHECK_FALSE(nir_is_valid(compact(v["value"], " .")));
    }
}

TEST_CASE("vectors: NIR keys computed from 13 characters", "[vectors][nir]") {
    for (const auto& v : vectors()["nir"]["key_computation_cases"]) {
        const std::string body = compact(v["first13"], " .");
        std::string upper = body;
        for (char& c : upper)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        INFO(body);
        // CNAM's key helper also takes bodies that are not NIRs ("1234...",
        // "2B34..."); leakwatch computes keys only for well-formed bodies.
        if (const auto key = nir_key(upper)) {
            CHECK(*key == v["key"].get<int>());
        } else {
            CHECK((upper.substr(5, 2) != "2A" && upper.substr(5, 2) != "2B"));
        }
    }
}

TEST_CASE("vectors: NIR cases that depend on policy follow ours", "[vectors][nir]") {
    // leakwatch accepts sex digits 7 and 8 (as stdnum) and a keyless body
    // only in a NIR column (as CNAM).
    for (const auto& v : vectors()["nir"]["policy_dependent"]) {
        const std::string c = compact(v["value"], " .");
        INFO(c);
        if (c.size() == 15) {
            CHECK(nir_is_valid(c) == v["stdnum_valid"].get<bool>());
        } else {
            CHECK_FALSE(nir_canonical(c, false));
            CHECK(nir_canonical(c, true).has_value() == v["cnam_valid"].get<bool>());
        }
    }
}

TEST_CASE("vectors: every valid codice fiscale validates", "[vectors][cf]") {
    std::size_t persons = 0;
    for (const auto& v : vectors()["codice_fiscale"]["valid"]) {
        const std::string c = compact(v["value"], " -:");
        if (c.size() != 16) {
            continue;  // 11-digit company codes are not personal identifiers
        }
        INFO(c);
        CHECK(codice_fiscale_is_valid(c));
        ++persons;
    }
    CHECK(persons > 100);
}

TEST_CASE("vectors: every invalid codice fiscale is refused", "[vectors][cf]") {
    for (const auto& v : vectors()["codice_fiscale"]["invalid"]) {
        INFO(v["value"].get<std::string>());
        CHECK_FALSE(codice_fiscale_is_valid(compact(v["value"], " -:")));
    }
}

TEST_CASE("vectors: codice fiscale check characters", "[vectors][cf]") {
    for (const auto& v : vectors()["codice_fiscale"]["check_character_cases"]) {
        CHECK(std::string(1, codice_fiscale_check_char(v["first15"].get<std::string>())) ==
              v["check_char"].get<std::string>());
    }
}

TEST_CASE("vectors: every valid IBAN validates", "[vectors][iban]") {
    for (const auto& v : vectors()["iban"]["valid"]) {
        if (v.contains("stdnum_agrees") && !v["stdnum_agrees"].get<bool>()) {
            continue;  // countries outside the SWIFT registry leakwatch follows
        }
        INFO(v["value"].get<std::string>());
        CHECK(iban_is_valid(compact(v["value"], " -.")));
    }
    for (const auto& v : vectors()["iban"]["french_and_italian_examples"]["valid"]) {
        INFO(v.get<std::string>());
        CHECK(iban_is_valid(compact(v, " -.")));
    }
}

TEST_CASE("vectors: every invalid IBAN is refused", "[vectors][iban]") {
    for (const auto& v : vectors()["iban"]["invalid"]) {
        INFO(v["value"].get<std::string>());
        CHECK_FALSE(iban_is_valid(compact(v["value"], " -.")));
    }
    for (const auto& v : vectors()["iban"]["french_and_italian_examples"]["invalid"]) {
        INFO(v.get<std::string>());
        CHECK_FALSE(iban_is_valid(compact(v, " -.")));
    }
}

TEST_CASE("vectors: Luhn valid and invalid numbers", "[vectors][card]") {
    // Other alphabets (stdnum's mod-N generalisation) are not ours; a
    // missing value is validator.js's undefined.
    for (const auto& v : vectors()["luhn"]["valid"]) {
        if (!v.contains("alphabet")) {
            INFO(v["value"].get<std::string>());
            CHECK(luhn_is_valid(compact(v["value"], " -")));
        }
    }
    for (const auto& v : vectors()["luhn"]["invalid"]) {
        if (!v.contains("alphabet") && v.contains("value")) {
            INFO(v["value"].get<std::string>());
            CHECK_FALSE(luhn_is_valid(v["value"].get<std::string>()));
        }
    }
}

TEST_CASE("vectors: card numbers of the major networks", "[vectors][card]") {
    for (const auto& v : vectors()["luhn"]["credit_cards"]["valid"]) {
        INFO(v["value"].get<std::string>());
        CHECK(card_is_valid(compact(v["value"], " -")));
    }
    for (const auto& v : vectors()["luhn"]["credit_cards"]["invalid"]) {
        INFO(v["value"].get<std::string>());
        CHECK_FALSE(card_is_valid(compact(v["value"], " -")));
    }
}
