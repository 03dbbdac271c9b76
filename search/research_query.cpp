#include "search/research_query.h"

#include <algorithm>
#include <ctime>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/utc_time.h"
#include "indexer/corpus/corpus_schema.h"
#include "search/record_terms.h"
#include "search/token_input.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;
using indexer::Kind;

std::string term(std::string_view prefix, const std::string& value) {
    return std::string(prefix) + value;
}

// All records of the items `item_query` matches: a record's site and date
// are its item's (docs/corpus.md), so record filters on them go through
// the items.
Xapian::Query records_of_items(const Xapian::Database& db, const Xapian::Query& item_query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER,
        Xapian::Query(term(schema::kPrefixType, std::string(schema::kTypeItem))), item_query));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const std::string unique(schema::kPrefixUniqueItem);
    std::vector<Xapian::Query> records;
    const Xapian::MSet items = enquire.get_mset(0, db.get_doccount());
    for (auto m = items.begin(); m != items.end(); ++m) {
        auto t = db.termlist_begin(*m);
        t.skip_to(unique);
        if (t == db.termlist_end(*m) || !(*t).starts_with(unique)) {
            continue;
        }
        if (auto item = schema::record_item_term(std::string_view(*t).substr(unique.size()))) {
            records.emplace_back(std::move(*item));
        }
    }
    if (records.empty()) {
        return Xapian::Query::MatchNothing;
    }
    return Xapian::Query(Xapian::Query::OP_OR, records.begin(), records.end());
}

// What the processors of one parse share. They never throw through
// Xapian's parser (it leaks its parse state when they do): a bad field is
// noted and matches nothing, and parse_research_query throws the first
// one once the parser has returned.
struct FieldContext {
    const Xapian::Database* records_db = nullptr;  // nullptr: the query is on items
    std::string first_error;

    Xapian::Query reject(std::string reason) {
        if (first_error.empty()) {
            first_error = std::move(reason);
        }
        return Xapian::Query::MatchNothing;
    }

    // A query on items as the target's: on records, those of the items.
    Xapian::Query scoped(const Xapian::Query& item_query) const {
        return records_db == nullptr ? item_query : records_of_items(*records_db, item_query);
    }
};

class ContextField : public Xapian::FieldProcessor {
  public:
    explicit ContextField(FieldContext& context) : context_(context) {}

  protected:
    FieldContext& context_;
};

// kind:NAME: an XK term on items; on records, every kind-set term (XD) that
// holds the kind's code.
class KindField : public ContextField {
  public:
    using ContextField::ContextField;

    Xapian::Query operator()(const std::string& value) override {
        const auto kind = indexer::parse_kind(value);
        if (!kind) {
            return context_.reject("unknown kind in kind:" + value +
                                   " (kinds: email, nir, cf, phone, iban, card, person)");
        }
        const Xapian::Database* records_db = context_.records_db;
        if (records_db == nullptr) {
            return Xapian::Query(term(schema::kPrefixKind, value));
        }
        const std::string prefix(schema::kPrefixKindSet);
        std::vector<Xapian::Query> sets;
        for (auto t = records_db->allterms_begin(prefix); t != records_db->allterms_end(prefix);
             ++t) {
            if (kinds_of_set_term(*t) & kind_bit(*kind)) {
                sets.emplace_back(*t);
            }
        }
        return sets.empty() ? Xapian::Query::MatchNothing
                            : Xapian::Query(Xapian::Query::OP_OR, sets.begin(), sets.end());
    }
};

// token:HEX matches the token whatever its kind: one term per kind code.
class TokenField : public ContextField {
  public:
    using ContextField::ContextField;

    Xapian::Query operator()(const std::string& value) override {
        const auto token = parse_token_hex(value);
        if (!token) {
            return context_.reject("token:" + value.substr(0, 40) + ": a token is 32 hex digits");
        }
        std::vector<Xapian::Query> terms;
        for (Kind kind : indexer::kAllKinds) {
            terms.emplace_back(schema::token_term(kind, *token));
        }
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
};

// item:KEY on records: the key's bytes in their XI term.
class RecordItemField : public ContextField {
  public:
    using ContextField::ContextField;

    Xapian::Query operator()(const std::string& value) override {
        auto item = schema::record_item_term(value);
        if (!item) {
            return context_.reject("item:" + value.substr(0, 40) +
                                   ": an item key is 16 hex digits");
        }
        return Xapian::Query(*item);
    }
};

class SiteField : public ContextField {
  public:
    using ContextField::ContextField;

