// leakwatch extract: scans text and shows what it found, redacted unless
// --reveal. Nothing is written anywhere but the terminal.
#include <array>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/json_text.h"
#include "cli/options.h"
#include "cli/region_option.h"
#include "indexer/indexer.h"

namespace lw::cli {
namespace {

using indexer::Finding;
using indexer::Kind;

const char* const kUsage =
    "usage: leakwatch extract [--reveal] [--count] [--format table|jsonl] [--region CC ...]\n"
    "                         [FILE... | -]\n\n"
    "Finds personal identifiers (email, nir, cf, phone, iban, card, person) in text,\n"
    "CSV/TSV, SQL dumps and JSON Lines, and prints kind, line, column and a redacted\n"
    "form of each. Reads standard input when no FILE is given. Writes nothing.\n\n"
    "Examples:\n"
    "  leakwatch extract dump.csv\n"
    "  leakwatch extract --count --region IT paste.txt\n"
    "  leakwatch extract --reveal --format jsonl my-own-list.csv | jq .value\n\n"
    "Exit status: 0 done, 1 a file could not be read (the others are scanned), 2 usage error.";

struct ExtractSettings {
    bool reveal = false;
    bool count_only = false;
    bool jsonl = false;
    bool name_files = false;
};

class Printer : public indexer::FindingSink {
  public:
    explicit Printer(const ExtractSettings& settings) : settings_(settings) {}

    void start_file(const std::string& name) { file_ = name; }

    bool wants_positions() const override { return !settings_.count_only; }
    bool wants_text_order() const override { return !settings_.count_only; }

    void on_finding(const Finding& f) override {
        ++counts_[static_cast<std::size_t>(f.kind)];
        if (settings_.count_only) {
            return;
        }
        const std::string value = settings_.reveal ? std::string(f.value.reveal())
                                                   : indexer::redact(f.kind, f.value.reveal());
        const std::string_view kind = indexer::kind_name(f.kind);
        if (settings_.jsonl) {
            std::cout << "{";
            if (settings_.name_files) {
                std::cout << "\"file\":" << json_string(file_) << ",";
            }
            std::cout << "\"kind\":\"" << kind << "\",\"value\":" << json_string(value)
                      << ",\"line\":" << f.line << ",\"column\":" << f.column
                      << ",\"record\":" << f.record << "}\n";
            return;
        }
        if (settings_.name_files) {
            std::cout << file_ << ":";
        }
        std::string position = std::to_string(f.line) + ":" + std::to_string(f.column);
        position.resize(std::max<std::size_t>(position.size(), 10), ' ');
        std::string padded_kind(kind);
        padded_kind.resize(8, ' ');
        std::cout << position << padded_kind << value << "\n";
    }

    void print_counts(std::uint64_t bytes, std::uint64_t records) const {
        if (settings_.jsonl) {
            std::cout << "{";
            for (Kind kind : indexer::kAllKinds) {
                std::cout << "\"" << indexer::kind_name(kind)
                          << "\":" << counts_[static_cast<std::size_t>(kind)] << ",";
            }
            std::cout << "\"records\":" << records << ",\"bytes\":" << bytes << "}\n";
            return;
        }
        for (Kind kind : indexer::kAllKinds) {
            std::string name(indexer::kind_name(kind));
            name.resize(9, ' ');
            std::cout << name << counts_[static_cast<std::size_t>(kind)] << "\n";
        }
        std::cout << "records  " << records << "\nbytes    " << bytes << "\n";
    }

  private:
    const ExtractSettings& settings_;
    std::string file_;
    std::array<std::uint64_t, indexer::kAllKinds.size()> counts_{};
};

}  // namespace

int run_extract(const std::vector<std::string>& args) {
    std::string format;
    std::vector<std::string> regions;
    std::vector<std::string> files;
    po::options_description visible("Options");
    visible.add_options()                                                         //
        ("reveal", "show canonical values (your own input, shown back to you)")   //
        ("count", "only the number found per kind, records and bytes scanned")    //
        ("format", po::value(&format)->default_value("table"), "table or jsonl")  //
        ("region", po::value(&regions)->composing(),
         "phone region for numbers without a country code, tried in order; "
         "repeatable (default: FR then IT)");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&files));
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, "input", vm, kUsage)) {
        return kExitOk;
    }
    if (format != "table" && format != "jsonl") {
        throw Error(ErrorCategory::usage, "--format takes table or jsonl");
    }
    ExtractSettings settings;
    settings.reveal = vm.count("reveal") != 0;
    settings.count_only = vm.count("count") != 0;
    settings.jsonl = format == "jsonl";
    settings.name_files = files.size() > 1;
    if (files.empty()) {
        files.push_back("-");
    }

    const indexer::PhoneNormalizer phones;
    indexer::ScanOptions scan_options;
    if (!regions.empty()) {
        scan_options.regions = checked_regions(regions, phones);
    }
    const indexer::Scanner scanner(phones, scan_options);
    Printer printer(settings);
    std::uint64_t bytes = 0;
    std::uint64_t records = 0;
    int status = kExitOk;
    for (const std::string& file : files) {
        printer.start_file(file);
        indexer::Extractor extractor(scanner, printer);
        try {
            indexer::stream_file(file, [&](std::string_view chunk) { extractor.feed(chunk); });
        } catch (const Error& e) {
            std::cout.flush();
            std::cerr << "leakwatch: extract: " << e.what() << "\n";
            status = kExitNothingOrPartial;
        }
        extractor.finish();
        bytes += extractor.bytes();
        records += extractor.records();
    }
    if (settings.count_only) {
        printer.print_counts(bytes, records);
    }
    std::cout.flush();
    return status;
}

}  // namespace lw::cli
