#pragma once

// What a seed makes of a fetched page: a listing gives item URLs and the
// next listing page; an item page gives its text (in memory, for the
// indexer), a title, and the item's next page or pages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/seed.h"
#include "crawler/url.h"
#include "indexer/base/wiped_allocator.h"

namespace lw::crawler {

struct ListingPage {
    std::vector<std::string> items;  // absolute, session parameters stripped, deduped
    // Each item's change marker, by items' index: what the seed's
    // item_changed reads for it (its row's matches, or its JSON fields),
    // "" when the seed has none or the item's row shows none.
    std::vector<std::string> changed;
    std::optional<std::string> next;
};

struct ItemPage {
    // Wiped as it grows and when the page dies, like FetchResult::body; read
    // it as a std::string_view.
    indexer::SelfWipingString text;
    std::string title;
    std::optional<std::string> next;
    // The item's further pages when its first page names them all, in
    // reading order: a Discourse topic's posts that its first answer does
    // not inline, 20 a request. Fetched one after another, after it.
    std::vector<std::string> more_pages;
};

ListingPage read_listing(const Seed& seed, const Url& page, std::string_view body,
                         std::string_view content_type);

ItemPage read_item(const Seed& seed, const Url& page, std::string_view body,
                   std::string_view content_type);

}  // namespace lw::crawler
