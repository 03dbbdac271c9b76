#pragma once

#include <string>
#include <string_view>

namespace lw::indexer {

// Files only their owner may read: key files, blind-protocol state files.
//
// Creates `path` with mode 0600 and writes `bytes` to it, then fsyncs the
// file and its folder. Never replaces anything: an existing path (file,
// directory, symbolic link, even a dangling one) is refused. A write that
// fails part way removes the partial file. `what` names the file in
// messages ("key file", "state file"); `bytes` never appears in them.
// Throws lw::Error(io): "state file s.json already exists; leakwatch never
// overwrites it".
void write_new_private_file(const std::string& path, std::string_view bytes, std::string_view what);

// Appends `line` to `path` with one write(2) on an O_APPEND descriptor
// (created 0600 if absent), then fsyncs: concurrent appenders never
// interleave a line. Throws lw::Error(io).
void append_private_line(const std::string& path, std::string_view line, std::string_view what);

}  // namespace lw::indexer
