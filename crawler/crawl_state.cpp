#include "crawler/crawl_state.h"

#include <sodium.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "indexer/redact.h"
#include "indexer/voprf.h"

namespace lw::crawler {
namespace {

std::string seen_key(std::string_view url) {
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(url.data()),
                       url.size(), nullptr, 0);
    return "seen:" + indexer::to_hex(digest);
}

const char* stored_name(RobotsKey key) {
    switch (key) {
        case RobotsKey::user_agent:
            return "user-agent";
        case RobotsKey::allow:
            return "allow";
        case RobotsKey::disallow:
            return "disallow";
        case RobotsKey::crawl_delay:
            return "crawl-delay";
        default:
            return nullptr;
    }
}

}  // namespace

std::optional<CachedRobots> CrawlState::robots(const std::string& origin,
                                               std::chrono::seconds max_age) const {
    const auto json = nlohmann::json::parse(writer_.state("robots:" + origin), nullptr, false);
    if (!json.is_object() || !json.contains("t") || !json["t"].is_number_integer() ||
        !json.contains("status") || !json["status"].is_number_integer()) {
        return std::nullopt;
    }
    const auto age = std::chrono::seconds(std::time(nullptr) - json["t"].get<std::int64_t>());
    if (age < std::chrono::seconds(0) || age > max_age) {
        return std::nullopt;
    }
    return CachedRobots{json["status"].get<int>(), json.value("rules", std::string())};
}

void CrawlState::set_robots(const std::string& origin, int status, std::string_view body,
                            const indexer::Scanner& scanner) {
    nlohmann::json cached = {{"t", std::time(nullptr)}, {"status", status}};
    if (!body.empty()) {
        std::string kept;
        for (const RobotsLine& line : robots_lines(body.substr(0, kRobotsParseLimit))) {
            if (const char* name = stored_name(line.key)) {
                kept += name;
                kept += ": ";
                kept += line.value;
                kept += '\n';
            }
        }
        cached["rules"] = indexer::strip_identifiers(kept, scanner);
    }
    writer_.set_state("robots:" + origin, cached.dump());
}

std::vector<std::string> CrawlState::conditional_headers(const std::string& listing) const {
    std::vector<std::string> headers;
    const auto json = nlohmann::json::parse(writer_.state("listing:" + listing), nullptr, false);
    if (!json.is_object()) {
        return headers;
    }
    const auto text = [&](const char* name) {
        const auto it = json.find(name);
        return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (const std::string etag = text("etag"); !etag.empty()) {
        headers.push_back("If-None-Match: " + etag);
    }
    if (const std::string modified = text("last_modified"); !modified.empty()) {
        headers.push_back("If-Modified-Since: " + modified);
    }
    return headers;
}

void CrawlState::set_validators(const std::string& listing, const std::string& etag,
                                const std::string& last_modified) {
    writer_.set_state("listing:" + listing,
                      nlohmann::json{{"etag", etag}, {"last_modified", last_modified}}.dump());
}

void CrawlState::forget_validators(const std::string& listing) {
    writer_.set_state("listing:" + listing, "");
}

bool CrawlState::seen(const std::string& item_url) const {
    return !writer_.state(seen_key(item_url)).empty();
}

void CrawlState::mark_seen(const std::string& item_url) {
    writer_.set_state(seen_key(item_url), std::to_string(std::time(nullptr)));
}

}  // namespace lw::crawler
