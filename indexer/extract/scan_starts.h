#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "indexer/base/ascii.h"
#include "indexer/extract/block_scans.h"

namespace lw::indexer {

// Where the free-text scanner has work, found 64 bytes at a time.
//
// The scanner reads a line as runs of ASCII letters and digits ("words").
// A word that starts with a letter is looked at only when it is 16
// characters long (a codice fiscale) or starts with two letters and two
// digits (an IBAN); in prose nearly every word is neither, and walking over
// them byte by byte, with a mispredicted branch at each end, was most of
// the scanner's time.

// The masks of text[base, base + 64), none past the text's end, at the
// active SIMD level.
ByteMasks classify_block(std::string_view text, std::size_t base) noexcept;
// The same, one byte at a time: the reference the tests hold it to.
ByteMasks classify_block_bytewise(std::string_view text, std::size_t base) noexcept;

// The positions of one text where the scanner has work. Keeps the masks of
// the block it last read, for the scanner asks again a few bytes further.
class ScanStarts {
  public:
    explicit ScanStarts(std::string_view text) noexcept : text_(text) {}

    // A position p in [from, text.size()] such that every word starting in
    // [from, p) starts with a letter, is not 16 or more characters long and
    // does not start with two letters and two digits: the scanner would pass
    // over each without a look. p is `from` when text[from] is a letter or
    // a digit (the scanner resumes there as at a word's start); else the
    // start of the first word the scanner must look at, or text.size().
    std::size_t next(std::size_t from) noexcept {
        if (from >= text_.size()) {
            return text_.size();
        }
        if (is_ascii_alnum(static_cast<unsigned char>(text_[from]))) {
            return from;
        }
        return next_after(from);
    }

  private:
    // next(from) where text[from] is neither a letter nor a digit.
    std::size_t next_after(std::size_t from) noexcept;
    // Makes block_ the masks of block `index` (bytes [64 * index, +64)),
    // next_ those of the block after it, and wanted_ the starts in block_
    // of the words the scanner must look at.
    void load(std::size_t index) noexcept;

    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

    std::string_view text_;
    const BlockScans& scans_ = active_block_scans();
    std::size_t loaded_ = kNone;  // the index of block_
    ByteMasks block_;
    ByteMasks next_;
    std::uint64_t wanted_ = 0;
};

}  // namespace lw::indexer
