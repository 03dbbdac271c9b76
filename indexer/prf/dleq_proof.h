#pragma once

// Private to indexer/: RFC 9497 §2.2 batched discrete-log-equality proofs,
// proving log_G(B) == log_C[i](D[i]) for every i with one 64-byte proof.
// The generator A is always G (VOPRF and POPRF both use it). Callers
// validate every element and the batch sizes first; these functions only
// compute.

#include <span>

#include "indexer/prf/multi_scalar_mult.h"
#include "indexer/prf/voprf.h"

namespace lw::indexer {

struct Composites {
    Element m;  // sum of d_i * C[i]
    Element z;  // sum of d_i * D[i] (== k * m for an honest prover)
};

// ComputeComposites, the verifier's form; c_decoded and d_decoded are c and
// d decoded (the verifier decodes them once, to validate them and to sum).
[[nodiscard]] Composites compute_composites(const Element& b, const DecodedElements& c_decoded,
                                            const DecodedElements& d_decoded,
                                            std::span<const Element> c, std::span<const Element> d,
                                            Mode mode);
// ComputeCompositesFast, the prover's form: z = k * m, one multiplication
// instead of one per element; c_decoded is c decoded (the server decodes a
// batch once, for its evaluations and its proof).
[[nodiscard]] Composites compute_composites_fast(const SecretScalar& k, const Element& b,
                                                 const DecodedElements& c_decoded,
                                                 std::span<const Element> c,
                                                 std::span<const Element> d, Mode mode);

// GenerateProof for k = log_G(b) over the batch (c, d), with nonce r; c_decoded
// as above.
[[nodiscard]] Proof generate_proof(const SecretScalar& k, const Element& b,
                                   const DecodedElements& c_decoded, std::span<const Element> c,
                                   std::span<const Element> d, const SecretScalar& r, Mode mode);

// VerifyProof. False for a wrong proof, including one whose scalars are not
// reduced or whose checks reach the identity element.
[[nodiscard]] bool verify_dleq_proof(const Element& b, const DecodedElements& c_decoded,
                                     const DecodedElements& d_decoded, std::span<const Element> c,
                                     std::span<const Element> d, const Proof& proof, Mode mode);

}  // namespace lw::indexer
