// Prints the SIMD level leakwatch's block scans run at here (LW_SIMD
// honoured, as leakwatch does), or with --supported every level this CPU
// has, lowest first: for bench/extract_bench.sh, which reports the level
// and runs extract under each.
#include "indexer/base/simd_level.h"

#include <cstdio>
#include <string_view>

#include "indexer/base/error.h"

int main(int argc, char* argv[]) {
    using namespace lw::indexer;
    if (argc > 1 && std::string_view(argv[1]) == "--supported") {
        for (const SimdLevel level : supported_simd_levels()) {
            std::printf("%.*s\n", static_cast<int>(simd_level_name(level).size()),
                        simd_level_name(level).data());
        }
        return 0;
    }
    try {
        const std::string_view name = simd_level_name(requested_simd_level());
        std::printf("%.*s\n", static_cast<int>(name.size()), name.data());
        return 0;
    } catch (const lw::Error& e) {
        std::fprintf(stderr, "simd_level: %s\n", e.what());
        return 2;
    }
}
