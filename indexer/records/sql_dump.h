#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/records/delimited.h"

namespace lw::indexer {

// Reads the table data of SQL dumps line by line: mysqldump's and others'
// `INSERT INTO t (cols) VALUES (...), (...);` (one or many lines),
// PostgreSQL's `COPY t (cols) FROM stdin;` blocks, and the column names of
// `CREATE TABLE` statements for INSERTs that do not name them.
class SqlDump {
  public:
    enum class LineKind {
        not_sql,    // hand the line to another reader
        statement,  // SQL without rows (CREATE TABLE, SET, comments ...)
        rows,       // rows of a table: see rows() and columns()
    };

    // Classifies `line` and, for rows, splits its tuples. REQUIRES: lines in
    // file order. The views returned stay valid until the next call.
    LineKind read(std::string_view line);

    // For LineKind::rows: the tuples of the line, and the table's columns
    // (empty when unknown).
    std::size_t row_count() const noexcept { return row_ends_.size(); }
    std::span<const Field> row(std::size_t i) const noexcept {
        const std::size_t begin = i == 0 ? 0 : row_ends_[i - 1];
        return std::span<const Field>(fields_).subspan(begin, row_ends_[i] - begin);
    }
    const std::vector<std::string>& columns() const noexcept { return *columns_; }

  private:
    LineKind read_insert(std::string_view line, std::size_t after_into);
    LineKind read_tuples(std::string_view line, std::size_t at);
    // A value of a tuple from `at`: one in quotes (with escapes), or a bare
    // one (a number, NULL, a function call). Returns the position after it.
    std::size_t read_quoted_value(std::string_view line, std::size_t at);
    std::size_t read_bare_value(std::string_view line, std::size_t at);
    LineKind read_copy_row(std::string_view line);
    void read_create_table(std::string_view line, std::size_t after_table);
    void add_column_definition(std::string_view line);

    enum class State { none, in_insert, in_copy, in_create };
    State state_ = State::none;
    std::map<std::string, std::vector<std::string>> tables_;
    std::string create_table_;
    std::vector<std::string> insert_columns_;
    const std::vector<std::string>* columns_ = &insert_columns_;
    // All the line's fields, row after row; row_ends_[i] is one past row i's.
    // Flat so that a line of a thousand tuples allocates nothing once warm.
    std::vector<Field> fields_;
    std::vector<std::size_t> row_ends_;
    // read_tuples' marks of the line (SqlMasks, a word per 64 bytes).
    std::vector<std::uint64_t> quote_bits_;
    std::vector<std::uint64_t> structure_bits_;
    // Unescaped values; a deque so that growing it moves no string.
    std::deque<std::string> storage_;
};

}  // namespace lw::indexer
