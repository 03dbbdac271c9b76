// leakwatch: the command table and the only catch-all. Each subcommand lives
// in cmd_<name>.cpp; this file only sequences.
#include <sys/prctl.h>
#include <sys/resource.h>
#include <xapian.h>

#include <boost/program_options/errors.hpp>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "indexer/base/error.h"
#include "indexer/indexer.h"

namespace {

// Cleartext identifiers are in memory while leakwatch runs: no core file
// and no ptrace by other users may copy them to disk.
void forbid_core_dumps() {
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void print_usage(std::ostream& out) {
    out << "usage: leakwatch COMMAND [OPTIONS] [ARGS]\n\n"
           "Finds personal identifiers in leaked text and stores only keyed tokens of them.\n\n"
           "Commands:\n";
    for (const auto& command : lw::cli::commands()) {
        out << "  " << command.name << std::string(12 - command.name.size(), ' ') << command.summary
            << "\n";
    }
    out << "\n'leakwatch COMMAND --help' shows a command's options and examples.\n"
           "Exit status: 0 success, 1 nothing found or an input unreadable, 2 error,\n"
           "3 corpus locked by another writer, 130 interrupted.\n";
}

int exit_code_for(lw::ErrorCategory category) {
    return category == lw::ErrorCategory::locked ? lw::cli::kExitLocked : lw::cli::kExitError;
}

}  // namespace

int main(int argc, char* argv[]) {
    forbid_core_dumps();
    lw::indexer::prepare_process();  // before any thread
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        print_usage(std::cerr);
        return lw::cli::kExitError;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        print_usage(std::cout);
        return lw::cli::kExitOk;
    }
    if (name == "--version") {
        std::cout << "leakwatch " << LW_VERSION << "\n";
        return lw::cli::kExitOk;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& command : lw::cli::commands()) {
        if (command.name != name) {
            continue;
        }
        try {
            return command.run(args);
        } catch (const boost::program_options::error& e) {
            std::cerr << "leakwatch: " << name << ": " << e.what() << " (see 'leakwatch " << name
                      << " --help')\n";
            return lw::cli::kExitError;
        } catch (const lw::Error& e) {
            std::cerr << "leakwatch: " << name << ": " << e.what() << "\n";
            return exit_code_for(e.category());
        } catch (const Xapian::Error& e) {
            // A corpus read failing mid-way (a remote shard gone, a writer
            // committing twice under a long read).
            std::cerr << "leakwatch: " << name << ": corpus error (" << e.get_type() << ": "
                      << e.get_msg() << ")\n";
            return lw::cli::kExitError;
        } catch (const std::bad_alloc&) {
            std::cerr << "leakwatch: " << name << ": out of memory\n";
            return lw::cli::kExitError;
        } catch (const std::exception& e) {
            // Library messages say where, never what; still, keep it to one line.
            std::string message = e.what();
            message = message.substr(0, message.find('\n'));
            std::cerr << "leakwatch: " << name << ": " << message << "\n";
            return lw::cli::kExitError;
        }
    }
    std::cerr << "leakwatch: unknown command '" << name << "' (see 'leakwatch --help')\n";
    return lw::cli::kExitError;
}
