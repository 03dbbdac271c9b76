#include "indexer/extract/person.h"

#include <utf8proc.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

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

namespace {

// The name rule straight from its definition, on a whole string: utf8proc's
// compatibility decomposition with marks stripped and case folded, then
// letters kept and every run of anything else one space, trimmed.
std::string reference_name(const std::string& raw) {
    utf8proc_uint8_t* mapped = nullptr;
    const auto size =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(raw.data()),
                     static_cast<utf8proc_ssize_t>(raw.size()), &mapped,
                     static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                    UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
    REQUIRE(size >= 0);
    std::string out;
    bool gap = false;
    for (utf8proc_ssize_t at = 0; at < size;) {
        utf8proc_int32_t cp = 0;
        at += utf8proc_iterate(mapped + at, size - at, &cp);
        const auto category = utf8proc_category(cp);
        if (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) {
            if (gap && !out.empty()) {
                out.push_back(' ');
            }
            gap = false;
            utf8proc_uint8_t encoded[4];
            out.append(reinterpret_cast<const char*>(encoded),
                       static_cast<std::size_t>(utf8proc_encode_char(cp, encoded)));
        } else if (category < UTF8PROC_CATEGORY_MN || category > UTF8PROC_CATEGORY_ME) {
            gap = true;
        }
    }
    std::free(mapped);
    return out;
}

}  // namespace

TEST_CASE("person: names in Latin-1 and beyond fold exactly as utf8proc folds them",
          "[indexer][person]") {
    // Every code point of U+0080-U+00FF, ASCII letters and separators, and
    // a few that the fast path leaves to utf8proc (Œ, ẞ, ﬁ, a combining acute).
    std::vector<utf8proc_int32_t> alphabet = {'a', 'Z', 'e',   ' ',    '-',    '\'',
                                              '.', '3', 0x152, 0x1E9E, 0xFB01, 0x301};
    for (utf8proc_int32_t cp = 0x80; cp <= 0xFF; ++cp) {
        alphabet.push_back(cp);
    }
    std::mt19937 random(1204);
    for (int round = 0; round < 20000; ++round) {
        std::string name;
        const std::size_t length = 1 + random() % 12;
        for (std::size_t i = 0; i < length; ++i) {
            utf8proc_uint8_t encoded[4];
            const auto n = utf8proc_encode_char(alphabet[random() % alphabet.size()], encoded);
            name.append(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
        }
        const std::string expected = reference_name(name);
        INFO(name);
        REQUIRE(normalise_name(name).value_or("") == expected);
    }
    // Each code point alone, and between letters.
    for (const utf8proc_int32_t cp : alphabet) {
        utf8proc_uint8_t encoded[4];
        const auto n = utf8proc_encode_char(cp, encoded);
        const std::string one(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
        REQUIRE(normalise_name(one).value_or("") == reference_name(one));
        REQUIRE(normalise_name("a" + one + "b").value_or("") == reference_name("a" + one + "b"));
    }
}

TEST_CASE("person: names of ASCII letters alone, and their neighbours, fold as utf8proc folds them",
          "[indexer][person]") {
    // The letters-only path against the reference, with the bytes on either
    // side of 'A'-'Z' and 'a'-'z' mixed in, and lengths either side of the
    // fast paths' 128 bytes.
    const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const std::string neighbours = "@[`{";
    std::mt19937 random(2112);
    for (int round = 0; round < 5000; ++round) {
        const std::size_t length = 1 + random() % 140;
        std::string name;
        for (std::size_t i = 0; i < length; ++i) {
            name.push_back(letters[random() % letters.size()]);
        }
        if (round % 2 == 1) {
            name[random() % length] = neighbours[random() % neighbours.size()];
        }
        INFO(name);
        REQUIRE(normalise_name(name).value_or("") == reference_name(name));
    }
}

TEST_CASE("person: a bare YYYY-MM-DD reads as the same date with a blank before it",
          "[indexer][person]") {
    // Ten bytes with dashes at 4 and 7 take a word-at-a-time path; a blank
    // in front sends the same date through the trims and byte tests.
    std::mt19937 random(6122026);
    const std::string bytes = "0123456789012345678901234567890123456789-/. x\x80\xff:";
    std::size_t dates = 0;
    for (int round = 0; round < 100000; ++round) {
        std::string raw(10, '0');
        for (char& c : raw) {
            c = bytes[random() % (round % 2 == 0 ? 10 : bytes.size())];
        }
        if (round % 3 != 0) {
            raw[4] = '-';
            raw[7] = '-';
        }
        if (round % 5 == 0) {
            raw.replace(5, 2, round % 10 == 0 ? "02" : "12");
            raw.replace(8, 2, std::to_string(10 + random() % 20));
        }
        for (const bool date_column : {false, true}) {
            const auto direct = parse_birth_date(raw, date_column);
            dates += direct ? 1 : 0;
            INFO(raw);
            REQUIRE(direct == parse_birth_date(" " + raw, date_column));
        }
    }
    CHECK(dates > 1000);
}

TEST_CASE("person: ASCII names written in place give what write_person_canonical gives",
          "[indexer][person]") {
    std::mt19937 random(7122026);
    const std::vector<std::string> pieces = {"a", "Z", "m", "Q", "-", " ", "'", "\xC3\xA9", "0"};
    const std::vector<std::string> dates = {"1985-07-14", "14/07/1985", "1985-02-30",  "",
                                            "x",          "19850714",   " 1990-01-02 "};
    const auto name = [&] {
        std::string out;
        const std::size_t size = random() % (random() % 8 == 0 ? 40 : 9);
        for (std::size_t i = 0; i < size; ++i) {
            out += pieces[random() % (random() % 3 == 0 ? pieces.size() : 4)];
        }
        return out;
    };
    std::size_t written = 0;
    for (int round = 0; round < 50000; ++round) {
        const std::string last = name();
        const std::string first = name();
        const std::string& date = dates[random() % dates.size()];
        std::string reference;
        const bool expected = write_person_canonical(reference, last, first, date);
        Cleartext out(std::string_view("an earlier value"));
        const auto ascii = write_ascii_person_canonical(out, last, first, date);
        INFO(last << "|" << first << "|" << date);
        if (!ascii) {
            CHECK(out.empty());
            continue;
        }
        written += *ascii ? 1 : 0;
        REQUIRE(*ascii == expected);
        REQUIRE(out.reveal() == (expected ? std::string_view(reference) : std::string_view()));
    }
    CHECK(written > 1000);
}
