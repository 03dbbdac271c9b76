#include "indexer/prf/blind_message.h"

#include <sodium.h>

#include <array>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/untrusted_json.h"
#include "indexer/prf/voprf_group.h"

namespace lw::indexer {
namespace {

using nlohmann::json;

[[noreturn]] void fail(std::string_view what, const std::string& message) {
    throw Error(ErrorCategory::usage, std::string(what) + ": " + message);
}

// The top-level object, with exactly the fields `names`.
json parse_object(std::string_view text, std::string_view what,
                  std::initializer_list<std::string_view> names) {
    ParsedJson parsed = parse_untrusted_json(text);
    if (!parsed.error.empty()) {
        fail(what, parsed.error);
    }
    json root = std::move(parsed.value);
    if (!root.is_object()) {
        fail(what, "not a JSON object");
    }
    for (const auto& [key, value] : root.items()) {
        bool known = false;
        for (std::string_view name : names) {
            known = known || key == name;
        }
        if (!known) {
            fail(what, "unknown field (not part of " + std::string(kBlindProtocol) + ")");
        }
    }
    for (std::string_view name : names) {
        if (!root.contains(std::string(name))) {
            fail(what, "missing field \"" + std::string(name) + "\"");
        }
    }
    const json& protocol = root.at("protocol");
    if (!protocol.is_string() || protocol.get_ref<const std::string&>() != kBlindProtocol) {
        fail(what, "not a " + std::string(kBlindProtocol) + " message (unsupported protocol)");
    }
    return root;
}

std::string request_id_of(const json& root, std::string_view what) {
    const json& id = root.at("request_id");
    std::array<unsigned char, kRequestIdSize> bytes{};
    if (!id.is_string() || !from_hex_into(id.get_ref<const std::string&>(), bytes)) {
        fail(what, "request_id is not 32 lowercase hex characters");
    }
    return id.get<std::string>();
}

const json& array_of(const json& root, const char* name, std::string_view what) {
    const json& array = root.at(name);
    if (!array.is_array()) {
        fail(what, std::string(name) + " is not an array");
    }
    return array;
}

// Element `index` (1-based in messages) of `array`, from its hex form.
Element element_bytes_at(const json& array, std::size_t index, std::string_view what,
                         std::string_view name) {
    const json& item = array[index];
    Element element{};
    if (!item.is_string() || !from_hex_into(item.get_ref<const std::string&>(), element)) {
        fail(what, std::string(name) + " " + std::to_string(index + 1) +
                       " is not 64 lowercase hex characters");
    }
    return element;
}

// The same, and a valid group element.
Element element_at(const json& array, std::size_t index, std::string_view what,
                   std::string_view name) {
    const Element element = element_bytes_at(array, index, what, name);
    if (!is_valid_element(element)) {
        fail(what,
             std::string(name) + " " + std::to_string(index + 1) + " is not a valid group element");
    }
    return element;
}

template <std::size_t N>
void append_hex_array(std::string& out, std::string_view name,
                      const std::vector<std::array<unsigned char, N>>& items) {
    out += ",\"";
    out += name;
    out += "\":[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i == 0 ? "\n\"" : ",\n\"";
        out += to_hex(items[i]);
        out += '"';
    }
    out += "\n]";
}

std::string header(const std::string& request_id) {
    return "{\"protocol\":\"" + std::string(kBlindProtocol) + "\",\"request_id\":\"" + request_id +
           "\"";
}

}  // namespace

std::optional<Element> parse_public_key(std::string_view hex) {
    ensure_sodium();
    Element element{};
    if (!from_hex_into(hex, element) || !is_valid_element(element)) {
        return std::nullopt;
    }
    return element;
}

std::string new_request_id() {
    ensure_sodium();
    std::array<unsigned char, kRequestIdSize> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return to_hex(bytes);
}

std::string format_blind_request(const BlindRequest& request) {
    std::string out = header(request.request_id);
    out.reserve(out.size() + request.elements.size() * 68 + 32);
    append_hex_array(out, "elements", request.elements);
    out += "}\n";
    return out;
}

std::string format_blind_response(const BlindResponse& response) {
    std::string out = header(response.request_id);
    out.reserve(out.size() + response.evaluated_elements.size() * 68 +
                response.proofs.size() * 132 + 64);
    out += ",\"batch_size\":" + std::to_string(response.batch_size);
    append_hex_array(out, "evaluated_elements", response.evaluated_elements);
    append_hex_array(out, "proofs", response.proofs);
    out += "}\n";
    return out;
}

BlindRequest parse_blind_request(std::string_view text, std::size_t max_elements) {
    constexpr std::string_view what = "request";
    const json root = parse_object(text, what, {"protocol", "request_id", "elements"});
    BlindRequest request;
    request.request_id = request_id_of(root, what);
    const json& elements = array_of(root, "elements", what);
    if (elements.empty()) {
        fail(what, "no elements");
    }
    if (elements.size() > max_elements) {
        fail(what, std::to_string(elements.size()) + " elements, more than the " +
                       std::to_string(max_elements) + " allowed (--max-elements)");
    }
    ensure_sodium();
    request.elements.reserve(elements.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
        // Validated as the evaluation decodes them (decode_request): a
        // validation here would pay the square root of each a second time.
        request.elements.push_back(element_bytes_at(elements, i, what, "element"));
    }
    return request;
}

BlindResponse parse_blind_response(std::string_view text) {
    constexpr std::string_view what = "response";
    const json root = parse_object(
        text, what, {"protocol", "request_id", "batch_size", "evaluated_elements", "proofs"});
    BlindResponse response;
    response.request_id = request_id_of(root, what);
    const json& batch_size = root.at("batch_size");
    if (!batch_size.is_number_unsigned() || batch_size.get<std::uint64_t>() == 0 ||
        batch_size.get<std::uint64_t>() > kMaxBatchSize) {
        fail(what, "batch_size is not a whole number from 1 to " + std::to_string(kMaxBatchSize));
    }
    response.batch_size = batch_size.get<std::size_t>();
    const json& evaluated = array_of(root, "evaluated_elements", what);
    const json& proofs = array_of(root, "proofs", what);
    const std::size_t expected_proofs =
        (evaluated.size() + response.batch_size - 1) / response.batch_size;
    if (proofs.size() != expected_proofs) {
        fail(what, std::to_string(proofs.size()) + " proofs for " +
                       std::to_string(evaluated.size()) + " elements in batches of " +
                       std::to_string(response.batch_size) + " (expected " +
                       std::to_string(expected_proofs) + ")");
    }
    ensure_sodium();
    response.evaluated_elements.reserve(evaluated.size());
    for (std::size_t i = 0; i < evaluated.size(); ++i) {
        response.evaluated_elements.push_back(element_at(evaluated, i, what, "evaluated element"));
    }
    response.proofs.reserve(proofs.size());
    for (std::size_t i = 0; i < proofs.size(); ++i) {
        Proof proof{};
        if (!proofs[i].is_string() ||
            !from_hex_into(proofs[i].get_ref<const std::string&>(), proof)) {
            fail(what, "proof " + std::to_string(i + 1) + " is not 128 lowercase hex characters");
        }
        response.proofs.push_back(proof);
    }
    return response;
}

}  // namespace lw::indexer
