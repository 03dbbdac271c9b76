#include "indexer/records/record_splitter.h"

#include <algorithm>

#include "indexer/base/ascii.h"

namespace lw::indexer {
namespace {

constexpr char kDelimiters[] = {'\t', ';', '|', ','};

}  // namespace

RecordSplitter::RecordSplitter(std::vector<Override> overrides)
    : overrides_(std::move(overrides)) {}

ColumnMeaning RecordSplitter::meaning_of(std::string_view column) const {
    for (const Override& o : overrides_) {
        if (o.column == column) {
            return ColumnMeaning{o.role, ""};
        }
    }
    return column_meaning(column).value_or(ColumnMeaning{});
}

void RecordSplitter::line(std::string_view text, std::uint64_t line_number, RecordSink& sink) {
    if (!pending_.empty()) {
        pending_.push_back('\n');
        pending_.append(text);
        ++pending_lines_;
        if (split_delimited(pending_, delimiter_, fields_, field_storage_)) {
            emit_fields(pending_, pending_line_, fields_, sink);
            pending_.clear();
        } else if (pending_.size() > kMaxRowBytes || pending_lines_ > kMaxRowLines) {
            finish(sink);  // an unclosed quote: read what was held as text
        }
        return;
    }

    switch (sql_.read(text)) {
        case SqlDump::LineKind::statement:
            return;
        case SqlDump::LineKind::rows: {
            const auto& columns = sql_.columns();
            if (sql_meanings_for_ != &columns || sql_meanings_columns_ != columns) {
                sql_meanings_.clear();
                for (const std::string& c : columns) {
                    sql_meanings_.push_back(meaning_of(c));
                }
                sql_meanings_for_ = &columns;
                sql_meanings_columns_ = columns;
            }
            for (std::size_t r = 0; r < sql_.row_count(); ++r) {
                sink.on_record({text, line_number, sql_.row(r), sql_meanings_});
            }
            return;
        }
        case SqlDump::LineKind::not_sql:
            break;
    }

    if (delimiter_ != '\0' && try_block_row(text, line_number, sink)) {
        return;
    }
    delimiter_ = '\0';

    const std::string_view trimmed = trim_blanks(text);
    if (trimmed.size() >= 2 && trimmed.front() == '{' && trimmed.back() == '}' &&
        read_json_object(text, json_fields_, json_storage_)) {
        json_values_.clear();
        json_meanings_.clear();
        for (const NamedField& f : json_fields_) {
            json_values_.push_back(f.field);
            json_meanings_.push_back(meaning_of(f.name));
        }
        sink.on_record({text, line_number, json_values_, json_meanings_});
        return;
    }
    if (try_header(text)) {
        return;
    }
    sink.on_record({text, line_number, {}, {}});
}

bool RecordSplitter::try_block_row(std::string_view text, std::uint64_t line_number,
                                   RecordSink& sink) {
    if (!split_delimited(text, delimiter_, fields_, field_storage_)) {
        pending_.assign(text);
        pending_line_ = line_number;
        pending_lines_ = 1;
        return true;
    }
    const std::size_t expected = block_meanings_.size();
    const bool trailing_empty = fields_.size() == expected + 1 && fields_.back().value.empty();
    if (fields_.size() != expected && !trailing_empty) {
        return false;
    }
    emit_fields(text, line_number, fields_, sink);
    return true;
}

bool RecordSplitter::try_header(std::string_view text) {
    for (char d : kDelimiters) {
        if (text.find(d) == std::string_view::npos) {
            continue;
        }
        if (!split_delimited(text, d, fields_, field_storage_) || fields_.size() < 2) {
            continue;
        }
        bool all_names = true;
        for (const Field& f : fields_) {
            all_names = all_names && looks_like_column_name(trim_blanks(f.value));
        }
        if (!all_names) {
            continue;
        }
        std::vector<ColumnMeaning> meanings;
        bool any_known = false;
        for (const Field& f : fields_) {
            meanings.push_back(meaning_of(trim_blanks(f.value)));
            any_known = any_known || meanings.back().role != ColumnRole::none;
        }
        if (any_known) {
            delimiter_ = d;
            block_meanings_ = std::move(meanings);
            return true;
        }
    }
    return false;
}

void RecordSplitter::emit_fields(std::string_view text, std::uint64_t line_number,
                                 const std::vector<Field>& fields, RecordSink& sink) {
    // A trailing empty field past the header's columns is dropped.
    const std::size_t count = std::min(fields.size(), block_meanings_.size());
    sink.on_record(
        {text, line_number, std::span<const Field>(fields).first(count), block_meanings_});
}

void RecordSplitter::finish(RecordSink& sink) {
    if (pending_.empty()) {
        return;
    }
    // The held lines are read as free text, one record each.
    std::string held;
    held.swap(pending_);
    std::uint64_t number = pending_line_;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= held.size(); ++i) {
        if (i == held.size() || held[i] == '\n') {
            sink.on_record({std::string_view(held).substr(start, i - start), number++, {}, {}});
            start = i + 1;
        }
    }
    delimiter_ = '\0';
}

}  // namespace lw::indexer
