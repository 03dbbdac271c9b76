// leakwatch upgrade: a format-2 corpus rewritten as format 3 in place.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "indexer/indexer.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch upgrade --db DIR --key FILE\n\n"
    "Rewrites a corpus of format 2 as format 3, in place. Format 2 kept item\n"
    "sources (URLs, file and archive member names), titles and crawl state in\n"
    "clear, and an unkeyed hash of each item's content; format 3 seals them under\n"
    "keys derived from the operator's key (docs/corpus.md, \"Keys\"). Tokens and\n"
    "records do not change: nothing is indexed or fetched again. Records of an\n"
    "item left pending by a killed run are deleted. The corpus is then compacted\n"
    "into a fresh folder that takes its place, so no old block of its files holds\n"
    "what format 2 kept in clear. Readers of format 2 keep working until then;\n"
    "index and crawl refuse it.\n\n"
    "Example:\n"
    "  leakwatch upgrade --db /var/lib/leakwatch/corpus --key /etc/leakwatch/voprf.key\n\n"
    "Exit status: 0 upgraded, 2 error (not format 2, wrong key), 3 corpus locked by\n"
    "another writer.";

}  // namespace

int run_upgrade(const std::vector<std::string>& args) {
    std::string db, key_path;
    po::options_description visible("Options");
    visible.add_options()                                                      //
        ("db", po::value(&db)->required(), "the corpus folder (format 2)")     //
        ("key", po::value(&key_path)->required(), "the operator's key file");  //
    const po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    const indexer::SecretScalar secret_key = indexer::read_key_file(key_path);
    const indexer::UpgradeSummary s = indexer::upgrade_corpus(db, secret_key);
    std::cout << "corpus upgraded to format 3: " << s.items << " items sealed, " << s.state_kept
              << " crawl state entries kept, " << s.state_dropped << " dropped, "
              << s.pending_dropped << " interrupted items removed\n";
    return kExitOk;
}

}  // namespace lw::cli
