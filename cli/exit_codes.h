#pragma once

namespace lw::cli {

// Documented in README.md and `leakwatch --help`; scripts rely on them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitNothingOrPartial = 1;  // nothing found (search), or an input unreadable
inline constexpr int kExitError = 2;             // bad usage, bad input, failure
inline constexpr int kExitLocked = 3;            // the corpus is held by another writer
inline constexpr int kExitInterrupted = 130;

}  // namespace lw::cli
