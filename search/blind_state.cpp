#include "search/blind_state.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "indexer/base/hex.h"
#include "indexer/base/untrusted_json.h"

namespace lw::search {
namespace {

using indexer::Element;
using indexer::Scalar;
using nlohmann::json;

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorCategory::usage, "state: " + message);
}

template <std::size_t N>
void append_hex_array(std::string& out, std::string_view name,
                      const std::vector<std::array<unsigned char, N>>& items) {
    out += ",\n\"";
    out += name;
    out += "\":[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += '"';
        out += indexer::to_hex(items[i]);
        out += '"';
    }
    out += ']';
}

const json& field(const json& root, const char* name) {
    const auto it = root.find(name);
    if (it == root.end()) {
        fail(std::string("missing field \"") + name + "\"");
    }
    return *it;
}

const json& array_field(const json& root, const char* name, std::size_t size) {
    const json& array = field(root, name);
    if (!array.is_array() || array.size() != size) {
        fail(std::string(name) + " is not an array of " + std::to_string(size) + " items");
    }
    return array;
}

template <std::size_t N>
std::array<unsigned char, N> hex_at(const json& array, std::size_t i, const char* name) {
    std::array<unsigned char, N> bytes{};
    if (!array[i].is_string() ||
        !indexer::from_hex_into(array[i].get_ref<const std::string&>(), bytes)) {
        fail(std::string(name) + " " + std::to_string(i + 1) + " is not " + std::to_string(2 * N) +
             " lowercase hex characters");
    }
    return bytes;
}

// The parsed document's copies of the blinds die with it: wipe them first.
struct WipeBlinds {
    explicit WipeBlinds(json& document) : root(document) {}
    WipeBlinds(const WipeBlinds&) = delete;
    WipeBlinds& operator=(const WipeBlinds&) = delete;
    ~WipeBlinds() {
        const auto blinds = root.find("blinds");
        if (blinds == root.end() || !blinds->is_array()) {
            return;
        }
        for (json& blind : *blinds) {
            if (blind.is_string()) {
                std::string& text = blind.get_ref<std::string&>();
                sodium_memzero(text.data(), text.size());
            }
        }
    }
    json& root;
};

}  // namespace

BlindState::~BlindState() {
    for (Scalar& blind : blinds) {
        sodium_memzero(blind.data(), blind.size());
    }
}

std::string format_blind_state(const BlindState& state) {
    std::string out;
    const std::size_t n = state.elements.size();
    // Never reallocated: a grown string would leave the blinds in freed memory.
    out.reserve(512 + state.source.records_path.size() + n * 180);
    out += "{\"protocol\":\"";
    out += indexer::kBlindProtocol;
    out += "\",\"type\":\"state\",\"request_id\":\"" + state.request_id + "\",\n";
    out += "\"public_key\":\"" + indexer::to_hex(state.public_key) + "\",\n\"source\":";
    if (!state.source.records_path.empty()) {
        std::string path;
        try {
            path = json(state.source.records_path).dump();
        } catch (const json::type_error&) {
            throw Error(ErrorCategory::usage, "blind: the records path is not valid UTF-8");
        }
        out += "{\"records\":" + path + "}";
    } else {
        out += "{\"values\":" + std::to_string(state.source.value_count);
        if (state.source.kind) {
            out += ",\"kind\":\"" + std::string(indexer::kind_name(*state.source.kind)) + "\"";
        }
        out += "}";
    }
    append_hex_array(out, "blinds", state.blinds);
    append_hex_array(out, "elements", state.elements);
    // Appended piece by piece: GCC 12 warns falsely on "x" + std::string
    // (-Wrestrict, GCC PR 105329).
    const auto separator = [&out](std::size_t i) {
        if (i > 0) {
            out += ',';
        }
    };
    out += ",\n\"indexes\":[";
    for (std::size_t i = 0; i < n; ++i) {
        separator(i);
        out += std::to_string(state.indexes[i]);
    }
    out += "],\n\"kinds\":[";
    for (std::size_t i = 0; i < n; ++i) {
        separator(i);
        out += '"';
        out += indexer::kind_name(state.kinds[i]);
        out += '"';
    }
    out += "],\n\"rows\":[";
    for (std::size_t i = 0; i < n; ++i) {
        separator(i);
        out += std::to_string(state.rows[i]);
    }
    out += "]}\n";
    return out;
}

