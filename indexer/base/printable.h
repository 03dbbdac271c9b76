#pragma once

#include <string>
#include <string_view>

namespace lw::indexer {

// `bytes` made printable on one line: printable UTF-8 kept, anything else
// (controls, C1 controls, invalid sequences) written "\xNN", byte by byte.
// For names and lines of someone else's making (archive members, stub
// files) shown on the user's terminal.
[[nodiscard]] std::string printable(std::string_view bytes);

}  // namespace lw::indexer
