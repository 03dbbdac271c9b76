#include "indexer/records/delimited.h"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "indexer/extract/byte_search.h"

namespace lw::indexer {

namespace {

// A row without quotes, split 64 bytes at a time: the delimiters of a block
// come as one mask, so the loop turns once a field, where a byte loop (or
// one over eight-byte words) branches unpredictably at every field's end.
void split_unquoted(std::string_view row, char delimiter, std::vector<Field>& fields) {
    std::size_t start = 0;
    for (std::size_t base = 0; base < row.size(); base += 64) {
        for (std::uint64_t hits = equal_mask(row, base, delimiter); hits != 0; hits &= hits - 1) {
            const std::size_t at = base + static_cast<std::size_t>(std::countr_zero(hits));
            fields.push_back({start, std::string_view(row.data() + start, at - start)});
            start = at + 1;
        }
    }
    fields.push_back({start, row.substr(start)});
}

}  // namespace

bool split_delimited(std::string_view row, char delimiter, std::vector<Field>& fields,
                     std::vector<std::string>& storage) {
    fields.clear();
    storage.clear();
    if (row.find('"') == std::string_view::npos) {
        split_unquoted(row, delimiter, fields);
        return true;
    }
    // Reserve up front: storage's strings are referenced by string_views, so
    // it must not reallocate while the row is split.
    storage.reserve(static_cast<std::size_t>(std::count(row.begin(), row.end(), '"')) / 2 + 1);
    std::size_t i = 0;
    const std::size_t n = row.size();
    while (true) {
        const std::size_t start = i;
        std::size_t lead = i;
        while (lead < n && row[lead] == ' ') {
            ++lead;
        }
        if (lead < n && row[lead] == '"') {
            // Quoted field: up to the closing quote, "" is one quote.
            std::size_t j = lead + 1;
            bool escaped = false;
            bool closed = false;
            while (j < n) {
                if (row[j] == '"') {
                    if (j + 1 < n && row[j + 1] == '"') {
                        escaped = true;
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                ++j;
            }
            if (!closed) {
                return false;
            }
            std::string_view value = row.substr(lead + 1, j - lead - 1);
            if (escaped) {
                std::string& unescaped = storage.emplace_back();
                for (std::size_t k = 0; k < value.size(); ++k) {
                    unescaped.push_back(value[k]);
                    if (value[k] == '"') {
                        ++k;
                    }
                }
                value = unescaped;
            }
            fields.push_back({lead + 1, value});
            i = j + 1;
            while (i < n && row[i] != delimiter) {
                ++i;  // text after the closing quote is dropped, as most readers do
            }
        } else {
            std::size_t j = i;
            while (j < n && row[j] != delimiter) {
                ++j;
            }
            fields.push_back({start, row.substr(start, j - start)});
            i = j;
        }
        if (i >= n) {
            break;
        }
        ++i;  // the delimiter
    }
    return true;
}

}  // namespace lw::indexer
