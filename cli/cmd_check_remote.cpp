// leakwatch check --remote: an institution's records against an operator's
// corpus, through the institution service, without the key.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/progress_line.h"
#include "cli/search_options.h"
#include "indexer/base/hex.h"
#include "indexer/indexer.h"
#include "search/search.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch check --remote URL --api-key-file FILE --pubkey HEX --records FILE\n"
    "                       [--ca-file PEM] [--cache DIR] [--new-since STATE]\n"
    "                       [--save-tokens FILE] [--map COLUMN=ROLE ...] [--all]\n"
    "                       [--format table|json|jsonl|csv]\n\n"
    "The institution's check, through the operator's service (leakwatch serve),\n"
    "without the operator's key and without showing it the records or their tokens.\n"
    "The records are read as the in-house check reads them; each identifier is\n"
    "blinded here, evaluated by the server in chunks (every proof verified against\n"
    "the pinned key), and unblinded here. The tokens are matched here against the\n"
    "corpus's token feed; the details of the matches come from padded buckets of at\n"
    "least 256 corpus tokens, and the item catalog is joined here. The report is the\n"
    "one the in-house check prints. The operator learns the client's name, when, how\n"
    "many identifiers and a padded set of buckets (docs/institution.md).\n\n"
    "--pubkey is the operator's public key as it gave it to you (64 hex): a server\n"
    "publishing another one is refused. --cache keeps the server's public answers\n"
    "(token feed, item catalog) so the next run fetches what changed; nothing of\n"
    "the records is written unless --save-tokens is given. --new-since makes it a\n"
    "monitor: only exposures (row, identifier, item) no earlier run with the same\n"
    "STATE reported are shown; STATE keeps keyed digests of them, never a token.\n\n"
    "Examples:\n"
    "  leakwatch check --remote https://leakwatch.example.org --api-key-file api.key \\\n"
    "      --pubkey 5c1f...e2 --ca-file operator-ca.pem --records patients.csv\n"
    "  leakwatch check --remote https://leakwatch.example.org --api-key-file api.key \\\n"
    "      --pubkey 5c1f...e2 --cache ~/.cache/leakwatch --records patients.csv \\\n"
    "      --new-since ~/.local/state/leakwatch/patients.seen --format jsonl\n\n"
    "Exit status: 0 something found (with --new-since: something new), 1 nothing\n"
    "found (nothing new), 2 error (refused key, quota, failed proof, lost server).";

// An API key file holds the key and perhaps a newline.
std::string read_api_key(const std::string& path) {
    std::string key = indexer::read_private_file(path, "API key file", 4096);
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) {
        key.pop_back();
    }
    if (key.empty() || key.find_first_of(" \t\r\n") != std::string::npos) {
        throw Error(ErrorCategory::usage, "API key file " + path + " does not hold one key");
    }
    return key;
}

void save_tokens(const std::string& path, const std::vector<search::TokenRow>& rows) {
    std::string out;
    out.reserve(rows.size() * 48);
    for (const search::TokenRow& row : rows) {
        out += indexer::to_hex(row.token) + '\t' + std::string(indexer::kind_name(row.kind)) +
               '\t' + std::to_string(row.row) + '\n';
    }
    indexer::write_new_private_file(path, out, "tokens file");
}

}  // namespace

int run_check_remote(const std::vector<std::string>& args) {
    search::RemoteCheckOptions options;
    CheckOptions check;
    std::string api_key_file, pubkey, save_tokens_path, new_since;
    po::options_description visible("Options");
    visible.add_options()  //
        ("remote", po::value(&options.http.base_url)->required(),
         "the service's URL (https://...)")  //
        ("api-key-file", po::value(&api_key_file)->required(),
         "a file (0600) holding the API key the operator gave you")  //
        ("pubkey", po::value(&pubkey)->required(),
         "the operator's public key (64 hex): the server must publish it")  //
        ("ca-file", po::value(&options.http.ca_file),
         "PEM certificates to verify the server with (default: the system's)")  //
        ("cache", po::value(&options.cache_folder),
         "a folder (0700) keeping the feed and item catalog between runs")  //
        ("new-since", po::value(&new_since),
         "STATE: report only exposures no earlier run with STATE reported")  //
        ("save-tokens", po::value(&save_tokens_path),
         "also write TOKEN<TAB>KIND<TAB>ROW lines to this new file (0600)")  //
        ("threads", po::value(&options.threads)->default_value(0),
         "blinding threads (default 0: one per core)");
    add_check_options(visible, check);
    po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    const search::ReportFormat format = report_format_option(check.format_name);
    const std::optional<indexer::Element> pinned = indexer::parse_public_key(pubkey);
    if (!pinned) {
        throw Error(ErrorCategory::usage,
                    "--pubkey takes the operator's public key: 64 lowercase hex digits of a "
                    "valid ristretto255 element");
    }
    options.pinned_key = *pinned;
    options.http.api_key = read_api_key(api_key_file);
    options.source.records_path = check.records;
    options.source.overrides = map_options(check.maps);
    // Opened first: a bad state stops the run before the quota is spent.
    std::optional<search::SeenExposures> seen;
    if (!new_since.empty()) {
        seen.emplace(new_since);
    }

    ProgressLine progress(isatty(STDERR_FILENO) != 0);
    options.on_progress = [&](std::uint64_t done, std::uint64_t total) {
        progress.show("evaluating: " + std::to_string(done) + " of " + std::to_string(total) +
                      " identifiers");
    };
    search::RemoteCheckResult result = search::check_remote(options);
    progress.clear();
    if (!save_tokens_path.empty()) {
        save_tokens(save_tokens_path, result.tokens);
    }
    if (seen) {
        seen->keep_new(result.report);
    }
    search::write_report(std::cout, result.report, format, check.all);
    std::cout.flush();
    if (seen) {
        seen->save();  // after the report is out: a failed run reports again
    }
    return result.report.any_found() ? kExitOk : kExitNothingOrPartial;
}

}  // namespace lw::cli
