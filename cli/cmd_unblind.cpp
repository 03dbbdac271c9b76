// leakwatch unblind: the institution's tokens from the operator's response.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/kind_option.h"
#include "cli/options.h"
#include "indexer/base/hex.h"
#include "indexer/indexer.h"
#include "search/search.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch unblind --state STATE.json [--records FILE | [--kind KIND] VALUE...]\n"
    "                         < response.json > tokens.tsv\n\n"
    "Last step of the blind protocol: checks the operator's response ('leakwatch\n"
    "evaluate') against STATE.json (from 'leakwatch blind'), verifies every proof\n"
    "against the public key given to blind, and prints TOKEN<TAB>KIND<TAB>ROW for each\n"
    "identifier, in the order of the records (the lines 'leakwatch token --records'\n"
    "prints with the operator's key). ROW is the line on which the record starts, or\n"
    "the VALUE's position.\n\n"
    "The identifiers are read again: by default from the records file the state names;\n"
    "--records if it has moved; values given to blind must be given again. If they\n"
    "changed since blind, unblind says so and prints nothing. A proof that does not\n"
    "verify means the operator did not use the key it published: nothing is printed.\n\n"
    "Examples:\n"
    "  leakwatch unblind --state q1.state.json < q1.response.json > q1.tokens.tsv\n"
    "  leakwatch unblind --state q2.state.json --kind email jean@example.org < q2.response.json\n\n"
    "Exit status: 0 tokens written, 2 error (proof, mismatch, malformed response).";

// Responses carry 68 bytes per element: 64 MiB per million with room to spare.
constexpr std::size_t kMaxResponseBytes = std::size_t{4} << 30;

}  // namespace

int run_unblind(const std::vector<std::string>& args) {
    std::string state_path;
    std::string records;
    std::string kind_name;
    std::vector<std::string> values;
    unsigned threads = 0;
    po::options_description visible("Options");
    visible.add_options()                                                                    //
        ("state", po::value(&state_path)->required(), "the state file from blind")           //
        ("records", po::value(&records), "the records file, if not where blind read it")     //
        ("kind", po::value(&kind_name), "read VALUEs as this kind (default: as blind did)")  //
        ("threads", po::value(&threads)->default_value(0), "threads (default 0: one per core)");
    po::options_description hidden;
    hidden.add_options()("value", po::value(&values));
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "value", vm, kUsage)) {
        return kExitOk;
    }
    search::UnblindOptions options;
    options.state_path = state_path;
    options.threads = threads;
    if (!records.empty() && !values.empty()) {
        throw Error(ErrorCategory::usage, "give either --records FILE or VALUEs");
    }
    if (!records.empty() || !values.empty()) {
        search::InputSource source;
        source.records_path = records;
        source.values = values;
        source.kind = kind_option(kind_name);
        options.source = std::move(source);
    } else if (!kind_name.empty()) {
        throw Error(ErrorCategory::usage, "--kind applies to VALUEs");
    }
    const std::string response = indexer::read_whole_file("-", kMaxResponseBytes, "response");
    const std::vector<search::TokenRow> rows = search::unblind_response(options, response);
    std::string out;
    out.reserve(rows.size() * 48);
    for (const search::TokenRow& row : rows) {
        out += indexer::to_hex(row.token);
        out += '\t';
        out += indexer::kind_name(row.kind);
        out += '\t';
        out += std::to_string(row.row);
        out += '\n';
    }
    std::cout << out;
    std::cout.flush();
    return kExitOk;
}

}  // namespace lw::cli
