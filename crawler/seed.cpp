#include "crawler/seed.h"

#include <re2/re2.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "crawler/url.h"
#include "indexer/base/error.h"
#include "indexer/indexer.h"

namespace lw::crawler {
namespace {

namespace po = boost::program_options;

// Where each key stands in the file, for messages: Boost's config parser
// says which option is wrong, not on which line. A repeated key (listing,
// item_pattern) has its lines in order.
using KeyLines = std::map<std::string, std::vector<int>>;

KeyLines key_lines(const std::string& text) {
    KeyLines lines;
    std::istringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto start = line.find_first_not_of(" \t");
        const auto equals = line.find('=');
        if (start == std::string::npos || line[start] == '#' || equals == std::string::npos) {
            continue;
        }
        std::string key = line.substr(start, equals - start);
        key.erase(key.find_last_not_of(" \t") + 1);
        lines[key].push_back(number);
    }
    return lines;
}

// `nth`: which of a repeated key's lines is wrong.
[[noreturn]] void fail(const std::string& file, const KeyLines& lines, const std::string& key,
                       const std::string& reason, std::size_t nth = 0) {
    const auto at = lines.find(key);
    const bool known = at != lines.end() && nth < at->second.size();
    const std::string where = known ? file + ":" + std::to_string(at->second[nth]) : file;
    throw Error(ErrorCategory::usage, where + ": " + reason);
}

std::optional<CssSelector> selector(const std::string& file, const KeyLines& lines,
                                    const std::string& key, const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    try {
        return CssSelector::parse(text);
    } catch (const std::exception& e) {
        fail(file, lines, key, key + ": " + e.what());
    }
}

std::vector<std::string> split_list(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const std::string& value : values) {
        std::istringstream words(value);
        std::string word;
        while (std::getline(words, word, ',')) {
            word.erase(0, word.find_first_not_of(" \t"));
            word.erase(word.find_last_not_of(" \t") + 1);
            if (!word.empty()) {
                out.push_back(word);
            }
        }
    }
    return out;
}

// Boost's config parser ends a value at '#', and CSS needs it (`#id`): only
// a line whose first character is '#' is a comment in a seed. Other '#'
// travel through the parser as a control character no seed contains.
constexpr char kHashStandIn = '\x1f';

std::string protect_hashes(const std::string& text) {
    std::string out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(" \t");
        if (start != std::string::npos && line[start] != '#') {
            std::replace(line.begin(), line.end(), '#', kHashStandIn);
        }
        out += line;
        out += '\n';
    }
    return out;
}

void restore_hashes(std::string& value) {
    std::replace(value.begin(), value.end(), kHashStandIn, '#');
}

// Seeds write groups $1 as sed and most users do; RE2 writes \\1.
std::string re2_rewrite(std::string rewrite) {
    for (std::size_t i = 0; (i = rewrite.find('$', i)) != std::string::npos; ++i) {
        rewrite[i] = '\\';
    }
    return rewrite;
}

}  // namespace

