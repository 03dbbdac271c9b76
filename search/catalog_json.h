#pragma once

// The item catalog's wire form, GET /v1/items (docs/feed-format.md): what
// the service writes and the institution's client reads and caches.
//
//     {"as_of": T, "items": [{"item", "site", "host", "source", "title",
//      "first_seen", "last_seen", "sightings", "records"}]}

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "search/item_catalog.h"

namespace lw::search {

struct CatalogPage {
    std::int64_t as_of = 0;  // the server's time when it was made
    std::vector<ItemSummary> items;
};

std::string catalog_json(const CatalogPage& page);
// Throws lw::Error(usage) saying what is wrong; fields it does not know
// are ignored.
CatalogPage parse_catalog_json(std::string_view text);

}  // namespace lw::search
