#include "search/exposure_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>
#include <ostream>
#include <set>

#include "indexer/base/hex.h"
#include "indexer/base/utc_time.h"
#include "indexer/corpus/corpus_schema.h"
#include "search/report_text.h"

namespace lw::search {
namespace {

using indexer::Kind;
using nlohmann::json;

std::string kind_text(const std::optional<Kind>& kind) {
    return kind ? std::string(indexer::kind_name(*kind)) : std::string("?");
}

std::string day_of(const std::string& iso) {
    return iso.substr(0, 10);
}

// Queries in the order a report shows them: by row when rows were given
// (stable: a row's identifiers stay in file order), else as given.
std::vector<std::size_t> display_order(const ExposureReport& report) {
    std::vector<std::size_t> order(report.queries.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return report.queries[a].row.value_or(0) < report.queries[b].row.value_or(0);
    });
    return order;
}

// A sealed item's source and title are null, with "sealed": true.
json source_json(const ItemSummary& item) {
    return item.sealed ? json(nullptr) : json(item.source);
}

json item_json(const ItemHit& hit) {
    return json{{"item", hit.item->key},
                {"site", hit.item->site},
                {"host", hit.item->host},
                {"sealed", hit.item->sealed},
                {"source", source_json(*hit.item)},
                {"title", hit.item->sealed ? json(nullptr) : json(hit.item->title)},
                {"first_seen", hit.item->first_seen},
                {"last_seen", hit.item->last_seen},
                {"sightings", hit.item->sightings},
                {"records", hit.records}};
}

json result_json(const TokenQuery& query, const TokenResult& result) {
    json items = json::array();
    for (const ItemHit& hit : result.items) {
        json item = item_json(hit);
        item["with"] = json::array();
        for (Kind k : kinds_of(hit.with)) {
            item["with"].push_back(indexer::kind_name(k));
        }
        items.push_back(std::move(item));
    }
    json out{{"token", indexer::to_hex(query.token)},
             {"kind", result.kind ? json(indexer::kind_name(*result.kind)) : json(nullptr)},
             {"found", !result.items.empty()},
             {"items", std::move(items)}};
    if (query.row) {
        out["row"] = *query.row;
    }
    return out;
}

json summary_json(const ExposureSummary& s) {
    json by_item = json::array();
    for (const auto& [item, n] : s.by_item) {
        by_item.push_back({{"item", item->key},
                           {"site", item->site},
                           {"source", source_json(*item)},
                           {"count", n}});
    }
    json out{{"identifiers_checked", s.identifiers_checked},
             {"identifiers_found", s.identifiers_found},
             {"found_by_kind", s.found_by_kind},
             {"by_item", std::move(by_item)},
             {"by_month_first_seen", s.by_month}};
    if (s.has_rows) {
        out["rows_checked"] = s.rows_checked;
        out["rows_exposed"] = s.rows_exposed;
    }
    return out;
}

void write_csv(std::ostream& out, const ExposureReport& report, bool all) {
    out << "row,token,kind,found,item,site,source,title,first_seen,last_seen,sightings,records,"
           "with\n";
    for (std::size_t i : display_order(report)) {
        const TokenQuery& q = report.queries[i];
        const TokenResult& r = report.results[i];
        const std::string lead = (q.row ? std::to_string(*q.row) : std::string()) + "," +
                                 indexer::to_hex(q.token) + "," + kind_text(r.kind) + ",";
        if (r.items.empty()) {
            if (all) {
                out << lead << "false,,,,,,,,,\n";
            }
            continue;
        }
        for (const ItemHit& hit : r.items) {
            out << lead << "true," << hit.item->key << ',' << csv_field(hit.item->site) << ','
                << csv_field(shown_source(*hit.item)) << ',' << csv_field(hit.item->title) << ','
                << hit.item->first_seen << ',' << hit.item->last_seen << ',' << hit.item->sightings
                << ',' << hit.records << ',' << csv_field(kinds_text(hit.with, ";")) << '\n';
        }
    }
}

void write_table(std::ostream& out, const ExposureReport& report, bool all) {
    std::optional<std::uint64_t> current_row;
    bool first_group = true;
    for (std::size_t i : display_order(report)) {
        const TokenQuery& q = report.queries[i];
        const TokenResult& r = report.results[i];
        if (r.items.empty() && !all) {
            continue;
        }
        if (q.row && q.row != current_row) {
            out << (first_group ? "" : "\n") << "row " << *q.row << '\n';
            current_row = q.row;
            first_group = false;
        }
        const char* indent = q.row ? "  " : "";
        out << indent << kind_text(r.kind) << ' ' << indexer::to_hex(q.token);
        if (r.items.empty()) {
            out << ": not found\n";
            continue;
        }
        out << ": " << r.items.size() << (r.items.size() == 1 ? " item" : " items") << '\n';
        for (const ItemHit& hit : r.items) {
            out << indent << "  " << hit.item->site << "  " << shown_source(*hit.item);
            if (!hit.item->title.empty()) {
                out << "  \"" << hit.item->title << '"';
            }
            out << "\n"
                << indent << "    first seen " << day_of(hit.item->first_seen) << ", last seen "
                << day_of(hit.item->last_seen) << ", " << hit.item->sightings
                << (hit.item->sightings == 1 ? " sighting" : " sightings") << "; with "
                << kinds_text(hit.with, ", ") << '\n';
        }
    }
    const ExposureSummary s = summarise(report);
    out << (report.any_found() || all ? "\n" : "") << "summary: ";
    if (s.has_rows) {
        out << s.rows_checked << " rows checked, " << s.rows_exposed << " exposed; ";
    }
    out << s.identifiers_checked << " identifiers checked, " << s.identifiers_found << " found\n";
    if (!s.found_by_kind.empty()) {
        out << "  by kind:";
        for (const auto& [kind, n] : s.found_by_kind) {
            out << ' ' << kind << ' ' << n;
        }
        out << '\n';
    }
    const auto unit = [&](std::uint64_t n) {
        return std::string(s.has_rows ? "row" : "identifier") + (n == 1 ? "" : "s");
    };
    for (const auto& [item, n] : s.by_item) {
        out << "  in " << item->site << ' ' << shown_source(*item) << ": " << n << ' ' << unit(n)
            << '\n';
    }
    for (const auto& [month, n] : s.by_month) {
        out << "  first seen " << month << ": " << n << ' ' << unit(n) << '\n';
    }
    for (const std::string& skipped : report.skipped_shards) {
        out << "  skipped " << skipped << '\n';
    }
}

}  // namespace

