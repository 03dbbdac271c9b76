// leakwatch token: the tokens of identifiers, computed with the operator's key.
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/kind_option.h"
#include "cli/options.h"
#include "indexer/base/hex.h"
#include "indexer/indexer.h"

namespace lw::cli {
namespace {

using indexer::Kind;

const char* const kUsage =
    "usage: leakwatch token --key FILE [--kind KIND] [VALUE... | -]\n"
    "       leakwatch token --key FILE --records FILE\n\n"
    "Prints the token of each identifier as the corpus stores it (RFC 9497 VOPRF with\n"
    "the operator's key; docs/token-format.md), never the identifier itself.\n\n"
    "VALUE... (or '-': one value a line on standard input, the default): prints\n"
    "TOKEN<TAB>KIND per value, in order. Each value is read with the extraction\n"
    "rules: with --kind, as a cell of a column of that kind (for person, VALUE is\n"
    "last|first|birth date, the date as DD/MM/YYYY, YYYY-MM-DD or YYYYMMDD); without,\n"
    "the value must be exactly one identifier of a kind the scanner finds. The first\n"
    "value that is not stops the command: 'value 3: not an identifier of a known kind'.\n\n"
    "--records FILE: reads a table, SQL dump or text as 'leakwatch extract' does and\n"
    "prints TOKEN<TAB>KIND<TAB>ROW for every identifier of every record, persons\n"
    "included; ROW is the line of FILE on which the record starts (1-based).\n\n"
    "Examples:\n"
    "  leakwatch token --key k.key jean.martin@example.org '+33 6 12 34 56 78'\n"
    "  leakwatch token --key k.key --kind person 'Dupont|Jean Pierre|02/01/1980'\n"
    "  leakwatch token --key k.key --kind email - < emails.txt > tokens.tsv\n"
    "  leakwatch token --key k.key --records patients.csv\n\n"
    "Exit status: 0 done, 2 error (bad value, unreadable key or file).";

// Prints each finished batch: TOKEN<TAB>KIND, and <TAB>ROW for records.
class TokenPrinter {
  public:
    explicit TokenPrinter(bool with_rows) : with_rows_(with_rows) {}

    void print(const indexer::TokenBatch& batch) {
        buffer_.clear();
        for (std::size_t i = 0; i < batch.size(); ++i) {
            buffer_ += indexer::to_hex(batch.token(i));
            buffer_ += '\t';
            buffer_ += indexer::kind_name(batch.kind(i));
            if (with_rows_) {
                buffer_ += '\t';
                buffer_ += std::to_string(batch.tag(i));
            }
            buffer_ += '\n';
        }
        std::cout.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    }

  private:
    bool with_rows_;
    std::string buffer_;
};

void add_value(indexer::TokenStream& stream, std::string_view value, std::uint64_t position,
               std::optional<Kind> kind, const indexer::Scanner& scanner) {
    const indexer::TypedValue typed = indexer::require_value(value, position, kind, scanner);
    stream.add(typed.kind, typed.canonical.reveal(), position);
}

}  // namespace

int run_token(const std::vector<std::string>& args) {
    std::string key_path;
    std::string kind_name;
    std::string records;
    unsigned threads = 0;
    std::vector<std::string> values;
    po::options_description visible("Options");
    visible.add_options()                                                     //
        ("key", po::value(&key_path)->required(), "the operator's key file")  //
        ("kind", po::value(&kind_name),
         "read values as this kind: email, nir, cf, phone, iban, card or person")      //
        ("records", po::value(&records), "a table or text file: tokens of every row")  //
        ("threads", po::value(&threads)->default_value(0),
         "evaluating threads (default 0: one per core)");
    po::options_description hidden;
    hidden.add_options()("value", po::value(&values));
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "value", vm, kUsage)) {
        return kExitOk;
    }
    const std::optional<Kind> kind = kind_option(kind_name);
    if (!records.empty() && (!values.empty() || kind)) {
        throw Error(ErrorCategory::usage, "--records takes no VALUE and no --kind");
    }
    const bool from_stdin =
        records.empty() && (values.empty() || values == std::vector<std::string>{"-"});
    if (!from_stdin && records.empty() &&
        std::find(values.begin(), values.end(), "-") != values.end()) {
        throw Error(ErrorCategory::usage, "'-' reads values from standard input: give it alone");
    }

    indexer::TokenizerOptions tokenizer_options;
    tokenizer_options.threads = threads;
    indexer::Tokenizer tokenizer(indexer::read_key_file(key_path), tokenizer_options);
    const indexer::PhoneNormalizer phones;
    const indexer::Scanner scanner(phones, {});
    TokenPrinter printer(!records.empty());
    indexer::TokenStream stream(tokenizer,
                                [&printer](const indexer::TokenBatch& b) { printer.print(b); });

    if (!records.empty()) {
        indexer::for_each_record_identifier(
            records, scanner, [&](Kind k, const indexer::Cleartext& canonical, std::uint64_t row) {
                stream.add(k, canonical.reveal(), row);
            });
    } else if (from_stdin) {
        indexer::for_each_value_line("-", [&](std::string_view line, std::uint64_t number) {
            add_value(stream, line, number, kind, scanner);
        });
    } else {
        // Every value is checked before anything is printed.
        std::vector<indexer::TypedValue> typed;
        typed.reserve(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            typed.push_back(indexer::require_value(values[i], i + 1, kind, scanner));
        }
        for (std::size_t i = 0; i < typed.size(); ++i) {
            stream.add(typed[i].kind, typed[i].canonical.reveal(), i + 1);
        }
    }
    stream.finish();
    std::cout.flush();
    return kExitOk;
}

}  // namespace lw::cli
