#include "search/feed_set.h"

#include <algorithm>
#include <bit>

#include "indexer/base/error.h"
#include "search/leb128.h"

namespace lw::search {
namespace {

constexpr std::string_view kMagic = "LWFS";
constexpr unsigned char kVersion = 1;

[[noreturn]] void malformed(const std::string& why) {
    throw Error(ErrorCategory::usage, "feed set: " + why);
}

std::uint64_t limit_of(unsigned prefix_bits) {
    return prefix_bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << prefix_bits) - 1;
}

// What is coded for each prefix: the first as it is, then each one's gap
// from the one before less one (they are distinct).
template <typename Fn>
void for_each_gap(const std::vector<std::uint64_t>& sorted, Fn&& fn) {
    std::uint64_t previous = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        fn(i == 0 ? sorted[i] : sorted[i] - previous - 1);
        previous = sorted[i];
    }
}

// The Rice parameter that codes these gaps in the fewest bits: near
// log2 of their mean, so a few around it are tried.
unsigned best_rice_bits(const std::vector<std::uint64_t>& sorted, unsigned prefix_bits) {
    if (sorted.empty()) {
        return 0;
    }
    const std::uint64_t mean = std::max<std::uint64_t>(1, sorted.back() / sorted.size());
    const int centre = static_cast<int>(std::bit_width(mean)) - 1;
    unsigned best = 0;
    std::uint64_t best_bits = ~std::uint64_t{0};
    for (int p = std::max(0, centre - 2); p <= std::min<int>(centre + 2, prefix_bits - 1); ++p) {
        std::uint64_t bits = 0;
        for_each_gap(sorted, [&](std::uint64_t gap) { bits += (gap >> p) + 1 + p; });
        if (bits < best_bits) {
            best_bits = bits;
            best = static_cast<unsigned>(p);
        }
    }
    return best;
}

class BitWriter {
  public:
    explicit BitWriter(std::string& out) : out_(out) {}
    void bit(bool one) {
        current_ = static_cast<unsigned char>(current_ | (one ? 0x80u >> used_ : 0));
        if (++used_ == 8) {
            flush();
        }
    }
    void bits(std::uint64_t value, unsigned count) {
        for (unsigned i = count; i-- > 0;) {
            bit(((value >> i) & 1) != 0);
        }
    }
    void finish() {
        if (used_ != 0) {
            flush();
        }
    }

  private:
    void flush() {
        out_.push_back(static_cast<char>(current_));
        current_ = 0;
        used_ = 0;
    }
    std::string& out_;
    unsigned char current_ = 0;
    unsigned used_ = 0;
};

class BitReader {
  public:
    explicit BitReader(std::string_view in) : in_(in) {}
    std::uint64_t left() const noexcept { return in_.size() * 8 - position_; }
    bool bit() {
        if (left() == 0) {
            malformed("ends in the middle of a prefix");
        }
        const auto byte = static_cast<unsigned char>(in_[position_ / 8]);
        const bool one = ((byte >> (7 - position_ % 8)) & 1) != 0;
        ++position_;
        return one;
    }
    std::uint64_t bits(unsigned count) {
        std::uint64_t value = 0;
        for (unsigned i = 0; i < count; ++i) {
            value = (value << 1) | (bit() ? 1 : 0);
        }
        return value;
    }

  private:
    std::string_view in_;
    std::uint64_t position_ = 0;
};

}  // namespace

unsigned FeedSet::prefix_bits_for(std::uint64_t distinct_tokens) noexcept {
    const std::uint64_t n = std::max<std::uint64_t>(1, distinct_tokens);
    const unsigned size_bits = static_cast<unsigned>(std::bit_width(n - 1));  // ceil(log2 n)
    return std::min(kMaxPrefixBits, size_bits + kFalseMatchLog2);
}

std::uint64_t FeedSet::prefix_of(const indexer::TokenBytes& token, unsigned prefix_bits) noexcept {
    std::uint64_t first = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        first = (first << 8) | token[i];
    }
    return prefix_bits >= 64 ? first : first >> (64 - prefix_bits);
}

FeedSet::FeedSet(std::vector<std::uint64_t> prefixes, unsigned prefix_bits)
    : prefixes_(std::move(prefixes)), prefix_bits_(prefix_bits) {
    std::sort(prefixes_.begin(), prefixes_.end());
    prefixes_.erase(std::unique(prefixes_.begin(), prefixes_.end()), prefixes_.end());
}

