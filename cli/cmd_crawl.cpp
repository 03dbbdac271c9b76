// leakwatch crawl: the polite crawler, for cron.
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/crawl_log.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/progress_line.h"
#include "cli/region_option.h"
#include "cli/stop_signal.h"
#include "crawler/crawler.h"
#include "indexer/base/utc_time.h"
#include "indexer/indexer.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch crawl --db DIR --key FILE --seeds DIR --contact CONTACT\n"
    "                       [--site NAME ...] [--max-time DURATION] [--shard I/N] [-q]\n"
    "       leakwatch crawl --check-seeds --seeds DIR\n\n"
    "Fetches the listings of the sites in --seeds (one .conf file a site; see\n"
    "docs/seeds.md), follows them to the items not yet in the corpus, and indexes\n"
    "each item's text in memory: nothing fetched is written in clear.\n\n"
    "Polite: robots.txt (RFC 9309) first on every host, one request at a time per\n"
    "host, at least the site's delay (default 5 s) or robots.txt's Crawl-delay\n"
    "between two, Retry-After honoured, conditional GETs for listings, a User-Agent\n"
    "naming leakwatch and your --contact (required: site operators must reach you).\n\n"
    "For cron: exit 0 when the run completed (failed fetches are reported on stderr\n"
    "and counted in the summary), 2 for a bad seed, key or option, 3 when another\n"
    "index or crawl holds the corpus, 130 when interrupted. One summary line on\n"
    "stdout; log lines on stderr (never page content); -q prints only errors\n"
    "(no summary either: cron mails nothing when all went well).\n"
    "--max-time ends the run cleanly after the item in progress.\n\n"
    "Options may also come from --config FILE (key = value lines, same names).\n\n"
    "Examples:\n"
    "  leakwatch crawl --check-seeds --seeds /etc/leakwatch/seeds\n"
    "  leakwatch crawl --db corpus --key op.key --seeds seeds --contact abuse@example.org\n"
    "  # crontab: every hour, at most 50 minutes, quiet unless something fails\n"
    "  17 * * * * leakwatch crawl --config /etc/leakwatch/crawl.conf --max-time 50m -q\n\n"
    "Exit status: 0 run completed, 2 error, 3 corpus locked, 130 interrupted.";

// "90", "90s", "30m", "2h", "1d": seconds.
double parse_duration(const std::string& text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    const std::string unit(end, text.data() + text.size());
    double scale = 0;
    if (unit.empty() || unit == "s") {
        scale = 1;
    } else if (unit == "m") {
        scale = 60;
    } else if (unit == "h") {
        scale = 3600;
    } else if (unit == "d") {
        scale = 86400;
    }
    if (ec != std::errc() || scale == 0 || value <= 0) {
        throw Error(ErrorCategory::usage,
                    "--max-time '" + text + "': expected a duration such as 90s, 30m or 2h");
    }
    return value * scale;
}

std::pair<unsigned, unsigned> parse_shard(const std::string& text) {
    unsigned i = 0, n = 0;
    const auto slash = text.find('/');
    const bool ok =
        slash != std::string::npos &&
        std::from_chars(text.data(), text.data() + slash, i).ptr == text.data() + slash &&
        std::from_chars(text.data() + slash + 1, text.data() + text.size(), n).ptr ==
            text.data() + text.size() &&
        n >= 1 && i >= 1 && i <= n;
    if (!ok) {
        throw Error(ErrorCategory::usage, "--shard '" + text + "': expected I/N with 1 <= I <= N");
    }
    return {i, n};
}

}  // namespace

