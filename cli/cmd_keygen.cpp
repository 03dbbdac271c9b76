// leakwatch keygen: creates the operator's key file and prints its public key.
#include <sodium.h>

#include <array>
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
    "usage: leakwatch keygen --key FILE [--seed HEX|- [--info TEXT]]\n\n"
    "Creates the operator's secret key (RFC 9497 VOPRF, ristretto255-SHA512) in FILE,\n"
    "readable by its owner only, and prints its public key: 64 hex characters that\n"
    "institutions give to 'leakwatch blind'. An existing FILE is never replaced.\n"
    "Nothing secret is printed. Every token depends on this key: keep a copy offline.\n\n"
    "--seed derives the key from 32 secret random bytes (64 hex characters) and --info\n"
    "(RFC 9497 DeriveKeyPair), for tests and disaster recovery: the seed is then as\n"
    "secret as the key. '--seed -' reads it from standard input; on the command line it\n"
    "is visible to other users of the machine.\n\n"
    "Examples:\n"
    "  leakwatch keygen --key /etc/leakwatch/voprf.key\n"
    "  leakwatch keygen --key recovered.key --seed - --info 'cert-2026' < seed.hex\n\n"
    "Exit status: 0 key written, 2 error (FILE exists, bad seed).";

// Wipes a string's bytes when the scope ends.
struct WipeString {
    std::string& text;
    ~WipeString() { sodium_memzero(text.data(), text.size()); }
};

indexer::KeyPair derive(std::string seed_hex, const std::string& info) {
    const WipeString wipe_seed_hex{seed_hex};
    if (seed_hex == "-") {
        std::getline(std::cin, seed_hex);
    }
    while (!seed_hex.empty() && (seed_hex.back() == '\r' || seed_hex.back() == ' ')) {
        seed_hex.pop_back();
    }
    for (char& c : seed_hex) {
        c = (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c;
    }
    std::array<unsigned char, indexer::kSeedSize> seed{};
    const bool ok = indexer::from_hex_into(seed_hex, seed);
    if (!ok) {
        sodium_memzero(seed.data(), seed.size());
        throw Error(ErrorCategory::usage, "--seed takes 64 hex characters (32 bytes)");
    }
    indexer::KeyPair pair = indexer::derive_key_pair(seed, info, indexer::Mode::voprf);
    sodium_memzero(seed.data(), seed.size());
    return pair;
}

}  // namespace

int run_keygen(const std::vector<std::string>& args) {
    std::string key_path;
    std::string seed;
    std::string info;
    po::options_description visible("Options");
    visible.add_options()                                                              //
        ("key", po::value(&key_path)->required(), "the key file to create")            //
        ("seed", po::value(&seed), "derive from this seed (64 hex characters, or -)")  //
        ("info", po::value(&info), "public key info for --seed (default: empty)");
    const po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    if (vm.count("info") != 0 && vm.count("seed") == 0) {
        throw Error(ErrorCategory::usage, "--info applies to --seed only");
    }
    const indexer::KeyPair pair =
        vm.count("seed") != 0 ? derive(std::move(seed), info) : indexer::generate_key_pair();
    indexer::write_new_key_file(key_path, pair.secret_key);
    std::cout << indexer::to_hex(pair.public_key) << "\n";
    return kExitOk;
}

}  // namespace lw::cli
