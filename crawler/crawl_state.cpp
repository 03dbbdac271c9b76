#include "crawler/crawl_state.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "indexer/indexer.h"

namespace lw::crawler {
namespace {

// "robots:", "listing:" and "seen:" + the keyed name of the URL; the
// purpose is also hashed into the name, so the same URL names differ.
std::string state_name(const indexer::StateStore& store, std::string_view purpose,
                       std::string_view url) {
    return std::string(purpose) + ":" + store.keys().url_name(purpose, url);
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

std::string CrawlState::opened(const std::string& name) const {
    const std::string sealed = store_.state(name);
    if (sealed.empty()) {
        return {};
    }
    return store_.keys().unseal(sealed, name).value_or(std::string());
}

void CrawlState::seal_into(const std::string& name, const std::string& value) {
    store_.set_state(name, value.empty() ? std::string() : store_.keys().seal(value, name));
}

std::optional<CachedRobots> CrawlState::robots(const std::string& origin,
                                               std::chrono::seconds max_age) const {
    const auto json =
        nlohmann::json::parse(opened(state_name(store_, "robots", origin)), nullptr, false);
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

void CrawlState::set_robots(const std::string& origin, int status, std::string_view body) {
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
        cached["rules"] = kept;
    }
    seal_into(state_name(store_, "robots", origin),
              cached.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::vector<std::string> CrawlState::conditional_headers(const std::string& listing) const {
    std::vector<std::string> headers;
    const auto json =
        nlohmann::json::parse(opened(state_name(store_, "listing", listing)), nullptr, false);
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
    seal_into(state_name(store_, "listing", listing),
              nlohmann::json{{"etag", etag}, {"last_modified", last_modified}}.dump(
                  -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void CrawlState::forget_validators(const std::string& listing) {
    store_.set_state(state_name(store_, "listing", listing), "");
}

bool CrawlState::seen(const std::string& item_url) const {
    return !store_.state(state_name(store_, "seen", item_url)).empty();
}

void CrawlState::mark_seen(const std::string& item_url) {
    // The time in clear: when, not what.
    store_.set_state(state_name(store_, "seen", item_url), std::to_string(std::time(nullptr)));
}

std::optional<ItemVisit> CrawlState::visit(const std::string& item_url) const {
    const auto json =
        nlohmann::json::parse(opened(state_name(store_, "visit", item_url)), nullptr, false);
    if (!json.is_object() || !json.contains("key") || !json["key"].is_string() ||
        !json.contains("page") || !json["page"].is_number_unsigned()) {
        return std::nullopt;
    }
    ItemVisit visit;
    visit.item_key = json["key"].get<std::string>();
    visit.resume_url = json.value("url", std::string());
    visit.resume_page = std::max(1U, json["page"].get<unsigned>());
    visit.marker = json.value("marker", std::string());
    visit.visited_at = json.value("t", std::int64_t{0});
    return visit;
}

void CrawlState::set_visit(const std::string& item_url, const ItemVisit& visit) {
    seal_into(state_name(store_, "visit", item_url),
              nlohmann::json{{"key", visit.item_key},
                             {"url", visit.resume_url},
                             {"page", visit.resume_page},
                             {"marker", visit.marker},
                             {"t", visit.visited_at}}
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string CrawlState::change_digest(std::string_view marker) const {
    return marker.empty() ? std::string() : store_.keys().url_name("changed", marker);
}

}  // namespace lw::crawler
