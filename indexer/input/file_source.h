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

// A whole file from `path` ("-": standard input), refused past `max_bytes`
// with lw::Error(usage) "WHAT: larger than 80004096 bytes"; `what` names it
// ("request", "state"). For the blind protocol's messages and state, which
// the parsers in prf/blind_message.h then read from memory.
[[nodiscard]] std::string read_whole_file(const std::string& path, std::size_t max_bytes,
                                          std::string_view what);

}  // namespace lw::indexer
