#pragma once

// Options shared by the commands that read corpora and print reports
// (search, check, query, related, timeline).

#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "indexer/indexer.h"
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

// --key FILE for the commands that read without it: with the operator's key
// they show the sources and titles that format 3 seals.
void add_sealed_key_option(po::options_description& options, std::string& key_path);
// The keys of `key_path` (checked against the corpora's pkS), or nullptr
// when it is empty.
std::unique_ptr<indexer::CorpusKeys> corpus_keys_option(const std::string& key_path,
                                                        const search::OpenedCorpora& corpora);
// Says once on stderr that sources were sealed, if `saw_sealed`.
void note_sealed_sources(const char* command, bool saw_sealed);

// Looks `queries` up and prints the exposure report (search, check);
// returns the exit status: found (0) or nothing found (1). `keys` (may be
// null) open sealed sources and titles.
int print_exposure(const search::OpenedCorpora& corpora, std::vector<search::TokenQuery> queries,
                   search::ReportFormat format, bool all, const indexer::CorpusKeys* keys,
                   const char* command);

// What `check` and `check --remote` both take: --records, --map, --all and
// --format.
struct CheckOptions {
    std::string records;
    std::vector<std::string> maps;
    bool all = false;
    std::string format_name;
};
void add_check_options(po::options_description& options, CheckOptions& out);

// --format's value: table (the default), json, jsonl or csv.
search::ReportFormat report_format_option(const std::string& name);

// --map COLUMN=ROLE values; throws lw::Error(usage) naming the bad one.
std::vector<indexer::RecordSplitter::Override> map_options(const std::vector<std::string>& maps);

}  // namespace lw::cli
