#include "service/item_list.h"

#include <nlohmann/json.hpp>

#include "indexer/corpus_schema.h"
#include "search/item_catalog.h"

namespace lw::service {

std::string item_list(const Xapian::Database& db, const indexer::CorpusKeys& keys,
                      std::int64_t since, std::int64_t now) {
    namespace schema = indexer::corpus;
    using nlohmann::json;
    search::ItemCatalog catalog(db, &keys);
    const std::string item_type = std::string(schema::kPrefixType) + std::string(schema::kTypeItem);
    json items = json::array();
    for (auto it = db.postlist_begin(item_type); it != db.postlist_end(item_type); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const std::string last_seen = doc.get_value(schema::kSlotLastSeen);
        if (since > 0 && !last_seen.empty() &&
            Xapian::sortable_unserialise(last_seen) < static_cast<double>(since)) {
            continue;
        }
        const search::ItemSummary* item = catalog.of_document(doc);
        if (item == nullptr) {
            continue;
        }
        items.push_back({{"item", item->key},
                         {"site", item->site},
                         {"host", item->host},
                         {"source", item->source},
                         {"title", item->title},
                         {"first_seen", item->first_seen},
                         {"last_seen", item->last_seen},
                         {"sightings", item->sightings},
                         {"records", item->records}});
    }
    return json{{"as_of", now}, {"items", items}}.dump() + "\n";
}

}  // namespace lw::service
