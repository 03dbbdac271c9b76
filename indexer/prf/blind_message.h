#pragma once

// The blind protocol's wire format, leakwatch-blind-v1 (docs/token-format.md,
// "Blind protocol"). The institution (search/blind_client.h) writes requests
// and reads responses; the operator (indexer/prf/blind_evaluation.h) the other
// way round.
//
// Request, institution → operator: only blinded elements, in random order.
//
//     {"protocol":"leakwatch-blind-v1","request_id":"<32 hex>",
//      "elements":["<64 hex>",...]}
//
// Response, operator → institution: the evaluated elements in the
// request's order, and one batched DLEQ proof (RFC 9497 §2.2, c || s as
// 128 hex) for each run of `batch_size` consecutive elements: proof k
// covers elements [k * batch_size, min((k + 1) * batch_size, n)).
//
//     {"protocol":"leakwatch-blind-v1","request_id":"<the request's>",
//      "batch_size":4096,"evaluated_elements":["<64 hex>",...],
//      "proofs":["<128 hex>",...]}
//
// Hex is lowercase. Parsers refuse unknown fields, other protocol names,
// bad hex and invalid group elements with one line that says where
// ("request: element 17 is not a valid group element"), never what.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/prf/voprf.h"

namespace lw::indexer {

inline constexpr std::string_view kBlindProtocol = "leakwatch-blind-v1";
inline constexpr std::size_t kRequestIdSize = 16;  // bytes; 32 hex characters

struct BlindRequest {
    std::string request_id;
    std::vector<Element> elements;
};

struct BlindResponse {
    std::string request_id;
    std::size_t batch_size = 0;  // 1..kMaxBatchSize
    std::vector<Element> evaluated_elements;
    std::vector<Proof> proofs;  // ceil(evaluated_elements.size() / batch_size)
};

// An operator's public key pkS from its 64 lowercase hex characters:
// nullopt unless it is a valid ristretto255 element (not the identity).
[[nodiscard]] std::optional<Element> parse_public_key(std::string_view hex);

// A fresh random request id (32 lowercase hex characters).
[[nodiscard]] std::string new_request_id();

[[nodiscard]] std::string format_blind_request(const BlindRequest& request);
[[nodiscard]] std::string format_blind_response(const BlindResponse& response);

// Throw lw::Error(usage) "request: ..." / "response: ...". A request holds
// 1..max_elements elements of 32 bytes each, whose validity as group
// elements decode_request (blind_evaluation.h) checks as it decodes them; a
// response's elements are checked here.
[[nodiscard]] BlindRequest parse_blind_request(std::string_view text, std::size_t max_elements);
[[nodiscard]] BlindResponse parse_blind_response(std::string_view text);

}  // namespace lw::indexer
