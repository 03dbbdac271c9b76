// leakwatch check: an institution's records against the corpus, in-house.
#include <algorithm>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/search_options.h"
#include "indexer/base/hex.h"
#include "indexer/indexer.h"
#include "search/search.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch check --db DIR --key FILE --records FILE [--map COLUMN=ROLE ...]\n"
    "                       [--all] [--format table|json|jsonl|csv]\n\n"
    "The in-house check, for an operator that is also the institution: reads a table\n"
    "(CSV, TSV, SQL dump, JSON Lines) as `leakwatch extract` does, tokenises every\n"
    "identifier of every row in memory (nothing is written), and reports per row\n"
    "what appeared, where and with what; then a summary: rows checked, rows exposed,\n"
    "by kind, by item, by month first seen. Rows are the lines of FILE on which\n"
    "each record starts. The report shows kinds and tokens, never a value.\n\n"
    "Columns are recognised by their header (nir, numero_secu, email, telephone,\n"
    "nom, prenom, date_naissance, codice_fiscale, iban, ...); --map names a column\n"
    "the header does not tell: --map 'N° assuré=nir'. ROLE: email, nir, cf, phone,\n"
    "iban, card, last_name, first_name, birth_date, none.\n\n"
    "An institution that is not the operator checks through the operator's\n"
    "service instead, without the key: leakwatch check --remote URL ...\n"
    "(leakwatch check --remote URL --help), or by hand with leakwatch blind.\n\n"
    "Examples:\n"
    "  leakwatch check --db corpus --key operator.key --records patients.csv\n"
    "  leakwatch check --db corpus --key operator.key --records export.tsv \\\n"
    "      --map NUMSS=nir --format json > exposure.json\n\n"
    "Exit status: 0 something found, 1 nothing found, 2 error.";

}  // namespace

int run_check(const std::vector<std::string>& args) {
    if (std::any_of(args.begin(), args.end(), [](const std::string& arg) {
            return arg == "--remote" || arg.starts_with("--remote=");
        })) {
        return run_check_remote(args);
    }
    CorpusOptions corpus;
    std::string key_path;
    CheckOptions check;
    unsigned threads = 0;
    po::options_description visible("Options");
    add_corpus_options(visible, corpus);
    visible.add_options()                                                     //
        ("key", po::value(&key_path)->required(), "the operator's key file")  //
        ("threads", po::value(&threads)->default_value(0),
         "evaluating threads (default 0: one per core)");
    add_check_options(visible, check);
    po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    const search::ReportFormat format = report_format_option(check.format_name);
    auto overrides = map_options(check.maps);
    search::OpenedCorpora corpora = open_corpus_options(corpus);

    indexer::TokenizerOptions tokenizer_options;
    tokenizer_options.threads = threads;
    indexer::SecretScalar secret_key = indexer::read_key_file(key_path);
    const indexer::CorpusKeys keys(secret_key);
    indexer::Tokenizer tokenizer(std::move(secret_key), tokenizer_options);
    search::require_public_key(corpora, indexer::to_hex(tokenizer.public_key()));

    std::vector<search::TokenQuery> queries;
    indexer::TokenStream stream(tokenizer, [&](const indexer::TokenBatch& batch) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            queries.push_back({batch.token(i), batch.kind(i), batch.tag(i)});
        }
    });
    const indexer::PhoneNormalizer phones;
    const indexer::Scanner scanner(phones, {});
    indexer::for_each_record_identifier(
        check.records, scanner,
        [&](indexer::Kind kind, const indexer::Cleartext& canonical, std::uint64_t row) {
            stream.add(kind, canonical.reveal(), row);
        },
        std::move(overrides));
    stream.finish();

    return print_exposure(corpora, std::move(queries), format, check.all, &keys, "check");
}

}  // namespace lw::cli
