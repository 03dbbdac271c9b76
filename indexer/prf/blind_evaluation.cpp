#include "indexer/prf/blind_evaluation.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "indexer/base/error.h"
#include "indexer/base/worker_pool.h"

namespace lw::indexer {

DecodedElements decode_request(const BlindRequest& request) {
    try {
        return DecodedElements(request.elements, "element");
    } catch (const InvalidElement& e) {
        throw Error(ErrorCategory::usage, "request: element " + std::to_string(e.index() + 1) +
                                              " is not a valid group element");
    }
}

BlindResponse evaluate_blind_request(const SecretScalar& secret_key, const BlindRequest& request,
                                     const BlindEvaluationOptions& options) {
    return evaluate_blind_request(secret_key, request, decode_request(request), options);
}

BlindResponse evaluate_blind_request(const SecretScalar& secret_key, const BlindRequest& request,
                                     const DecodedElements& decoded,
                                     const BlindEvaluationOptions& options) {
    if (options.batch_size == 0 || options.batch_size > kMaxBatchSize) {
        throw Error(ErrorCategory::usage, "evaluate: batch size must be 1 to 65536");
    }
    const std::size_t n = request.elements.size();
    if (decoded.size() != n) {
        throw Error(ErrorCategory::crypto, "evaluate: the decoded request is another request");
    }
    const std::size_t batches = (n + options.batch_size - 1) / options.batch_size;
    const Element public_key = public_key_of(secret_key);

    BlindResponse response;
    response.request_id = request.request_id;
    response.batch_size = options.batch_size;
    response.evaluated_elements.resize(n);
    response.proofs.resize(batches);

    const std::span<const Element> elements(request.elements);
    const auto evaluate_batches = [&](std::size_t begin, std::size_t end) {
        for (std::size_t b = begin; b < end; ++b) {
            const std::size_t first = b * options.batch_size;
            const std::size_t count = std::min(options.batch_size, n - first);
            VerifiableEvaluation evaluation =
                blind_evaluate(secret_key, public_key, decoded.slice(first, count),
                               elements.subspan(first, count));
            std::copy(evaluation.evaluated_elements.begin(), evaluation.evaluated_elements.end(),
                      response.evaluated_elements.begin() + static_cast<std::ptrdiff_t>(first));
            response.proofs[b] = evaluation.proof;
        }
    };
    if (batches > 1 && options.threads != 1) {
        WorkerPool pool(std::min<std::size_t>(
            batches, options.threads == 0 ? WorkerPool::default_threads() : options.threads));
        pool.run(batches, 1, evaluate_batches);
    } else {
        evaluate_batches(0, batches);
    }
    return response;
}

}  // namespace lw::indexer