    Xapian::Query operator()(const std::string& value) override {
        std::string site = value;
        for (char& c : site) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return context_.scoped(Xapian::Query(term(schema::kPrefixSite, site)));
    }
};

std::optional<std::int64_t> day_start(const std::string& text) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%Y-%m-%d", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(timegm(&tm));
}

class MonthField : public ContextField {
  public:
    using ContextField::ContextField;

    Xapian::Query operator()(const std::string& value) override {
        if (value.size() != 6 ||
            !day_start(value.substr(0, 4) + "-" + value.substr(4, 2) + "-01")) {
            return context_.reject("month:" + value + ": a month is YYYYMM");
        }
        return context_.scoped(Xapian::Query(term(schema::kPrefixMonth, value)));
    }
};

class DateRange : public Xapian::RangeProcessor {
  public:
    explicit DateRange(FieldContext& context)
        : Xapian::RangeProcessor(schema::kSlotFirstSeen, "date:"), context_(context) {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        const auto from = begin.empty() ? std::optional<std::int64_t>(0) : day_start(begin);
        const auto to = end.empty() ? std::optional<std::int64_t>(253402300799) : day_start(end);
        if (!from || !to) {
            return context_.reject("date:" + begin + ".." + end + ": dates are YYYY-MM-DD");
        }
        const std::int64_t last = end.empty() ? *to : *to + 86399;
        return context_.scoped(
            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotFirstSeen,
                          Xapian::sortable_serialise(static_cast<double>(*from)),
                          Xapian::sortable_serialise(static_cast<double>(last))));
    }

  private:
    FieldContext& context_;
};

void count_facets(const Xapian::Document& doc, QueryTarget target, const ItemSummary& item,
                  KindSet record_kinds, const ResearchOptions& options, ResearchResult& result) {
    for (Facet facet : options.facets) {
        auto& counts = result.facets[facet_name(facet)];
        switch (facet) {
            case Facet::site:
                if (target == QueryTarget::records) {
                    ++counts[item.site];
                } else {
                    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                        if ((*t).starts_with(schema::kPrefixSite)) {
                            ++counts[(*t).substr(schema::kPrefixSite.size())];
                        }
                    }
                }
                break;
            case Facet::kind:
                if (target == QueryTarget::records) {
                    for (Kind kind : kinds_of(record_kinds)) {
                        ++counts[std::string(indexer::kind_name(kind))];
                    }
                } else {
                    const std::string prefix(schema::kPrefixKind);
                    auto t = doc.termlist_begin();
                    for (t.skip_to(prefix); t != doc.termlist_end() && (*t).starts_with(prefix);
                         ++t) {
                        ++counts[(*t).substr(prefix.size())];
                    }
                }
                break;
            case Facet::month:
                ++counts[indexer::month_of(item.first_seen_unix)];
                break;
            case Facet::item:
                ++counts[item.key];
                break;
        }
    }
}

RecordRow record_row(const Xapian::Document& doc, const ItemSummary& item, KindSet kinds) {
    RecordRow row;
    row.item = &item;
    row.site = item.site;
    row.first_seen = item.first_seen;
    row.kinds = kinds;
    const std::string prefix(schema::kPrefixToken);
    auto t = doc.termlist_begin();
    for (t.skip_to(prefix); t != doc.termlist_end() && (*t).starts_with(prefix); ++t) {
        const std::string& name = *t;
        if (name.size() != prefix.size() + 1 + indexer::kTokenSize) {
            continue;
        }
        if (const auto kind = schema::kind_of_code(name[prefix.size()])) {
            row.tokens.emplace_back(*kind, indexer::to_hex(std::span(
                                               reinterpret_cast<const unsigned char*>(
                                                   name.data() + name.size() - indexer::kTokenSize),
                                               indexer::kTokenSize)));
        }
    }
    return row;
}

// Records by their item's first sighting, newest first, then as written.
bool newer_record(const RecordRow& a, const RecordRow& b) {
    return a.item->first_seen_unix > b.item->first_seen_unix;
}

}  // namespace

const char* facet_name(Facet facet) {
    switch (facet) {
        case Facet::site:
            return "site";
        case Facet::kind:
            return "kind";
        case Facet::month:
            return "month";
        case Facet::item:
            return "item";
    }
    return "?";
}

