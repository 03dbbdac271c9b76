#include "indexer/input/input_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "indexer/base/printable.h"
#include "indexer/input/archive_reader.h"
#include "indexer/input/input_reader.h"

namespace lw::indexer {
namespace {

constexpr std::string_view kStdinLabel = "(standard input)";

// A file descriptor read with read(2); it stays open (see FdCloser).
class FdSource final : public ByteSource {
  public:
    FdSource(int fd, bool seekable) : fd_(fd), seekable_(seekable) {}

    std::optional<std::size_t> read(char* out, std::size_t size) override {
        while (true) {
            const ssize_t n = ::read(fd_, out, size);
            if (n >= 0) {
                position_ += static_cast<std::uint64_t>(n);
                furthest_ = std::max(furthest_, position_);
                return static_cast<std::size_t>(n);
            }
            if (errno != EINTR) {
                return failed(errno);
            }
        }
    }
    const StreamFailure& failure() const override { return failure_; }
    bool can_seek() const override { return seekable_; }
    std::optional<std::int64_t> seek(std::int64_t offset, int whence) override {
        const off_t at = ::lseek(fd_, offset, whence);
        if (at < 0) {
            failed(errno);
            return std::nullopt;
        }
        position_ = static_cast<std::uint64_t>(at);
        return at;
    }
    std::uint64_t consumed() const override { return furthest_; }

  private:
    std::nullopt_t failed(int error) {
        failure_ = {ProblemKind::unreadable, std::strerror(error)};
        return std::nullopt;
    }

    int fd_;
    bool seekable_;
    std::uint64_t position_ = 0;
    std::uint64_t furthest_ = 0;
    StreamFailure failure_;
};

struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
};

struct DirectoryId {
    dev_t device;
    ino_t inode;
    bool operator==(const DirectoryId&) const = default;
};

// Paths to inputs: files opened, directories walked in name order. What a
// walk finds is shown by its position under the folder given ("dumps/ file
// 7", "dumps/ folder 2"): a name found on the disk may name a person.
class PathWalker {
  public:
    explicit PathWalker(InputReader& reader) : reader_(reader) {}

    // A path given by the user: read whatever it is (a FIFO too), shown as
    // given.
    void visit_named(const std::string& path) {
        files_ = 0;
        folders_ = 0;
        given_ = printable(path);
        visit(path, true, InputPlace{given_, given_});
    }

    void read_stdin() {
        FdSource source(STDIN_FILENO, false);
        const std::string label(kStdinLabel);
        reader_.read(source, InputPlace{label, label}, "-", std::nullopt);
    }

  private:
    void visit(const std::string& path, bool named, const InputPlace& place) {
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0) {
            reader_.report(ProblemKind::unreadable, place, std::strerror(errno));
        } else if (S_ISDIR(info.st_mode)) {
            walk(path, place, DirectoryId{info.st_dev, info.st_ino});
        } else if (named || S_ISREG(info.st_mode)) {
            read_file(path, place);
        } else {
            reader_.report(ProblemKind::not_a_file, place, "not a regular file, skipped");
        }
    }

    void read_file(const std::string& path, const InputPlace& place) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
            reader_.report(ProblemKind::unreadable, place, std::strerror(errno));
            return;
        }
        FdCloser closer{fd};
        struct stat info {};
        if (::fstat(fd, &info) != 0) {
            reader_.report(ProblemKind::unreadable, place, std::strerror(errno));
            return;
        }
        const bool regular = S_ISREG(info.st_mode);
        std::optional<std::uint64_t> size;
        if (regular) {
            size = static_cast<std::uint64_t>(info.st_size);
            ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
        FdSource source(fd, regular);
        reader_.read(source, place, path, size);
    }

    // Memory: the names of one directory per level being walked.
    void walk(const std::string& path, const InputPlace& place, DirectoryId id) {
        if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
            reader_.report(ProblemKind::symlink_loop, place, "symlink loop, skipped");
            return;
        }
        std::vector<std::string> names;
        std::error_code error;
        std::filesystem::directory_iterator it(path, error);
        for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
            names.push_back(it->path().filename().native());
        }
        if (error) {
            reader_.report(ProblemKind::unreadable, place, error.message());
        }
        std::sort(names.begin(), names.end());
        const std::string prefix = !path.empty() && path.back() == '/' ? path : path + "/";
        ancestors_.push_back(id);
        for (const std::string& name : names) {
            const std::string child = prefix + name;
            struct stat info {};
            const bool folder = ::stat(child.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
            const std::string shown = given_ + (folder ? " folder " + std::to_string(++folders_)
                                                       : " file " + std::to_string(++files_));
            visit(child, false, InputPlace{printable(child), shown});
        }
        ancestors_.pop_back();
    }

    InputReader& reader_;
    std::vector<DirectoryId> ancestors_;
    std::string given_;  // the path given, as messages show it
    std::uint64_t files_ = 0;
    std::uint64_t folders_ = 0;
};

}  // namespace

InputTotals visit_inputs(const std::vector<std::string>& paths, const InputLimits& limits,
                         InputVisitor& visitor) {
    InputReader reader(limits, visitor);
    PathWalker walker(reader);
    for (const std::string& path : paths) {
        if (path == "-") {
            walker.read_stdin();
        } else {
            walker.visit_named(path);
        }
    }
    return reader.totals();
}

}  // namespace lw::indexer
