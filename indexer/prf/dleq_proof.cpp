#include "indexer/prf/dleq_proof.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "indexer/prf/multi_scalar_mult.h"
#include "indexer/prf/voprf_group.h"

namespace lw::indexer {
namespace {

using Seed = std::array<unsigned char, crypto_hash_sha512_BYTES>;

constexpr std::string_view kSeedLabel = "Seed-";
constexpr std::string_view kCompositeLabel = "Composite";
constexpr std::string_view kChallengeLabel = "Challenge";

// seed = Hash(I2OSP(len(Bm), 2) || Bm || I2OSP(len(seedDST), 2) || seedDST)
Seed composite_seed(const Element& b, Mode mode) {
    const Dst seed_dst(kSeedLabel, mode);
    const auto element_length = i2osp2(kElementSize);
    const auto dst_length = i2osp2(seed_dst.view().size());
    crypto_hash_sha512_state state;
    crypto_hash_sha512_init(&state);
    crypto_hash_sha512_update(&state, element_length.data(), element_length.size());
    crypto_hash_sha512_update(&state, b.data(), b.size());
    crypto_hash_sha512_update(&state, dst_length.data(), dst_length.size());
    crypto_hash_sha512_update(&state, seed_dst.view().data(), seed_dst.view().size());
    Seed seed{};
    crypto_hash_sha512_final(&state, seed.data());
    return seed;
}

// d_i = HashToScalar(I2OSP(len(seed), 2) || seed || I2OSP(i, 2) ||
//                    I2OSP(len(Ci), 2) || Ci || I2OSP(len(Di), 2) || Di || "Composite")
Scalar composite_weight(const Seed& seed, std::size_t index, const Element& ci, const Element& di,
                        Mode mode) {
    const auto seed_length = i2osp2(seed.size());
    const auto index_bytes = i2osp2(index);
    const auto element_length = i2osp2(kElementSize);
    const std::array<ByteView, 8> parts = {
        seed_length, seed,           index_bytes, element_length,
        ci,          element_length, di,          as_bytes(kCompositeLabel)};
    return hash_to_scalar(parts, mode);
}

// The weights d_i: public, so the sums M = sum d_i * C[i] and Z = sum d_i *
// D[i] are multi-scalar multiplications, not one multiplication an element.
std::vector<Scalar> weights_of(const Seed& seed, std::span<const Element> c,
                               std::span<const Element> d, Mode mode) {
    std::vector<Scalar> weights(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
        weights[i] = composite_weight(seed, i, c[i], d[i], mode);
    }
    return weights;
}

// c = HashToScalar(I2OSP(len(Bm), 2) || Bm || ... || I2OSP(len(t3), 2) || t3 || "Challenge")
Scalar challenge(const Element& b, const Composites& composites, const Element& t2,
                 const Element& t3, Mode mode) {
    const auto element_length = i2osp2(kElementSize);
    const std::array<ByteView, 11> parts = {
        element_length, b,  element_length, composites.m, element_length,           composites.z,
        element_length, t2, element_length, t3,           as_bytes(kChallengeLabel)};
    return hash_to_scalar(parts, mode);
}

}  // namespace

Composites compute_composites(const Element& b, const DecodedElements& c_decoded,
                              const DecodedElements& d_decoded, std::span<const Element> c,
                              std::span<const Element> d, Mode mode) {
    const std::vector<Scalar> weights = weights_of(composite_seed(b, mode), c, d, mode);
    return Composites{c_decoded.sum_of_products(weights), d_decoded.sum_of_products(weights)};
}

Composites compute_composites_fast(const SecretScalar& k, const Element& b,
                                   const DecodedElements& c_decoded, std::span<const Element> c,
                                   std::span<const Element> d, Mode mode) {
    Composites composites{};
    composites.m = c_decoded.sum_of_products(weights_of(composite_seed(b, mode), c, d, mode));
    composites.z = scalar_mult(k.reveal(), composites.m);
    return composites;
}

Proof generate_proof(const SecretScalar& k, const Element& b, const DecodedElements& c_decoded,
                     std::span<const Element> c, std::span<const Element> d, const SecretScalar& r,
                     Mode mode) {
    const Composites composites = compute_composites_fast(k, b, c_decoded, c, d, mode);
    const Element t2 = scalar_mult_base(r.reveal());
    const Element t3 = scalar_mult(r.reveal(), composites.m);
    const Scalar c_scalar = challenge(b, composites, t2, t3, mode);

    // s = r - c * k; c * k is as secret as k.
    Scalar ck{};
    const ScopedWipe wipe_ck(ck);
    crypto_core_ristretto255_scalar_mul(ck.data(), c_scalar.data(), k.reveal().data());
    Scalar s{};
    crypto_core_ristretto255_scalar_sub(s.data(), r.reveal().data(), ck.data());

    Proof proof{};
    std::copy(c_scalar.begin(), c_scalar.end(), proof.begin());
    std::copy(s.begin(), s.end(), proof.begin() + kScalarSize);
    return proof;
}

bool verify_dleq_proof(const Element& b, const DecodedElements& c_decoded,
                       const DecodedElements& d_decoded, std::span<const Element> c,
                       std::span<const Element> d, const Proof& proof, Mode mode) {
    Scalar c_scalar{};
    Scalar s{};
    std::copy(proof.begin(), proof.begin() + kScalarSize, c_scalar.begin());
    std::copy(proof.begin() + kScalarSize, proof.end(), s.begin());
    if (!is_reduced_scalar(c_scalar) || !is_reduced_scalar(s)) {
        return false;
    }

    const Composites composites = compute_composites(b, c_decoded, d_decoded, c, d, mode);

    // t2 = s*G + c*B and t3 = s*M + c*Z. libsodium refuses a product equal
    // to the identity; an honest proof reaches it with negligible probability,
    // so such a proof is treated as false rather than as an error.
    Element s_g{};
    Element c_b{};
    Element s_m{};
    Element c_z{};
    if (crypto_scalarmult_ristretto255_base(s_g.data(), s.data()) != 0 ||
        crypto_scalarmult_ristretto255(c_b.data(), c_scalar.data(), b.data()) != 0 ||
        crypto_scalarmult_ristretto255(s_m.data(), s.data(), composites.m.data()) != 0 ||
        crypto_scalarmult_ristretto255(c_z.data(), c_scalar.data(), composites.z.data()) != 0) {
        return false;
    }
    const Element t2 = element_add(s_g, c_b);
    const Element t3 = element_add(s_m, c_z);
    const Scalar expected = challenge(b, composites, t2, t3, mode);
    return sodium_memcmp(expected.data(), c_scalar.data(), expected.size()) == 0;
}

}  // namespace lw::indexer
