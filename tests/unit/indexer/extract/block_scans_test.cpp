// Every SIMD level of the block scans this CPU runs, against plain byte
// loops: random texts and the edges of 16-, 32- and 64-byte pieces, every
// start, texts placed against an unreadable page (a read past the end, or
// before the start, crashes the test).
#include "indexer/extract/block_scans.h"

#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/base/simd_level.h"
#include "indexer/extract/byte_search.h"

using lw::indexer::block_scans_for;
using lw::indexer::BlockScans;
using lw::indexer::ByteMasks;
using lw::indexer::simd_level_name;
using lw::indexer::SimdLevel;
using lw::indexer::supported_simd_levels;

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The references, one byte at a time.
ByteMasks classify_reference(std::string_view text, std::size_t base) {
    ByteMasks masks;
    for (std::size_t i = 0; i < 64 && base + i < text.size(); ++i) {
        masks.alnum |= static_cast<std::uint64_t>(is_alnum(text[base + i])) << i;
        masks.digit |= static_cast<std::uint64_t>(is_digit(text[base + i])) << i;
    }
    return masks;
}
std::uint64_t equal_mask_reference(std::string_view text, std::size_t base, char c) {
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < 64 && base + i < text.size(); ++i) {
        mask |= static_cast<std::uint64_t>(text[base + i] == c) << i;
    }
    return mask;
}
lw::indexer::SqlMasks sql_masks_reference(std::string_view text, std::size_t base) {
    lw::indexer::SqlMasks masks;
    for (std::size_t i = 0; i < 64 && base + i < text.size(); ++i) {
        const char c = text[base + i];
        masks.quote |= static_cast<std::uint64_t>(c == '\'' || c == '\\') << i;
        masks.structure |= static_cast<std::uint64_t>(c == ',' || c == '(' || c == ')') << i;
    }
    return masks;
}
std::size_t digit_run_reference(std::string_view text, std::size_t at) {
    std::size_t end = at;
    while (end < text.size() && is_digit(text[end])) {
        ++end;
    }
    return end - std::min(at, end);
}
std::size_t find_either_reference(std::string_view text, std::size_t from, char a, char b) {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] == a || text[i] == b) {
            return i;
        }
    }
    return text.size();
}

// Pages where a text can be put against an unreadable page, at its end (the
// text ends where the page does) or at its start.
class GuardedPages {
  public:
    GuardedPages() {
        page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        void* pages =
            mmap(nullptr, 3 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        REQUIRE(pages != MAP_FAILED);
        base_ = static_cast<char*>(pages);
        // Unreadable: the first page and the last.
        REQUIRE(mprotect(base_, page_, PROT_NONE) == 0);
        REQUIRE(mprotect(base_ + 2 * page_, page_, PROT_NONE) == 0);
    }
    ~GuardedPages() { munmap(base_, 3 * page_); }
    GuardedPages(const GuardedPages&) = delete;
    GuardedPages& operator=(const GuardedPages&) = delete;

    std::string_view ending_at_guard(const std::string& text) {
        char* at = base_ + 2 * page_ - text.size();
        std::memcpy(at, text.data(), text.size());
        return {at, text.size()};
    }
    std::string_view starting_at_guard(const std::string& text) {
        char* at = base_ + page_;
        std::memcpy(at, text.data(), text.size());
        return {at, text.size()};
    }

  private:
    std::size_t page_ = 0;
    char* base_ = nullptr;
};

// Every scan of `scans` from every position of `text`, against the references.
void check_every_position(const BlockScans& scans, std::string_view text) {
    for (std::size_t at = 0; at <= text.size(); ++at) {
        INFO("text size " << text.size() << ", position " << at);
        if (at < text.size()) {
            const ByteMasks got = scans.classify(text, at);
            const ByteMasks want = classify_reference(text, at);
            REQUIRE(got.alnum == want.alnum);
            REQUIRE(got.digit == want.digit);
            REQUIRE(scans.equal_mask(text, at, ';') == equal_mask_reference(text, at, ';'));
            REQUIRE(scans.equal_mask(text, at, '\0') == equal_mask_reference(text, at, '\0'));
            const lw::indexer::SqlMasks sql = scans.sql_masks(text, at);
            const lw::indexer::SqlMasks sql_want = sql_masks_reference(text, at);
            REQUIRE(sql.quote == sql_want.quote);
            REQUIRE(sql.structure == sql_want.structure);
        }
        REQUIRE(scans.digit_run(text, at) == digit_run_reference(text, at));
        REQUIRE(scans.find_either(text, at, '\'', '\\') ==
                find_either_reference(text, at, '\'', '\\'));
    }
}

// Digit runs long and short, the delimiters looked for, the neighbours of
// '0'-'9', 'A'-'Z' and 'a'-'z', NUL and bytes with the high bit set.
std::string random_text(std::mt19937& rng, std::size_t size) {
    static const std::string odd =
        std::string("/:@[`{;'\\ -.+(),*") + '\0' + "\x80\xA8\xA9\xB0\xC3\xFF\x7F";
    const bool long_runs = rng() % 2 == 0;
    std::string s(size, ' ');
    for (char& c : s) {
        const unsigned pick = rng() % 100;
        if (long_runs ? pick < 80 : pick < 20) {
            c = static_cast<char>('0' + rng() % 10);
        } else if (pick < 85) {
            c = static_cast<char>((rng() % 2 ? 'a' : 'A') + rng() % 26);
        } else {
            c = odd[rng() % odd.size()];
        }
    }
    return s;
}

}  // namespace