Xapian::Query parse_research_query(const Xapian::Database& db, const std::string& text,
                                   QueryTarget target) {
    // On records, site, month and date are their item's. The context
    // outlives the parser, which holds the processors.
    FieldContext context;
    context.records_db = target == QueryTarget::records ? &db : nullptr;
    Xapian::QueryParser parser;
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.add_boolean_prefix("kind", (new KindField(context))->release());
    parser.add_boolean_prefix("token", (new TokenField(context))->release());
    parser.add_boolean_prefix("site", (new SiteField(context))->release());
    parser.add_boolean_prefix("month", (new MonthField(context))->release());
    parser.add_rangeprocessor((new DateRange(context))->release());
    if (target == QueryTarget::items) {
        parser.add_boolean_prefix("item", std::string(schema::kPrefixUniqueItem));
    } else {
        parser.add_boolean_prefix("item", (new RecordItemField(context))->release());
    }
    const Xapian::Query items(term(schema::kPrefixType, std::string(schema::kTypeItem)));
    // Complete items; every document that is not an item is a record.
    const Xapian::Query scope =
        target == QueryTarget::items
            ? Xapian::Query(
                  Xapian::Query::OP_FILTER, items,
                  Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotComplete, "1", "1"))
            : Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, items);
    if (text.find_first_not_of(" \t") == std::string::npos) {
        return scope;
    }
    try {
        const unsigned flags = Xapian::QueryParser::FLAG_BOOLEAN |
                               Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                               Xapian::QueryParser::FLAG_PURE_NOT;
        Xapian::Query parsed = parser.parse_query(text, flags);
        if (!context.first_error.empty()) {
            throw Error(ErrorCategory::usage, "bad query: " + context.first_error);
        }
        return Xapian::Query(Xapian::Query::OP_FILTER, scope, parsed);
    } catch (const Xapian::QueryParserError& e) {
        throw Error(ErrorCategory::usage, "bad query: " + e.get_msg());
    }
}

ResearchResult run_research_query(const Xapian::Database& db, ItemCatalog& catalog,
                                  const std::string& text, const ResearchOptions& options) {
    const Xapian::Query query = parse_research_query(db, text, options.target);
    const bool records = options.target == QueryTarget::records;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (records || options.sort == QuerySort::none) {
        // Records have no values: they are sorted below, by their item.
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    } else {
        enquire.set_sort_by_value_then_relevance(
            options.sort == QuerySort::date ? schema::kSlotFirstSeen : schema::kSlotRecords, true);
    }
    const bool newest_records = records && options.sort == QuerySort::date;
    ResearchResult result;
    // Pages of matches: all of them are counted (and faceted), the first
    // `limit` shown. Records of items not complete are left out.
    constexpr Xapian::doccount kPage = 10000;
    const bool walk_all = !options.facets.empty() || records;
    for (Xapian::doccount offset = 0;; offset += kPage) {
        const Xapian::doccount want =
            walk_all ? kPage
                     : static_cast<Xapian::doccount>(std::min<std::size_t>(options.limit, kPage));
        const Xapian::MSet page = enquire.get_mset(offset, want, walk_all ? 0 : db.get_doccount());
        if (!walk_all) {
            result.count = page.get_matches_estimated();
        }
        for (auto m = page.begin(); m != page.end(); ++m) {
            const Xapian::Document doc = m.get_document();
            RecordTerms record;
            const ItemSummary* item = nullptr;
            if (records) {
                record = read_record_terms(db, *m);
                item = catalog.find(record.item_key);
            } else {
                item = catalog.of_document(doc);
            }
            if (item == nullptr) {
                continue;
            }
            if (walk_all) {
                ++result.count;
                count_facets(doc, options.target, *item, record.kinds, options, result);
            }
            if (!records) {
                if (result.items.size() < options.limit) {
                    result.items.push_back(item);
                }
                continue;
            }
            auto& rows = result.records;
            if (!newest_records) {
                if (rows.size() < options.limit) {
                    rows.push_back(record_row(doc, *item, record.kinds));
                }
                continue;
            }
            // The `limit` newest, kept sorted; ties keep the order written.
            if (options.limit == 0 ||
                (rows.size() == options.limit &&
                 rows.back().item->first_seen_unix >= item->first_seen_unix)) {
                continue;
            }
            RecordRow row = record_row(doc, *item, record.kinds);
            rows.insert(std::upper_bound(rows.begin(), rows.end(), row, newer_record),
                        std::move(row));
            if (rows.size() > options.limit) {
                rows.pop_back();
            }
        }
        if (!walk_all || page.size() < kPage) {
            break;
        }
    }
    return result;
}

}  // namespace lw::search
