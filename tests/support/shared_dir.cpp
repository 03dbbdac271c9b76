#include "tests/support/shared_dir.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lw::test {

std::filesystem::path shared_dir() {
    if (const char* dir = std::getenv("LW_SHARED_DIR"); dir != nullptr && *dir != '\0') {
        return dir;
    }
    return std::filesystem::path(LW_SOURCE_ROOT) / ".." / "shared";
}

std::string read_shared(const std::string& relative_path) {
    const auto path = shared_dir() / relative_path;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace lw::test
