#include "search/token_lookup.h"

#include <algorithm>

#include "indexer/corpus_schema.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;
using indexer::Kind;

std::optional<Kind> kind_of_term(std::string_view name) {
    return indexer::parse_kind(name);
}

}  // namespace

std::vector<Kind> kinds_of(KindSet set) {
    std::vector<Kind> out;
    for (Kind kind : indexer::kAllKinds) {
        if (set & kind_bit(kind)) {
            out.push_back(kind);
        }
    }
    return out;
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
    const std::string item_prefix(schema::kPrefixItem);
    const std::string kind_prefix(schema::kPrefixKind);
    for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
        std::string key;
        KindSet with = 0;
        auto t = db_.termlist_begin(*p);
        const auto end = db_.termlist_end(*p);
        // Record terms sort as XI..., XK..., XT..., XY...: two skips.
        t.skip_to(item_prefix);
        if (t != end && (*t).starts_with(item_prefix)) {
            key = (*t).substr(item_prefix.size());
        }
        for (t.skip_to(kind_prefix); t != end && (*t).starts_with(kind_prefix); ++t) {
            if (auto k = kind_of_term(std::string_view(*t).substr(kind_prefix.size()))) {
                with |= kind_bit(*k);
            }
        }
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
    std::sort(result.items.begin(), result.items.end(), [](const ItemHit& a, const ItemHit& b) {
        return a.item->first_seen_unix != b.item->first_seen_unix
                   ? a.item->first_seen_unix < b.item->first_seen_unix
                   : a.item->key < b.item->key;
    });
}

}  // namespace lw::search
