#pragma once

// Private to indexer/: sum of s_i * P_i over ristretto255 for many public
// scalars and elements at once (Pippenger's bucket method), the cost of
// RFC 9497's batched proofs: both sides sum a weight times every element
// of a batch. libsodium has no point type to add without encoding, so the
// sums run on libdecaf's (Debian's libdecaf-dev), whose 255-bit group is
// ristretto255 with the same encoding (tests/unit/indexer/prf/
// multi_scalar_mult_test.cpp holds the two libraries to the same results).
// About 7 times faster than a scalar multiplication an element for a
// batch of 8192, and never slower for small ones.
//
// Variable time: only for scalars and elements that are public (a proof's
// weights and the batch's elements), never a key or a blind.

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/prf/voprf.h"

namespace lw::indexer {

// An element of a batch that does not decode (a non-canonical encoding, or
// the identity where not allowed); index() is its place in the batch, so
// that a caller can name it in its own terms.
class InvalidElement : public Error {
  public:
    InvalidElement(std::string_view what, std::size_t index);
    std::size_t index() const noexcept { return index_; }

  private:
    std::size_t index_;
};

// A batch's elements decoded once, for all the products a side takes of
// them: the server multiplies each by its key and sums them weighted for
// its proof; decoding (a square root each) is then paid once, not three
// times.
class DecodedElements {
  public:
    // Throws InvalidElement, an lw::Error(crypto) "voprf: WHAT I is not a
    // valid group element (...)", for a non-canonical encoding or, unless
    // allowed, the identity.
    DecodedElements(std::span<const Element> elements, std::string_view what,
                    bool allow_identity = false);
    ~DecodedElements();
    DecodedElements(DecodedElements&&) noexcept;
    DecodedElements& operator=(DecodedElements&&) noexcept;

    std::size_t size() const noexcept;
    // Elements [first, first + count), a copy (no decoding again).
    [[nodiscard]] DecodedElements slice(std::size_t first, std::size_t count) const;
    // k * each element, in constant time: k may be the secret key.
    [[nodiscard]] std::vector<Element> times(const Scalar& k) const;
    // sum of scalars[i] * element i, in variable time: public scalars only.
    // Scalars must be reduced; throws lw::Error(crypto) otherwise.
    [[nodiscard]] Element sum_of_products(std::span<const Scalar> scalars) const;

  private:
    DecodedElements();
    struct Points;
    std::unique_ptr<Points> points_;
};

}  // namespace lw::indexer
