#pragma once

#include <string>
#include <string_view>

namespace lw::cli {

// `text` as a JSON string literal, quotes included. Bytes that are not valid
// UTF-8 become U+FFFD so that every line stays valid JSON.
std::string json_string(std::string_view text);

}  // namespace lw::cli