FeedSet FeedSet::of_tokens(std::span<const indexer::TokenBytes> tokens) {
    // Sized by the tokens, not by their distinct prefixes: a few more
    // prefix bits than needed at worst, and the width is known up front.
    const unsigned bits = prefix_bits_for(tokens.size());
    std::vector<std::uint64_t> prefixes;
    prefixes.reserve(tokens.size());
    for (const indexer::TokenBytes& token : tokens) {
        prefixes.push_back(prefix_of(token, bits));
    }
    return FeedSet(std::move(prefixes), bits);
}

std::string FeedSet::encode() const {
    const unsigned rice = best_rice_bits(prefixes_, prefix_bits_);
    std::string out(kMagic);
    out.push_back(static_cast<char>(kVersion));
    out.push_back(static_cast<char>(prefix_bits_));
    out.push_back(static_cast<char>(rice));
    put_leb128(out, prefixes_.size());
    BitWriter writer(out);
    for_each_gap(prefixes_, [&](std::uint64_t gap) {
        for (std::uint64_t q = gap >> rice; q > 0; --q) {
            writer.bit(true);
        }
        writer.bit(false);
        writer.bits(gap, rice);
    });
    writer.finish();
    return out;
}

FeedSet FeedSet::decode(std::string_view bytes) {
    if (bytes.size() < kMagic.size() + 3 || bytes.substr(0, kMagic.size()) != kMagic) {
        malformed("not a leakwatch feed set");
    }
    bytes.remove_prefix(kMagic.size());
    const auto version = static_cast<unsigned char>(bytes[0]);
    const auto prefix_bits = static_cast<unsigned char>(bytes[1]);
    const auto rice = static_cast<unsigned char>(bytes[2]);
    bytes.remove_prefix(3);
    if (version != kVersion) {
        malformed("version " + std::to_string(version) + ", this leakwatch reads version " +
                  std::to_string(kVersion));
    }
    if (prefix_bits < 1 || prefix_bits > kMaxPrefixBits || rice >= prefix_bits) {
        malformed("prefix width " + std::to_string(prefix_bits) + " with Rice parameter " +
                  std::to_string(rice));
    }
    const std::optional<std::uint64_t> read_count = take_leb128(bytes);
    if (!read_count) {
        malformed("truncated count");
    }
    const std::uint64_t count = *read_count;
    BitReader reader(bytes);
    if (count > reader.left() / (rice + 1u)) {  // each prefix takes rice + 1 bits at least
        malformed("more prefixes than bytes");
    }
    const std::uint64_t limit = limit_of(prefix_bits);
    FeedSet set;
    set.prefix_bits_ = prefix_bits;
    set.prefixes_.reserve(count);
    std::uint64_t previous = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t quotient = 0;
        while (reader.bit()) {
            if (++quotient > (limit >> rice)) {
                malformed("a prefix past the width");
            }
        }
        const std::uint64_t gap = (quotient << rice) | reader.bits(rice);
        const std::uint64_t base = i == 0 ? 0 : previous + 1;
        if ((i != 0 && previous == limit) || gap > limit - base) {
            malformed("a prefix past the width");
        }
        previous = base + gap;
        set.prefixes_.push_back(previous);
    }
    // Canonical: zero padding to the byte, nothing after.
    if (reader.left() >= 8 || (reader.left() > 0 && reader.bits(reader.left()) != 0)) {
        malformed("bytes after the last prefix");
    }
    return set;
}

bool FeedSet::contains(const indexer::TokenBytes& token) const noexcept {
    return std::binary_search(prefixes_.begin(), prefixes_.end(), prefix_of(token, prefix_bits_));
}

FeedSet FeedSet::updated(const FeedSet& added, const FeedSet& removed) const {
    if (added.prefix_bits_ != prefix_bits_ || removed.prefix_bits_ != prefix_bits_) {
        malformed("a delta of another prefix width (fetch the whole feed again)");
    }
    std::vector<std::uint64_t> merged;
    merged.reserve(prefixes_.size() + added.size());
    std::set_union(prefixes_.begin(), prefixes_.end(), added.prefixes_.begin(),
                   added.prefixes_.end(), std::back_inserter(merged));
    FeedSet result;
    result.prefix_bits_ = prefix_bits_;
    result.prefixes_.reserve(merged.size());
    std::set_difference(merged.begin(), merged.end(), removed.prefixes_.begin(),
                        removed.prefixes_.end(), std::back_inserter(result.prefixes_));
    return result;
}

}  // namespace lw::search