Seed load_seed(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw Error(ErrorCategory::usage, path + ": cannot be read");
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const auto lines = key_lines(text);

    Seed seed;
    seed.file = path;
    std::string content = "html";
    std::vector<std::string> regions, strip, follow;
    std::string revisit;
    po::options_description keys;
    keys.add_options()                                                 //
        ("name", po::value(&seed.name))                                //
        ("listing", po::value(&seed.listings)->composing())            //
        ("item_links", po::value(&seed.item_links))                    //
        ("item_pattern", po::value(&seed.item_patterns)->composing())  //
        ("item_url", po::value(&seed.item_url))                        //
        ("content", po::value(&content))                               //
        ("content_selector", po::value(&seed.content_selector))        //
        ("content_exclude", po::value(&seed.content_exclude))          //
        ("max_item_pages", po::value(&seed.max_item_pages))            //
        ("title_selector", po::value(&seed.title_selector))            //
        ("next_page", po::value(&seed.next_page))                      //
        ("item_changed", po::value(&seed.item_changed))                //
        ("revisit", po::value(&revisit))                               //
        ("max_pages", po::value(&seed.max_pages))                      //
        ("delay", po::value(&seed.delay))                              //
        ("proxy", po::value(&seed.proxy))                              //
        ("regions", po::value(&regions)->composing())                  //
        ("follow_hosts", po::value(&follow)->composing())              //
        ("strip_params", po::value(&strip)->composing());
    po::variables_map vm;
    try {
        std::istringstream stream(protect_hashes(text));
        po::store(po::parse_config_file(stream, keys, false), vm);
        po::notify(vm);
    } catch (const po::error_with_option_name& e) {
        std::string key = e.get_option_name();
        key.erase(0, key.find_first_not_of('-'));
        fail(path, lines, key, e.what());
    } catch (const po::error& e) {
        fail(path, lines, "", e.what());
    }

    for (std::string* value : {&seed.name, &seed.item_links, &seed.item_url, &content,
                               &seed.content_selector, &seed.content_exclude, &seed.title_selector,
                               &seed.next_page, &seed.item_changed, &seed.proxy}) {
        restore_hashes(*value);
    }
    for (std::vector<std::string>* values :
         {&seed.listings, &seed.item_patterns, &regions, &strip, &follow}) {
        for (std::string& value : *values) {
            restore_hashes(value);
        }
    }
    if (seed.name.empty()) {
        fail(path, lines, "name", "no 'name ='");
    }
    if (seed.listings.empty()) {
        fail(path, lines, "listing", "no 'listing =' URL");
    }
    for (std::size_t i = 0; i < seed.listings.size(); ++i) {
        if (!parse_url(seed.listings[i])) {
            fail(path, lines, "listing", "listing '" + seed.listings[i] + "' is not an http(s) URL",
                 i);
        }
    }
    if (content == "raw") {
        seed.content = ContentKind::raw;
    } else if (content == "html") {
        seed.content = ContentKind::html;
    } else if (content == "discourse-json") {
        seed.content = ContentKind::discourse_json;
    } else {
        fail(path, lines, "content", "content must be raw, html or discourse-json");
    }
    if (!(seed.delay >= 0.0 && seed.delay <= 86400.0)) {
        fail(path, lines, "delay", "delay must be between 0 and 86400 seconds");
    }
    if (!revisit.empty()) {
        const auto every = parse_duration(revisit);
        if (!every || *every > std::chrono::hours(24 * 3650)) {
            fail(path, lines, "revisit",
                 "revisit must be a duration such as 90, 30m, 6h or 2d (at most 3650d)");
        }
        seed.revisit = *every;
    }
    if (seed.max_pages == 0 || seed.max_pages > 10000) {
        fail(path, lines, "max_pages", "max_pages must be between 1 and 10000");
    }
    if (seed.max_item_pages > 10000) {
        fail(path, lines, "max_item_pages", "max_item_pages must be between 1 and 10000");
    }
    if (seed.max_item_pages == 0) {
        seed.max_item_pages = seed.max_pages;
    }
    if (seed.content != ContentKind::discourse_json && seed.item_links.empty()) {
        fail(path, lines, "item_links", "no 'item_links =' selector");
    }
    seed.item_links_selector = selector(path, lines, "item_links", seed.item_links);
    seed.content_css = selector(path, lines, "content_selector", seed.content_selector);
    seed.content_exclude_css = selector(path, lines, "content_exclude", seed.content_exclude);
    seed.title_css = selector(path, lines, "title_selector", seed.title_selector);
    seed.next_page_selector = selector(path, lines, "next_page", seed.next_page);
    if (seed.content == ContentKind::discourse_json) {
        std::string field;
        for (const char c : seed.item_changed + ",") {
            if (c == ',') {
                if (!field.empty()) {
                    seed.item_changed_fields.push_back(field);
                }
                field.clear();
            } else if (c != ' ' && c != '\t') {
                field += c;
            }
        }
    } else {
        seed.item_changed_css = selector(path, lines, "item_changed", seed.item_changed);
    }
    if (seed.item_patterns.empty() && !seed.item_url.empty()) {
        fail(path, lines, "item_url", "item_url needs an item_pattern to take groups from");
    }
    RE2::Options options;
    options.set_log_errors(false);
    for (std::size_t i = 0; i < seed.item_patterns.size(); ++i) {
        auto regex = std::make_shared<RE2>(seed.item_patterns[i], options);
        if (!regex->ok()) {
            fail(path, lines, "item_pattern", "item_pattern: " + regex->error(), i);
        }
        // item_url takes its groups from whichever pattern matched: each
        // must have them all. Of several patterns, the one short of a group
        // is the line to fix.
        std::string error;
        if (!seed.item_url.empty() &&
            !regex->CheckRewriteString(re2_rewrite(seed.item_url), &error)) {
            if (seed.item_patterns.size() > 1) {
                fail(path, lines, "item_pattern", "item_pattern: item_url: " + error, i);
            }
            fail(path, lines, "item_url", "item_url: " + error);
        }
        seed.item_regexes.push_back(std::move(regex));
    }
    seed.follow_hosts = split_list(follow);
    for (const std::string& host : seed.follow_hosts) {
        if (host.find_first_of("/:@?#") != std::string::npos) {
            fail(path, lines, "follow_hosts",
                 "follow_hosts: '" + host + "' is not a host name (no scheme, port or path)");
        }
    }
    seed.regions = split_list(regions);
    static const indexer::PhoneNormalizer phones;
    for (std::string& region : seed.regions) {
        std::transform(region.begin(), region.end(), region.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (!phones.is_known_region(region)) {
            fail(path, lines, "regions",
                 "regions: " + region + " is not a region libphonenumber knows");
        }
    }
    if (vm.count("strip_params") != 0) {
        seed.strip_params = split_list(strip);
    }
    return seed;
}

std::vector<Seed> load_seeds(const std::string& directory, std::vector<std::string>* errors) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        throw Error(ErrorCategory::usage, "seeds " + directory + ": not a folder");
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(directory)) {
        if (entry.is_regular_file() && entry.path().extension() == ".conf") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<Seed> seeds;
    for (const std::string& file : files) {
        try {
            seeds.push_back(load_seed(file));
        } catch (const Error& e) {
            if (errors == nullptr) {
                throw;
            }
            errors->push_back(e.what());
        }
    }
    return seeds;
}

