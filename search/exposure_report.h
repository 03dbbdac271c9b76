#pragma once

// What `search` and `check` report: for each token asked about, the items
// it appeared in and the kinds beside it, grouped by the institution's
// rows; then a summary (rows exposed, by kind, by item, by month).

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "search/token_input.h"
#include "search/token_lookup.h"

namespace lw::search {

struct ExposureReport {
    std::vector<TokenQuery> queries;
    std::vector<TokenResult> results;  // one per query, same order
    std::vector<std::string> skipped_shards;

    bool any_found() const;
};

// Looks every query up, in term order (neighbouring terms share B-tree
// blocks), and keeps the results in the queries' order.
ExposureReport look_up_all(TokenLookup& lookup, std::vector<TokenQuery> queries);

struct ExposureSummary {
    bool has_rows = false;
    std::uint64_t rows_checked = 0;
    std::uint64_t rows_exposed = 0;
    std::uint64_t identifiers_checked = 0;
    std::uint64_t identifiers_found = 0;
    std::map<std::string, std::uint64_t> found_by_kind;  // identifiers found
    // Rows (identifiers when there are no rows) exposed by each item and by
    // the month (YYYY-MM) the item was first seen; items most exposing first.
    std::vector<std::pair<const ItemSummary*, std::uint64_t>> by_item;
    std::map<std::string, std::uint64_t> by_month;
};

ExposureSummary summarise(const ExposureReport& report);

enum class ReportFormat { table, json, jsonl, csv };

// `all`: tokens not found are listed too. JSON and CSV are written whole
// or not at all: the caller builds the report before calling.
void write_report(std::ostream& out, const ExposureReport& report, ReportFormat format, bool all);

}  // namespace lw::search
