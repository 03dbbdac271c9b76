#include "service/item_list.h"

#include "indexer/corpus/corpus_schema.h"
#include "search/catalog_json.h"
#include "search/item_catalog.h"

namespace lw::service {

std::string item_list(const Xapian::Database& db, const indexer::CorpusKeys& keys,
                      std::int64_t since, std::int64_t now) {
    namespace schema = indexer::corpus;
    search::ItemCatalog catalog(db, &keys);
    const std::string item_type = std::string(schema::kPrefixType) + std::string(schema::kTypeItem);
    search::CatalogPage page;
    page.as_of = now;
    for (auto it = db.postlist_begin(item_type); it != db.postlist_end(item_type); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const std::string last_seen = doc.get_value(schema::kSlotLastSeen);
        if (since > 0 && !last_seen.empty() &&
            Xapian::sortable_unserialise(last_seen) < static_cast<double>(since)) {
            continue;
        }
        if (const search::ItemSummary* item = catalog.of_document(doc)) {
            page.items.push_back(*item);
        }
    }
    return search::catalog_json(page);
}

}  // namespace lw::service
