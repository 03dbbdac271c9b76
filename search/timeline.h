#pragma once

// Items and new tokens over time, by day, week or month of first sight;
// as rows for a table and as an SVG chart.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lw::search {

enum class TimeBucket { day, week, month };

struct TimelineRow {
    std::string period;  // "2021-09-12", "2021-W37", "2021-09"
    std::uint64_t items = 0;
    std::uint64_t new_tokens = 0;  // tokens first seen in this period
};

// A token's first sighting is that of its first record (records are
// written in the order their items are seen, so the first posting is the
// oldest). Records of items not complete are not counted.
std::vector<TimelineRow> build_timeline(const Xapian::Database& db, TimeBucket bucket);

// A bar chart (items) with a line (new tokens), self-contained SVG 1.1.
std::string timeline_svg(const std::vector<TimelineRow>& rows, const std::string& title);

}  // namespace lw::search
