#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace lw::indexer {

// The instruction sets the block scans (indexer/extract/block_scans.h) are built
// for. The build stays baseline x86-64 (SSE2); the AVX2 and AVX-512BW
// versions are compiled with per-function target attributes and chosen at
// run time, once, so one binary runs everywhere and uses what the CPU has.
// `scalar` is the byte loop: the only level off x86-64, and the reference
// the others are tested against.
enum class SimdLevel { scalar, sse2, avx2, avx512 };

std::string_view simd_level_name(SimdLevel level) noexcept;
std::optional<SimdLevel> simd_level_named(std::string_view name) noexcept;

// The levels this CPU and its OS can run, lowest first; scalar always.
std::vector<SimdLevel> supported_simd_levels();

// The level the environment variable LW_SIMD (scalar, sse2, avx2, avx512)
// asks for; the best supported when it is unset or empty. Throws
// lw::Error(usage) when it names no level, or one this CPU lacks: a forced
// level is for measuring and testing, and a silent fallback would measure
// the wrong thing. The Scanner's constructor calls it, so a command refuses
// a bad LW_SIMD before it reads a byte.
SimdLevel requested_simd_level();

// The level the block scans run at, chosen on the first call and kept:
// requested_simd_level(), or the best supported where that would throw.
SimdLevel active_simd_level() noexcept;

}  // namespace lw::indexer
