#pragma once

#include <fcntl.h>

#include <string>
#include <string_view>

#include "indexer/base/error.h"

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

// Writes `bytes` to `path` (0600) in place of what it held, atomically:
// a new file beside it, fsynced, then renamed over it. For files the user
// asked to be kept up to date (a monitor's state, a cache). Throws
// lw::Error(io).
void replace_private_file(const std::string& path, std::string_view bytes, std::string_view what);

// Appends `line` to `path` with one write(2) on an O_APPEND descriptor
// (created 0600 if absent), then fsyncs: concurrent appenders never
// interleave a line. An existing `path` must be a regular file (not a
// symbolic link, a FIFO or a device), owned by the effective user or root,
// that group and others can neither read nor write: checked on the open
// descriptor. Throws lw::Error(io).
void append_private_line(const std::string& path, std::string_view line, std::string_view what);

// Checks, on an open descriptor, that it is a private regular file: owned by
// the effective user (or root) and without group or other permissions.
// Throws lw::Error(`category`) naming `what` and `path`: "key file K is
// readable by group or others (mode 0644); chmod 600 K".
void require_private_regular_file(int fd, const std::string& path, std::string_view what,
                                  ErrorCategory category);

// Checks an existing folder the way require_private_regular_file checks a
// file, its link not followed: a folder, of the effective user or root,
// that group and others cannot enter. Throws lw::Error(io) naming `what`:
// "state folder S is open to group or others (mode 0755); chmod 700 S".
void require_private_folder(const std::string& path, std::string_view what);

// Reads a whole private file (checked as require_private_regular_file
// does, on the descriptor read): a TLS key, a hash key. Throws lw::Error(io)
// for a file larger than `max_bytes` or unreadable, naming `what`.
std::string read_private_file(const std::string& path, std::string_view what,
                              std::size_t max_bytes);

// open(2) flags for reading or appending to a private file: no symbolic link
// followed, no wait on a FIFO, not inherited by children.
inline constexpr int kPrivateOpenFlags = O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;

// The message for a failed open of a private file: ELOOP from O_NOFOLLOW
// says "is a symbolic link" rather than "Too many levels of symbolic links".
std::string private_open_error(const std::string& path, std::string_view what, int error);

}  // namespace lw::indexer
