#include "cli/json_text.h"

#include <nlohmann/json.hpp>

namespace lw::cli {

std::string json_string(std::string_view text) {
    return nlohmann::json(std::string(text))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lw::cli
