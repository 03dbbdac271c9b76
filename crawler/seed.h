#pragma once

// A site definition: one file in seeds/, read with Boost.Program_options'
// config-file parser. docs/seeds.md describes every key.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/css_selector.h"

namespace re2 {
class RE2;
}

namespace lw::crawler {

enum class ContentKind { raw, html, discourse_json };

struct Seed {
    std::string file;  // where it was read from, for messages
    std::string name;
    std::vector<std::string> listings;
    std::string item_links;  // CSS selector (html listings)
    // The forms an item's link may take (a forum's URL modes): a link is an
    // item when one of them matches.
    std::vector<std::string> item_patterns;
    std::string item_url;  // rewrite of the first matching pattern's groups, $1...
    ContentKind content = ContentKind::html;
    std::string content_selector;
    std::string content_exclude;  // CSS: parts of the content left out
    std::string title_selector;
    std::string next_page;  // CSS selector of the next page link
    // What in a listing shows that an item changed (a reply count, a last
    // post's date): a CSS selector read in the item's row (html), or the
    // topic's JSON fields, comma-separated (discourse-json). Empty: an item
    // seen is never fetched again.
    std::string item_changed;
    // Without a change signal for an item: its last page read is read
    // again once this long has passed since its last visit; 0: never.
    std::chrono::seconds revisit{0};
    unsigned max_pages = 5;       // listing pages followed
    unsigned max_item_pages = 0;  // pages of one item; 0: max_pages
    double delay = 5.0;           // seconds between two requests to a host
    std::string proxy;
    // Other hosts (with their subdomains) whose links and redirects are
    // followed, besides the listings' own (crawler/follow_policy.h).
    std::vector<std::string> follow_hosts;
    std::vector<std::string> regions;  // phone regions; empty: the run's
    std::vector<std::string> strip_params = {"sid", "s"};

    // Compiled forms, checked at load.
    std::optional<CssSelector> item_links_selector;
    std::optional<CssSelector> content_css;
    std::optional<CssSelector> content_exclude_css;
    std::optional<CssSelector> title_css;
    std::optional<CssSelector> next_page_selector;
    std::optional<CssSelector> item_changed_css;          // html listings
    std::vector<std::string> item_changed_fields;         // discourse-json listings
    std::vector<std::shared_ptr<re2::RE2>> item_regexes;  // item_patterns, in order
};

// Reads and checks one seed file. Throws lw::Error(usage) "FILE:LINE:
// reason" for an unknown key, a bad value, a bad selector or regex, a
// listing that is not an http(s) URL, a missing name or listing.
Seed load_seed(const std::string& path);

// Every *.conf file of `directory`, sorted by name; stops at the first bad
// one unless `errors` is given, where each bad file adds its message.
std::vector<Seed> load_seeds(const std::string& directory, std::vector<std::string>* errors);

// The item URL a link gives: the link, or item_url with $1... replaced by
// the groups of the first item_pattern that matches; nullopt when there are
// item_patterns and none matches. Several forms of one item's link map to
// one URL this way, so the item is fetched and kept once.
std::optional<std::string> item_url_of(const Seed& seed, const std::string& link);

// A duration as seeds write it: a whole number with an optional unit, s
// (the default), m, h or d ("6h", "2d", "90"); nullopt for anything else.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// Which of N shards crawls this site: a stable hash of its name.
unsigned shard_of(const std::string& site_name, unsigned shards);

// A human-readable plan of the site: what `crawl --check-seeds` prints.
std::string describe(const Seed& seed);

}  // namespace lw::crawler
