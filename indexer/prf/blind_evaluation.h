#pragma once

// The operator's side of the blind protocol (`leakwatch evaluate`): evaluate
// an institution's blinded elements with skS and prove, for each batch,
// that the key used is the one whose public part was published. The
// operator sees only random-looking group elements: nothing of the
// institution's identifiers, not even how many rows they come from.

#include <cstddef>

#include "indexer/prf/blind_message.h"
#include "indexer/prf/multi_scalar_mult.h"
#include "indexer/prf/voprf.h"

namespace lw::indexer {

struct BlindEvaluationOptions {
    // Elements per DLEQ proof, 1..kMaxBatchSize. Small batches spread the
    // proofs over the cores; each costs 64 bytes and a few multiplications.
    std::size_t batch_size = 4096;
    // 0: one per core.
    unsigned threads = 0;
};

// The request's elements decoded, which validates them: each is decoded
// once, for its evaluation and its batch's proof. Throws lw::Error(usage)
// "request: element N is not a valid group element" (N from 1) for a
// non-canonical encoding or the identity.
[[nodiscard]] DecodedElements decode_request(const BlindRequest& request);

// BlindEvaluate (VOPRF) over the whole request: evaluated element i is
// skS * element i; proof k covers the k-th run of batch_size elements.
// `decoded` is decode_request(request).
[[nodiscard]] BlindResponse evaluate_blind_request(const SecretScalar& secret_key,
                                                   const BlindRequest& request,
                                                   const DecodedElements& decoded,
                                                   const BlindEvaluationOptions& options = {});
// The same, decoding the request first (throws as decode_request does).
[[nodiscard]] BlindResponse evaluate_blind_request(const SecretScalar& secret_key,
                                                   const BlindRequest& request,
                                                   const BlindEvaluationOptions& options = {});

}  // namespace lw::indexer
