#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/base/kind.h"
#include "indexer/prf/voprf.h"

namespace lw::indexer {

class Tokenizer;

// Identifiers on their way to tokens: the PRF inputs "KIND:CANONICAL" of a
// batch, each with a caller's tag (a row, a position), and once a
// Tokenizer has been through it, their tokens in the same order.
//
// The inputs are cleartext: they live in one buffer that is wiped on
// clear(), on destruction and whenever it grows. Neither copyable nor
// movable, so that no stray copy of the buffer exists.
class TokenBatch {
  public:
    TokenBatch() = default;
    TokenBatch(const TokenBatch&) = delete;
    TokenBatch& operator=(const TokenBatch&) = delete;
    ~TokenBatch();

    // Appends kind_name(kind) + ":" + canonical. Its token is unset until
    // the batch is tokenized again.
    void add(Kind kind, std::string_view canonical, std::uint64_t tag = 0);
    // Forgets and wipes every input; keeps the memory for the next batch.
    void clear() noexcept;

    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    [[nodiscard]] Kind kind(std::size_t i) const noexcept { return entries_[i].kind; }
    [[nodiscard]] std::uint64_t tag(std::size_t i) const noexcept { return entries_[i].tag; }
    // REQUIRES: Tokenizer::tokenize (or start and finish) ran on this batch.
    [[nodiscard]] const TokenBytes& token(std::size_t i) const noexcept { return tokens_[i]; }
    // The PRF input of entry `i`, in clear: a grep for reveal finds readers.
    [[nodiscard]] std::string_view reveal_input(std::size_t i) const noexcept {
        return {text_.get() + entries_[i].begin, entries_[i].size};
    }

  private:
    friend class Tokenizer;
    using Digest = std::array<unsigned char, 16>;
    struct DigestHash {
        // The digest is already uniform: its first bytes are a fine hash.
        std::size_t operator()(const Digest& d) const noexcept;
    };
    using Pair = std::pair<std::uint32_t, std::uint32_t>;

    struct Entry {
        std::uint32_t begin;
        std::uint32_t size;
        Kind kind;
        std::uint64_t tag;
    };

    void reserve_text(std::size_t needed);
    void clear_scratch() noexcept;

    std::unique_ptr<char[]> text_;
    std::size_t text_size_ = 0;
    std::size_t text_capacity_ = 0;
    std::vector<Entry> entries_;
    std::vector<TokenBytes> tokens_;
    // The tokenizer's scratch, from Tokenizer::prepare() until the batch is
    // complete: keyed digests of the inputs, which the cache answered, each
    // distinct digest's first entry, the entries to evaluate, and the
    // entries that repeat one of this batch (`repeats_`) or of the batch in
    // flight when this one was prepared (`earlier_`), as (entry, first).
    std::vector<Digest> digests_;
    std::vector<unsigned char> known_;
    std::unordered_map<Digest, std::uint32_t, DigestHash> first_;
    std::vector<std::uint32_t> misses_;
    std::vector<Pair> repeats_;
    std::vector<Pair> earlier_;
};

}  // namespace lw::indexer
