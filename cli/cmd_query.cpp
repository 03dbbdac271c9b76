// leakwatch query / related / timeline: researchers' view of a corpus.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/search_options.h"
#include "indexer/base/error.h"
#include "search/search.h"

namespace lw::cli {
namespace {

const char* const kQueryUsage =
    "usage: leakwatch query --db DIR 'QUERY' [--records] [--count] [--facet F ...]\n"
    "                       [--sort date|records] [--limit N] [--format table|json|jsonl|csv]\n"
    "                       [--key FILE]\n\n"
    "Finds items (or records, with --records) with Xapian's query parser:\n"
    "  site:NAME        items seen on that site (records: those of such items)\n"
    "  kind:KIND        holding that kind (email, nir, cf, phone, iban, card, person)\n"
    "  item:KEY         that item (records: that item's records)\n"
    "  token:HEX        holding that token (32 hex digits, any kind)\n"
    "  month:YYYYMM     items first seen that month\n"
    "  date:A..B        first seen between two days, YYYY-MM-DD, either end open\n"
    "combined with AND, OR, NOT and brackets (AND when nothing is said). An empty\n"
    "query matches everything. --facet site|kind|month|item counts the matches by\n"
    "that field (repeatable); --count prints only the number. Reads only: works on\n"
    "a read-only copy, several --db, or a stub file of shards. Items' sources and\n"
    "titles are sealed in the corpus: without the operator's --key an item shows\n"
    "its site, host, id and dates; with it (the operator exporting what a\n"
    "researcher may see), its URL or file and title too.\n\n"
    "A record's site and dates are its item's: site:, month:, date: and --sort date\n"
    "on records go by their item.\n\n"
    "Examples:\n"
    "  leakwatch query --db corpus 'kind:nir AND kind:email' --sort records\n"
    "  leakwatch query --db corpus 'site:demo-forum date:2021-09-01..2021-09-30' --count\n"
    "  leakwatch query --db corpus '' --facet site --facet month --limit 0\n"
    "  leakwatch query --db corpus --records 'token:0123456789abcdef0123456789abcdef'\n\n"
    "Exit status: 0 something matched, 1 nothing matched, 2 error.";

const char* const kRelatedUsage =
    "usage: leakwatch related --db DIR ITEM [--format table|json|jsonl|csv] [--key FILE]\n\n"
    "The items sharing tokens with ITEM (its 16-hex key, as query and search show\n"
    "it), most shared first, with how many of ITEM's distinct tokens each holds:\n"
    "reposts and re-uploads of one dump, or dumps from one source.\n\n"
    "Example:\n"
    "  leakwatch related --db corpus 3f2a9c0d11aa22bb\n\n"
    "Exit status: 0 related items found, 1 none, 2 error (no such item).";

const char* const kTimelineUsage =
    "usage: leakwatch timeline --db DIR [--by day|week|month] [--svg FILE]\n"
    "                          [--format table|json|jsonl|csv]\n\n"
    "Items first seen and tokens first seen in each period (ISO weeks for week),\n"
    "as a table, and as an SVG chart with --svg FILE (open it in a browser).\n\n"
    "Examples:\n"
    "  leakwatch timeline --db corpus --by week\n"
    "  leakwatch timeline --db corpus --by month --svg leaks.svg\n\n"
    "Exit status: 0 done, 2 error.";

search::Facet facet_option(const std::string& name) {
    if (name == "site")
        return search::Facet::site;
    if (name == "kind")
        return search::Facet::kind;
    if (name == "month")
        return search::Facet::month;
    if (name == "item")
        return search::Facet::item;
    throw Error(ErrorCategory::usage, "--facet takes site, kind, month or item");
}

}  // namespace

int run_query(const std::vector<std::string>& args) {
    CorpusOptions corpus;
    std::string query, format_name, sort, key_path;
    std::vector<std::string> facets;
    bool records = false, count = false;
    std::size_t limit = 20;
    po::options_description visible("Options");
    add_corpus_options(visible, corpus);
    add_sealed_key_option(visible, key_path);
    visible.add_options()                                                                         //
        ("records", po::bool_switch(&records), "match records instead of items")                  //
        ("count", po::bool_switch(&count), "print only the number of matches")                    //
        ("facet", po::value(&facets)->composing(), "count matches by site, kind, month or item")  //
        ("sort", po::value(&sort), "date (newest first) or records (largest first)")              //
        ("limit", po::value(&limit)->default_value(20), "rows shown (all are counted)")           //
        ("format", po::value(&format_name)->default_value("table"), "table, json, jsonl or csv");
    po::options_description hidden;
    hidden.add_options()("query", po::value(&query));
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "query", vm, kQueryUsage)) {
        return kExitOk;
    }
    search::ResearchOptions options;
    options.target = records ? search::QueryTarget::records : search::QueryTarget::items;
    options.limit = count ? 0 : limit;
    if (sort == "date") {
        options.sort = search::QuerySort::date;
    } else if (sort == "records") {
        options.sort = search::QuerySort::records;
    } else if (!sort.empty()) {
        throw Error(ErrorCategory::usage, "--sort takes date or records");
    }
    for (const std::string& f : facets) {
        options.facets.push_back(facet_option(f));
    }
    const search::ReportFormat format = report_format_option(format_name);
    search::OpenedCorpora corpora = open_corpus_options(corpus);
    const auto keys = corpus_keys_option(key_path, corpora);
    search::ItemCatalog catalog(corpora.db, keys.get());
    const search::ResearchResult result =
        search::run_research_query(corpora.db, catalog, query, options);
    search::write_query_result(std::cout, result, options.target, format, count);
    note_sealed_sources(
        "query", !count && options.target == search::QueryTarget::items && catalog.saw_sealed());
    return result.count > 0 ? kExitOk : kExitNothingOrPartial;
}

