#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "indexer/base/ascii.h"

namespace lw::indexer {

// Zeroes memory that held an identifier: memset plus a barrier the compiler
// cannot see through (libsodium's own fallback), inline so that the many
// moves of short values stay cheap.
inline void wipe_cleartext(char* data, std::size_t size) noexcept {
    std::memset(data, 0, size);
    asm volatile("" : : "r"(data) : "memory");
}

// Wipes the first `size` bytes of a buffer of `capacity` bytes, 16 at a time:
// a fixed-size memset compiles to one store, so a short value, the common
// case, costs a store or two where a variable-size memset is a call.
inline void wipe_cleartext_prefix(char* data, std::size_t size, std::size_t capacity) noexcept {
    std::size_t i = 0;
    for (; i + 16 <= capacity && i < size; i += 16) {
        std::memset(data + i, 0, 16);
    }
    if (i < size) {
        std::memset(data + i, 0, size - i);  // a tail shorter than a block
    }
    asm volatile("" : : "r"(data) : "memory");
}

// An identifier in clear. It lives only in memory, between the scanner and the
// pseudonymisation: move-only, wiped on destruction, no operator<<, and read
// through reveal() so that a grep finds every reader.
//
// Values up to kInline bytes (nearly every identifier, and most token inputs
// "kind:canonical") live inside the object: a dump holds millions of them,
// and a heap block each cost a fifth of the extraction's time.
class Cleartext {
  public:
    static constexpr std::size_t kInline = 56;

    Cleartext() = default;
    explicit Cleartext(std::string_view value) { assign(value); }
    // Takes the string's bytes and wipes them from the string.
    explicit Cleartext(std::string&& value) : Cleartext(std::string_view(value)) {
        // Its whole capacity: bytes past size() may be left from earlier values.
        wipe_cleartext_prefix(value.data(), value.capacity(), value.capacity());
        value.clear();
    }
    Cleartext(const Cleartext&) = delete;
    Cleartext& operator=(const Cleartext&) = delete;
    Cleartext(Cleartext&& other) noexcept { take(other); }
    Cleartext& operator=(Cleartext&& other) noexcept {
        if (this != &other) {
            wipe();
            take(other);
        }
        return *this;
    }
    ~Cleartext() { wipe(); }

    // Wipes the value and makes room for `size` bytes, which the caller then
    // writes (all of them) through the pointer returned.
    char* overwrite(std::size_t size) {
        wipe();
        size_ = size;
        if (size <= kInline) {
            return inline_;
        }
        heap_ = std::make_unique_for_overwrite<char[]>(size);
        return heap_.get();
    }

    // Wipes the value and copies `value` in its place.
    void assign(std::string_view value) {
        char* to = overwrite(value.size());
        if (!value.empty()) {  // memcpy must not see the null data() of an empty view
            std::memcpy(to, value.data(), value.size());
        }
    }

    std::string_view reveal() const noexcept { return {data(), size_}; }
    bool empty() const noexcept { return size_ == 0; }
    friend bool operator==(const Cleartext& a, const Cleartext& b) {
        return a.reveal() == b.reveal();
    }

  private:
    const char* data() const noexcept { return size_ <= kInline ? inline_ : heap_.get(); }

    // The inline buffer is wiped and copied whole: a fixed size compiles to
    // a few vector stores where a variable one calls memset.
    void wipe() noexcept {
        if (size_ <= kInline) {
            wipe_cleartext(inline_, kInline);
        } else {
            wipe_cleartext(heap_.get(), size_);
            heap_.reset();
        }
        size_ = 0;
    }

    // `other` is left empty; its inline bytes are zeroed with it (a moved-from
    // value is destroyed or overwritten next, and both wipe the whole buffer).
    void take(Cleartext& other) noexcept {
        size_ = other.size_;
        if (size_ <= kInline) {
            std::memcpy(inline_, other.inline_, kInline);
        } else {
            heap_ = std::move(other.heap_);  // the bytes move with the block
        }
        other.size_ = 0;
    }

    std::size_t size_ = 0;
    char inline_[kInline];  // copied whole; only [0, size_) is ever read
    std::unique_ptr<char[]> heap_;
};

// Makes `value` `text` with each character mapped, in place.
template <class Map>
void assign_mapped(Cleartext& value, std::string_view text, Map map) {
    char* out = value.overwrite(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        out[i] = map(text[i]);
    }
}

// Makes `value` `text` with its ASCII letters lowercased (an email's
// canonical form) or uppercased (a codice fiscale's). Written where the
// value is kept: a move copies the whole inline buffer.
inline void assign_lowercase(Cleartext& value, std::string_view text) {
    assign_mapped(value, text, ascii_lower);
}
inline void assign_uppercase(Cleartext& value, std::string_view text) {
    assign_mapped(value, text, ascii_upper);
}

}  // namespace lw::indexer
