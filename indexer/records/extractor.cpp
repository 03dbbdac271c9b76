#include "indexer/records/extractor.h"

#include <algorithm>

#include "indexer/base/cleartext_blocks.h"
#include "indexer/extract/person.h"
#include "indexer/records/typed_value.h"

namespace lw::indexer {
namespace {

// The person of a record's names and birth date, into `out`: written there
// directly when the names are of ASCII letters, else built in `scratch`
// (wiped after), then copied.
bool read_person(Cleartext& out, std::string& scratch, std::string_view last,
                 std::string_view first, std::string_view birth_date) {
    if (const auto ascii = write_ascii_person_canonical(out, last, first, birth_date)) {
        return *ascii;
    }
    if (!write_person_canonical(scratch, last, first, birth_date)) {
        return false;
    }
    assign_in_blocks(out, scratch);
    wipe_and_clear_in_blocks(scratch);
    return true;
}

}  // namespace

Extractor::Extractor(const Scanner& scanner, FindingSink& sink,
                     std::vector<RecordSplitter::Override> overrides)
    : scanner_(scanner),
      sink_(sink),
      positions_(sink.wants_positions()),
      text_order_(positions_ || sink.wants_text_order()),
      splitter_(std::move(overrides)) {
    matches_.reserve(64);
    on_line_ = [this](std::string_view line, std::uint64_t number) {
        splitter_.line(line, number, *this);
    };
}

void Extractor::feed(std::string_view chunk) {
    bytes_ += chunk.size();
    lines_.feed(chunk, on_line_);
}

void Extractor::finish() {
    lines_.finish(on_line_);
    splitter_.finish(*this);
}

void Extractor::on_record(const Record& record) {
    matches_.clear();
    if (record.fields.empty()) {
        scanner_.scan(record.text, matches_);
        report(record, matches_);
        return;
    }
    std::string_view last_name;
    std::string_view first_name;
    std::string_view birth_date;
    std::size_t person_offset = 0;
    for (std::size_t k = 0; k < record.fields.size(); ++k) {
        const Field& field = record.fields[k];
        const ColumnMeaning meaning =
            k < record.meanings.size() ? record.meanings[k] : ColumnMeaning{};
        switch (meaning.role) {
            case ColumnRole::last_name:
                last_name = field.value;
                person_offset = field.offset;
                continue;
            case ColumnRole::first_name:
                first_name = field.value;
                continue;
            case ColumnRole::birth_date:
                birth_date = field.value;
                continue;
            case ColumnRole::ignored:
                continue;
            default:
                break;
        }
        if (kind_of_role(meaning.role)) {
            // Built where it is kept: a Cleartext costs a copy at every move.
            Match& typed = matches_.emplace_back();
            if (auto kind = read_typed_cell(meaning, field.value, scanner_, typed.canonical)) {
                typed.kind = *kind;
                typed.offset = field.offset;
                typed.length = field.value.size();
                continue;
            }
            matches_.pop_back();
        }
        const std::size_t first = matches_.size();
        scanner_.scan(field.value, matches_);
        for (std::size_t k = first; k < matches_.size(); ++k) {
            matches_[k].offset += field.offset;
        }
    }
    if (!last_name.empty() && !first_name.empty() && !birth_date.empty()) {
        // Appended, not inserted at its place: moving the matches after it
        // would copy every one; report() puts it in text order.
        Match& person = matches_.emplace_back();
        if (read_person(person.canonical, person_, last_name, first_name, birth_date)) {
            person.kind = Kind::person;
            person.offset = person_offset;
        } else {
            matches_.pop_back();
        }
    }
    report(record, matches_);
}

std::pair<std::uint64_t, std::uint64_t> Extractor::position_of(const Record& record,
                                                               std::size_t offset) {
    const std::string_view text = record.text;
    // Records of one SQL line share its text: go on from the last position
    // instead of recounting a megabyte line for each of its tuples.
    if (cursor_text_ != text.data() || cursor_line_start_ != record.line ||
        offset < cursor_offset_) {
        cursor_text_ = text.data();
        cursor_line_start_ = record.line;
        cursor_offset_ = 0;
        cursor_line_ = record.line;
        cursor_column_ = 1;
    }
    for (std::size_t i = cursor_offset_; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++cursor_line_;
            cursor_column_ = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++cursor_column_;  // count code points, not UTF-8 continuation bytes
        }
    }
    cursor_offset_ = offset;
    return {cursor_line_, cursor_column_};
}

void Extractor::report(const Record& record, const std::vector<Match>& matches) {
    if (matches.empty()) {
        return;
    }
    ++records_;
    if (!text_order_) {
        // Counted only: the order found will do, and no position is wanted.
        for (const Match& m : matches) {
            sink_.on_finding({m.kind, m.canonical, record.line, 0, records_});
        }
        sink_.on_record_end(records_);
        return;
    }
    // Text order: what a reader expects, and what keeps position_of linear.
    // The matches stay where they are (a move copies a Cleartext); their
    // indexes are sorted, ties in the order found.
    order_.resize(matches.size());
    for (std::size_t k = 0; k < order_.size(); ++k) {
        order_[k] = static_cast<std::uint32_t>(k);
    }
    const auto by_offset = [&](std::uint32_t a, std::uint32_t b) {
        return matches[a].offset < matches[b].offset;
    };
    if (order_.size() > 32) {
        if (!std::is_sorted(order_.begin(), order_.end(), by_offset)) {
            std::stable_sort(order_.begin(), order_.end(), by_offset);  // allocates
        }
    } else {
        // A row's handful: an insertion sort, stable, in place.
        for (std::size_t k = 1; k < order_.size(); ++k) {
            const std::uint32_t index = order_[k];
            std::size_t j = k;
            for (; j > 0 && by_offset(index, order_[j - 1]); --j) {
                order_[j] = order_[j - 1];
            }
            order_[j] = index;
        }
    }
    for (const std::uint32_t k : order_) {
        const Match& m = matches[k];
        const auto [line, column] = positions_
                                        ? position_of(record, m.offset)
                                        : std::pair<std::uint64_t, std::uint64_t>{record.line, 0};
        sink_.on_finding({m.kind, m.canonical, line, column, records_});
    }
    sink_.on_record_end(records_);
}

}  // namespace lw::indexer
