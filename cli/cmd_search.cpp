// leakwatch search: where tokens appeared, for institutions.
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/search_options.h"
#include "indexer/base/error.h"
#include "search/search.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch search --db DIR (TOKEN... | --tokens FILE | -) [--all]\n"
    "                        [--format table|json|jsonl|csv] [--key FILE]\n\n"
    "Looks tokens up in the corpus. For each token found: the items it appeared in\n"
    "(site, host, first and last seen, sightings; its URL and title only with the\n"
    "operator's --key, as the corpus keeps them sealed) and the kinds that appeared\n"
    "with it in the same record: 'your patient's NIR appeared together with an\n"
    "email, a phone and a birth date'. Then a summary: rows exposed, by kind, by\n"
    "item, by month first seen.\n\n"
    "Tokens are 32 hex digits, given as arguments or one a line in FILE ('-' for\n"
    "standard input), as `leakwatch token` and `leakwatch unblind` print them:\n"
    "TOKEN<TAB>KIND<TAB>ROW, the kind and row optional. With rows, results are\n"
    "grouped by row. Tokens not found are listed only with --all. The whole input\n"
    "is read before anything is printed: a bad line stops the command with its\n"
    "file and line number.\n\n"
    "--db may be repeated, or name a Xapian stub file listing shards ('auto PATH',\n"
    "'remote HOST:PORT' for xapian-tcpsrv). Reads only.\n\n"
    "Examples:\n"
    "  leakwatch search --db corpus 0123456789abcdef0123456789abcdef\n"
    "  leakwatch unblind ... | leakwatch search --db corpus - --format csv > report.csv\n"
    "  leakwatch search --db shards.stub --tokens tokens.tsv --format json\n\n"
    "Exit status: 0 something found, 1 nothing found, 2 error.";

}  // namespace

int run_search(const std::vector<std::string>& args) {
    CorpusOptions corpus;
    std::string tokens_file;
    std::string format_name;
    std::string key_path;
    bool all = false;
    std::vector<std::string> tokens;
    po::options_description visible("Options");
    add_corpus_options(visible, corpus);
    add_sealed_key_option(visible, key_path);
    visible.add_options()                                                                 //
        ("tokens", po::value(&tokens_file), "a file of tokens, one a line ('-': stdin)")  //
        ("all", po::bool_switch(&all), "list the tokens not found too")                   //
        ("format", po::value(&format_name)->default_value("table"), "table, json, jsonl or csv");
    po::options_description hidden;
    hidden.add_options()("token", po::value(&tokens));
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "token", vm, kUsage)) {
        return kExitOk;
    }
    const search::ReportFormat format = report_format_option(format_name);
    const bool from_stdin = tokens == std::vector<std::string>{"-"};
    if (from_stdin ? !tokens_file.empty() : tokens.empty() == tokens_file.empty()) {
        throw Error(ErrorCategory::usage, "give TOKEN arguments, or --tokens FILE, or '-'");
    }
    std::vector<search::TokenQuery> queries;
    if (from_stdin || !tokens_file.empty()) {
        queries = search::read_token_file(from_stdin ? std::string(1, '-') : tokens_file);
    } else {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            queries.push_back(
                search::parse_token_line(tokens[i], "argument " + std::to_string(i + 1)));
        }
    }
    search::OpenedCorpora corpora = open_corpus_options(corpus);
    const auto keys = corpus_keys_option(key_path, corpora);
    return print_exposure(corpora, std::move(queries), format, all, keys.get(), "search");
}

}  // namespace lw::cli
