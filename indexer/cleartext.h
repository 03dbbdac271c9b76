#pragma once

#include <sodium.h>

#include <string>
#include <string_view>
#include <utility>

namespace lw::indexer {

// An identifier in clear. It lives only in memory, between the scanner and the
// pseudonymisation: move-only, wiped on destruction, no operator<<, and read
// through reveal() so that a grep finds every reader.
class Cleartext {
  public:
    Cleartext() = default;
    explicit Cleartext(std::string value) : value_(std::move(value)) {}
    Cleartext(const Cleartext&) = delete;
    Cleartext& operator=(const Cleartext&) = delete;
    Cleartext(Cleartext&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
    Cleartext& operator=(Cleartext&& other) noexcept {
        if (this != &other) {
            wipe();
            value_ = std::move(other.value_);
            other.wipe();
        }
        return *this;
    }
    ~Cleartext() { wipe(); }

    std::string_view reveal() const noexcept { return value_; }
    bool empty() const noexcept { return value_.empty(); }
    friend bool operator==(const Cleartext& a, const Cleartext& b) { return a.value_ == b.value_; }

  private:
    void wipe() noexcept {
        // Wipe the whole capacity: a short-string buffer or a heap block may
        // still hold bytes beyond size() from earlier contents.
        if (value_.capacity() > 0) {
            sodium_memzero(value_.data(), value_.capacity());
        }
        value_.clear();
    }

    std::string value_;
};

}  // namespace lw::indexer
