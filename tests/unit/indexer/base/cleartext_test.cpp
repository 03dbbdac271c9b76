#include "indexer/base/cleartext.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "indexer/base/cleartext_blocks.h"

using lw::indexer::assign_lowercase;
using lw::indexer::assign_uppercase;
using lw::indexer::Cleartext;

namespace {

// Sizes around the inline capacity, where the storage changes.
std::vector<std::size_t> sizes_to_try() {
    return {0, 1, 15, 16, Cleartext::kInline - 1, Cleartext::kInline, Cleartext::kInline + 1, 300};
}

std::string sample(std::size_t size) {
    std::string s;
    for (std::size_t i = 0; i < size; ++i) {
        s.push_back(static_cast<char>('a' + i % 26));
    }
    return s;
}

}  // namespace

TEST_CASE("cleartext: holds any size, inside or on the heap", "[indexer][cleartext]") {
    for (const std::size_t size : sizes_to_try()) {
        const std::string value = sample(size);
        const Cleartext from_view{std::string_view(value)};
        CHECK(from_view.reveal() == value);
        CHECK(from_view.empty() == value.empty());

        std::string source = value;
        const Cleartext taken{std::move(source)};
        CHECK(taken.reveal() == value);
        CHECK(source.empty());  // the string's copy is wiped, not left behind
    }
}

TEST_CASE("cleartext: moves carry the value and leave the source empty", "[indexer][cleartext]") {
    for (const std::size_t size : sizes_to_try()) {
        const std::string value = sample(size);
        Cleartext a{std::string_view(value)};
        Cleartext b{std::move(a)};
        CHECK(b.reveal() == value);
        CHECK(a.empty());  // NOLINT(bugprone-use-after-move): the contract under test

        for (const std::size_t other : sizes_to_try()) {
            Cleartext c{std::string_view(sample(other))};
            Cleartext d{std::string_view(value)};
            c = std::move(d);
            CHECK(c.reveal() == value);
            CHECK(d.empty());  // NOLINT(bugprone-use-after-move)
        }
    }
    std::vector<Cleartext> many;
    for (std::size_t i = 0; i < 100; ++i) {
        many.emplace_back(std::string_view(sample(i)));  // reallocations move them
    }
    for (std::size_t i = 0; i < 100; ++i) {
        CHECK(many[i].reveal() == sample(i));
    }
}

TEST_CASE("cleartext: overwrite replaces the value with the bytes written",
          "[indexer][cleartext]") {
    Cleartext value{std::string_view(sample(200))};
    char* out = value.overwrite(3);
    out[0] = 'x';
    out[1] = 'y';
    out[2] = 'z';
    CHECK(value.reveal() == "xyz");
    out = value.overwrite(100);
    std::fill(out, out + 100, 'q');
    CHECK(value.reveal() == std::string(100, 'q'));
}

TEST_CASE("cleartext: case-mapped copies touch ASCII letters only", "[indexer][cleartext]") {
    Cleartext value;
    assign_lowercase(value, "Marie.DURAND@Example.FR");
    CHECK(value.reveal() == "marie.durand@example.fr");
    assign_uppercase(value, "rssmra85t10a562s");  // over a longer value
    CHECK(value.reveal() == "RSSMRA85T10A562S");
    assign_lowercase(value, "\xC3\x89");
    CHECK(value.reveal() == "\xC3\x89");  // É is not ASCII
    assign_lowercase(value, "");
    CHECK(value.empty());
}

TEST_CASE("cleartext blocks: a copy in pieces is the text, at every size", "[indexer][cleartext]") {
    std::string text;
    for (std::size_t size = 0; size <= 80; ++size) {
        lw::indexer::Cleartext value(
            std::string_view("an earlier, longer value, to be replaced whole by the next"));
        lw::indexer::assign_in_blocks(value, text);
        INFO(size);
        CHECK(value.reveal() == text);
        text.push_back(static_cast<char>('a' + size % 26));
    }
}

TEST_CASE("cleartext blocks: a string's whole buffer is wiped, and it is left empty",
          "[indexer][cleartext]") {
    for (const std::size_t size : {0, 1, 15, 16, 17, 31, 32, 33, 47, 100}) {
        std::string s(size, 'x');
        s.reserve(size + 7);  // a capacity that is no multiple of 16 either
        s.assign(size, 'y');
        const std::size_t room = s.capacity() + 1;
        lw::indexer::wipe_and_clear_in_blocks(s);
        INFO(size);
        CHECK(s.empty());
        CHECK(std::all_of(s.data(), s.data() + room, [](char c) { return c == '\0'; }));
    }
}
