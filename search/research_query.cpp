#include "search/research_query.h"

#include <ctime>

#include "indexer/corpus_schema.h"
#include "indexer/error.h"
#include "indexer/utc_time.h"
#include "search/token_input.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;
using indexer::Kind;

std::string term(std::string_view prefix, const std::string& value) {
    return std::string(prefix) + value;
}

// Thrown from processors, turned into lw::Error by the parser's caller.
struct BadField {
    std::string reason;
};

class KindField : public Xapian::FieldProcessor {
    Xapian::Query operator()(const std::string& value) override {
        if (!indexer::parse_kind(value)) {
            throw BadField{"unknown kind in kind:" + value +
                           " (kinds: email, nir, cf, phone, iban, card, person)"};
        }
        return Xapian::Query(term(schema::kPrefixKind, value));
    }
};

// token:HEX matches the token whatever its kind: one term per kind code.
class TokenField : public Xapian::FieldProcessor {
    Xapian::Query operator()(const std::string& value) override {
        const auto token = parse_token_hex(value);
        if (!token) {
            throw BadField{"token:" + value.substr(0, 40) + ": a token is 32 hex digits"};
        }
        std::vector<Xapian::Query> terms;
        for (Kind kind : indexer::kAllKinds) {
            terms.emplace_back(schema::token_term(kind, *token));
        }
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
};

// On records the site is a value (docs/corpus.md: records carry no site
// term), on items a G term.
class RecordSiteField : public Xapian::FieldProcessor {
    Xapian::Query operator()(const std::string& value) override {
        std::string site = value;
        for (char& c : site) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotSite, site, site);
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

// month:YYYYMM on records: their first-seen value within that month (items
// carry XM terms instead).
class RecordMonthField : public Xapian::FieldProcessor {
    Xapian::Query operator()(const std::string& value) override {
        const auto start = value.size() == 6
                               ? day_start(value.substr(0, 4) + "-" + value.substr(4, 2) + "-01")
                               : std::nullopt;
        if (!start) {
            throw BadField{"month:" + value + ": a month is YYYYMM"};
        }
        std::tm tm{};
        const std::time_t t = static_cast<std::time_t>(*start);
        gmtime_r(&t, &tm);
        tm.tm_mon += 1;
        const std::int64_t next = static_cast<std::int64_t>(timegm(&tm));
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotFirstSeen,
                             Xapian::sortable_serialise(static_cast<double>(*start)),
                             Xapian::sortable_serialise(static_cast<double>(next - 1)));
    }
};

class DateRange : public Xapian::RangeProcessor {
  public:
    DateRange() : Xapian::RangeProcessor(schema::kSlotFirstSeen, "date:") {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        const auto from = begin.empty() ? std::optional<std::int64_t>(0) : day_start(begin);
        const auto to = end.empty() ? std::optional<std::int64_t>(253402300799) : day_start(end);
        if (!from || !to) {
            throw BadField{"date:" + begin + ".." + end + ": dates are YYYY-MM-DD"};
        }
        const std::int64_t last = end.empty() ? *to : *to + 86399;
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotFirstSeen,
                             Xapian::sortable_serialise(static_cast<double>(*from)),
                             Xapian::sortable_serialise(static_cast<double>(last)));
    }
};

std::string month_of(std::int64_t unix_seconds) {
    return indexer::iso_utc(unix_seconds).substr(0, 7);
}

void count_facets(const Xapian::Document& doc, QueryTarget target, const ItemSummary* item,
                  const ResearchOptions& options, ResearchResult& result) {
    for (Facet facet : options.facets) {
        auto& counts = result.facets[facet_name(facet)];
        switch (facet) {
            case Facet::site:
                if (target == QueryTarget::records) {
                    ++counts[doc.get_value(schema::kSlotSite)];
                } else {
                    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                        if ((*t)[0] == 'G') {
                            ++counts[(*t).substr(1)];
                        }
                    }
                }
                break;
            case Facet::kind: {
                const std::string prefix(schema::kPrefixKind);
                auto t = doc.termlist_begin();
                for (t.skip_to(prefix); t != doc.termlist_end() && (*t).starts_with(prefix); ++t) {
                    ++counts[(*t).substr(prefix.size())];
                }
                break;
            }
            case Facet::month:
                ++counts[month_of(static_cast<std::int64_t>(
                    Xapian::sortable_unserialise(doc.get_value(schema::kSlotFirstSeen))))];
                break;
            case Facet::item:
                if (item != nullptr) {
                    ++counts[item->key];
                }
                break;
        }
    }
}

