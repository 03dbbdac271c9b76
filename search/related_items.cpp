#include "search/related_items.h"

#include <algorithm>
#include <map>
#include <set>

#include "indexer/base/error.h"
#include "indexer/corpus/corpus_schema.h"
#include "search/record_terms.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;

}  // namespace

RelatedResult related_items(const Xapian::Database& db, ItemCatalog& catalog,
                            const std::string& item_key) {
    RelatedResult result;
    result.item = catalog.find(item_key);
    if (result.item == nullptr) {
        throw Error(ErrorCategory::usage, "item " + item_key + ": no such item");
    }
    // The item's distinct tokens, from its records' term lists.
    std::set<std::string> tokens;
    const std::string records_of = schema::record_item_term(item_key).value_or("");
    for (auto p = db.postlist_begin(records_of); p != db.postlist_end(records_of); ++p) {
        auto t = db.termlist_begin(*p);
        for (t.skip_to(std::string(schema::kPrefixToken));
             t != db.termlist_end(*p) && (*t).starts_with(schema::kPrefixToken); ++t) {
            if (tokens.size() >= kMaxRelatedTokens) {
                result.sampled = true;
                break;
            }
            tokens.insert(*t);
        }
    }
    result.tokens = tokens.size();
    // Each token's other records, counted by their item.
    std::map<std::string, RelatedItem> by_key;
    std::map<Xapian::docid, std::string> record_items;
    for (const std::string& token : tokens) {
        std::set<std::string> items_of_token;
        for (auto p = db.postlist_begin(token); p != db.postlist_end(token); ++p) {
            auto known = record_items.find(*p);
            if (known == record_items.end()) {
                known = record_items.emplace(*p, item_key_of_record(db, *p)).first;
            }
            const std::string& key = known->second;
            if (key == item_key || key.empty()) {
                continue;
            }
            RelatedItem& related = by_key[key];
            ++related.shared_records;
            if (items_of_token.insert(key).second) {
                ++related.shared_tokens;
            }
        }
    }
    for (auto& [key, related] : by_key) {
        related.item = catalog.find(key);
        if (related.item != nullptr) {
            result.related.push_back(related);
        }
    }
    std::sort(result.related.begin(), result.related.end(),
              [](const RelatedItem& a, const RelatedItem& b) {
                  return a.shared_tokens != b.shared_tokens ? a.shared_tokens > b.shared_tokens
                                                            : a.item->key < b.item->key;
              });
    return result;
}

}  // namespace lw::search
