#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace lw::cli {

namespace po = boost::program_options;

// Parses `args` with the `visible` options and the `hidden` ones (not shown
// by --help), positional words going to `positional_name` when given.
// Returns false after printing --help to stdout. Throws po::error for
// unknown options and bad values.
bool parse_options(const std::vector<std::string>& args, const po::options_description& visible,
                   const po::options_description& hidden, const char* positional_name,
                   po::variables_map& vm, const std::string& usage_and_examples);

}  // namespace lw::cli
