// leakwatch index: local files, folders, archives and standard input into
// the corpus, through the same extraction and tokens as the crawler.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/progress_line.h"
#include "cli/region_option.h"
#include "cli/stop_signal.h"
#include "indexer/indexer.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch index --db DIR --key FILE [--site LABEL] [--url URL] [--force]\n"
    "                       [--region CC ...] [FILE... | DIR | -]\n\n"
    "Indexes local dumps: plain text, CSV/TSV, SQL dumps, JSON Lines, gzip/bzip2/xz,\n"
    "zip and tar archives (by content, not name), folders recursively, standard input.\n"
    "Stores only tokens of the identifiers found (docs/corpus.md). Content already in\n"
    "the corpus adds a sighting and nothing else. Memory stays under about 350 MB\n"
    "whatever the input's size. Ctrl-C stops after the current item's records are\n"
    "dropped: nothing half-written stays, and running again finishes the work.\n\n"
    "Examples:\n"
    "  leakwatch keygen --key op.key\n"
    "  leakwatch index --db corpus --key op.key dumps/\n"
    "  zcat leak.sql.gz | leakwatch index --db corpus --key op.key --url https://forum.example/t/9 "
    "-\n\n"
    "Exit status: 0 done, 1 an input unreadable or cut short (the rest indexed),\n"
    "2 error (bad key, wrong corpus), 3 corpus locked by another writer, 130 interrupted.";

// The bytes of the regular files among `inputs` (folders walked): what an
// ETA is measured against. Compressed inputs expand, so their ETA is a
// lower bound; standard input has none.
std::uint64_t total_input_bytes(const std::vector<std::string>& inputs) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const std::string& input : inputs) {
        if (input == "-") {
            return 0;
        }
        if (std::filesystem::is_directory(input, ec)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(
                     input, std::filesystem::directory_options::skip_permission_denied, ec)) {
                if (entry.is_regular_file(ec)) {
                    total += entry.file_size(ec);
                }
            }
        } else if (std::filesystem::is_regular_file(input, ec)) {
            total += std::filesystem::file_size(input, ec);
        }
    }
    return total;
}

class Reporter : public indexer::IndexEvents {
  public:
    Reporter(ProgressLine& progress, std::uint64_t total) : progress_(progress), total_(total) {}

    void on_problem(std::string_view where, std::string_view reason) override {
        progress_.clear();
        std::cerr << "leakwatch: index: " << where << ": " << reason << "\n";
    }

    void on_progress(const indexer::IndexProgress& p, std::uint64_t) override {
        progress_.show(format_bytes(p.bytes) + " read, " + std::to_string(p.items) + " items, " +
                       std::to_string(p.records) + " records, " + std::to_string(p.tokens) +
                       " tokens" + progress_.rate(p.bytes) + progress_.eta(p.bytes, total_));
    }

  private:
    ProgressLine& progress_;
    std::uint64_t total_;
};

}  // namespace

int run_index(const std::vector<std::string>& args) {
    indexer::IndexOptions options;
    std::string key_path;
    std::vector<std::string> regions;
    po::options_description visible("Options");
    visible.add_options()                                                                      //
        ("db", po::value(&options.corpus)->required(), "corpus folder (created if missing)")   //
        ("key", po::value(&key_path)->required(), "the operator's key file (mode 0600)")       //
        ("site", po::value(&options.site)->default_value("local"), "site label of the items")  //
        ("url", po::value(&options.source), "source of every item (else its file name)")       //
        ("force", "rebuild items whose content is already in the corpus")                      //
        ("region", po::value(&regions)->composing(),
         "phone region(s) for numbers without a country code (default FR then IT)")  //
        ("threads", po::value(&options.threads)->default_value(0),
         "tokenizing threads (0: one per core)");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&options.inputs));
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "input", vm, kUsage)) {
        return kExitOk;
    }
    options.force = vm.count("force") != 0;
    if (!regions.empty()) {
        options.regions = checked_regions(regions, indexer::PhoneNormalizer());
    }
    if (options.inputs.empty()) {
        options.inputs.push_back("-");
    }
    indexer::SecretScalar key = indexer::read_key_file(key_path);
    install_stop_handlers();
    indexer::disable_malloc_fastbins();
    // A corpus made outside the systemd unit (UMask=0077) is private too:
    // its files hold tokens and sealed sources, for the operator alone.
    ::umask(077);
    const bool terminal = isatty(STDERR_FILENO) != 0;
    ProgressLine progress(terminal);
    Reporter reporter(progress, terminal ? total_input_bytes(options.inputs) : 0);
    const indexer::IndexSummary s =
        indexer::run_index(options, std::move(key), reporter, stop_requested());
    progress.clear();
    std::cout << (s.interrupted ? "interrupted: " : "") << s.items_added << " items added, "
              << s.sightings_added << " sightings added, " << s.unchanged << " unchanged, "
              << s.done.records << " records, " << s.done.tokens << " tokens, "
              << format_bytes(s.done.bytes) << " read";
    if (s.incomplete + s.problems != 0) {
        std::cout << ", " << s.problems << " problems";
    }
    std::cout << std::endl;
    if (s.interrupted) {
        return kExitInterrupted;
    }
    return s.problems + s.incomplete != 0 ? kExitNothingOrPartial : kExitOk;
}

}  // namespace lw::cli
