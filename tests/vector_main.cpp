// Main of the tests that read ../shared (vectors, fixtures). Without it a
// newcomer's clone skips them with one line; CI=true makes its absence fail.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "tests/support/shared_dir.h"

int main(int argc, char* argv[]) {
    const auto dir = lw::test::shared_dir();
    if (!std::filesystem::is_directory(dir / "vectors")) {
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string_view(ci) == "true") {
            std::cerr << "vector tests: " << dir.string()
                      << " not found, and CI=true requires it (set LW_SHARED_DIR)\n";
            return 1;
        }
        std::cout << "skipped: " << dir.string()
                  << " not found (external vectors; set LW_SHARED_DIR to run them)\n";
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
