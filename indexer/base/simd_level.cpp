#include "indexer/base/simd_level.h"

#include <array>
#include <cstdlib>
#include <string>

#include "indexer/base/error.h"

namespace lw::indexer {
namespace {

constexpr std::array<std::string_view, 4> kNames = {"scalar", "sse2", "avx2", "avx512"};

bool cpu_supports(SimdLevel level) noexcept {
    switch (level) {
        case SimdLevel::scalar:
            return true;
#if defined(__x86_64__)
        // SSE2 is part of x86-64. GCC's checks include the OS's: AVX and
        // AVX-512 count only when the kernel saves their registers (XCR0).
        case SimdLevel::sse2:
            return true;
        case SimdLevel::avx2:
            return __builtin_cpu_supports("avx2");
        case SimdLevel::avx512:
            return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#endif
        default:
            return false;
    }
}

std::string names_of(const std::vector<SimdLevel>& levels) {
    std::string names;
    for (const SimdLevel level : levels) {
        names += names.empty() ? "" : ", ";
        names += simd_level_name(level);
    }
    return names;
}

}  // namespace

std::string_view simd_level_name(SimdLevel level) noexcept {
    return kNames[static_cast<std::size_t>(level)];
}

std::optional<SimdLevel> simd_level_named(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            return static_cast<SimdLevel>(i);
        }
    }
    return std::nullopt;
}

std::vector<SimdLevel> supported_simd_levels() {
    std::vector<SimdLevel> levels;
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (cpu_supports(static_cast<SimdLevel>(i))) {
            levels.push_back(static_cast<SimdLevel>(i));
        }
    }
    return levels;
}

SimdLevel requested_simd_level() {
    const std::vector<SimdLevel> supported = supported_simd_levels();
    const char* const wanted = std::getenv("LW_SIMD");
    if (wanted == nullptr || *wanted == '\0') {
        return supported.back();
    }
    const std::optional<SimdLevel> level = simd_level_named(wanted);
    if (!level) {
        throw Error(ErrorCategory::usage, "LW_SIMD names no level (scalar, sse2, avx2 or avx512)");
    }
    if (!cpu_supports(*level)) {
        throw Error(ErrorCategory::usage, "LW_SIMD=" + std::string(simd_level_name(*level)) +
                                              ": this CPU lacks it (it has " + names_of(supported) +
                                              ")");
    }
    return *level;
}

SimdLevel active_simd_level() noexcept {
    static const SimdLevel level = [] {
        try {
            return requested_simd_level();
        } catch (const Error&) {
            return supported_simd_levels().back();
        }
    }();
    return level;
}

}  // namespace lw::indexer
