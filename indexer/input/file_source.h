#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace lw::indexer {

// Streams a file (or standard input for "-") in chunks of `chunk_size`
// bytes to `on_chunk`: memory stays at one chunk whatever the file's size.
// Throws lw::Error(io) with "PATH: reason" when it cannot be opened or read
// (a directory, no permission, an I/O error part way).
inline constexpr std::size_t kDefaultChunk = 1 << 20;

void stream_file(const std::string& path, const std::function<void(std::string_view)>& on_chunk,
                 std::size_t chunk_size = kDefaultChunk);

}  // namespace lw::indexer
