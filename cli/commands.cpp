#include "cli/command.h"

namespace lw::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"extract", "find identifiers in text and show them (redacted unless --reveal)",
         run_extract},
    };
    return table;
}

}  // namespace lw::cli
