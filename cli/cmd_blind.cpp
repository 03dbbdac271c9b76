// leakwatch blind: the institution's request to the operator, revealing nothing.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/kind_option.h"
#include "cli/options.h"
#include "search/search.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch blind --pubkey HEX --state STATE.json --records FILE > request.json\n"
    "       leakwatch blind --pubkey HEX --state STATE.json [--kind KIND] VALUE... > "
    "request.json\n\n"
    "First step of the blind protocol (RFC 9497 VOPRF): prepares a request for the\n"
    "operator whose public key is HEX ('leakwatch pubkey'). The request holds only\n"
    "blinded elements, in random order: nothing of the identifiers, not even which row\n"
    "an element comes from. Send it to the operator, who runs 'leakwatch evaluate'.\n\n"
    "STATE.json (created readable by you only; never replaced) keeps the secret blinds\n"
    "that 'leakwatch unblind' needs. It does not hold the identifiers: unblind reads the\n"
    "same records file again (or takes the same values again). Keep it private.\n\n"
    "Identifiers are read as 'leakwatch token' reads them: every identifier of every\n"
    "record of FILE, or each VALUE (with --kind, as that kind).\n\n"
    "Examples:\n"
    "  leakwatch blind --pubkey \"$PKS\" --state q1.state.json --records patients.csv > "
    "q1.request.json\n"
    "  leakwatch blind --pubkey \"$PKS\" --state q2.state.json --kind email jean@example.org > "
    "q2.json\n\n"
    "Exit status: 0 request written, 2 error.";

}  // namespace

int run_blind(const std::vector<std::string>& args) {
    std::string public_key;
    std::string state_path;
    std::string records;
    std::string kind_name;
    std::vector<std::string> values;
    po::options_description visible("Options");
    visible.add_options()                                                                     //
        ("pubkey", po::value(&public_key)->required(), "the operator's public key (64 hex)")  //
        ("state", po::value(&state_path)->required(), "the state file to create")             //
        ("records", po::value(&records), "a table or text file: every identifier in it")      //
        ("kind", po::value(&kind_name), "read VALUEs as this kind");
    po::options_description hidden;
    hidden.add_options()("value", po::value(&values));
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "value", vm, kUsage)) {
        return kExitOk;
    }
    search::BlindOptions options;
    const auto key = indexer::parse_public_key(public_key);
    if (!key) {
        throw Error(ErrorCategory::usage,
                    "--pubkey takes the operator's public key: 64 lowercase hex characters");
    }
    options.public_key = *key;
    options.source.kind = kind_option(kind_name);
    if (records.empty() == values.empty()) {
        throw Error(ErrorCategory::usage, "give either --records FILE or VALUEs");
    }
    if (!records.empty() && options.source.kind) {
        throw Error(ErrorCategory::usage, "--kind applies to VALUEs, not to --records");
    }
    options.source.records_path = records;
    options.source.values = values;
    options.state_path = state_path;
    const std::string request = search::blind_request(options);
    std::cout << request;
    std::cout.flush();
    return kExitOk;
}

}  // namespace lw::cli
