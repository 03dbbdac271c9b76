#include "search/token_lookup.h"

#include <algorithm>

#include "indexer/corpus/corpus_schema.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;
using indexer::Kind;

}  // namespace

bool first_seen_first(const ItemHit& a, const ItemHit& b) noexcept {
    return a.item->first_seen_unix != b.item->first_seen_unix
               ? a.item->first_seen_unix < b.item->first_seen_unix
               : a.item->key < b.item->key;
}

TokenResult TokenLookup::find(const indexer::TokenBytes& token, std::optional<Kind> kind) {
    TokenResult result;
    result.kind = kind;
    if (kind) {
        collect(schema::token_term(*kind, token), result);
        return result;
    }
    for (Kind k : indexer::kAllKinds) {
        collect(schema::token_term(k, token), result);
        if (!result.items.empty()) {
            result.kind = k;
            break;
        }
    }
    return result;
}

void TokenLookup::collect(const std::string& term, TokenResult& result) {
    for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
        const RecordTerms record = read_record_terms(db_, *p);
        const std::string& key = record.item_key;
        const KindSet with = record.kinds;
        const ItemSummary* summary = key.empty() ? nullptr : items_.find(key);
        if (summary == nullptr) {
            continue;
        }
        auto hit = std::find_if(result.items.begin(), result.items.end(),
                                [&](const ItemHit& h) { return h.item == summary; });
        if (hit == result.items.end()) {
            result.items.push_back(ItemHit{summary, 0, 0});
            hit = result.items.end() - 1;
        }
        hit->with |= with;
        ++hit->records;
    }
    std::sort(result.items.begin(), result.items.end(), first_seen_first);
}

}  // namespace lw::search
