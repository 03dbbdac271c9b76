#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/records/json_line.h"
#include "indexer/records/record.h"
#include "indexer/records/sql_dump.h"

namespace lw::indexer {

// Turns lines into records, detecting the format block by block: a header
// row that names known columns starts a delimited block (tab, ';', '|' or
// ',', with "..." quoting, rows may span lines); SQL dumps' INSERT tuples and
// COPY rows; JSON Lines objects; any other line is a free-text record.
class RecordSplitter {
  public:
    // Column names that mean a role whatever the header says (`--map`).
    struct Override {
        std::string column;
        ColumnRole role;
    };

    explicit RecordSplitter(std::vector<Override> overrides = {});

    // REQUIRES: lines in order, without their line ending.
    void line(std::string_view text, std::uint64_t line_number, RecordSink& sink);
    // Emits a row whose quote was still open at the end of the input.
    void finish(RecordSink& sink);

    // A delimited row may span at most this many bytes and lines.
    static constexpr std::size_t kMaxRowBytes = 1 << 20;
    static constexpr std::size_t kMaxRowLines = 256;

  private:
    bool try_block_row(std::string_view text, std::uint64_t line_number, RecordSink& sink);
    bool try_header(std::string_view text);
    void emit_fields(std::string_view text, std::uint64_t line_number,
                     const std::vector<Field>& fields, RecordSink& sink);
    ColumnMeaning meaning_of(std::string_view column) const;

    std::vector<Override> overrides_;
    // The delimited block being read: '\0' when none.
    char delimiter_ = '\0';
    std::vector<ColumnMeaning> block_meanings_;
    // A row whose quoted field goes on on the next lines.
    std::string pending_;
    std::uint64_t pending_line_ = 0;
    std::size_t pending_lines_ = 0;

    SqlDump sql_;
    std::vector<ColumnMeaning> sql_meanings_;
    const std::vector<std::string>* sql_meanings_for_ = nullptr;
    std::vector<std::string> sql_meanings_columns_;

    std::vector<Field> fields_;
    std::vector<std::string> field_storage_;
    std::vector<NamedField> json_fields_;
    std::deque<std::string> json_storage_;
    std::vector<Field> json_values_;
    std::vector<ColumnMeaning> json_meanings_;
};

}  // namespace lw::indexer