TEST_CASE("block scans: every level of this CPU agrees with byte loops", "[indexer][block_scans]") {
    const std::vector<SimdLevel> levels = supported_simd_levels();
    REQUIRE(levels.front() == SimdLevel::scalar);
#if defined(__x86_64__)
    REQUIRE(levels.size() >= 2);  // SSE2 at least
#endif
    GuardedPages pages;
    std::mt19937 rng(6122026);
    for (const SimdLevel level : levels) {
        const BlockScans& scans = block_scans_for(level);
        INFO("level " << simd_level_name(level));
        SECTION(std::string(simd_level_name(level)) + ": random texts of every length to 200") {
            for (std::size_t size = 0; size <= 200; ++size) {
                for (int round = 0; round < 6; ++round) {
                    const std::string text = random_text(rng, size);
                    check_every_position(scans, pages.ending_at_guard(text));
                    check_every_position(scans, pages.starting_at_guard(text));
                }
            }
        }
        SECTION(std::string(simd_level_name(level)) + ": every byte value at every position") {
            for (const std::size_t size :
                 {15U, 16U, 17U, 31U, 32U, 33U, 63U, 64U, 65U, 127U, 128U, 129U}) {
                for (int value = 0; value < 256; ++value) {
                    std::string text(size, '5');
                    for (std::size_t i = 0; i < size; i += 3) {
                        text[i] = static_cast<char>(value + static_cast<int>(i));
                    }
                    check_every_position(scans, pages.ending_at_guard(text));
                }
            }
        }
        SECTION(std::string(simd_level_name(level)) + ": digit runs ending at every offset") {
            for (std::size_t size = 1; size <= 140; ++size) {
                for (std::size_t run = 0; run <= size; ++run) {
                    std::string text(size, 'x');
                    std::fill_n(text.begin(), run, '7');
                    const std::string_view guarded = pages.ending_at_guard(text);
                    REQUIRE(block_scans_for(level).digit_run(guarded, 0) == run);
                    REQUIRE(block_scans_for(level).find_either(guarded, 0, 'x', 'y') ==
                            (run < size ? run : size));
                }
            }
        }
    }
}

TEST_CASE("simd level: names, and LW_SIMD refused when it names no level",
          "[indexer][block_scans]") {
    for (const SimdLevel level : supported_simd_levels()) {
        CHECK(lw::indexer::simd_level_named(simd_level_name(level)) == level);
    }
    CHECK_FALSE(lw::indexer::simd_level_named("avx9").has_value());

    const char* const saved = std::getenv("LW_SIMD");
    const std::string kept = saved != nullptr ? saved : "";
    setenv("LW_SIMD", "avx9", 1);
    REQUIRE_THROWS_WITH(lw::indexer::requested_simd_level(),
                        "LW_SIMD names no level (scalar, sse2, avx2 or avx512)");
    setenv("LW_SIMD", "scalar", 1);
    CHECK(lw::indexer::requested_simd_level() == SimdLevel::scalar);
    setenv("LW_SIMD", "", 1);
    CHECK(lw::indexer::requested_simd_level() == supported_simd_levels().back());
    if (saved != nullptr) {
        setenv("LW_SIMD", kept.c_str(), 1);
    } else {
        unsetenv("LW_SIMD");
    }
}

TEST_CASE("byte search: the inline 16-byte head and the active level agree with byte loops",
          "[indexer][block_scans]") {
    // digit_run and find_either in byte_search.h read 16 bytes inline before
    // calling the active level: runs ending before, at and after that head.
    GuardedPages pages;
    std::mt19937 rng(7122026);
    for (std::size_t size = 0; size <= 100; ++size) {
        for (int round = 0; round < 8; ++round) {
            const std::string_view text = pages.ending_at_guard(random_text(rng, size));
            for (std::size_t at = 0; at <= text.size(); ++at) {
                INFO("text size " << text.size() << ", position " << at);
                REQUIRE(lw::indexer::digit_run(text, at) == digit_run_reference(text, at));
                REQUIRE(lw::indexer::find_either(text, at, '\'', '\\') ==
                        find_either_reference(text, at, '\'', '\\'));
                if (at < text.size()) {
                    REQUIRE(lw::indexer::equal_mask(text, at, ';') ==
                            equal_mask_reference(text, at, ';'));
                }
            }
        }
    }
}
