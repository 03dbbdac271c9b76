#include "search/catalog_json.h"

#include <nlohmann/json.hpp>

#include "indexer/base/error.h"
#include "indexer/base/untrusted_json.h"
#include "search/remote_service.h"

namespace lw::search {
namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& why) {
    throw Error(ErrorCategory::usage, why);
}

std::string text_of(const json& object, const char* name) {
    if (!object.contains(name) || !object.at(name).is_string()) {
        refuse(std::string("an item's \"") + name + "\" is not a string");
    }
    return object.at(name).get<std::string>();
}

std::uint64_t number_of(const json& object, const char* name) {
    if (!object.contains(name) || !object.at(name).is_number_unsigned()) {
        refuse(std::string("an item's \"") + name + "\" is not a whole number");
    }
    return object.at(name).get<std::uint64_t>();
}

ItemSummary item_of(const json& entry) {
    if (!entry.is_object()) {
        refuse("an item is not an object");
    }
    ItemSummary item;
    item.key = text_of(entry, "item");
    item.site = text_of(entry, "site");
    item.host = text_of(entry, "host");
    item.source = text_of(entry, "source");
    item.title = text_of(entry, "title");
    item.first_seen = text_of(entry, "first_seen");
    item.last_seen = text_of(entry, "last_seen");
    const auto first = parse_iso_utc(item.first_seen);
    if (!first || !parse_iso_utc(item.last_seen)) {
        refuse("an item's first or last seen is not a UTC time");
    }
    item.first_seen_unix = *first;
    item.sightings = number_of(entry, "sightings");
    item.records = number_of(entry, "records");
    return item;
}

}  // namespace

std::string catalog_json(const CatalogPage& page) {
    json items = json::array();
    for (const ItemSummary& item : page.items) {
        items.push_back({{"item", item.key},
                         {"site", item.site},
                         {"host", item.host},
                         {"source", item.source},
                         {"title", item.title},
                         {"first_seen", item.first_seen},
                         {"last_seen", item.last_seen},
                         {"sightings", item.sightings},
                         {"records", item.records}});
    }
    return json{{"as_of", page.as_of}, {"items", std::move(items)}}.dump() + "\n";
}

CatalogPage parse_catalog_json(std::string_view text) {
    indexer::ParsedJson parsed = indexer::parse_untrusted_json(text);
    if (!parsed.error.empty()) {
        refuse(parsed.error);
    }
    const json& root = parsed.value;
    if (!root.is_object() || !root.contains("as_of") || !root.at("as_of").is_number_integer() ||
        !root.contains("items") || !root.at("items").is_array()) {
        refuse("an object of as_of and items");
    }
    CatalogPage page;
    page.as_of = root.at("as_of").get<std::int64_t>();
    page.items.reserve(root.at("items").size());
    for (const json& item : root.at("items")) {
        page.items.push_back(item_of(item));
    }
    return page;
}

}  // namespace lw::search