std::optional<std::string> item_url_of(const Seed& seed, const std::string& link) {
    if (seed.item_regexes.empty()) {
        return link;
    }
    for (const auto& regex : seed.item_regexes) {
        if (seed.item_url.empty()) {
            if (RE2::PartialMatch(link, *regex)) {
                return link;
            }
            continue;
        }
        std::string out;
        if (RE2::Extract(link, *regex, re2_rewrite(seed.item_url), &out)) {
            return out;
        }
    }
    return std::nullopt;
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    std::uint64_t n = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        n = n * 10 + static_cast<unsigned>(text[i] - '0');
        if (n > 1'000'000'000ULL) {
            return std::nullopt;
        }
    }
    if (i == 0 || text.size() - i > 1) {
        return std::nullopt;
    }
    const char unit = i < text.size() ? text[i] : 's';
    const std::uint64_t scale = unit == 's'   ? 1
                                : unit == 'm' ? 60
                                : unit == 'h' ? 3600
                                : unit == 'd' ? 86400
                                              : 0;
    if (scale == 0) {
        return std::nullopt;
    }
    return std::chrono::seconds(static_cast<std::int64_t>(n * scale));
}

unsigned shard_of(const std::string& site_name, unsigned shards) {
    // FNV-1a: stable across machines and versions, unlike std::hash.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : site_name) {
        h = (h ^ c) * 1099511628211ULL;
    }
    return static_cast<unsigned>(h % shards);
}

std::string describe(const Seed& seed) {
    std::ostringstream out;
    const char* content = seed.content == ContentKind::raw    ? "raw text"
                          : seed.content == ContentKind::html ? "html"
                                                              : "discourse-json";
    out << seed.name << " (" << seed.file << ")\n";
    for (const std::string& listing : seed.listings) {
        out << "  listing   " << listing << "\n";
    }
    if (!seed.item_links.empty()) {
        out << "  items     links matching '" << seed.item_links << "'";
        for (std::size_t i = 0; i < seed.item_patterns.size(); ++i) {
            out << (i == 0 ? ", href ~ /" : " or /") << seed.item_patterns[i] << "/";
        }
        if (!seed.item_url.empty()) {
            out << " -> " << seed.item_url;
        }
        out << "\n";
    }
    out << "  content   " << content;
    if (!seed.content_selector.empty()) {
        out << " of '" << seed.content_selector << "'";
    }
    out << "\n";
    if (!seed.content_exclude.empty()) {
        out << "  leaving   '" << seed.content_exclude << "' out\n";
    }
    if (!seed.next_page.empty()) {
        out << "  pages     next page '" << seed.next_page << "', at most " << seed.max_pages
            << " listing pages, " << seed.max_item_pages << " pages an item\n";
    }
    if (!seed.item_changed.empty()) {
        out << "  changed   an item seen is read again from its last page when '"
            << seed.item_changed << "' differs\n";
    }
    if (seed.revisit.count() != 0) {
        out << "  revisit   an item's last page read again every " << seed.revisit.count()
            << " s when its listing shows no change\n";
    }
    out << "  delay     " << seed.delay << " s between requests to a host\n";
    if (!seed.proxy.empty()) {
        out << "  proxy     " << seed.proxy << "\n";
    }
    if (!seed.regions.empty()) {
        out << "  regions   ";
        for (std::size_t i = 0; i < seed.regions.size(); ++i) {
            out << (i ? "," : "") << seed.regions[i];
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace lw::crawler
