#pragma once

// What `leakwatch blind` keeps for `unblind`: the state file. Private to the
// institution, created 0600 and never overwritten (docs/token-format.md,
// "State file"):
//
//     {"protocol":"leakwatch-blind-v1","type":"state","request_id":"<32 hex>",
//      "public_key":"<pkS, 64 hex>",
//      "source":{"records":"/abs/path.csv"}  or  {"values":3,"kind":"email"},
//      "blinds":["<64 hex>",...], "elements":["<64 hex>",...],
//      "indexes":[5,0,...], "kinds":["email",...], "rows":[12,2,...]}
//
// The arrays are in the request's (shuffled) order: element j was blinded
// with blinds[j] from the identifier at position indexes[j] of the source
// (0-based, in extraction order), of kind kinds[j], in row rows[j].
//
// The identifiers themselves are not in the state: unblind reads them again
// from the source and checks that each still gives elements[j]. The blinds
// are secret: with a blind and its element anyone can compute the unkeyed
// hash of the identifier, which a dictionary of NIRs or phones reverses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/indexer.h"

namespace lw::search {

// Where the identifiers of a request come from.
struct BlindSource {
    std::string records_path;           // a records file (absolute), or empty and:
    std::size_t value_count = 0;        // values given on the command line,
    std::optional<indexer::Kind> kind;  // read as this kind (else detected)
};

class BlindState {
  public:
    BlindState() = default;
    BlindState(BlindState&&) = default;
    BlindState& operator=(BlindState&&) = default;
    BlindState(const BlindState&) = delete;
    BlindState& operator=(const BlindState&) = delete;
    ~BlindState();  // wipes the blinds

    std::string request_id;
    indexer::Element public_key{};
    BlindSource source;
    std::vector<indexer::Scalar> blinds;
    std::vector<indexer::Element> elements;
    std::vector<std::uint32_t> indexes;
    std::vector<indexer::Kind> kinds;
    std::vector<std::uint64_t> rows;
};

// The state file's text. It holds the blinds: the caller wipes it after use.
[[nodiscard]] std::string format_blind_state(const BlindState& state);
// Throws lw::Error(usage) "state: ..." for anything malformed or
// inconsistent (arrays of different lengths, indexes not a permutation).
[[nodiscard]] BlindState parse_blind_state(std::string_view text);

}  // namespace lw::search