RecordRow record_row(const Xapian::Document& doc, const ItemSummary* item) {
    RecordRow row;
    row.item = item;
    row.site = doc.get_value(schema::kSlotSite);
    row.first_seen = indexer::iso_utc(static_cast<std::int64_t>(
        Xapian::sortable_unserialise(doc.get_value(schema::kSlotFirstSeen))));
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& name = *t;
        if (name.starts_with(schema::kPrefixKind)) {
            if (auto k = indexer::parse_kind(name.substr(schema::kPrefixKind.size()))) {
                row.kinds |= kind_bit(*k);
            }
        } else if (name.starts_with(schema::kPrefixToken) &&
                   name.size() == schema::kPrefixToken.size() + 1 + indexer::kTokenSize) {
            const char code = name[schema::kPrefixToken.size()];
            for (Kind k : indexer::kAllKinds) {
                if (schema::kind_code(k) == code) {
                    row.tokens.emplace_back(
                        k, indexer::to_hex(std::span(
                               reinterpret_cast<const unsigned char*>(name.data() + name.size() -
                                                                      indexer::kTokenSize),
                               indexer::kTokenSize)));
                }
            }
        }
    }
    return row;
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

Xapian::Query parse_research_query(const std::string& text, QueryTarget target) {
    Xapian::QueryParser parser;
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.add_boolean_prefix("kind", (new KindField)->release());
    parser.add_boolean_prefix("token", (new TokenField)->release());
    if (target == QueryTarget::items) {
        parser.add_boolean_prefix("site", std::string(schema::kPrefixSite));
        parser.add_boolean_prefix("item", std::string(schema::kPrefixUniqueItem));
        parser.add_boolean_prefix("month", std::string(schema::kPrefixMonth));
    } else {
        parser.add_boolean_prefix("site", (new RecordSiteField)->release());
        parser.add_boolean_prefix("item", std::string(schema::kPrefixItem));
        parser.add_boolean_prefix("month", (new RecordMonthField)->release());
    }
    parser.add_rangeprocessor((new DateRange)->release());
    const std::string type =
        term(schema::kPrefixType,
             std::string(target == QueryTarget::items ? schema::kTypeItem : schema::kTypeRecord));
    Xapian::Query scope(type);
    if (target == QueryTarget::items) {
        scope = Xapian::Query(
            Xapian::Query::OP_FILTER, scope,
            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotComplete, "1", "1"));
    }
    if (text.find_first_not_of(" \t") == std::string::npos) {
        return scope;
    }
    try {
        const unsigned flags = Xapian::QueryParser::FLAG_BOOLEAN |
                               Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                               Xapian::QueryParser::FLAG_PURE_NOT;
        Xapian::Query parsed = parser.parse_query(text, flags);
        return Xapian::Query(Xapian::Query::OP_FILTER, scope, parsed);
    } catch (const BadField& e) {
        throw Error(ErrorCategory::usage, "bad query: " + e.reason);
    } catch (const Xapian::QueryParserError& e) {
        throw Error(ErrorCategory::usage, "bad query: " + e.get_msg());
    }
}

ResearchResult run_research_query(const Xapian::Database& db, ItemCatalog& catalog,
                                  const std::string& text, const ResearchOptions& options) {
    const Xapian::Query query = parse_research_query(text, options.target);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    switch (options.sort) {
        case QuerySort::date:
            enquire.set_sort_by_value_then_relevance(schema::kSlotFirstSeen, true);
            break;
        case QuerySort::records:
            enquire.set_sort_by_value_then_relevance(schema::kSlotRecords, true);
            break;
        case QuerySort::none:
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            break;
    }
    ResearchResult result;
    // Pages of matches: all of them are counted (and faceted), the first
    // `limit` shown. Records of items not complete are left out.
    constexpr Xapian::doccount kPage = 10000;
    const bool walk_all = !options.facets.empty() || options.target == QueryTarget::records;
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
            const ItemSummary* item = options.target == QueryTarget::items
                                          ? catalog.of_document(doc)
                                          : catalog.find(item_key_of_record(db, *m));
            if (item == nullptr) {
                continue;
            }
            if (walk_all) {
                ++result.count;
                count_facets(doc, options.target, item, options, result);
            }
            if (options.target == QueryTarget::items && result.items.size() < options.limit) {
                result.items.push_back(item);
            } else if (options.target == QueryTarget::records &&
                       result.records.size() < options.limit) {
                result.records.push_back(record_row(doc, item));
            }
        }
        if (!walk_all || page.size() < kPage) {
            break;
        }
    }
    return result;
}

}  // namespace lw::search
