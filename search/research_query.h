#pragma once

// Researchers' queries over items or records: Xapian's QueryParser with
// boolean prefixes (site:, kind:, item:, token:), a date range
// (date:2021-09-01..2021-09-30 on first seen), AND / OR / NOT and
// brackets; counts, facets and sorting.

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "search/item_catalog.h"
#include "search/token_lookup.h"

namespace lw::search {

enum class QueryTarget { items, records };
enum class QuerySort { none, date, records };
enum class Facet { site, kind, month, item };

struct ResearchOptions {
    QueryTarget target = QueryTarget::items;
    QuerySort sort = QuerySort::none;
    std::size_t limit = 20;
    std::vector<Facet> facets;
};

// A query string as Xapian's query, restricted to the target's documents
// (complete items, or records). Throws lw::Error(usage) "bad query: REASON"
// for a query that does not parse (an unknown kind, a token that is not
// 32 hex digits, a bad date). On records, site:, month: and date: become
// the records of the matching items, read from `db`.
Xapian::Query parse_research_query(const Xapian::Database& db, const std::string& text,
                                   QueryTarget target);

struct RecordRow {
    const ItemSummary* item = nullptr;
    std::string first_seen;  // ISO 8601 UTC
    std::string site;
    KindSet kinds = 0;
    std::vector<std::pair<indexer::Kind, std::string>> tokens;  // hex
};

struct ResearchResult {
    std::uint64_t count = 0;  // every match, not only those shown
    std::vector<const ItemSummary*> items;
    std::vector<RecordRow> records;
    // facet name ("site", "kind", "month", "item") -> value -> matches
    std::map<std::string, std::map<std::string, std::uint64_t>> facets;
};

ResearchResult run_research_query(const Xapian::Database& db, ItemCatalog& catalog,
                                  const std::string& text, const ResearchOptions& options);

const char* facet_name(Facet facet);

}  // namespace lw::search
