#include "indexer/corpus/item_seal.h"

#include <nlohmann/json.hpp>

namespace lw::indexer {
namespace {

std::string seal_context(std::string_view item_key) {
    return "leakwatch item " + std::string(item_key);
}

}  // namespace

std::string seal_item_fields(const CorpusKeys& keys, std::string_view item_key,
                             const SealedItemFields& fields) {
    const nlohmann::json plain = {
        {"title", fields.title}, {"size", fields.size}, {"sources", fields.sources}};
    // Titles come from pages: invalid UTF-8 is replaced, never a throw.
    std::string text = plain.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string sealed = keys.seal(text, seal_context(item_key));
    sodium_memzero(text.data(), text.size());
    return sealed;
}

std::optional<SealedItemFields> unseal_item_fields(const CorpusKeys& keys,
                                                   std::string_view item_key,
                                                   std::string_view sealed) {
    std::optional<std::string> text = keys.unseal(sealed, seal_context(item_key));
    if (!text) {
        return std::nullopt;
    }
    const nlohmann::json plain = nlohmann::json::parse(*text, nullptr, false);
    sodium_memzero(text->data(), text->size());
    if (!plain.is_object()) {
        return std::nullopt;
    }
    SealedItemFields fields;
    if (const auto t = plain.find("title"); t != plain.end() && t->is_string()) {
        fields.title = t->get<std::string>();
    }
    fields.size = plain.value("size", std::uint64_t{0});
    if (const auto s = plain.find("sources"); s != plain.end() && s->is_array()) {
        for (const auto& source : *s) {
            if (source.is_string()) {
                fields.sources.push_back(source.get<std::string>());
            }
        }
    }
    return fields;
}

std::string source_digest(const CorpusKeys& keys, std::string_view source) {
    return keys.url_name("source", source).substr(0, 16);
}

}  // namespace lw::indexer
