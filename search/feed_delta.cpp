#include "search/feed_delta.h"

#include <optional>

#include "indexer/base/error.h"
#include "search/leb128.h"

namespace lw::search {
namespace {

std::string_view take_part(std::string_view& in) {
    const std::optional<std::uint64_t> length = take_leb128(in);
    if (!length) {
        throw Error(ErrorCategory::usage, "feed delta: truncated length");
    }
    if (*length > in.size()) {
        throw Error(ErrorCategory::usage, "feed delta: a part longer than the bytes left");
    }
    const std::string_view part = in.substr(0, *length);
    in.remove_prefix(*length);
    return part;
}

}  // namespace

std::string encode_feed_delta(const FeedDelta& delta) {
    std::string out;
    for (const FeedSet* set : {&delta.added, &delta.removed}) {
        const std::string coded = set->encode();
        put_leb128(out, coded.size());
        out += coded;
    }
    return out;
}

FeedDelta decode_feed_delta(std::string_view bytes) {
    FeedDelta delta{FeedSet::decode(take_part(bytes)), FeedSet::decode(take_part(bytes))};
    if (!bytes.empty()) {
        throw Error(ErrorCategory::usage, "feed delta: bytes after its two sets");
    }
    return delta;
}

}  // namespace lw::search
