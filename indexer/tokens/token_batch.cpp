#include "indexer/tokens/token_batch.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "indexer/base/error.h"

namespace lw::indexer {

TokenBatch::~TokenBatch() {
    clear();
}

void TokenBatch::clear() noexcept {
    if (text_size_ > 0) {
        sodium_memzero(text_.get(), text_size_);
    }
    text_size_ = 0;
    entries_.clear();
    tokens_.clear();
    clear_scratch();
}

void TokenBatch::clear_scratch() noexcept {
    digests_.clear();
    known_.clear();
    first_.clear();
    misses_.clear();
    repeats_.clear();
    earlier_.clear();
}

std::size_t TokenBatch::DigestHash::operator()(const Digest& d) const noexcept {
    std::size_t h = 0;
    std::memcpy(&h, d.data(), sizeof h);
    return h;
}

void TokenBatch::reserve_text(std::size_t needed) {
    if (needed <= text_capacity_) {
        return;
    }
    if (needed > std::numeric_limits<std::uint32_t>::max()) {
        throw Error(ErrorCategory::usage, "token batch larger than 4 GiB");
    }
    const std::size_t capacity = std::max({needed, 2 * text_capacity_, std::size_t{4096}});
    auto grown = std::make_unique<char[]>(capacity);
    if (text_size_ > 0) {
        std::memcpy(grown.get(), text_.get(), text_size_);
        sodium_memzero(text_.get(), text_size_);  // the old block goes back to the heap
    }
    text_ = std::move(grown);
    text_capacity_ = capacity;
}

void TokenBatch::add(Kind kind, std::string_view canonical, std::uint64_t tag) {
    const std::string_view name = kind_name(kind);
    const std::size_t size = name.size() + 1 + canonical.size();
    reserve_text(text_size_ + size);
    char* out = text_.get() + text_size_;
    std::memcpy(out, name.data(), name.size());
    out[name.size()] = ':';
    if (!canonical.empty()) {
        std::memcpy(out + name.size() + 1, canonical.data(), canonical.size());
    }
    entries_.push_back(
        {static_cast<std::uint32_t>(text_size_), static_cast<std::uint32_t>(size), kind, tag});
    text_size_ += size;
}

}  // namespace lw::indexer
