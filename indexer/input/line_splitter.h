#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "indexer/base/wiped_allocator.h"

namespace lw::indexer {

// Cuts a byte stream fed in chunks of any size into lines (without "\n" or
// "\r\n"). Memory stays bounded: a line longer than `max_line` bytes is
// handed over in pieces, each cut at a space or punctuation near its end so
// that no identifier is split, all with the same line number.
class LineSplitter {
  public:
    using LineFn = std::function<void(std::string_view line, std::uint64_t line_number)>;

    explicit LineSplitter(std::size_t max_line = kDefaultMaxLine) : max_line_(max_line) {}

    void feed(std::string_view chunk, const LineFn& on_line);
    void finish(const LineFn& on_line);

    std::uint64_t lines() const noexcept { return line_number_; }

    static constexpr std::size_t kDefaultMaxLine = 16 << 20;

  private:
    void emit(std::string_view line, const LineFn& on_line);
    void emit_piece(const LineFn& on_line);
    void clear_partial() noexcept;

    std::size_t max_line_;
    // A line cut by a chunk's end: file text. Bytes past its size never hold
    // an earlier line's leftovers, its blocks are wiped when freed, and from
    // 64 KiB on (a long line) it stays out of core dumps.
    SelfWipingString partial_;
    std::uint64_t line_number_ = 0;
    bool continued_ = false;
};

}  // namespace lw::indexer
