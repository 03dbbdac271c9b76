#pragma once

#include <filesystem>
#include <string>

namespace lw::test {

// The folder of external vectors and fixtures, `../shared` beside the source
// tree unless LW_SHARED_DIR says otherwise. Tests that need it live in the
// `vector_tests` executable, whose main skips (exit 77) when it is absent,
// or fails under CI=true.
std::filesystem::path shared_dir();

// Reads a whole file under shared_dir() (vectors are small).
std::string read_shared(const std::string& relative_path);

}  // namespace lw::test
