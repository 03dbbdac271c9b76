#pragma once

// Identifiers given to `leakwatch token`, `blind` and `unblind`: values
// typed by hand, or the rows of a records file read as extraction reads
// them. Both give canonical forms, ready for the PRF.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/cleartext.h"
#include "indexer/base/kind.h"
#include "indexer/extract/scanner.h"
#include "indexer/records/record_splitter.h"
#include "indexer/records/typed_value.h"

namespace lw::indexer {

// The identifier `value` is, read with the extraction rules:
// - with `kind`: as a cell of a column labelled with that kind
//   (read_typed_cell's rules: a 13-character NIR body, a national phone
//   number, separators anywhere); for Kind::person, `value` is
//   "last|first|date", the date in any form a birth-date column accepts;
// - without: the free-text scanner must find exactly one identifier in the
//   value (blanks around it trimmed), and that identifier must be the whole
//   value: "jean@x.fr" is one, "jean@x.fr." and "mail jean@x.fr" are not.
// nullopt otherwise.
[[nodiscard]] std::optional<TypedValue> identify_value(std::string_view value,
                                                       std::optional<Kind> kind,
                                                       const Scanner& scanner);

// identify_value, or lw::Error(usage) naming the value by its 1-based
// `position` and never showing it: "value 3: not an identifier of a known
// kind", "value 3: not a valid nir".
[[nodiscard]] TypedValue require_value(std::string_view value, std::uint64_t position,
                                       std::optional<Kind> kind, const Scanner& scanner);

// Each line of `path` ("-" for standard input) as a value to read, with
// its 1-based line number, for `token -`. Throws lw::Error(usage) for a
// line longer than kMaxValueLine bytes ("value 7: longer than 65536
// bytes"), lw::Error(io) if the file cannot be read.
inline constexpr std::size_t kMaxValueLine = 1 << 16;
using OnValueLine = std::function<void(std::string_view value, std::uint64_t line)>;
void for_each_value_line(const std::string& path, const OnValueLine& on_value);

// Every identifier of every record of `path` ("-" for standard input), in
// the order extraction reports them (records in file order, text order in
// a record, a person where its last name stands), each with its row: the
// 1-based line of the file on which its record starts. `overrides` give
// columns a role whatever their header says (`--map COLUMN=KIND`). Throws
// lw::Error(io) if the file cannot be read.
using OnRecordIdentifier =
    std::function<void(Kind kind, const Cleartext& canonical, std::uint64_t row)>;
void for_each_record_identifier(const std::string& path, const Scanner& scanner,
                                const OnRecordIdentifier& on_identifier,
                                std::vector<RecordSplitter::Override> overrides = {});

}  // namespace lw::indexer
