#include "crawler/robots.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <iterator>

namespace lw::crawler {
namespace {

constexpr std::string_view kRobotsTxtPath = "/robots.txt";

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
char ascii_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_token_char(char c) {
    return is_alpha(c) || c == '-' || c == '_';
}
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

struct KeyName {
    std::string_view name;  // lower case
    RobotsKey key;
};

// The misspellings are those Google's parser accepts.
constexpr std::array kKeyNames{
    KeyName{"user-agent", RobotsKey::user_agent},   KeyName{"useragent", RobotsKey::user_agent},
    KeyName{"user agent", RobotsKey::user_agent},   KeyName{"allow", RobotsKey::allow},
    KeyName{"disallow", RobotsKey::disallow},       KeyName{"dissallow", RobotsKey::disallow},
    KeyName{"dissalow", RobotsKey::disallow},       KeyName{"disalow", RobotsKey::disallow},
    KeyName{"diasllow", RobotsKey::disallow},       KeyName{"disallaw", RobotsKey::disallow},
    KeyName{"crawl-delay", RobotsKey::crawl_delay}, KeyName{"sitemap", RobotsKey::sitemap},
    KeyName{"site-map", RobotsKey::sitemap},
};

RobotsKey key_named(std::string_view name) {
    for (const auto& known : kKeyNames) {
        if (equals_ignoring_case(name, known.name)) {
            return known.key;
        }
    }
    return RobotsKey::unknown;
}

// Splits one line into key and value; false when it has none.
bool split_line(std::string_view line, std::string_view& key, std::string_view& value) {
    line = trim_blanks(line.substr(0, line.find('#')));
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        key = trim_blanks(line.substr(0, colon));
        value = trim_blanks(line.substr(colon + 1));
    } else {
        // "Disallow /x": accepted when there are exactly two words, so that
        // a line of prose is not read as a directive.
        const auto blank = line.find_first_of(" \t");
        if (blank == std::string_view::npos) {
            return false;
        }
        key = line.substr(0, blank);
        value = trim_blanks(line.substr(blank));
        if (value.find_first_of(" \t") != std::string_view::npos) {
            return false;
        }
    }
    return !key.empty();
}

// The part of the body that is parsed: at most kRobotsParseLimit bytes,
// ending at a line end, without a (partial) byte order mark.
std::string_view parsed_part(std::string_view body) {
    if (body.size() > kRobotsParseLimit) {
        const bool cut_at_line_end =
            body[kRobotsParseLimit] == '\n' || body[kRobotsParseLimit] == '\r';
        body = body.substr(0, kRobotsParseLimit);
        if (!cut_at_line_end) {
            const auto last_end = body.find_last_of("\r\n");
            body = body.substr(0, last_end == std::string_view::npos ? 0 : last_end + 1);
        }
    }
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    std::size_t bom = 0;
    while (bom < kBom.size() && bom < body.size() && body[bom] == kBom[bom]) {
        ++bom;
    }
    return body.substr(bom);
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    return ascii_lower(c) - 'a' + 10;
}

bool is_unreserved(int c) {
    return (c >= '0' && c <= '9') || is_alpha(static_cast<char>(c)) || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char octet) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    out += '%';
    out += kHex[octet >> 4];
    out += kHex[octet & 0xF];
}

enum class Side { path, pattern };

std::string comparison_form(std::string_view text, Side side) {
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto octet = static_cast<unsigned char>(c);
        if (c == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
            const int decoded = hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]);
            if (is_unreserved(decoded)) {
                out += static_cast<char>(decoded);
            } else {
                out += '%';
                out += ascii_upper(text[i + 1]);
                out += ascii_upper(text[i + 2]);
            }
            i += 2;
        } else if (side == Side::path ? (c == '*' || c == '$')
                                      : (octet >= 0x80 || octet <= 0x20 || octet == 0x7F ||
                                         (c == '$' && i + 1 != text.size()))) {
            append_escape(out, octet);
        } else {
            out += c;
        }
    }
    return out;
}

// Whether `pattern` matches a prefix of `path` (all of it after a final
// '$'), both in comparison form. Each '*'-separated piece is found at its
// leftmost place after the previous one: leaving the most of the path to
// the rest can only help, so there is no backtracking, and the work is at
// most path length times pattern length.
bool matches(std::string_view path, std::string_view pattern) {
    const bool anchored = !pattern.empty() && pattern.back() == '$';
    if (anchored) {
        pattern.remove_suffix(1);
    }
    auto star = pattern.find('*');
    const std::string_view head = pattern.substr(0, star);
    if (path.substr(0, head.size()) != head) {
        return false;
    }
    if (star == std::string_view::npos) {
        return !anchored || path.size() == head.size();
    }
    std::size_t position = head.size();
    pattern.remove_prefix(star + 1);
    while ((star = pattern.find('*')) != std::string_view::npos) {
        const auto found = path.find(pattern.substr(0, star), position);
        if (found == std::string_view::npos) {
            return false;
        }
        position = found + star;
        pattern.remove_prefix(star + 1);
    }
    // `pattern` is now the piece after the last '*'.
    if (anchored) {
        return path.size() - position >= pattern.size() &&
               path.substr(path.size() - pattern.size()) == pattern;
    }
    return path.find(pattern, position) != std::string_view::npos;
}

