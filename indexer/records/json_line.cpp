#include "indexer/records/json_line.h"

#include <nlohmann/json.hpp>

namespace lw::indexer {
namespace {

constexpr int kMaxDepth = 8;

void collect(std::string_view line, const nlohmann::json& value, std::string_view key, int depth,
             std::vector<NamedField>& fields, std::deque<std::string>& storage) {
    if (depth > kMaxDepth) {
        return;
    }
    if (value.is_object()) {
        for (const auto& [k, v] : value.items()) {
            const std::string& name = storage.emplace_back(k);
            collect(line, v, name, depth + 1, fields, storage);
        }
        return;
    }
    if (value.is_array()) {
        for (const auto& v : value) {
            collect(line, v, key, depth + 1, fields, storage);
        }
        return;
    }
    std::string text;
    if (value.is_string()) {
        text = value.get<std::string>();
    } else if (value.is_number()) {
        text = value.dump();
    } else {
        return;
    }
    // nlohmann keeps no positions: point at the key as written.
    std::size_t offset = 0;
    if (!key.empty()) {
        std::string quoted;
        quoted.reserve(key.size() + 2);
        quoted.push_back('"');
        quoted.append(key);
        quoted.push_back('"');
        const std::size_t at = line.find(quoted);
        offset = at == std::string_view::npos ? 0 : at;
    }
    const std::string& stored = storage.emplace_back(std::move(text));
    fields.push_back({key, {offset, stored}});
}

}  // namespace

bool read_json_object(std::string_view line, std::vector<NamedField>& fields,
                      std::deque<std::string>& storage) {
    fields.clear();
    storage.clear();
    const auto value = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (value.is_discarded() || !value.is_object()) {
        return false;
    }
    collect(line, value, {}, 0, fields, storage);
    return true;
}

}  // namespace lw::indexer
