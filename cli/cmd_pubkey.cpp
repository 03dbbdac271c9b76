// leakwatch pubkey: prints the public key of a key file.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "indexer/base/hex.h"
#include "indexer/indexer.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch pubkey --key FILE\n\n"
    "Prints the public key pkS of the operator's key in FILE: 64 lowercase hex\n"
    "characters. Publish it: institutions give it to 'leakwatch blind', which checks\n"
    "that every answer was computed with this very key.\n\n"
    "Examples:\n"
    "  leakwatch pubkey --key /etc/leakwatch/voprf.key\n"
    "  leakwatch blind --pubkey \"$(leakwatch pubkey --key k)\" --state s.json --records r.csv\n\n"
    "Exit status: 0 printed, 2 error (unreadable key, key readable by others).";

}  // namespace

int run_pubkey(const std::vector<std::string>& args) {
    std::string key_path;
    po::options_description visible("Options");
    visible.add_options()("key", po::value(&key_path)->required(), "the operator's key file");
    const po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    const indexer::SecretScalar secret_key = indexer::read_key_file(key_path);
    std::cout << indexer::to_hex(indexer::public_key_of(secret_key)) << "\n";
    return kExitOk;
}

}  // namespace lw::cli
