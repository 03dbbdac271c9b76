#include "indexer/records/identifier_source.h"

#include <array>
#include <string>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/extract/person.h"
#include "indexer/input/file_source.h"
#include "indexer/input/line_splitter.h"
#include "indexer/records/column_map.h"
#include "indexer/records/extractor.h"

namespace lw::indexer {
namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') {
        s.remove_suffix(1);
    }
    return s;
}

// A column labelled with `kind`, in no particular language.
ColumnMeaning column_of(Kind kind) noexcept {
    ColumnMeaning meaning;
    meaning.role = parse_column_role(kind_name(kind)).value_or(ColumnRole::none);
    return meaning;
}

std::optional<TypedValue> person_of(std::string_view value) {
    std::array<std::string_view, 3> parts;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::size_t bar = value.find('|');
        if ((bar == std::string_view::npos) != (i == parts.size() - 1)) {
            return std::nullopt;  // fewer or more than three parts
        }
        parts[i] = value.substr(0, bar);
        value = bar == std::string_view::npos ? std::string_view() : value.substr(bar + 1);
    }
    auto canonical = person_canonical(parts[0], parts[1], parts[2]);
    if (!canonical) {
        return std::nullopt;
    }
    return TypedValue{Kind::person, Cleartext(std::move(*canonical))};
}

// Hands each finding on with its record's first line: the extractor then
// skips computing columns.
class RowSink : public FindingSink {
  public:
    explicit RowSink(const OnRecordIdentifier& on_identifier) : on_identifier_(on_identifier) {}
    bool wants_positions() const override { return false; }
    void on_finding(const Finding& f) override { on_identifier_(f.kind, f.value, f.line); }

  private:
    const OnRecordIdentifier& on_identifier_;
};

}  // namespace

std::optional<TypedValue> identify_value(std::string_view value, std::optional<Kind> kind,
                                         const Scanner& scanner) {
    value = trim(value);
    if (value.empty()) {
        return std::nullopt;
    }
    if (kind) {
        if (*kind == Kind::person) {
            return person_of(value);
        }
        return read_typed_cell(column_of(*kind), value, scanner);
    }
    std::vector<Match> matches;
    scanner.scan(value, matches);
    if (matches.size() != 1 || matches[0].offset != 0) {
        return std::nullopt;
    }
    // The scanner says where an identifier starts, not where it ends: it is
    // the whole value when the value, read as a cell of that kind's column
    // (which must match from end to end), gives the same identifier.
    auto whole = read_typed_cell(column_of(matches[0].kind), value, scanner);
    if (!whole || whole->kind != matches[0].kind || !(whole->canonical == matches[0].canonical)) {
        return std::nullopt;
    }
    return whole;
}

TypedValue require_value(std::string_view value, std::uint64_t position, std::optional<Kind> kind,
                         const Scanner& scanner) {
    auto typed = identify_value(value, kind, scanner);
    if (!typed) {
        const std::string where = "value " + std::to_string(position) + ": ";
        if (!kind) {
            throw Error(ErrorCategory::usage, where + "not an identifier of a known kind");
        }
        throw Error(ErrorCategory::usage,
                    where + "not a valid " + std::string(kind_name(*kind)) +
                        (*kind == Kind::person ? " (expected last|first|birth date)" : ""));
    }
    return std::move(*typed);
}

void for_each_value_line(const std::string& path, const OnValueLine& on_value) {
    LineSplitter lines(kMaxValueLine);
    std::uint64_t last = 0;
    const LineSplitter::LineFn on_line = [&](std::string_view line, std::uint64_t number) {
        if (number == last) {  // the splitter cuts long lines in pieces
            throw Error(ErrorCategory::usage, "value " + std::to_string(number) + ": longer than " +
                                                  std::to_string(kMaxValueLine) + " bytes");
        }
        last = number;
        on_value(line, number);
    };
    stream_file(path, [&](std::string_view chunk) { lines.feed(chunk, on_line); });
    lines.finish(on_line);
}

void for_each_record_identifier(const std::string& path, const Scanner& scanner,
                                const OnRecordIdentifier& on_identifier,
                                std::vector<RecordSplitter::Override> overrides) {
    RowSink sink(on_identifier);
    Extractor extractor(scanner, sink, std::move(overrides));
    stream_file(path, [&](std::string_view chunk) { extractor.feed(chunk); });
    extractor.finish();
}

}  // namespace lw::indexer
