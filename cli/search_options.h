#pragma once

// Options shared by the commands that read corpora and print reports
// (search, check, query, related, timeline).

#include <string>
#include <vector>

#include "cli/options.h"
#include "indexer/record_splitter.h"
#include "search/search.h"

namespace lw::cli {

struct CorpusOptions {
    std::vector<std::string> dbs;
    bool allow_missing_shards = false;
};

// --db (repeatable) and --allow-missing-shards.
void add_corpus_options(po::options_description& options, CorpusOptions& out);

// Opens them; shards skipped with --allow-missing-shards are said on stderr.
search::OpenedCorpora open_corpus_options(const CorpusOptions& options);

// Looks `queries` up and prints the exposure report (search, check);
// returns the exit status: found (0) or nothing found (1).
int print_exposure(const search::OpenedCorpora& corpora, std::vector<search::TokenQuery> queries,
                   search::ReportFormat format, bool all);

// --format's value: table (the default), json, jsonl or csv.
search::ReportFormat report_format_option(const std::string& name);

// --map COLUMN=ROLE values; throws lw::Error(usage) naming the bad one.
std::vector<indexer::RecordSplitter::Override> map_options(const std::vector<std::string>& maps);

}  // namespace lw::cli
