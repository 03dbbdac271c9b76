#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "indexer/records/column_map.h"
#include "indexer/records/delimited.h"

namespace lw::indexer {

// Identifiers that appeared together: one row of tabular data (a CSV row, an
// SQL tuple, a JSON Lines object) or one line of free text.
struct Record {
    std::string_view text;   // the row's text; field offsets point into it
    std::uint64_t line = 0;  // 1-based line the record starts on
    // A tabular record's fields and what their columns mean, side by side: a
    // field past the last meaning has none. Both empty for free text: scan
    // `text` whole.
    std::span<const Field> fields;
    std::span<const ColumnMeaning> meanings;
};

class RecordSink {
  public:
    virtual ~RecordSink() = default;
    virtual void on_record(const Record& record) = 0;
};

}  // namespace lw::indexer
