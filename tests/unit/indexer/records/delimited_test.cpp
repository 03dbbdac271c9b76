// The CSV-like row splitter, against a byte-by-byte reference.
#include "indexer/records/delimited.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "indexer/extract/byte_search.h"

using lw::indexer::Field;
using lw::indexer::split_delimited;

namespace {

// Fields of a row without quotes, one byte at a time.
std::vector<std::pair<std::size_t, std::string>> reference_split(const std::string& row, char d) {
    std::vector<std::pair<std::size_t, std::string>> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= row.size(); ++i) {
        if (i == row.size() || row[i] == d) {
            out.emplace_back(start, row.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::vector<std::pair<std::size_t, std::string>> as_pairs(const std::vector<Field>& fields) {
    std::vector<std::pair<std::size_t, std::string>> out;
    for (const Field& f : fields) {
        out.emplace_back(f.offset, std::string(f.value));
    }
    return out;
}

}  // namespace

TEST_CASE("delimited: unquoted rows split like a byte loop, at every alignment",
          "[indexer][delimited]") {
    // Delimiters next to each other, at both ends, across 16- and 64-byte blocks, and
    // bytes that differ from the delimiter by one bit or are >= 0x80.
    const std::string alphabet = std::string("ab ;,|\t:+") + "\x80\xBB\xFF" + '\x3A' + '\x1B';
    std::mt19937 random(20261204);
    std::vector<Field> fields;
    std::vector<std::string> storage;
    for (const char delimiter : {';', ',', '|', '\t'}) {
        for (int round = 0; round < 3000; ++round) {
            std::string row;
            const std::size_t size = random() % 200;  // short rows, 64-byte blocks, tails
            for (std::size_t i = 0; i < size; ++i) {
                row.push_back(alphabet[random() % alphabet.size()]);
            }
            REQUIRE(split_delimited(row, delimiter, fields, storage));
            REQUIRE(as_pairs(fields) == reference_split(row, delimiter));
        }
    }
}

TEST_CASE("delimited: quoted fields, doubled quotes, an open quote", "[indexer][delimited]") {
    std::vector<Field> fields;
    std::vector<std::string> storage;
    REQUIRE(split_delimited(R"(a;"b;c";"say ""hi""";d)", ';', fields, storage));
    REQUIRE(fields.size() == 4);
    CHECK(fields[0].value == "a");
    CHECK(fields[1].value == "b;c");
    CHECK(fields[1].offset == 3);
    CHECK(fields[2].value == R"(say "hi")");
    CHECK(fields[3].value == "d");
    CHECK_FALSE(split_delimited(R"(a;"open)", ';', fields, storage));
}

TEST_CASE("byte search: find_either matches a byte loop from every start", "[indexer][delimited]") {
    const std::string alphabet = std::string("ab'\\&[") + "\x80\xA7\xDC";
    std::mt19937 random(4122026);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const std::size_t size = random() % 30;
        for (std::size_t i = 0; i < size; ++i) {
            text.push_back(alphabet[random() % alphabet.size()]);
        }
        for (std::size_t from = 0; from <= text.size(); ++from) {
            std::size_t expected = from;
            while (expected < text.size() && text[expected] != '\'' && text[expected] != '\\') {
                ++expected;
            }
            REQUIRE(lw::indexer::find_either(text, from, '\'', '\\') == expected);
        }
    }
}

TEST_CASE("byte search: digit_run matches a byte loop from every start", "[indexer][delimited]") {
    // Runs across 16-byte pieces and up to the end; the neighbours of '0'
    // and '9', and bytes with the high bit set.
    const std::string alphabet = std::string("0123456789/:a ") + "\xB0\xB9";
    std::mt19937 random(5122026);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const std::size_t size = random() % 80;
        const bool long_runs = random() % 2 == 0;
        for (std::size_t i = 0; i < size; ++i) {
            text.push_back(long_runs && random() % 8 != 0 ? static_cast<char>('0' + random() % 10)
                                                          : alphabet[random() % alphabet.size()]);
        }
        for (std::size_t from = 0; from <= text.size(); ++from) {
            std::size_t end = from;
            while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
                ++end;
            }
            REQUIRE(lw::indexer::digit_run(text, from) == end - from);
        }
    }
}