int run_crawl(const std::vector<std::string>& args) {
    std::string config, corpus, key_path, seeds_dir, contact, max_time, shard, log_format, ca_file;
    std::vector<std::string> sites, regions;
    bool check_seeds = false, quiet = false, verbose = false;
    unsigned threads = 0;
    double max_body_mib = 16;
    double timeout = 60;
    po::options_description visible("Options");
    visible.add_options()                                                                        //
        ("db", po::value(&corpus), "the corpus folder (created if missing)")                     //
        ("key", po::value(&key_path), "the operator's key file")                                 //
        ("seeds", po::value(&seeds_dir), "the folder of site files (*.conf)")                    //
        ("contact", po::value(&contact), "your email or URL, sent in the User-Agent")            //
        ("config", po::value(&config), "read these options from FILE (key = value)")             //
        ("site", po::value(&sites)->composing(), "crawl only this site (repeatable)")            //
        ("max-time", po::value(&max_time), "end cleanly after this long (90s, 30m, 2h)")         //
        ("shard", po::value(&shard), "I/N: only the sites whose name hashes to shard I")         //
        ("check-seeds", po::bool_switch(&check_seeds), "check the seed files, print each plan")  //
        ("region", po::value(&regions)->composing(),
         "phone regions for sites that name none (default FR IT)")                         //
        ("ca-file", po::value(&ca_file), "extra CA certificates (verification stays on)")  //
        ("max-body", po::value(&max_body_mib)->default_value(16), "largest page, MiB")     //
        ("timeout", po::value(&timeout)->default_value(60),
         "seconds a request may take in all (slower than 512 B/s for 20 s: aborted)")        //
        ("threads", po::value(&threads)->default_value(0), "PRF threads (0: one per core)")  //
        ("log-format", po::value(&log_format)->default_value("text"), "text or json")        //
        ("verbose,v", po::bool_switch(&verbose), "log every request too")                    //
        ("quiet,q", po::bool_switch(&quiet), "log only errors");
    po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    if (!config.empty()) {
        po::store(po::parse_config_file<char>(config.c_str(), visible, false), vm);
        po::notify(vm);
    }
    if (log_format != "text" && log_format != "json") {
        throw Error(ErrorCategory::usage, "--log-format takes text or json");
    }
    if (seeds_dir.empty()) {
        throw Error(ErrorCategory::usage, "--seeds DIR is required");
    }
    // --site and --shard choose the sites, for a run and for --check-seeds.
    const auto chosen = [&](const crawler::Seed& seed) {
        const bool named =
            sites.empty() || std::find(sites.begin(), sites.end(), seed.name) != sites.end();
        if (shard.empty()) {
            return named;
        }
        const auto [i, n] = parse_shard(shard);
        return named && crawler::shard_of(seed.name, n) == i - 1;
    };
    if (check_seeds) {
        std::vector<std::string> errors;
        std::vector<crawler::Seed> seeds;
        for (auto& seed : crawler::load_seeds(seeds_dir, &errors)) {
            if (chosen(seed)) {
                std::cout << crawler::describe(seed);
                seeds.push_back(std::move(seed));
            }
        }
        for (const auto& error : errors) {
            std::cerr << "leakwatch: crawl: " << error << "\n";
        }
        std::cout << seeds.size() << " sites ok, " << errors.size() << " with errors\n";
        return errors.empty() ? kExitOk : kExitError;
    }
    if (corpus.empty() || key_path.empty()) {
        throw Error(ErrorCategory::usage, "--db and --key are required (or --check-seeds)");
    }
    crawler::CrawlOptions options;
    options.corpus = corpus;
    options.contact = contact;
    options.ca_file = ca_file;
    options.threads = threads;
    options.limits.max_body_bytes = static_cast<std::size_t>(max_body_mib * (1 << 20));
    options.limits.max_decoded_bytes = 2 * options.limits.max_body_bytes;
    if (!(timeout > 0 && timeout <= 3600) || !(max_body_mib > 0 && max_body_mib <= 1024)) {
        throw Error(ErrorCategory::usage, "--timeout takes 0-3600 seconds, --max-body 0-1024 MiB");
    }
    options.limits.total_timeout_ms = static_cast<long>(timeout * 1000);
    options.limits.connect_timeout_ms =
        std::min(options.limits.connect_timeout_ms, options.limits.total_timeout_ms);
    if (!regions.empty()) {
        const indexer::PhoneNormalizer phones;
        options.regions = checked_regions(regions, phones);
    }
    if (!max_time.empty()) {
        options.max_time =
            std::chrono::milliseconds(static_cast<long long>(parse_duration(max_time) * 1000));
    }
    if (contact.empty()) {
        throw Error(ErrorCategory::usage,
                    "no contact: give --contact (an email or URL where site operators reach "
                    "you), or 'contact =' in --config");
    }
    for (auto& seed : crawler::load_seeds(seeds_dir, nullptr)) {
        if (chosen(seed)) {
            options.seeds.push_back(std::move(seed));
        }
    }
    for (const std::string& site : sites) {
        if (std::none_of(options.seeds.begin(), options.seeds.end(),
                         [&](const crawler::Seed& s) { return s.name == site; }) &&
            shard.empty()) {
            throw Error(ErrorCategory::usage, "--site " + site + ": no such site in " + seeds_dir);
        }
    }

    install_stop_handlers();
    indexer::disable_malloc_fastbins();
    // A corpus made outside the systemd unit (UMask=0077) is private too:
    // its files hold tokens and sealed sources, for the operator alone.
    ::umask(077);
    LogPrinter printer(log_format == "json", quiet, verbose);
    const crawler::CrawlSummary s =
        crawler::run_crawl(options, indexer::read_key_file(key_path), printer, stop_requested());
    if (quiet) {  // cron mails any output: -q is silent when all went well
        return stop_requested().load() ? kExitInterrupted : kExitOk;
    }
    std::cout << s.sites << " sites, " << s.requests << " requests (" << s.not_modified
              << " not modified), " << s.items_new << " items new, " << s.sightings
              << " sightings, " << s.records << " records, " << s.tokens << " tokens, " << s.errors
              << " errors, " << format_bytes(s.bytes) << ", "
              << static_cast<long long>(s.seconds + 0.5) << " s"
              << (s.interrupted ? " (stopped early)" : "") << "\n";
    return stop_requested().load() ? kExitInterrupted : kExitOk;
}

}  // namespace lw::cli