BlindState parse_blind_state(std::string_view text) {
    indexer::ParsedJson parsed = indexer::parse_untrusted_json(text);
    if (!parsed.error.empty()) {
        fail(parsed.error);
    }
    json root = std::move(parsed.value);
    if (!root.is_object()) {
        fail("not a JSON object");
    }
    const WipeBlinds wipe_blinds{root};
    const json& protocol = field(root, "protocol");
    const json& type = field(root, "type");
    if (!protocol.is_string() ||
        protocol.get_ref<const std::string&>() != indexer::kBlindProtocol || !type.is_string() ||
        type.get_ref<const std::string&>() != "state") {
        fail("not a " + std::string(indexer::kBlindProtocol) + " state file");
    }
    BlindState state;
    const json& id = field(root, "request_id");
    std::array<unsigned char, indexer::kRequestIdSize> id_bytes{};
    if (!id.is_string() || !indexer::from_hex_into(id.get_ref<const std::string&>(), id_bytes)) {
        fail("request_id is not 32 lowercase hex characters");
    }
    state.request_id = id.get<std::string>();
    const json& public_key = field(root, "public_key");
    const auto key = public_key.is_string()
                         ? indexer::parse_public_key(public_key.get_ref<const std::string&>())
                         : std::nullopt;
    if (!key) {
        fail("public_key is not a valid public key");
    }
    state.public_key = *key;

    const json& source = field(root, "source");
    if (source.is_object() && source.size() == 1 && source.contains("records") &&
        source["records"].is_string() && !source["records"].get_ref<const std::string&>().empty()) {
        state.source.records_path = source["records"].get<std::string>();
    } else if (source.is_object() && source.contains("values") &&
               source["values"].is_number_unsigned() &&
               source.size() == (source.contains("kind") ? 2U : 1U)) {
        state.source.value_count = source["values"].get<std::size_t>();
        if (source.contains("kind")) {
            state.source.kind = source["kind"].is_string()
                                    ? indexer::parse_kind(source["kind"].get<std::string>())
                                    : std::nullopt;
            if (!state.source.kind) {
                fail("source kind is not a known kind");
            }
        }
    } else {
        fail("source is neither {\"records\":PATH} nor {\"values\":N}");
    }

    const json& elements = field(root, "elements");
    if (!elements.is_array() || elements.empty()) {
        fail("elements is not a non-empty array");
    }
    const std::size_t n = elements.size();
    const json& blinds = array_field(root, "blinds", n);
    const json& indexes = array_field(root, "indexes", n);
    const json& kinds = array_field(root, "kinds", n);
    const json& rows = array_field(root, "rows", n);
    state.blinds.reserve(n);
    state.elements.reserve(n);
    std::vector<unsigned char> seen(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        state.blinds.push_back(hex_at<indexer::kScalarSize>(blinds, i, "blind"));
        state.elements.push_back(hex_at<indexer::kElementSize>(elements, i, "element"));
        if (!indexes[i].is_number_unsigned() || indexes[i].get<std::uint64_t>() >= n ||
            seen[indexes[i].get<std::size_t>()] != 0) {
            fail("indexes is not a permutation of 0.." + std::to_string(n - 1));
        }
        seen[indexes[i].get<std::size_t>()] = 1;
        state.indexes.push_back(indexes[i].get<std::uint32_t>());
        const auto kind =
            kinds[i].is_string() ? indexer::parse_kind(kinds[i].get<std::string>()) : std::nullopt;
        if (!kind) {
            fail("kind " + std::to_string(i + 1) + " is not a known kind");
        }
        state.kinds.push_back(*kind);
        if (!rows[i].is_number_unsigned()) {
            fail("row " + std::to_string(i + 1) + " is not a whole number");
        }
        state.rows.push_back(rows[i].get<std::uint64_t>());
    }
    return state;
}

}  // namespace lw::search
