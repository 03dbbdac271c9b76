#pragma once

#include <cstring>
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
        // still hold bytes beyond size() from earlier contents. memset plus
        // a barrier the compiler cannot see through (libsodium's own
        // fallback): inline, so the many moves of short values stay cheap.
        char* data = value_.data();
        std::memset(data, 0, value_.capacity());
        asm volatile("" : : "r"(data) : "memory");
        value_.clear();
    }

    std::string value_;
};

}  // namespace lw::indexer
