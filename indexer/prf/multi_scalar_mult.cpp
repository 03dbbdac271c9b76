#include "indexer/prf/multi_scalar_mult.h"

#include <decaf/point_255.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "indexer/base/error.h"

namespace lw::indexer {
namespace {

// Scalars are below the group order, under 2^253.
constexpr unsigned kScalarBits = 253;

using Point = decaf_255_point_s;

// The scalar as four little-endian 64-bit limbs.
std::array<std::uint64_t, 4> limbs_of(const Scalar& s) {
    std::array<std::uint64_t, 4> limbs{};
    for (std::size_t i = 0; i < s.size(); ++i) {
        limbs[i / 8] |= std::uint64_t{s[i]} << (8 * (i % 8));
    }
    return limbs;
}

// Bits [first, first + width) of the scalar; width at most 32.
unsigned digit(const std::array<std::uint64_t, 4>& limbs, unsigned first, unsigned width) {
    const unsigned limb = first / 64;
    const unsigned shift = first % 64;
    std::uint64_t bits = limbs[limb] >> shift;
    if (shift + width > 64 && limb + 1 < limbs.size()) {
        bits |= limbs[limb + 1] << (64 - shift);
    }
    return static_cast<unsigned>(bits & ((std::uint64_t{1} << width) - 1));
}

// The window width that makes the fewest additions: each window costs one
// addition an element and two a bucket.
unsigned window_bits(std::size_t count) {
    const int width = static_cast<int>(std::bit_width(count)) - 4;
    return static_cast<unsigned>(std::clamp(width, 2, 12));
}

}  // namespace

InvalidElement::InvalidElement(std::string_view what, std::size_t index)
    : Error(ErrorCategory::crypto,
            "voprf: " + std::string(what) + " " + std::to_string(index) +
                " is not a valid group element (non-canonical encoding or identity)"),
      index_(index) {}

struct DecodedElements::Points {
    std::vector<Point> points;
};

DecodedElements::DecodedElements() : points_(std::make_unique<Points>()) {}

DecodedElements::DecodedElements(std::span<const Element> elements, std::string_view what,
                                 bool allow_identity)
    : points_(std::make_unique<Points>()) {
    points_->points.resize(elements.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (decaf_255_point_decode(&points_->points[i], elements[i].data(),
                                   allow_identity ? DECAF_TRUE : DECAF_FALSE) != DECAF_SUCCESS) {
            throw InvalidElement(what, i);
        }
    }
}

DecodedElements::~DecodedElements() = default;
DecodedElements::DecodedElements(DecodedElements&&) noexcept = default;
DecodedElements& DecodedElements::operator=(DecodedElements&&) noexcept = default;

std::size_t DecodedElements::size() const noexcept {
    return points_->points.size();
}

DecodedElements DecodedElements::slice(std::size_t first, std::size_t count) const {
    const std::vector<Point>& points = points_->points;
    if (first > points.size() || count > points.size() - first) {
        throw Error(ErrorCategory::crypto, "DecodedElements: slice past the end");
    }
    DecodedElements part;
    const auto begin = points.begin() + static_cast<std::ptrdiff_t>(first);
    part.points_->points.assign(begin, begin + static_cast<std::ptrdiff_t>(count));
    return part;
}

std::vector<Element> DecodedElements::times(const Scalar& k) const {
    decaf_255_scalar_t scalar;
    if (decaf_255_scalar_decode(scalar, k.data()) != DECAF_SUCCESS) {
        decaf_255_scalar_destroy(scalar);
        throw Error(ErrorCategory::crypto, "voprf: a scalar is not reduced");
    }
    std::vector<Element> products(size());
    Point product;
    for (std::size_t i = 0; i < size(); ++i) {
        decaf_255_point_scalarmul(&product, &points_->points[i], scalar);
        decaf_255_point_encode(products[i].data(), &product);
    }
    decaf_255_point_destroy(&product);
    decaf_255_scalar_destroy(scalar);
    return products;
}

Element DecodedElements::sum_of_products(std::span<const Scalar> scalars) const {
    const std::vector<Point>& points = points_->points;
    if (scalars.size() != points.size()) {
        throw Error(ErrorCategory::crypto, "multi_scalar_mult: as many scalars as elements");
    }
    std::vector<std::array<std::uint64_t, 4>> limbs(scalars.size());
    for (std::size_t i = 0; i < scalars.size(); ++i) {
        decaf_255_scalar_t reduced;
        if (decaf_255_scalar_decode(reduced, scalars[i].data()) != DECAF_SUCCESS) {
            throw Error(ErrorCategory::crypto, "multi_scalar_mult: a scalar is not reduced");
        }
        limbs[i] = limbs_of(scalars[i]);
    }
    // Pippenger: per window of c bits, from the top, each element goes to
    // the bucket of its digit; sum_v v * bucket[v] comes from two running
    // sums; the total doubles c times between windows.
    const unsigned c = window_bits(points.size());
    const unsigned windows = (kScalarBits + c - 1) / c;
    std::vector<Point> buckets(std::size_t{1} << c);
    std::vector<bool> filled(buckets.size());
    Point total;
    decaf_255_point_copy(&total, decaf_255_point_identity);
    for (unsigned w = windows; w-- > 0;) {
        for (unsigned i = 0; i < c; ++i) {
            decaf_255_point_double(&total, &total);
        }
        std::fill(filled.begin(), filled.end(), false);
        for (std::size_t i = 0; i < points.size(); ++i) {
            const unsigned v = digit(limbs[i], w * c, std::min(c, kScalarBits - w * c));
            if (v == 0) {
                continue;
            }
            if (filled[v]) {
                decaf_255_point_add(&buckets[v], &buckets[v], &points[i]);
            } else {
                decaf_255_point_copy(&buckets[v], &points[i]);
                filled[v] = true;
            }
        }
        Point running;
        Point window;
        decaf_255_point_copy(&running, decaf_255_point_identity);
        decaf_255_point_copy(&window, decaf_255_point_identity);
        for (std::size_t v = buckets.size() - 1; v >= 1; --v) {
            if (filled[v]) {
                decaf_255_point_add(&running, &running, &buckets[v]);
            }
            decaf_255_point_add(&window, &window, &running);
        }
        decaf_255_point_add(&total, &total, &window);
    }
    Element sum{};
    decaf_255_point_encode(sum.data(), &total);
    return sum;
}

}  // namespace lw::indexer
