// The multi-scalar multiplication (libdecaf's points) against libsodium's
// one multiplication and one addition an element: the same group, the same
// encoding, the same sums, for every window width it picks.

#include "indexer/prf/multi_scalar_mult.h"

#include <sodium.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/prf/voprf_group.h"

namespace {

using lw::indexer::Element;
using lw::indexer::Scalar;

Element random_element() {
    unsigned char hash[crypto_core_ristretto255_HASHBYTES];
    randombytes_buf(hash, sizeof hash);
    Element e{};
    REQUIRE(crypto_core_ristretto255_from_hash(e.data(), hash) == 0);
    return e;
}

Scalar random_scalar() {
    Scalar s{};
    crypto_core_ristretto255_scalar_random(s.data());
    return s;
}

// The group order minus one, little-endian: the largest reduced scalar.
Scalar order_minus_one() {
    Scalar s{};
    const unsigned char one[crypto_core_ristretto255_SCALARBYTES] = {1};
    crypto_core_ristretto255_scalar_negate(s.data(), one);
    return s;
}

// A zero scalar or the identity adds nothing (libsodium refuses both).
Element naive_sum(const std::vector<Scalar>& scalars, const std::vector<Element>& elements) {
    Element sum{};  // the identity
    for (std::size_t i = 0; i < scalars.size(); ++i) {
        if (scalars[i] == Scalar{} || elements[i] == Element{}) {
            continue;
        }
        sum = lw::indexer::element_add(sum, lw::indexer::scalar_mult(scalars[i], elements[i]));
    }
    return sum;
}

// The elements decoded as a verifier decodes them (the identity allowed),
// then summed weighted by the scalars.
Element sum_of_products(const std::vector<Scalar>& scalars, const std::vector<Element>& elements) {
    return lw::indexer::DecodedElements(elements, "element", true).sum_of_products(scalars);
}

}  // namespace

TEST_CASE("multi-scalar multiplication: libsodium's sums, at every window width",
          "[indexer][voprf]") {
    // 1 to 3000 elements: window widths 2 to 8.
    for (const std::size_t n : {1, 2, 7, 31, 64, 300, 3000}) {
        std::vector<Scalar> scalars(n);
        std::vector<Element> elements(n);
        for (std::size_t i = 0; i < n; ++i) {
            scalars[i] = random_scalar();
            elements[i] = random_element();
        }
        // Edge scalars and a repeated element: zero, one, the largest,
        // 2^252 - 1 (every window full), and an element twice (its
        // bucket adds it to itself).
        scalars[0] = order_minus_one();
        if (n > 3) {
            scalars[1] = Scalar{};
            scalars[2] = Scalar{1};
            elements[2] = elements[0];
            scalars[3].fill(0xff);
            scalars[3][31] = 0x0f;
        }
        INFO("n = " << n);
        CHECK(sum_of_products(scalars, elements) == naive_sum(scalars, elements));
    }
    // None, the identity as an element, and terms that cancel: the identity.
    CHECK(sum_of_products({}, {}) == Element{});
    const Element p = random_element();
    const Scalar s = random_scalar();
    Scalar minus_s{};
    crypto_core_ristretto255_scalar_negate(minus_s.data(), s.data());
    const std::vector<Scalar> scalars = {s, minus_s, random_scalar()};
    const std::vector<Element> elements = {p, p, Element{}};
    CHECK(sum_of_products(scalars, elements) == Element{});
}

TEST_CASE("multi-scalar multiplication refuses what is not a reduced scalar or an element",
          "[indexer][voprf]") {
    const std::vector<Element> one = {random_element()};
    Scalar unreduced{};
    unreduced.fill(0xff);
    CHECK_THROWS_AS(sum_of_products(std::vector<Scalar>{unreduced}, one), lw::Error);
    Element bad{};
    bad.fill(0xff);
    CHECK_THROWS_AS(sum_of_products(std::vector<Scalar>{random_scalar()}, std::vector{bad}),
                    lw::Error);
    CHECK_THROWS_AS(sum_of_products(std::vector<Scalar>{}, one), lw::Error);
}

TEST_CASE("decoded elements: libsodium's products, and the element that does not decode named",
          "[indexer][voprf]") {
    std::vector<Element> elements(20);
    for (Element& e : elements) {
        e = random_element();
    }
    const lw::indexer::DecodedElements decoded(elements, "blinded element");
    CHECK(decoded.size() == elements.size());
    const Scalar k = random_scalar();
    const std::vector<Element> products = decoded.times(k);
    REQUIRE(products.size() == elements.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
        CHECK(products[i] == lw::indexer::scalar_mult(k, elements[i]));
    }
    std::vector<Scalar> weights(elements.size());
    for (Scalar& w : weights) {
        w = random_scalar();
    }
    CHECK(decoded.sum_of_products(weights) == naive_sum(weights, elements));

    // A slice is those elements, decoded: its products and sums are theirs.
    const lw::indexer::DecodedElements middle = decoded.slice(3, 5);
    REQUIRE(middle.size() == 5);
    const std::vector<Element> middle_elements(elements.begin() + 3, elements.begin() + 8);
    const std::vector<Element> middle_products = middle.times(k);
    CHECK(std::equal(middle_products.begin(), middle_products.end(), products.begin() + 3));
    const std::vector<Scalar> middle_weights(weights.begin() + 3, weights.begin() + 8);
    CHECK(middle.sum_of_products(middle_weights) == naive_sum(middle_weights, middle_elements));
    CHECK(decoded.slice(elements.size(), 0).size() == 0);
    CHECK_THROWS_AS(decoded.slice(elements.size() - 2, 3), lw::Error);

    elements[7].fill(0xff);
    CHECK_THROWS_WITH(lw::indexer::DecodedElements(elements, "blinded element"),
                      "voprf: blinded element 7 is not a valid group element (non-canonical "
                      "encoding or identity)");
    try {
        static_cast<void>(lw::indexer::DecodedElements(elements, "blinded element"));
    } catch (const lw::indexer::InvalidElement& e) {
        CHECK(e.index() == 7);
        CHECK(e.category() == lw::ErrorCategory::crypto);
    }
    elements[7] = Element{};  // the identity: refused unless allowed
    CHECK_THROWS_AS(lw::indexer::DecodedElements(elements, "blinded element"), lw::Error);
    CHECK(lw::indexer::DecodedElements(elements, "element", true).size() == elements.size());
}
