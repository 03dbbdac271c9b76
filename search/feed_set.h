#pragma once

// The corpus's token set as the institution service publishes it (GET
// /v1/feed, docs/feed-format.md): the distinct k-bit prefixes of its
// tokens, sorted and Golomb-Rice coded, so that an institution matches its
// own tokens on its side and the operator never sees them. k is chosen from
// the set's size so that a token not in the corpus matches a prefix with a
// chance of at most 2^-kFalseMatchLog2; the coding takes about
// kFalseMatchLog2 + 2 bits a prefix.
//
// Tokens are VOPRF outputs (uniform bytes), so their first bytes need no
// further hashing.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/prf/voprf.h"

namespace lw::search {

// POST /v1/details asks for exactly this many buckets (token starts) at a
// time: the client's matches padded with random ones (docs/feed-format.md).
inline constexpr std::size_t kDetailsBuckets = 64;

class FeedSet {
  public:
    // A token not in the set matches with a chance of at most 1 in 2^14.
    static constexpr unsigned kFalseMatchLog2 = 14;
    static constexpr unsigned kMaxPrefixBits = 64;

    // The prefix width for `distinct_tokens` tokens: the least k with
    // 2^k >= max(1, distinct_tokens) * 2^kFalseMatchLog2.
    static unsigned prefix_bits_for(std::uint64_t distinct_tokens) noexcept;
    // The first `prefix_bits` bits of `token`, read big-endian.
    static std::uint64_t prefix_of(const indexer::TokenBytes& token, unsigned prefix_bits) noexcept;

    FeedSet() = default;
    // From prefixes of `prefix_bits` bits (any order, repeats allowed).
    // REQUIRES: 1 <= prefix_bits <= 64 and every prefix < 2^prefix_bits.
    FeedSet(std::vector<std::uint64_t> prefixes, unsigned prefix_bits);
    // The prefixes of `tokens`, at the width their number calls for.
    static FeedSet of_tokens(std::span<const indexer::TokenBytes> tokens);

    // The coded form (docs/feed-format.md).
    std::string encode() const;
    // Reads a coded set; throws lw::Error(usage) naming what is wrong for
    // bytes that are not one (never reads past them, never allocates more
    // than their size calls for).
    static FeedSet decode(std::string_view bytes);

    bool contains(const indexer::TokenBytes& token) const noexcept;
    // This set with `added` put in and `removed` taken out: a delta of the
    // feed. All three must have the same prefix width (throws lw::Error(usage)).
    FeedSet updated(const FeedSet& added, const FeedSet& removed) const;

    unsigned prefix_bits() const noexcept { return prefix_bits_; }
    std::size_t size() const noexcept { return prefixes_.size(); }
    const std::vector<std::uint64_t>& prefixes() const noexcept { return prefixes_; }

    friend bool operator==(const FeedSet&, const FeedSet&) = default;

  private:
    std::vector<std::uint64_t> prefixes_;  // sorted, distinct
    unsigned prefix_bits_ = kFalseMatchLog2;
};

}  // namespace lw::search
