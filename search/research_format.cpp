#include "search/research_format.h"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "search/report_text.h"

namespace lw::search {
namespace {

using nlohmann::json;

json item_json(const ItemSummary& item) {
    return json{{"item", item.key},
                {"site", item.site},
                {"host", item.host},
                {"sealed", item.sealed},
                {"source", item.sealed ? json(nullptr) : json(item.source)},
                {"title", item.sealed ? json(nullptr) : json(item.title)},
                {"first_seen", item.first_seen},
                {"last_seen", item.last_seen},
                {"records", item.records},
                {"sightings", item.sightings},
                {"size", item.size},
                {"counts", item.counts}};
}

json record_json(const RecordRow& r) {
    json tokens = json::array();
    for (const auto& [kind, hex] : r.tokens) {
        tokens.push_back({{"kind", indexer::kind_name(kind)}, {"token", hex}});
    }
    json kinds = json::array();
    for (indexer::Kind k : kinds_of(r.kinds)) {
        kinds.push_back(indexer::kind_name(k));
    }
    return json{{"item", r.item->key},
                {"site", r.site},
                {"first_seen", r.first_seen},
                {"kinds", kinds},
                {"tokens", tokens}};
}

void dump(std::ostream& out, const json& j, int indent) {
    out << j.dump(indent, ' ', false, json::error_handler_t::replace) << '\n';
}

const char* kItemCsvHeader = "item,site,source,title,first_seen,last_seen,records,sightings,size";

void item_csv(std::ostream& out, const ItemSummary& i) {
    out << i.key << ',' << csv_field(i.site) << ',' << csv_field(shown_source(i)) << ','
        << csv_field(i.title) << ',' << i.first_seen << ',' << i.last_seen << ',' << i.records
        << ',' << i.sightings << ',' << i.size;
}

void item_line(std::ostream& out, const ItemSummary& i) {
    out << i.key << "  " << i.first_seen.substr(0, 10) << "  " << std::left << std::setw(14)
        << i.site << std::right << std::setw(8) << i.records << " records  " << std::setw(3)
        << i.sightings << " seen  " << shown_source(i);
    if (!i.title.empty() && i.title != i.source) {
        out << "  \"" << i.title << '"';
    }
    out << '\n';
}

}  // namespace

void write_query_result(std::ostream& out, const ResearchResult& result, QueryTarget target,
                        ReportFormat format, bool count_only) {
    const bool items = target == QueryTarget::items;
    if (format == ReportFormat::json) {
        json j{{"count", result.count}};
        if (!count_only) {
            json rows = json::array();
            if (items) {
                for (const ItemSummary* i : result.items)
                    rows.push_back(item_json(*i));
            } else {
                for (const RecordRow& r : result.records)
                    rows.push_back(record_json(r));
            }
            j[items ? "items" : "records"] = std::move(rows);
        }
        if (!result.facets.empty()) {
            j["facets"] = result.facets;
        }
        dump(out, j, 2);
        return;
    }
    if (count_only && format != ReportFormat::table) {
        out << (format == ReportFormat::csv ? "count\n" : "{\"count\":") << result.count
            << (format == ReportFormat::csv ? "\n" : "}\n");
        return;
    }
    switch (format) {
        case ReportFormat::jsonl:
            if (items) {
                for (const ItemSummary* i : result.items)
                    dump(out, item_json(*i), -1);
            } else {
                for (const RecordRow& r : result.records)
                    dump(out, record_json(r), -1);
            }
            for (const auto& [facet, counts] : result.facets) {
                dump(out, json{{"facet", facet}, {"counts", counts}}, -1);
            }
            return;
        case ReportFormat::csv:
            if (items) {
                out << kItemCsvHeader << '\n';
                for (const ItemSummary* i : result.items) {
                    item_csv(out, *i);
                    out << '\n';
                }
            } else {
                out << "item,site,first_seen,kinds,tokens\n";
                for (const RecordRow& r : result.records) {
                    std::string tokens;
                    for (const auto& [kind, hex] : r.tokens) {
                        tokens += (tokens.empty() ? "" : ";");
                        tokens += std::string(indexer::kind_name(kind)) + ":" + hex;
                    }
                    out << r.item->key << ',' << csv_field(r.site) << ',' << r.first_seen << ','
                        << kinds_text(r.kinds, ";") << ',' << tokens << '\n';
                }
            }
            return;
        case ReportFormat::table:
        case ReportFormat::json:
            break;
    }
    out << result.count << (items ? " items" : " records") << '\n';
    if (!count_only) {
        if (items) {
            for (const ItemSummary* i : result.items)
                item_line(out, *i);
        } else {
            for (const RecordRow& r : result.records) {
                out << r.item->key << "  " << r.first_seen.substr(0, 10) << "  " << std::left
                    << std::setw(14) << r.site << std::right << "  " << kinds_text(r.kinds, ", ")
                    << '\n';
            }
        }
        const std::size_t shown = items ? result.items.size() : result.records.size();
        if (shown < result.count) {
            out << "(" << shown << " shown; --limit N for more)\n";
        }
    }
    for (const auto& [facet, counts] : result.facets) {
        out << facet << ':';
        const char* separator = " ";
        for (const auto& [value, n] : counts) {
            out << separator << value << ' ' << n;
            separator = ", ";
        }
        out << '\n';
    }
}

void write_related(std::ostream& out, const RelatedResult& result, ReportFormat format) {
    switch (format) {
        case ReportFormat::json:
        case ReportFormat::jsonl: {
            std::vector<json> rows;
            for (const RelatedItem& r : result.related) {
                json row = item_json(*r.item);
                row["shared_tokens"] = r.shared_tokens;
                row["shared_records"] = r.shared_records;
                rows.push_back(std::move(row));
            }
            if (format == ReportFormat::jsonl) {
                for (const json& row : rows)
                    dump(out, row, -1);
            } else {
                dump(out,
                     json{{"item", item_json(*result.item)},
                          {"tokens", result.tokens},
                          {"sampled", result.sampled},
                          {"related", rows}},
                     2);
            }
            return;
        }
        case ReportFormat::csv:
            out << kItemCsvHeader << ",shared_tokens,shared_records\n";
            for (const RelatedItem& r : result.related) {
                item_csv(out, *r.item);
                out << ',' << r.shared_tokens << ',' << r.shared_records << '\n';
            }
            return;
        case ReportFormat::table:
            break;
    }
    out << "item ";
    item_line(out, *result.item);
    out << result.tokens << " distinct tokens" << (result.sampled ? " (sampled)" : "") << "; "
        << result.related.size() << " related items\n";
    for (const RelatedItem& r : result.related) {
        const double share = result.tokens == 0 ? 0 : 100.0 * r.shared_tokens / result.tokens;
        out << std::setw(8) << r.shared_tokens << " shared (" << std::fixed << std::setprecision(1)
            << share << "%)  ";
        out.unsetf(std::ios_base::floatfield);
        item_line(out, *r.item);
    }
}

void write_timeline(std::ostream& out, const std::vector<TimelineRow>& rows, ReportFormat format) {
    switch (format) {
        case ReportFormat::json:
        case ReportFormat::jsonl: {
            json all = json::array();
            for (const TimelineRow& r : rows) {
                json row{{"period", r.period}, {"items", r.items}, {"new_tokens", r.new_tokens}};
                if (format == ReportFormat::jsonl) {
                    dump(out, row, -1);
                } else {
                    all.push_back(std::move(row));
                }
            }
            if (format == ReportFormat::json) {
                dump(out, json{{"timeline", all}}, 2);
            }
            return;
        }
        case ReportFormat::csv:
            out << "period,items,new_tokens\n";
            for (const TimelineRow& r : rows) {
                out << r.period << ',' << r.items << ',' << r.new_tokens << '\n';
            }
            return;
        case ReportFormat::table:
            break;
    }
    out << "period        items  new tokens\n";
    for (const TimelineRow& r : rows) {
        out << std::left << std::setw(12) << r.period << std::right << std::setw(7) << r.items
            << std::setw(12) << r.new_tokens << '\n';
    }
}

}  // namespace lw::search
