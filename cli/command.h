#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lw::cli {

// A subcommand: a row of the table in commands.cpp. `run` gets the words
// after the subcommand's name and returns the exit status; it throws
// lw::Error (or a Boost.Program_options error) for failures that end it.
struct Command {
    std::string_view name;
    std::string_view summary;
    int (*run)(const std::vector<std::string>& args);
};

const std::vector<Command>& commands();

int run_query(const std::vector<std::string>& args);
int run_related(const std::vector<std::string>& args);
int run_timeline(const std::vector<std::string>& args);
int run_crawl(const std::vector<std::string>& args);
int run_check(const std::vector<std::string>& args);
int run_check_remote(const std::vector<std::string>& args);  // check --remote
int run_search(const std::vector<std::string>& args);
int run_blind(const std::vector<std::string>& args);
int run_evaluate(const std::vector<std::string>& args);
int run_extract(const std::vector<std::string>& args);
int run_index(const std::vector<std::string>& args);
int run_stats(const std::vector<std::string>& args);
int run_keygen(const std::vector<std::string>& args);
int run_pubkey(const std::vector<std::string>& args);
int run_token(const std::vector<std::string>& args);
int run_unblind(const std::vector<std::string>& args);
int run_upgrade(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);
int run_clients(const std::vector<std::string>& args);

}  // namespace lw::cli
