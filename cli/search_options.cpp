#include "cli/search_options.h"

#include <iostream>

#include "cli/exit_codes.h"
#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/indexer.h"

namespace lw::cli {

void add_corpus_options(po::options_description& options, CorpusOptions& out) {
    options.add_options()  //
        ("db", po::value(&out.dbs)->required()->composing(),
         "a corpus folder, or a Xapian stub file listing shards (repeatable); remote shards "
         "are clear text and unauthenticated unless carried over TLS (see contrib/stunnel)")  //
        ("allow-missing-shards", po::bool_switch(&out.allow_missing_shards),
         "skip a shard that cannot be opened (and say which) instead of failing");
}

search::OpenedCorpora open_corpus_options(const CorpusOptions& options) {
    search::OpenedCorpora corpora =
        search::open_corpora(options.dbs, {.allow_missing_shards = options.allow_missing_shards});
    for (const std::string& skipped : corpora.skipped) {
        std::cerr << "leakwatch: skipped " << skipped << "\n";
    }
    return corpora;
}

void add_sealed_key_option(po::options_description& options, std::string& key_path) {
    options.add_options()  //
        ("key", po::value(&key_path),
         "the operator's key file: show item sources and titles, which the corpus keeps sealed");
}

std::unique_ptr<indexer::CorpusKeys> corpus_keys_option(const std::string& key_path,
                                                        const search::OpenedCorpora& corpora) {
    if (key_path.empty()) {
        return nullptr;
    }
    const indexer::SecretScalar secret_key = indexer::read_key_file(key_path);
    search::require_public_key(corpora, indexer::to_hex(indexer::public_key_of(secret_key)));
    return std::make_unique<indexer::CorpusKeys>(secret_key);
}

void note_sealed_sources(const char* command, bool saw_sealed) {
    if (saw_sealed) {
        std::cerr << "leakwatch: " << command
                  << ": sources and titles are sealed in this corpus; items are named by site, "
                     "host and id (the operator's --key shows them)\n";
    }
}

int print_exposure(const search::OpenedCorpora& corpora, std::vector<search::TokenQuery> queries,
                   search::ReportFormat format, bool all, const indexer::CorpusKeys* keys,
                   const char* command) {
    search::TokenLookup lookup(corpora.db, keys);
    search::ExposureReport report = search::look_up_all(lookup, std::move(queries));
    report.skipped_shards = corpora.skipped;
    search::write_report(std::cout, report, format, all);
    note_sealed_sources(command, lookup.saw_sealed());
    return report.any_found() ? kExitOk : kExitNothingOrPartial;
}

void add_check_options(po::options_description& options, CheckOptions& out) {
    options.add_options()  //
        ("records", po::value(&out.records)->required(),
         "the institution's table ('-': stdin)")  //
        ("map", po::value(&out.maps)->composing(),
         "COLUMN=ROLE: a column's meaning (repeatable)")                          //
        ("all", po::bool_switch(&out.all), "list the identifiers not found too")  //
        ("format", po::value(&out.format_name)->default_value("table"),
         "table, json, jsonl or csv");
}

search::ReportFormat report_format_option(const std::string& name) {
    if (name == "table") {
        return search::ReportFormat::table;
    }
    if (name == "json") {
        return search::ReportFormat::json;
    }
    if (name == "jsonl") {
        return search::ReportFormat::jsonl;
    }
    if (name == "csv") {
        return search::ReportFormat::csv;
    }
    throw Error(ErrorCategory::usage, "--format takes table, json, jsonl or csv");
}

std::vector<indexer::RecordSplitter::Override> map_options(const std::vector<std::string>& maps) {
    std::vector<indexer::RecordSplitter::Override> out;
    for (const std::string& map : maps) {
        const auto equals = map.rfind('=');
        const auto role = equals == std::string::npos
                              ? std::nullopt
                              : indexer::parse_column_role(map.substr(equals + 1));
        if (equals == 0 || !role) {
            throw Error(ErrorCategory::usage,
                        "--map '" + map +
                            "': expected COLUMN=ROLE, ROLE one of email, nir, cf, phone, iban, "
                            "card, last_name, first_name, birth_date, none");
        }
        out.push_back({map.substr(0, equals), *role});
    }
    return out;
}

}  // namespace lw::cli
