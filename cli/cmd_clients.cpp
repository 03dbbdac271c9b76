// leakwatch clients: the institution service's clients and their quotas.
#include <sys/stat.h>

#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "indexer/base/error.h"
#include "service/service.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch clients add NAME --quota N/PERIOD --state DIR\n"
    "       leakwatch clients list --state DIR [--format table|json]\n"
    "       leakwatch clients set-quota NAME --quota N/PERIOD --state DIR\n"
    "       leakwatch clients remove NAME --state DIR\n\n"
    "The clients of the institution service ('leakwatch serve --state DIR'): who may\n"
    "have elements evaluated with the operator's key, and how many per period. Each\n"
    "evaluation is an oracle query on the key (RFC 9497 7.2): a quota bounds what one\n"
    "client can learn, and every request is an audit row in DIR.\n\n"
    "'add' prints the client's API key once, on standard output: give it to the\n"
    "institution over a channel you trust. DIR keeps only a keyed hash of it; a lost\n"
    "key is replaced by 'remove' then 'add'. DIR is created readable by you only.\n\n"
    "PERIOD: second, minute, hour, day, week, or a count of s, min, h, d, w (15min, 30d).\n"
    "A request of more elements than are left in the client's current window is refused\n"
    "whole (HTTP 429, Retry-After: when the window ends), with nothing evaluated.\n\n"
    "Examples:\n"
    "  leakwatch clients add aphp-dsi --quota 2000000/day --state /var/lib/leakwatch/serve\n"
    "  leakwatch clients list --state /var/lib/leakwatch/serve\n"
    "  leakwatch clients set-quota aphp-dsi --quota 100000/h --state /var/lib/leakwatch/serve\n\n"
    "Exit status: 0 done, 2 error (unknown client, bad quota, store not private).";

}  // namespace

int run_clients(const std::vector<std::string>& args) {
    std::vector<std::string> words;
    std::string quota_text;
    std::string state;
    std::string format = "table";
    po::options_description visible("Options");
    visible.add_options()                                                       //
        ("state", po::value(&state)->required(), "the service's state folder")  //
        ("quota", po::value(&quota_text), "N/PERIOD, for add and set-quota")    //
        ("format", po::value(&format)->default_value("table"), "list: table or json");
    po::options_description hidden;
    hidden.add_options()("words", po::value(&words)->composing());
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "words", vm, kUsage)) {
        return kExitOk;
    }
    const std::string action = words.empty() ? "" : words[0];
    const bool named = action == "add" || action == "set-quota" || action == "remove";
    if (!named && action != "list") {
        throw Error(ErrorCategory::usage,
                    "clients takes add, list, set-quota or remove (leakwatch clients --help)");
    }
    if (words.size() != (named ? 2u : 1u)) {
        throw Error(ErrorCategory::usage,
                    named ? "clients " + action + " takes one NAME" : "clients list takes no NAME");
    }
    const bool needs_quota = action == "add" || action == "set-quota";
    if (needs_quota != !quota_text.empty()) {
        throw Error(ErrorCategory::usage, needs_quota ? "clients " + action + " needs --quota"
                                                      : "--quota is for add and set-quota");
    }
    if (format != "table" && format != "json") {
        throw Error(ErrorCategory::usage, "--format takes table or json");
    }
    ::umask(077);
    const std::int64_t now = std::time(nullptr);
    service::ClientStore store(state, action == "add");
    if (action == "add") {
        std::cout << store.add(words[1], service::parse_quota(quota_text), now) << "\n";
        std::cerr << "client " << words[1]
                  << " added; its API key is above, shown this once: give it to the client\n";
    } else if (action == "set-quota") {
        store.set_quota(words[1], service::parse_quota(quota_text));
    } else if (action == "remove") {
        store.remove(words[1]);
    } else {
        const auto clients = store.list(now);
        if (format == "json") {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& c : clients) {
                out.push_back({{"name", c.name},
                               {"quota", service::format_quota(c.quota)},
                               {"elements", c.quota.elements},
                               {"period_seconds", c.quota.period_seconds},
                               {"used", c.used},
                               {"created", c.created}});
            }
            std::cout << out.dump(2) << "\n";
        } else {
            std::cout << "client                          quota               used in window\n";
            for (const auto& c : clients) {
                std::string line = c.name;
                line.resize(std::max<std::size_t>(32, line.size() + 1), ' ');
                std::string quota = service::format_quota(c.quota);
                quota.resize(std::max<std::size_t>(20, quota.size() + 1), ' ');
                std::cout << line << quota << c.used << "\n";
            }
        }
    }
    return kExitOk;
}

}  // namespace lw::cli
