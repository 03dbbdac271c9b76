#pragma once

// Small text pieces the report writers share (exposure reports, query
// results): CSV quoting and kind lists.

#include <string>

#include "search/token_lookup.h"

namespace lw::search {

// `text` as one CSV field: quoted (and its quotes doubled) when it holds a
// comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text);

// The kinds of `set` in kind order, joined with `separator`.
std::string kinds_text(KindSet set, const char* separator);

}  // namespace lw::search
