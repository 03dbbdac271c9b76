#include "indexer/delimited.h"

namespace lw::indexer {

bool split_delimited(std::string_view row, char delimiter, std::vector<Field>& fields,
                     std::vector<std::string>& storage) {
    fields.clear();
    storage.clear();
    // Reserve up front: storage's strings are referenced by string_views, so
    // it must not reallocate while the row is split.
    if (row.find('"') != std::string_view::npos) {
        std::size_t quoted = 0;
        for (char c : row) {
            quoted += c == '"' ? 1 : 0;
        }
        storage.reserve(quoted / 2 + 1);
    }
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
