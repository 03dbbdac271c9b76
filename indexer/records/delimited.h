#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lw::indexer {

// One field of a row: where it starts in the row's text and its value
// (quotes removed, doubled quotes undone).
struct Field {
    std::size_t offset;
    std::string_view value;
};

// Splits a CSV-like row at `delimiter`, honouring "..." quoting with ""
// escapes. Unescaped values that differ from the text are kept in `storage`
// (cleared first; its strings must outlive `fields`). Returns false when a
// quote is left open: the row goes on on the next line.
bool split_delimited(std::string_view row, char delimiter, std::vector<Field>& fields,
                     std::vector<std::string>& storage);

}  // namespace lw::indexer