int run_related(const std::vector<std::string>& args) {
    CorpusOptions corpus;
    std::string item, format_name, key_path;
    po::options_description visible("Options");
    add_corpus_options(visible, corpus);
    add_sealed_key_option(visible, key_path);
    visible.add_options()  //
        ("format", po::value(&format_name)->default_value("table"), "table, json, jsonl or csv");
    po::options_description hidden;
    hidden.add_options()("item", po::value(&item)->required());
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "item", vm, kRelatedUsage)) {
        return kExitOk;
    }
    const search::ReportFormat format = report_format_option(format_name);
    search::OpenedCorpora corpora = open_corpus_options(corpus);
    const auto keys = corpus_keys_option(key_path, corpora);
    search::ItemCatalog catalog(corpora.db, keys.get());
    const search::RelatedResult result = search::related_items(corpora.db, catalog, item);
    search::write_related(std::cout, result, format);
    note_sealed_sources("related", catalog.saw_sealed());
    return result.related.empty() ? kExitNothingOrPartial : kExitOk;
}

int run_timeline(const std::vector<std::string>& args) {
    CorpusOptions corpus;
    std::string by, svg, format_name;
    po::options_description visible("Options");
    add_corpus_options(visible, corpus);
    visible.add_options()                                                     //
        ("by", po::value(&by)->default_value("month"), "day, week or month")  //
        ("svg", po::value(&svg), "also write the chart as SVG to FILE")       //
        ("format", po::value(&format_name)->default_value("table"), "table, json, jsonl or csv");
    po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kTimelineUsage)) {
        return kExitOk;
    }
    search::TimeBucket bucket;
    if (by == "day") {
        bucket = search::TimeBucket::day;
    } else if (by == "week") {
        bucket = search::TimeBucket::week;
    } else if (by == "month") {
        bucket = search::TimeBucket::month;
    } else {
        throw Error(ErrorCategory::usage, "--by takes day, week or month");
    }
    const search::ReportFormat format = report_format_option(format_name);
    search::OpenedCorpora corpora = open_corpus_options(corpus);
    const auto rows = search::build_timeline(corpora.db, bucket);
    if (!svg.empty()) {
        std::ofstream out(svg, std::ios::binary | std::ios::trunc);
        out << search::timeline_svg(rows, "leakwatch: items and new tokens by " + by);
        if (!out.flush()) {
            throw Error(ErrorCategory::io, svg + ": cannot be written");
        }
    }
    search::write_timeline(std::cout, rows, format);
    return kExitOk;
}

}  // namespace lw::cli
