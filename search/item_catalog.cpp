#include "search/item_catalog.h"

#include <nlohmann/json.hpp>

#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/item_seal.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;

std::string string_field(const nlohmann::json& data, const char* name) {
    const auto it = data.find(name);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::unique_ptr<ItemSummary> summary_of(const Xapian::Document& doc,
                                        const indexer::CorpusKeys* keys) {
    if (doc.get_value(schema::kSlotComplete) != "1") {
        return nullptr;
    }
    const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (!data.is_object()) {
        return nullptr;
    }
    auto s = std::make_unique<ItemSummary>();
    s->key = string_field(data, "key");
    s->site = string_field(data, "site");
    s->host = string_field(data, "host");
    s->source = string_field(data, "source");  // format 2: in clear
    s->title = string_field(data, "title");
    s->first_seen = string_field(data, "first_seen");
    s->last_seen = string_field(data, "last_seen");
    s->sightings = data.value("sighting_count", std::uint64_t{1});
    s->records = data.value("records", std::uint64_t{0});
    s->size = data.value("size", std::uint64_t{0});
    if (const std::string sealed = string_field(data, "sealed"); !sealed.empty()) {
        std::optional<indexer::SealedItemFields> fields;
        if (keys != nullptr) {
            fields = indexer::unseal_item_fields(*keys, s->key, sealed);
        }
        if (fields && !fields->sources.empty()) {
            s->source = fields->sources.front();
            s->title = fields->title;
            s->size = fields->size;
        } else {
            s->sealed = true;
        }
    }
    if (const auto counts = data.find("counts"); counts != data.end() && counts->is_object()) {
        for (const auto& [kind, n] : counts->items()) {
            if (n.is_number_unsigned()) {
                s->counts[kind] = n.get<std::uint64_t>();
            }
        }
    }
    s->first_seen_unix = static_cast<std::int64_t>(
        Xapian::sortable_unserialise(doc.get_value(schema::kSlotFirstSeen)));
    return s;
}

}  // namespace

std::string shown_source(const ItemSummary& item) {
    if (!item.sealed) {
        return item.source;
    }
    return "[sealed] " + (item.host.empty() ? item.site : item.host) + " item " + item.key;
}

const ItemSummary* ItemCatalog::find(const std::string& key) {
    const auto cached = items_.find(key);
    if (cached != items_.end()) {
        return cached->second.get();
    }
    std::unique_ptr<ItemSummary> summary;
    const std::string unique = std::string(schema::kPrefixUniqueItem) + key;
    const auto p = db_.postlist_begin(unique);
    if (p != db_.postlist_end(unique)) {
        summary = summary_of(db_.get_document(*p), keys_);
        if (summary) {
            summary->key = key;
            saw_sealed_ = saw_sealed_ || summary->sealed;
        }
    }
    return items_.emplace(key, std::move(summary)).first->second.get();
}

const ItemSummary* ItemCatalog::of_document(const Xapian::Document& doc) {
    const std::string prefix(schema::kPrefixUniqueItem);
    auto t = doc.termlist_begin();
    t.skip_to(prefix);
    if (t == doc.termlist_end() || !(*t).starts_with(prefix)) {
        return nullptr;
    }
    return find((*t).substr(prefix.size()));
}

}  // namespace lw::search
