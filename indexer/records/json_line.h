#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/records/delimited.h"

namespace lw::indexer {

// A field of a JSON Lines object: its key (the innermost one for nested
// objects) and its value as text.
struct NamedField {
    std::string_view name;
    Field field;
};

// Reads one JSON object per line. Strings, numbers and the members of nested
// objects and arrays become fields; their offset is where the key is written
// in the line. False when the line is not a JSON object. The views point
// into `storage` (cleared first).
bool read_json_object(std::string_view line, std::vector<NamedField>& fields,
                      std::deque<std::string>& storage);

}  // namespace lw::indexer
