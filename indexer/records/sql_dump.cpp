#include "indexer/records/sql_dump.h"

#include <bit>
#include <cstdint>
#include <span>

#include "indexer/extract/block_scans.h"

namespace lw::indexer {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

std::size_t skip_spaces(std::string_view s, std::size_t at) {
    while (at < s.size() && is_space(s[at])) {
        ++at;
    }
    return at;
}

// Matches `word` case-insensitively at `at`, followed by a non-identifier
// character; returns the position after it, or npos.
std::size_t match_keyword(std::string_view s, std::size_t at, std::string_view word) {
    if (at > s.size() || s.size() - at < word.size()) {
        return std::string_view::npos;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = s[at + i];
        c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
        if (c != word[i]) {
            return std::string_view::npos;
        }
    }
    const std::size_t end = at + word.size();
    if (end < s.size()) {
        const char c = s[end];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_') {
            return std::string_view::npos;
        }
    }
    return end;
}

bool is_identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Reads a possibly quoted, possibly schema-qualified name; keeps its last
// part. Returns the position after it (== at when there is none).
std::size_t read_identifier(std::string_view s, std::size_t at, std::string& name) {
    name.clear();
    std::size_t i = at;
    while (i < s.size()) {
        const char open = s[i];
        if (open == '`' || open == '"' || open == '[') {
            const char close = open == '[' ? ']' : open;
            const std::size_t end = s.find(close, i + 1);
            if (end == std::string_view::npos) {
                return at;
            }
            name.assign(s.substr(i + 1, end - i - 1));
            i = end + 1;
        } else if (is_identifier_char(open)) {
            const std::size_t begin = i;
            while (i < s.size() && is_identifier_char(s[i])) {
                ++i;
            }
            name.assign(s.substr(begin, i - begin));
        } else {
            break;
        }
        if (i < s.size() && s[i] == '.') {
            ++i;  // schema.table: keep reading, the last part wins
            continue;
        }
        break;
    }
    return name.empty() ? at : i;
}

constexpr std::string_view kConstraintWords[] = {"PRIMARY", "KEY",     "UNIQUE", "CONSTRAINT",
                                                 "INDEX",   "FOREIGN", "CHECK",  "FULLTEXT",
                                                 "SPATIAL", "EXCLUDE", "PERIOD"};

constexpr std::size_t kMaxTables = 4096;

// The first position at or after `from` whose bit is set in `bits` (bit i
// of word w for byte 64 * w + i); `size` if none. REQUIRES: `bits` ends
// with a zero word past the line's (see read_tuples).
std::size_t next_mark(std::span<const std::uint64_t> bits, std::size_t from, std::size_t size) {
    std::size_t word = from / 64;
    if (word + 1 >= bits.size()) {
        return size;
    }
    // The 64 bits from `from` on, across two words: a value's end is nearly
    // always among them, and whether it is in the first word or the next
    // was a branch mispredicted about once a tuple. The second shift is in
    // two steps so that neither is by 64.
    const unsigned shift = from % 64;
    const std::uint64_t window = (bits[word] >> shift) | ((bits[word + 1] << 1) << (63 - shift));
    if (window != 0) [[likely]] {
        return from + static_cast<std::size_t>(std::countr_zero(window));
    }
    // The window held the next word's bits below `shift` only.
    if (const std::uint64_t rest = bits[word + 1] & (~std::uint64_t{0} << shift); rest != 0) {
        return (word + 1) * 64 + static_cast<std::size_t>(std::countr_zero(rest));
    }
    for (word += 2; word < bits.size(); ++word) {
        if (bits[word] != 0) {
            return word * 64 + static_cast<std::size_t>(std::countr_zero(bits[word]));
        }
    }
    return size;
}

}  // namespace

