#include "search/timeline.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <sstream>

#include "indexer/corpus/corpus_schema.h"
#include "search/item_catalog.h"
#include "search/record_terms.h"

namespace lw::search {
namespace {

namespace schema = indexer::corpus;

std::string period_of(double unix_seconds, TimeBucket bucket) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    switch (bucket) {
        case TimeBucket::day:
            std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
            break;
        case TimeBucket::week:
            std::strftime(text, sizeof text, "%G-W%V", &utc);  // ISO 8601 week
            break;
        case TimeBucket::month:
            std::strftime(text, sizeof text, "%Y-%m", &utc);
            break;
    }
    return text;
}

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

std::vector<TimelineRow> build_timeline(const Xapian::Database& db, TimeBucket bucket) {
    std::map<std::string, TimelineRow> rows;
    ItemCatalog catalog(db);
    const std::string items = std::string(schema::kPrefixType) + std::string(schema::kTypeItem);
    for (auto p = db.postlist_begin(items); p != db.postlist_end(items); ++p) {
        const Xapian::Document doc = db.get_document(*p);
        if (catalog.of_document(doc) == nullptr) {
            continue;
        }
        const std::string period =
            period_of(Xapian::sortable_unserialise(doc.get_value(schema::kSlotFirstSeen)), bucket);
        ++rows[period].items;
    }
    const std::string prefix(schema::kPrefixToken);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        // The first complete record holding the token, dated by its item.
        for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
            const ItemSummary* item = catalog.find(item_key_of_record(db, *p));
            if (item == nullptr) {
                continue;
            }
            ++rows[period_of(static_cast<double>(item->first_seen_unix), bucket)].new_tokens;
            break;
        }
    }
    std::vector<TimelineRow> out;
    for (auto& [period, row] : rows) {
        row.period = period;
        out.push_back(row);
    }
    return out;
}

std::string timeline_svg(const std::vector<TimelineRow>& rows, const std::string& title) {
    constexpr int kWidth = 800, kHeight = 400, kLeft = 60, kRight = 60, kTop = 40, kBottom = 70;
    const int plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
    std::uint64_t max_items = 1, max_tokens = 1;
    for (const TimelineRow& r : rows) {
        max_items = std::max(max_items, r.items);
        max_tokens = std::max(max_tokens, r.new_tokens);
    }
    const double slot = rows.empty() ? plot_w : static_cast<double>(plot_w) / rows.size();
    std::ostringstream svg;
    svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << kWidth
        << "\" height=\"" << kHeight << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight
        << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"" << kWidth / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">"
        << xml_escape(title) << "</text>\n"
        << "<line x1=\"" << kLeft << "\" y1=\"" << kTop + plot_h << "\" x2=\"" << kLeft + plot_w
        << "\" y2=\"" << kTop + plot_h << "\" stroke=\"black\"/>\n"
        << "<text x=\"" << kLeft - 8 << "\" y=\"" << kTop + 4
        << "\" text-anchor=\"end\" fill=\"#4477aa\">" << max_items << "</text>\n"
        << "<text x=\"" << kLeft + plot_w + 8 << "\" y=\"" << kTop + 4 << "\" fill=\"#cc3311\">"
        << max_tokens << "</text>\n";
    std::string line;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TimelineRow& r = rows[i];
        const double x = kLeft + i * slot;
        const double bar_h = static_cast<double>(plot_h) * r.items / max_items;
        svg << "<rect x=\"" << x + slot * 0.15 << "\" y=\"" << kTop + plot_h - bar_h
            << "\" width=\"" << slot * 0.7 << "\" height=\"" << bar_h
            << "\" fill=\"#4477aa\"><title>" << xml_escape(r.period) << ": " << r.items
            << " items, " << r.new_tokens << " new tokens</title></rect>\n";
        const double y = kTop + plot_h - static_cast<double>(plot_h) * r.new_tokens / max_tokens;
        line += (i == 0 ? "M" : " L") + std::to_string(x + slot / 2) + " " + std::to_string(y);
        if (rows.size() <= 24 || i % (rows.size() / 12 + 1) == 0) {
            svg << "<text x=\"" << x + slot / 2 << "\" y=\"" << kTop + plot_h + 16
                << "\" text-anchor=\"end\" transform=\"rotate(-40 " << x + slot / 2 << ' '
                << kTop + plot_h + 16 << ")\">" << xml_escape(r.period) << "</text>\n";
        }
    }
    if (!line.empty()) {
        svg << "<path d=\"" << line << "\" fill=\"none\" stroke=\"#cc3311\" stroke-width=\"2\"/>\n";
    }
    svg << "<text x=\"" << kLeft << "\" y=\"" << kHeight - 8 << "\" fill=\"#4477aa\">"
        << "bars: items first seen</text>\n"
        << "<text x=\"" << kLeft + 220 << "\" y=\"" << kHeight - 8 << "\" fill=\"#cc3311\">"
        << "line: new tokens</text>\n"
        << "</svg>\n";
    return svg.str();
}

}  // namespace lw::search