bool names_every_agent(std::string_view agent) {
    // As Google reads it: "* anything" is still the wildcard.
    return !agent.empty() && agent[0] == '*' && (agent.size() == 1 || is_blank(agent[1]));
}

// "leakwatch/1.2 (+https://…)" names "leakwatch": sites copy full
// User-Agent headers into their robots.txt.
std::string_view agent_token(std::string_view agent) {
    const auto end = std::find_if_not(agent.begin(), agent.end(), is_token_char);
    return agent.substr(0, static_cast<std::size_t>(end - agent.begin()));
}

std::optional<double> parse_delay(std::string_view value) {
    double seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(seconds) ||
        seconds < 0) {
        return std::nullopt;
    }
    return seconds;
}

}  // namespace

bool is_valid_product_token(std::string_view token) noexcept {
    return !token.empty() && std::all_of(token.begin(), token.end(), is_token_char);
}

std::vector<RobotsLine> robots_lines(std::string_view body) {
    body = parsed_part(body);
    std::vector<RobotsLine> lines;
    int number = 0;
    std::size_t start = 0;
    while (true) {
        const auto end = body.find_first_of("\r\n", start);
        ++number;
        std::string_view key;
        std::string_view value;
        if (split_line(body.substr(start, end - start), key, value)) {
            lines.push_back({number, key_named(key), value});
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
        if (body[end] == '\r' && start < body.size() && body[start] == '\n') {
            ++start;
        }
    }
    return lines;
}

std::string robots_path_form(std::string_view path_and_query) {
    return comparison_form(path_and_query, Side::path);
}

std::string robots_pattern_form(std::string_view pattern) {
    return comparison_form(pattern, Side::pattern);
}

RobotsRules RobotsRules::parse(std::string_view body, std::string_view product_token) {
    const bool can_be_named = is_valid_product_token(product_token);
    RobotsRules ours;    // groups naming product_token
    RobotsRules global;  // "*" groups
    bool named = false;  // some group names product_token

    // The group being read. Its agents are known only once it is over: a
    // Crawl-delay may come before the last of its user-agent lines.
    RobotsRules group;
    bool group_is_ours = false;
    bool group_is_global = false;
    bool reading_agents = false;
    auto close_group = [&] {
        if (group_is_ours || group_is_global) {
            (group_is_ours ? ours : global).merge(std::move(group));
        }
        group = RobotsRules();
        group_is_ours = group_is_global = false;
    };

    for (const RobotsLine& line : robots_lines(body)) {
        switch (line.key) {
            case RobotsKey::user_agent:
                if (!reading_agents) {
                    close_group();
                    reading_agents = true;
                }
                if (names_every_agent(line.value)) {
                    group_is_global = true;
                } else if (can_be_named &&
                           equals_ignoring_case(agent_token(line.value), product_token)) {
                    group_is_ours = named = true;
                }
                break;
            case RobotsKey::allow:
            case RobotsKey::disallow: {
                // Only rules end the list of agents: records outside RFC 9309
                // (sitemap, crawl-delay, unknown) must not split a group.
                reading_agents = false;
                // An empty pattern matches nothing (2.2.2): "Disallow:" allows all.
                std::string pattern = robots_pattern_form(line.value);
                if (!pattern.empty()) {
                    group.rules_.push_back({std::move(pattern), line.key == RobotsKey::allow});
                }
                break;
            }
            case RobotsKey::crawl_delay:
                if (const auto delay = parse_delay(line.value)) {
                    group.crawl_delay_ = std::max(group.crawl_delay_.value_or(0), *delay);
                }
                break;
            case RobotsKey::sitemap:
            case RobotsKey::unknown:
                break;
        }
    }
    close_group();
    return named ? ours : global;
}

void RobotsRules::merge(RobotsRules&& other) {
    rules_.insert(rules_.end(), std::make_move_iterator(other.rules_.begin()),
                  std::make_move_iterator(other.rules_.end()));
    if (other.crawl_delay_) {
        crawl_delay_ = std::max(crawl_delay_.value_or(0), *other.crawl_delay_);
    }
}

RobotsRules RobotsRules::allow_all() {
    return RobotsRules();
}

RobotsRules RobotsRules::disallow_all() {
    RobotsRules rules;
    rules.disallow_all_ = true;
    return rules;
}

bool RobotsRules::allowed(std::string_view path_and_query) const {
    if (path_and_query.empty()) {
        path_and_query = "/";
    }
    if (path_and_query == kRobotsTxtPath) {
        return true;
    }
    if (disallow_all_) {
        return false;
    }
    const std::string path = robots_path_form(path_and_query);
    std::optional<std::size_t> longest_allow;
    std::optional<std::size_t> longest_disallow;
    for (const Rule& rule : rules_) {
        auto& longest = rule.allow ? longest_allow : longest_disallow;
        if (rule.pattern.size() > longest.value_or(0) && matches(path, rule.pattern)) {
            longest = rule.pattern.size();
        }
    }
    return !longest_disallow || longest_allow.value_or(0) >= *longest_disallow;
}

RobotsRules from_fetch(int http_status, std::string_view body, std::string_view product_token) {
    constexpr int kTooManyRequests = 429;
    if (http_status >= 200 && http_status <= 299) {
        return RobotsRules::parse(body, product_token);
    }
    if (http_status >= 300 && http_status <= 499 && http_status != kTooManyRequests) {
        return RobotsRules::allow_all();
    }
    return RobotsRules::disallow_all();
}

}  // namespace lw::crawler
