#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/base/cleartext.h"
#include "indexer/base/kind.h"
#include "indexer/extract/scanner.h"
#include "indexer/input/line_splitter.h"
#include "indexer/records/record_splitter.h"

namespace lw::indexer {

// One identifier found in an input, with where it stands.
struct Finding {
    Kind kind;
    const Cleartext& value;  // canonical form; valid during the call only
    std::uint64_t line;      // 1-based
    std::uint64_t column;    // 1-based, in characters (UTF-8 code points)
    std::uint64_t record;    // 1-based number of the record among those with identifiers
};

class FindingSink {
  public:
    virtual ~FindingSink() = default;
    virtual void on_finding(const Finding& finding) = 0;
    // Called once a record's identifiers have all been reported.
    virtual void on_record_end(std::uint64_t /*record*/) {}
    // A sink that only counts says false: findings then carry the record's
    // first line and column 0, and the extractor skips the counting.
    virtual bool wants_positions() const { return true; }
    // A sink to which the order of a record's findings means nothing (one
    // that only counts) says false: they then come in the order found, not
    // sorted into text order.
    virtual bool wants_text_order() const { return true; }
};

// Everything from bytes to findings for one input: lines, records (with the
// format detected block by block), the identifiers of each record, a person
// from its names and birth date. Streams: feed chunks of any size; memory is
// bounded by the longest line (LineSplitter::kDefaultMaxLine).
class Extractor : private RecordSink {
  public:
    Extractor(const Scanner& scanner, FindingSink& sink,
              std::vector<RecordSplitter::Override> overrides = {});
    ~Extractor() override { wipe_person(); }
    Extractor(const Extractor&) = delete;
    Extractor& operator=(const Extractor&) = delete;

    void feed(std::string_view chunk);
    void finish();

    std::uint64_t bytes() const noexcept { return bytes_; }
    std::uint64_t records() const noexcept { return records_; }

  private:
    void on_record(const Record& record) override;
    void report(const Record& record, const std::vector<Match>& matches);
    std::pair<std::uint64_t, std::uint64_t> position_of(const Record& record, std::size_t offset);
    void wipe_person() noexcept {
        // write_person_canonical wipes what a failed build wrote: only
        // [0, size) can hold a name.
        wipe_cleartext_prefix(person_.data(), person_.size(), person_.capacity());
        person_.clear();
    }

    const Scanner& scanner_;
    FindingSink& sink_;
    bool positions_;
    bool text_order_;
    LineSplitter lines_;
    RecordSplitter splitter_;
    LineSplitter::LineFn on_line_;
    std::vector<Match> matches_;
    std::vector<std::uint32_t> order_;  // report()'s text order of matches_
    std::string person_;                // a person's canonical form while it is built; wiped after
    std::uint64_t bytes_ = 0;
    std::uint64_t records_ = 0;
    const char* cursor_text_ = nullptr;
    std::uint64_t cursor_line_start_ = 0;
    std::size_t cursor_offset_ = 0;
    std::uint64_t cursor_line_ = 0;
    std::uint64_t cursor_column_ = 0;
};

}  // namespace lw::indexer
