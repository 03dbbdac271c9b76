// Where the free-text scanner has work, against byte-by-byte references.
#include "indexer/extract/scan_starts.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using lw::indexer::ByteMasks;
using lw::indexer::classify_block;
using lw::indexer::classify_block_bytewise;
using lw::indexer::ScanStarts;

namespace {

bool is_digit(const std::string& s, std::size_t i) {
    return i < s.size() && s[i] >= '0' && s[i] <= '9';
}
bool is_letter(const std::string& s, std::size_t i) {
    return i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'));
}
bool is_alnum(const std::string& s, std::size_t i) {
    return is_digit(s, i) || is_letter(s, i);
}

// The contract of ScanStarts::next, one byte at a time.
std::size_t reference_next(const std::string& s, std::size_t from) {
    if (from >= s.size()) {
        return s.size();
    }
    if (is_alnum(s, from)) {
        return from;
    }
    for (std::size_t p = from + 1; p < s.size(); ++p) {
        if (!is_alnum(s, p) || is_alnum(s, p - 1)) {
            continue;  // not a word's start
        }
        std::size_t end = p;
        while (is_alnum(s, end)) {
            ++end;
        }
        const bool iban =
            is_letter(s, p) && is_letter(s, p + 1) && is_digit(s, p + 2) && is_digit(s, p + 3);
        if (is_digit(s, p) || end - p >= 16 || iban) {
            return p;
        }
    }
    return s.size();
}

// Mostly words of letters and spaces, as prose is, with the bytes the
// classification could get wrong: the neighbours of '0'-'9', 'A'-'Z' and
// 'a'-'z', and bytes with the high bit set.
std::string random_text(std::mt19937& rng, std::size_t size) {
    static const std::string odd = std::string("/:@[`{") + '\0' + "\x80\xC3\xA9\xFF\x7F -.+(";
    std::string s(size, ' ');
    for (char& c : s) {
        const unsigned pick = rng() % 100;
        if (pick < 55) {
            c = static_cast<char>('a' + rng() % 26);
        } else if (pick < 65) {
            c = static_cast<char>('A' + rng() % 26);
        } else if (pick < 75) {
            c = static_cast<char>('0' + rng() % 10);
        } else if (pick < 90) {
            c = ' ';
        } else {
            c = odd[rng() % odd.size()];
        }
    }
    return s;
}

}  // namespace

TEST_CASE("scan starts: the block classification agrees with a byte loop",
          "[indexer][scan_starts]") {
    // Every byte value at every position of a block and of a short tail.
    for (std::size_t size : {1U, 15U, 16U, 17U, 63U, 64U, 65U, 100U}) {
        for (int value = 0; value < 256; ++value) {
            const std::string text(size, static_cast<char>(value));
            for (std::size_t base = 0; base < size; ++base) {
                const ByteMasks simd = classify_block(text, base);
                const ByteMasks bytes = classify_block_bytewise(text, base);
                REQUIRE(simd.alnum == bytes.alnum);
                REQUIRE(simd.digit == bytes.digit);
            }
        }
    }
    std::mt19937 rng(7);
    for (int round = 0; round < 2000; ++round) {
        const std::string text = random_text(rng, rng() % 200);
        for (std::size_t base = 0; base <= text.size(); ++base) {
            const ByteMasks simd = classify_block(text, base);
            const ByteMasks bytes = classify_block_bytewise(text, base);
            REQUIRE(simd.alnum == bytes.alnum);
            REQUIRE(simd.digit == bytes.digit);
        }
    }
    // The masks of a block hold its bytes only: bytes past the end count as neither.
    const ByteMasks tail = classify_block("ab1", 0);
    CHECK(tail.alnum == 0b111);
    CHECK(tail.digit == 0b100);
    CHECK(classify_block("ab1", 3).alnum == 0);
}

TEST_CASE("scan starts: next() finds exactly the words the scanner must look at",
          "[indexer][scan_starts]") {
    SECTION("the kinds of word") {
        const std::string text =
            "a prose line; with words of letters only, then 42 and a codice fiscale "
            "RSSMRANNTLNALNNS and FR7630006000011234567890189 past the first block.";
        ScanStarts starts(text);
        const std::size_t number = text.find("42");
        const std::size_t cf = text.find("RSSM");
        const std::size_t iban = text.find("FR76");
        CHECK(starts.next(0) == 0);  // a word's start: the scanner resumes there
        CHECK(starts.next(1) == number);
        CHECK(starts.next(number + 2) == cf);
        CHECK(starts.next(cf + 16) == iban);
        CHECK(starts.next(iban + 27) == text.size());
        CHECK(starts.next(text.size()) == text.size());
        CHECK(starts.next(text.size() + 5) == text.size());
    }
    SECTION("words that need no look") {
        // 15 letters, letters glued to digits, a letter then three digits.
        const std::string text = " abcdefghijklmno user42 x123 fr7 ab12c";
        CHECK(ScanStarts(text).next(0) == text.find("ab12c"));
        CHECK(ScanStarts(" abcdefghijklmno user42 x123 fr7").next(0) == 32);
    }
    SECTION("random texts, asked as the scanner asks and out of order") {
        std::mt19937 rng(11);
        for (int round = 0; round < 3000; ++round) {
            const std::string text = random_text(rng, rng() % 400);
            ScanStarts starts(text);
            // Forward, as the scanner goes: from each answer, a few bytes on.
            for (std::size_t from = 0; from <= text.size();) {
                const std::size_t got = starts.next(from);
                REQUIRE(got == reference_next(text, from));
                from = got + 1 + rng() % 8;
            }
            // Anywhere, with the masks of another block loaded.
            for (int k = 0; k < 20; ++k) {
                const std::size_t from = rng() % (text.size() + 2);
                REQUIRE(starts.next(from) == reference_next(text, from));
            }
        }
    }
}