bool ExposureReport::any_found() const {
    return std::any_of(results.begin(), results.end(),
                       [](const TokenResult& r) { return !r.items.empty(); });
}

ExposureReport look_up_all(TokenLookup& lookup, std::vector<TokenQuery> queries) {
    std::vector<std::size_t> order(queries.size());
    std::iota(order.begin(), order.end(), 0);
    const auto code = [&](std::size_t i) {
        return queries[i].kind ? indexer::corpus::kind_code(*queries[i].kind) : '\0';
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return code(a) != code(b) ? code(a) < code(b) : queries[a].token < queries[b].token;
    });
    ExposureReport report;
    report.results.resize(queries.size());
    for (std::size_t i : order) {
        report.results[i] = lookup.find(queries[i].token, queries[i].kind);
    }
    report.queries = std::move(queries);
    return report;
}

ExposureSummary summarise(const ExposureReport& report) {
    ExposureSummary s;
    std::set<std::uint64_t> rows, exposed_rows;
    // A row counts once per item and month, however many of its identifiers
    // appeared there.
    std::set<std::pair<std::uint64_t, const ItemSummary*>> row_items;
    std::set<std::pair<std::uint64_t, std::string>> row_months;
    std::map<const ItemSummary*, std::uint64_t> by_item;
    for (std::size_t i = 0; i < report.queries.size(); ++i) {
        const TokenQuery& q = report.queries[i];
        const TokenResult& r = report.results[i];
        const std::uint64_t unit = q.row ? *q.row : i;
        s.has_rows = s.has_rows || q.row.has_value();
        ++s.identifiers_checked;
        if (q.row) {
            rows.insert(*q.row);
        }
        if (r.items.empty()) {
            continue;
        }
        ++s.identifiers_found;
        ++s.found_by_kind[kind_text(r.kind)];
        if (q.row) {
            exposed_rows.insert(*q.row);
        }
        for (const ItemHit& hit : r.items) {
            if (row_items.emplace(unit, hit.item).second) {
                ++by_item[hit.item];
            }
            const std::string month = indexer::month_of(hit.item->first_seen_unix);
            if (row_months.emplace(unit, month).second) {
                ++s.by_month[month];
            }
        }
    }
    s.by_item.assign(by_item.begin(), by_item.end());
    std::sort(s.by_item.begin(), s.by_item.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first->key < b.first->key;
    });
    s.rows_checked = rows.size();
    s.rows_exposed = exposed_rows.size();
    return s;
}

void write_report(std::ostream& out, const ExposureReport& report, ReportFormat format, bool all) {
    switch (format) {
        case ReportFormat::table:
            write_table(out, report, all);
            return;
        case ReportFormat::csv:
            write_csv(out, report, all);
            return;
        case ReportFormat::json:
        case ReportFormat::jsonl:
            break;
    }
    std::vector<json> lines;
    for (std::size_t i : display_order(report)) {
        if (all || !report.results[i].items.empty()) {
            lines.push_back(result_json(report.queries[i], report.results[i]));
        }
    }
    if (format == ReportFormat::jsonl) {
        for (const json& line : lines) {
            out << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
        }
        return;
    }
    json whole{{"results", std::move(lines)},
               {"summary", summary_json(summarise(report))},
               {"skipped_shards", report.skipped_shards}};
    out << whole.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace lw::search
