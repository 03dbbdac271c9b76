#pragma once

#include <unistd.h>

namespace lw::indexer {

// Owns a file descriptor: closed on destruction, or now with close(),
// which reports close(2)'s error (a deferred write error for a file just
// written). A negative descriptor owns nothing.
class UniqueFd {
  public:
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    int get() const noexcept { return fd_; }
    int close() noexcept {
        const int result = ::close(fd_);
        fd_ = -1;
        return result;
    }

  private:
    int fd_;
};

}  // namespace lw::indexer