SqlDump::LineKind SqlDump::read(std::string_view line) {
    fields_.clear();
    row_ends_.clear();
    storage_.clear();
    const std::size_t at = skip_spaces(line, 0);
    switch (state_) {
        case State::in_copy:
            if (line == "\\.") {
                state_ = State::none;
                return LineKind::statement;
            }
            return read_copy_row(line);
        case State::in_create:
            add_column_definition(line.substr(at));
            return LineKind::statement;
        case State::in_insert:
            if (at < line.size() && line[at] == '(') {
                return read_tuples(line, at);
            }
            state_ = State::none;
            break;
        case State::none:
            break;
    }
    if (std::size_t p = match_keyword(line, at, "INSERT"); p != std::string_view::npos) {
        p = skip_spaces(line, p);
        if (std::size_t q = match_keyword(line, p, "IGNORE"); q != std::string_view::npos) {
            p = skip_spaces(line, q);
        }
        if (std::size_t q = match_keyword(line, p, "INTO"); q != std::string_view::npos) {
            return read_insert(line, skip_spaces(line, q));
        }
        return LineKind::not_sql;
    }
    if (std::size_t p = match_keyword(line, at, "CREATE"); p != std::string_view::npos) {
        p = skip_spaces(line, p);
        if (std::size_t q = match_keyword(line, p, "TABLE"); q != std::string_view::npos) {
            read_create_table(line, skip_spaces(line, q));
            return LineKind::statement;
        }
        return LineKind::not_sql;
    }
    if (std::size_t p = match_keyword(line, at, "COPY"); p != std::string_view::npos) {
        std::string table;
        p = read_identifier(line, skip_spaces(line, p), table);
        if (table.empty() || line.find("FROM stdin") == std::string_view::npos) {
            return LineKind::not_sql;
        }
        insert_columns_.clear();
        p = skip_spaces(line, p);
        if (p < line.size() && line[p] == '(') {
            std::string column;
            for (p = skip_spaces(line, p + 1); p < line.size() && line[p] != ')';) {
                const std::size_t q = read_identifier(line, p, column);
                if (q == p) {
                    break;
                }
                insert_columns_.push_back(column);
                p = skip_spaces(line, q);
                p = (p < line.size() && line[p] == ',') ? skip_spaces(line, p + 1) : p;
            }
        }
        columns_ = &insert_columns_;
        state_ = State::in_copy;
        return LineKind::statement;
    }
    return LineKind::not_sql;
}

SqlDump::LineKind SqlDump::read_insert(std::string_view line, std::size_t at) {
    std::string table;
    std::size_t p = read_identifier(line, at, table);
    if (table.empty()) {
        return LineKind::not_sql;
    }
    insert_columns_.clear();
    p = skip_spaces(line, p);
    bool named = false;
    if (p < line.size() && line[p] == '(') {
        named = true;
        std::string column;
        for (p = skip_spaces(line, p + 1); p < line.size() && line[p] != ')';) {
            const std::size_t q = read_identifier(line, p, column);
            if (q == p) {
                return LineKind::not_sql;
            }
            insert_columns_.push_back(column);
            p = skip_spaces(line, q);
            p = (p < line.size() && line[p] == ',') ? skip_spaces(line, p + 1) : p;
        }
        if (p >= line.size()) {
            return LineKind::not_sql;  // the column list never closes
        }
        p = skip_spaces(line, p + 1);
    }
    const std::size_t values = match_keyword(line, p, "VALUES");
    if (values == std::string_view::npos) {
        return LineKind::not_sql;  // INSERT ... SELECT and friends: read as text
    }
    columns_ = &insert_columns_;
    if (!named) {
        if (auto it = tables_.find(table); it != tables_.end()) {
            columns_ = &it->second;
        }
    }
    return read_tuples(line, skip_spaces(line, values));
}

SqlDump::LineKind SqlDump::read_tuples(std::string_view line, std::size_t at) {
    state_ = State::in_insert;
    // The quotes, backslashes, commas and brackets of the whole line, a
    // 64-byte block at a time: a value's end is then a bit search in a word
    // or two, not a search of its bytes.
    const BlockScans& scans = active_block_scans();
    const std::size_t words = (line.size() + 63) / 64;
    // A zero word past the line's, which next_mark reads as the line's end.
    quote_bits_.resize(words + 1);
    structure_bits_.resize(words + 1);
    for (std::size_t w = 0; w < words; ++w) {
        const SqlMasks masks = scans.sql_masks(line, w * 64);
        quote_bits_[w] = masks.quote;
        structure_bits_[w] = masks.structure;
    }
    quote_bits_[words] = 0;
    structure_bits_[words] = 0;
    // In locals, which the stores of push_back cannot change.
    const std::span<const std::uint64_t> quotes(quote_bits_);
    std::size_t p = at;
    while (p < line.size()) {
        const char c = line[p];
        if (c == ';') {
            state_ = State::none;
            break;
        }
        if (c != '(') {
            ++p;
            continue;
        }
        p = skip_spaces(line, p + 1);
        while (p < line.size() && line[p] != ')') {
            if (line[p] != '\'') {
                p = read_bare_value(line, p);
            } else if (const std::size_t i = next_mark(quotes, p + 1, line.size());
                       i < line.size() && line[i] == '\'' &&
                       (i + 1 == line.size() || line[i + 1] != '\'')) {
                // The common case, inline: the first quote or backslash after
                // the opening quote closes the value.
                fields_.push_back({p + 1, std::string_view(line.data() + p + 1, i - p - 1)});
                p = i + 1;
                // And the common next, a comma then the next value without
                // spaces: straight to it (what the general steps below give).
                if (p + 1 < line.size() && line[p] == ',' && !is_space(line[p + 1])) {
                    ++p;
                    continue;
                }
            } else {
                p = read_quoted_value(line, p);
            }
            p = skip_spaces(line, p);
            if (p < line.size() && line[p] == ',') {
                p = skip_spaces(line, p + 1);
            }
        }
        row_ends_.push_back(fields_.size());
        ++p;
    }
    return LineKind::rows;
}

