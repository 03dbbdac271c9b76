// The isemail suite and validator.js cases (../shared/vectors/emails.json):
// every address leakwatch returns is valid under their rules, and ordinary
// addresses are all found.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/shared_dir.h"
#include "tests/unit/indexer/extract/scan_helpers.h"

using nlohmann::json;

namespace {

const json& vectors() {
    static const json v = json::parse(lw::test::read_shared("vectors/emails.json"));
    return v;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool has_tld_of_two_letters(const std::string& address) {
    const auto dot = address.rfind('.');
    const auto at = address.rfind('@');
    if (dot == std::string::npos || at == std::string::npos || dot < at)
        return false;
    const std::string tld = address.substr(dot + 1);
    return tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), [](char c) {
               return std::isalpha(static_cast<unsigned char>(c));
           });
}

}  // namespace

TEST_CASE("vectors: an address found whole is valid in the isemail suite", "[vectors][email]") {
    std::size_t found_whole = 0;
    for (const auto& c : vectors()["cases"]) {
        const std::string address = c["address"];
        for (const auto& [kind, value] : lw::test::scan(address)) {
            if (kind != "email" || value != lower(address)) {
                continue;
            }
            INFO(c["id"].get<std::string>() << ": " << address);
            CHECK(c["valid"].get<bool>());
            ++found_whole;
        }
    }
    CHECK(found_whole > 30);
}

TEST_CASE("vectors: every ordinary address of the isemail suite is found", "[vectors][email]") {
    for (const auto& c : vectors()["cases"]) {
        const std::string address = c["address"];
        if (!c["valid_strict"].get<bool>() || !has_tld_of_two_letters(address)) {
            continue;
        }
        INFO(c["id"].get<std::string>() << ": " << address);
        CHECK(lw::test::scan(address) == std::vector<lw::test::Found>{{"email", lower(address)}});
    }
}

TEST_CASE("vectors: validator.js cases: found ones are valid, ASCII valid ones found",
          "[vectors][email]") {
    for (const auto& c : vectors()["practical_suite"]["cases"]) {
        const std::string address = c["address"];
        const bool valid = c["valid"];
        INFO(c["id"].get<std::string>() << ": " << address);
        const auto found = lw::test::scan(address);
        const bool whole = found.size() == 1 && found[0].second == lower(address);
        if (whole) {
            CHECK(valid);
        }
        const bool ascii_dot_atom = std::all_of(address.begin(), address.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) ||
                   std::string_view("@.+-_").find(ch) != std::string_view::npos;
        });
        if (valid && ascii_dot_atom) {
            CHECK(whole);
        }
    }
}
