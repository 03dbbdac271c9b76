#pragma once

// JSON text of someone else's making (a blind request or response, a state
// file, a service request), parsed without letting nlohmann's exceptions or
// messages through: theirs may quote the input, and a number out of range
// (1e999) is an out_of_range, not a parse_error.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace lw::indexer {

struct ParsedJson {
    nlohmann::json value;
    std::string error;  // empty when parsed: else why not, never quoting the text
};

inline ParsedJson parse_untrusted_json(std::string_view text) {
    ParsedJson parsed;
    try {
        parsed.value = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        parsed.error = "not valid JSON (at byte " + std::to_string(e.byte) + ")";
    } catch (const nlohmann::json::exception&) {
        parsed.error = "not valid JSON (a number out of range)";  // 1e999
    }
    return parsed;
}

}  // namespace lw::indexer