std::size_t SqlDump::read_bare_value(std::string_view line, std::size_t at) {
    // Bare value: a number, NULL, or a function call; up to ',' or ')' at
    // depth 0 (quotes inside are not special).
    std::size_t i = at;
    int depth = 0;
    while ((i = next_mark(structure_bits_, i, line.size())) < line.size()) {
        const char c = line[i];
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (depth == 0) {
                break;
            }
            --depth;
        } else if (depth == 0) {
            break;  // a comma
        }
        ++i;
    }
    std::size_t end = i;
    while (end > at && is_space(line[end - 1])) {
        --end;
    }
    const std::string_view value = line.substr(at, end - at);
    fields_.push_back({at, value == "NULL" ? std::string_view() : value});
    return i;
}

std::size_t SqlDump::read_quoted_value(std::string_view line, std::size_t at) {
    std::size_t i = at + 1;
    bool escaped = false;
    while ((i = next_mark(quote_bits_, i, line.size())) < line.size()) {
        if (line[i] == '\\' && i + 1 < line.size()) {
            escaped = true;
            i += 2;
            continue;
        }
        if (line[i] == '\'') {
            if (i + 1 < line.size() && line[i + 1] == '\'') {
                escaped = true;
                i += 2;
                continue;
            }
            break;
        }
        ++i;  // a backslash ending the line
    }
    std::string_view value = line.substr(at + 1, i - at - 1);
    if (escaped) {
        std::string& unescaped = storage_.emplace_back();
        for (std::size_t k = 0; k < value.size(); ++k) {
            if ((value[k] == '\\' || value[k] == '\'') && k + 1 < value.size()) {
                ++k;
            }
            unescaped.push_back(value[k]);
        }
        value = unescaped;
    }
    fields_.push_back({at + 1, value});
    return i < line.size() ? i + 1 : i;
}

SqlDump::LineKind SqlDump::read_copy_row(std::string_view line) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == '\t') {
            const std::string_view value = line.substr(start, i - start);
            fields_.push_back({start, value == "\\N" ? std::string_view() : value});
            start = i + 1;
        }
    }
    row_ends_.push_back(fields_.size());
    return LineKind::rows;
}

void SqlDump::read_create_table(std::string_view line, std::size_t at) {
    if (std::size_t p = match_keyword(line, at, "IF"); p != std::string_view::npos) {
        p = match_keyword(line, skip_spaces(line, p), "NOT");
        p = p == std::string_view::npos ? p : match_keyword(line, skip_spaces(line, p), "EXISTS");
        if (p == std::string_view::npos) {
            return;
        }
        at = skip_spaces(line, p);
    }
    std::string table;
    const std::size_t p = read_identifier(line, at, table);
    if (table.empty() || tables_.size() >= kMaxTables) {
        return;
    }
    create_table_ = table;
    tables_[create_table_].clear();
    state_ = State::in_create;
    const std::size_t open = line.find('(', p);
    if (open == std::string_view::npos) {
        return;
    }
    // Definitions on the same line: split at commas outside brackets.
    std::size_t start = open + 1;
    int depth = 0;
    for (std::size_t i = start; i < line.size(); ++i) {
        if (line[i] == '(') {
            ++depth;
        } else if (line[i] == ')' && depth > 0) {
            --depth;
        } else if ((line[i] == ',' || line[i] == ')') && depth == 0) {
            add_column_definition(
                line.substr(skip_spaces(line, start), i - skip_spaces(line, start)));
            start = i + 1;
            if (line[i] == ')') {
                state_ = State::none;
                return;
            }
        }
    }
    if (start < line.size()) {
        add_column_definition(line.substr(skip_spaces(line, start)));
    }
}

void SqlDump::add_column_definition(std::string_view definition) {
    const std::size_t at = skip_spaces(definition, 0);
    if (at < definition.size() && definition[at] == ')') {
        state_ = State::none;
        return;
    }
    for (std::string_view word : kConstraintWords) {
        if (match_keyword(definition, at, word) != std::string_view::npos) {
            return;
        }
    }
    std::string column;
    if (read_identifier(definition, at, column) != at && !column.empty()) {
        tables_[create_table_].push_back(column);
    }
}

}  // namespace lw::indexer
