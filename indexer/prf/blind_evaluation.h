#pragma once

// The operator's side of the blind protocol (`leakwatch evaluate`): evaluate
// an institution's blinded elements with skS and prove, for each batch,
// that the key used is the one whose public part was published. The
// operator sees only random-looking group elements: nothing of the
// institution's identifiers, not even how many rows they come from.

#include <cstddef>

#include "indexer/prf/blind_message.h"
#include "indexer/prf/voprf.h"

namespace lw::indexer {

struct BlindEvaluationOptions {
    // Elements per DLEQ proof, 1..kMaxBatchSize. Small batches spread the
    // proofs over the cores; each costs 64 bytes and a few multiplications.
    std::size_t batch_size = 4096;
    // 0: one per core.
    unsigned threads = 0;
};

// BlindEvaluate (VOPRF) over the whole request: evaluated element i is
// skS * element i; proof k covers the k-th run of batch_size elements.
// The request's elements are already validated (parse_blind_request).
[[nodiscard]] BlindResponse evaluate_blind_request(const SecretScalar& secret_key,
                                                   const BlindRequest& request,
                                                   const BlindEvaluationOptions& options = {});

}  // namespace lw::indexer
