// leakwatch stats: what a corpus holds, for operators and researchers.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/progress_line.h"
#include "indexer/indexer.h"
#include "search/search.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch stats --db DIR|STUB [--format table|json]\n\n"
    "Shows a corpus: items, records, distinct tokens by kind, items by site and by\n"
    "month first seen, format version, key id (the public key pkS), size on disk and\n"
    "the last run. Counts cover complete items only; an item whose writer was killed\n"
    "part way is shown on a line of its own (the next index or crawl removes it).\n"
    "Reads only: works on a read-only copy and while a writer runs.\n\n"
    "Examples:\n"
    "  leakwatch stats --db corpus\n"
    "  leakwatch stats --db corpus --format json | jq .tokens_by_kind";

void print_table(const search::CorpusStats& s) {
    const auto row = [](const std::string& name, const std::string& value) {
        std::string padded = name;
        padded.resize(std::max<std::size_t>(padded.size() + 2, 18), ' ');
        std::cout << padded << value << "\n";
    };
    row("format", s.format);
    row("key id (pkS)", s.public_key);
    row("created", s.created);
    row("items", std::to_string(s.items));
    row("records", std::to_string(s.records));
    if (s.interrupted_items != 0) {
        row("interrupted", std::to_string(s.interrupted_items) +
                               (s.interrupted_items == 1 ? " item, " : " items, ") +
                               std::to_string(s.interrupted_records) +
                               " records: removed by the next index or crawl");
    }
    std::cout << "distinct tokens\n";
    for (const auto& [kind, n] : s.tokens_by_kind) {
        row("  " + kind, std::to_string(n));
    }
    std::cout << "items by site\n";
    for (const auto& [site, n] : s.items_by_site) {
        row("  " + site, std::to_string(n));
    }
    std::cout << "items by month\n";
    for (const auto& [month, n] : s.items_by_month) {
        row("  " + month, std::to_string(n));
    }
    row("size on disk", s.bytes_on_disk ? format_bytes(*s.bytes_on_disk) : "- (shards)");
    row("last run", s.last_run.empty() ? "-" : s.last_run);
}

void print_json(const search::CorpusStats& s) {
    nlohmann::json out = {
        {"format", s.format},
        {"key_id", s.public_key},
        {"created", s.created},
        {"items", s.items},
        {"records", s.records},
        {"interrupted", {{"items", s.interrupted_items}, {"records", s.interrupted_records}}},
        {"tokens_by_kind", s.tokens_by_kind},
        {"items_by_site", s.items_by_site},
        {"items_by_month", s.items_by_month},
        {"bytes_on_disk", s.bytes_on_disk ? nlohmann::json(*s.bytes_on_disk) : nlohmann::json()},
    };
    const auto last = nlohmann::json::parse(s.last_run, nullptr, false);
    out["last_run"] = last.is_discarded() ? nlohmann::json(nullptr) : last;
    std::cout << out.dump(2) << "\n";
}

}  // namespace

int run_stats(const std::vector<std::string>& args) {
    std::string corpus;
    std::string format;
    po::options_description visible("Options");
    visible.add_options()                                            //
        ("db", po::value(&corpus)->required(), "the corpus folder")  //
        ("format", po::value(&format)->default_value("table"), "table or json");
    po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    if (format != "table" && format != "json") {
        throw Error(ErrorCategory::usage, "--format takes table or json");
    }
    // A stub file's shards are opened as search opens them (our own stub
    // parser, glass folders only); a folder directly.
    std::error_code ec;
    const search::CorpusStats stats =
        std::filesystem::is_regular_file(corpus, ec)
            ? search::corpus_stats_of(search::open_corpora({corpus}, {}).db, corpus)
            : search::read_corpus_stats(corpus);
    if (format == "json") {
        print_json(stats);
    } else {
        print_table(stats);
    }
    return kExitOk;
}

}  // namespace lw::cli
