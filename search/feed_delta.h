#pragma once

// What changed in the feed's token set between two revisions
// (docs/feed-format.md, "Deltas"): the prefixes added and the prefixes
// removed, both of the snapshot's width. The service codes it; the
// institution's client reads it and applies it to the set it keeps.

#include <string>
#include <string_view>

#include "search/feed_set.h"

namespace lw::search {

struct FeedDelta {
    FeedSet added;
    FeedSet removed;
};

// Each set's length (unsigned LEB128) then its coding, added first.
std::string encode_feed_delta(const FeedDelta& delta);
// Throws lw::Error(usage) "feed delta: ..." for bytes that are not one.
FeedDelta decode_feed_delta(std::string_view bytes);

}  // namespace lw::search
