#include "indexer/base/private_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "indexer/base/error.h"
#include "indexer/base/unique_fd.h"

namespace lw::indexer {
namespace {

[[noreturn]] void fail(std::string_view what, const std::string& path, int error) {
    throw Error(ErrorCategory::io, std::string(what) + " " + path + ": " + std::strerror(error));
}

// write(2) until done; false with errno set on failure.
bool write_all(int fd, std::string_view bytes) noexcept {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Makes the new directory entry durable. Best effort: some file systems
// refuse fsync on a directory, and the data itself is already synced.
void sync_parent(const std::string& path) noexcept {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) {
        parent = ".";
    }
    const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string mode_text(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

}  // namespace

std::string private_open_error(const std::string& path, std::string_view what, int error) {
    if (error == ELOOP) {
        return std::string(what) + " " + path +
               " is a symbolic link; name the file itself (links are not followed)";
    }
    return std::string(what) + " " + path + ": " + std::strerror(error);
}

void require_private_regular_file(int fd, const std::string& path, std::string_view what,
                                  ErrorCategory category) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        throw Error(ErrorCategory::io,
                    std::string(what) + " " + path + ": " + std::strerror(errno));
    }
    const std::string name = std::string(what) + " " + path;
    if (!S_ISREG(info.st_mode)) {
        throw Error(category, name + ": not a regular file");
    }
    if (info.st_uid != ::geteuid() && info.st_uid != 0) {
        throw Error(category, name + " belongs to uid " + std::to_string(info.st_uid) +
                                  ", not to this user (uid " + std::to_string(::geteuid()) +
                                  ") or root");
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        const bool readable = (info.st_mode & (S_IRGRP | S_IROTH)) != 0;
        throw Error(category, name + " is " + (readable ? "readable" : "writable or executable") +
                                  " by group or others (mode " + mode_text(info.st_mode) +
                                  "); chmod 600 " + path);
    }
}

void require_private_folder(const std::string& path, std::string_view what) {
    const std::string name = std::string(what) + " " + path;
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        throw Error(ErrorCategory::io, name + ": " + std::strerror(errno));
    }
    if (!S_ISDIR(info.st_mode)) {
        throw Error(ErrorCategory::io, name + " is not a folder (or is a symbolic link)");
    }
    if (info.st_uid != ::geteuid() && info.st_uid != 0) {
        throw Error(ErrorCategory::io, name + " belongs to another user");
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw Error(ErrorCategory::io, name + " is open to group or others (mode " +
                                           mode_text(info.st_mode) + "); chmod 700 " + path);
    }
}

void write_new_private_file(const std::string& path, std::string_view bytes,
                            std::string_view what) {
    // O_EXCL with O_CREAT also refuses a symbolic link, dangling or not.
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600));
    if (fd.get() < 0) {
        if (errno == EEXIST) {
            throw Error(ErrorCategory::io, std::string(what) + " " + path +
                                               " already exists; leakwatch never overwrites it");
        }
        fail(what, path, errno);
    }
    // The umask may have taken bits away, never added any; make it exact.
    bool ok = ::fchmod(fd.get(), 0600) == 0 && write_all(fd.get(), bytes) && ::fsync(fd.get()) == 0;
    int error = ok ? 0 : errno;
    if (fd.close() != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        ::unlink(path.c_str());
        fail(what, path, error);
    }
    sync_parent(path);
}

void replace_private_file(const std::string& path, std::string_view bytes, std::string_view what) {
    // A fresh name beside it (O_EXCL), then rename(2): a reader sees the old
    // file or the new one, never half of one, and a crash leaves the old.
    const std::string temporary = path + ".new." + std::to_string(::getpid());
    ::unlink(temporary.c_str());  // a previous run's, killed before its rename
    write_new_private_file(temporary, bytes, what);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        fail(what, path, error);
    }
    sync_parent(path);
}

void append_private_line(const std::string& path, std::string_view line, std::string_view what) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | kPrivateOpenFlags, 0600));
    if (fd.get() < 0) {
        throw Error(ErrorCategory::io, private_open_error(path, what, errno));
    }
    require_private_regular_file(fd.get(), path, what, ErrorCategory::io);
    // One write(2): with O_APPEND, the line lands whole at the end.
    const ssize_t n = ::write(fd.get(), line.data(), line.size());
    if (n < 0 || static_cast<std::size_t>(n) != line.size()) {
        fail(what, path, n < 0 ? errno : EIO);
    }
    if (::fsync(fd.get()) != 0 || fd.close() != 0) {
        fail(what, path, errno);
    }
}

std::string read_private_file(const std::string& path, std::string_view what,
                              std::size_t max_bytes) {
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | kPrivateOpenFlags));
    if (fd.get() < 0) {
        throw Error(ErrorCategory::io, private_open_error(path, what, errno));
    }
    require_private_regular_file(fd.get(), path, what, ErrorCategory::io);
    // Sized from the file, not from the cap: a cache's cap is gigabytes.
    struct stat st {};
    const std::size_t hint = ::fstat(fd.get(), &st) == 0 && st.st_size >= 0
                                 ? static_cast<std::size_t>(st.st_size) + 1
                                 : std::size_t{4096};
    std::string bytes(std::min(max_bytes + 1, hint), '\0');
    std::size_t size = 0;
    while (size <= max_bytes) {
        if (size == bytes.size()) {  // it grew since fstat: move to a larger buffer
            std::string larger(std::min(max_bytes + 1, 2 * bytes.size()), '\0');
            std::copy_n(bytes.data(), size, larger.data());
            sodium_memzero(bytes.data(), bytes.size());
            bytes.swap(larger);
        }
        const ssize_t n = ::read(fd.get(), bytes.data() + size, bytes.size() - size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw Error(ErrorCategory::io,
                        std::string(what) + " " + path + ": " + std::strerror(errno));
        }
        if (n == 0) {
            break;
        }
        size += static_cast<std::size_t>(n);
    }
    if (size > max_bytes) {
        sodium_memzero(bytes.data(), bytes.size());
        throw Error(ErrorCategory::io, std::string(what) + " " + path + " is larger than " +
                                           std::to_string(max_bytes) + " bytes");
    }
    bytes.resize(size);
    return bytes;
}

}  // namespace lw::indexer
