#include "indexer/input/file_source.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "indexer/base/error.h"
#include "indexer/base/unique_fd.h"

namespace lw::indexer {
namespace {

[[noreturn]] void fail(const std::string& path, int error) {
    throw Error(ErrorCategory::io, path + ": " + std::strerror(error));
}

}  // namespace

std::string read_whole_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
    std::string text;
    // Sized up front where the size is known: a state file holds blinds, and
    // a growing string would leave copies of them in freed memory.
    std::error_code error;
    const auto size = path == "-" ? 0 : std::filesystem::file_size(path, error);
    if (!error && size > 0 && size <= max_bytes) {
        text.reserve(static_cast<std::size_t>(size));
    }
    stream_file(path, [&](std::string_view chunk) {
        if (chunk.size() > max_bytes - text.size()) {
            throw Error(ErrorCategory::usage, std::string(what) + ": larger than " +
                                                  std::to_string(max_bytes) + " bytes");
        }
        text.append(chunk);
    });
    return text;
}

void stream_file(const std::string& path, const std::function<void(std::string_view)>& on_chunk,
                 std::size_t chunk_size) {
    const bool is_stdin = path == "-";
    const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail(path, errno);
    }
    const UniqueFd closer(is_stdin ? -1 : fd);
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
        fail(path, EISDIR);
    }
    if (!is_stdin) {
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    const auto buffer = std::make_unique<char[]>(chunk_size);
    // The buffer holds the file's text, identifiers and all: wiped on the
    // way out, whichever way that is.
    struct Wipe {
        char* data;
        std::size_t size;
        ~Wipe() { sodium_memzero(data, size); }
    } wipe{buffer.get(), chunk_size};
    while (true) {
        const ssize_t n = ::read(fd, buffer.get(), chunk_size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(path, errno);
        }
        if (n == 0) {
            break;
        }
        on_chunk(std::string_view(buffer.get(), static_cast<std::size_t>(n)));
    }
}

}  // namespace lw::indexer
