#include "indexer/input/line_splitter.h"

#include <catch2/catch.hpp>

using lw::indexer::LineSplitter;

namespace {
std::vector<std::pair<std::string, std::uint64_t>> split(std::string_view text, std::size_t chunk,
                                                         std::size_t max_line) {
    LineSplitter splitter(max_line);
    std::vector<std::pair<std::string, std::uint64_t>> out;
    const auto on_line = [&](std::string_view l, std::uint64_t n) { out.emplace_back(l, n); };
    for (std::size_t at = 0; at < text.size(); at += chunk) {
        splitter.feed(text.substr(at, chunk), on_line);
    }
    splitter.finish(on_line);
    return out;
}
}  // namespace

TEST_CASE("lines: CRLF, a missing final newline and empty lines", "[indexer][lines]") {
    const auto lines = split("a\r\n\nb", 1, 100);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == std::pair<std::string, std::uint64_t>{"a", 1});
    CHECK(lines[1] == std::pair<std::string, std::uint64_t>{"", 2});
    CHECK(lines[2] == std::pair<std::string, std::uint64_t>{"b", 3});
}

TEST_CASE("lines: an over-long line comes in pieces cut at a space", "[indexer][lines]") {
    std::string line;
    for (int i = 0; i < 50; ++i) {
        line += "word" + std::to_string(i) + " ";
    }
    const auto lines = split(line + "\nnext\n", 7, 64);
    std::string joined;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        CHECK(lines[i].first.size() <= 64);
        CHECK(lines[i].second == 1);
        if (i + 2 < lines.size()) {
            CHECK(lines[i].first.back() == ' ');  // never cut inside a word
        }
        joined += lines[i].first;
    }
    CHECK(joined == line);
    CHECK(lines.back() == std::pair<std::string, std::uint64_t>{"next", 2});
}
