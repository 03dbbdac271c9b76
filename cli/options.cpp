#include "cli/options.h"

#include <iostream>

namespace lw::cli {

bool parse_options(const std::vector<std::string>& args, const po::options_description& visible,
                   const po::options_description& hidden, const char* positional_name,
                   po::variables_map& vm, const std::string& usage_and_examples) {
    po::options_description all;
    all.add(visible).add(hidden);
    all.add_options()("help,h", "show this help");
    po::positional_options_description positional;
    if (positional_name != nullptr) {
        positional.add(positional_name, -1);
    }
    auto parser = po::command_line_parser(args).options(all).positional(positional);
    po::store(parser.run(), vm);
    if (vm.count("help") != 0) {
        std::cout << usage_and_examples << "\n" << visible << "\n";
        return false;
    }
    po::notify(vm);
    return true;
}

}  // namespace lw::cli
