#include "search/record_terms.h"

#include "indexer/corpus/corpus_schema.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;

}  // namespace

std::vector<indexer::Kind> kinds_of(KindSet set) {
    std::vector<indexer::Kind> out;
    for (indexer::Kind kind : indexer::kAllKinds) {
        if (set & kind_bit(kind)) {
            out.push_back(kind);
        }
    }
    return out;
}

KindSet kinds_of_set_term(std::string_view term) {
    if (!term.starts_with(schema::kPrefixKindSet)) {
        return 0;
    }
    KindSet set = 0;
    for (char code : term.substr(schema::kPrefixKindSet.size())) {
        if (const auto kind = schema::kind_of_code(code)) {
            set |= kind_bit(*kind);
        }
    }
    return set;
}

RecordTerms read_record_terms(const Xapian::Database& db, Xapian::docid record) {
    RecordTerms terms;
    auto t = db.termlist_begin(record);
    const auto end = db.termlist_end(record);
    t.skip_to(std::string(schema::kPrefixKindSet));
    if (t != end) {
        terms.kinds = kinds_of_set_term(*t);
    }
    t.skip_to(std::string(schema::kPrefixItem));
    if (t != end) {
        terms.item_key = schema::item_key_of_record_term(*t);
    }
    return terms;
}

std::string item_key_of_record(const Xapian::Database& db, Xapian::docid record) {
    auto t = db.termlist_begin(record);
    t.skip_to(std::string(schema::kPrefixItem));
    return t == db.termlist_end(record) ? std::string() : schema::item_key_of_record_term(*t);
}

}  // namespace lw::search
