#include "search/token_input.h"

#include <charconv>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/indexer.h"

namespace lw::search {
namespace {

std::string_view next_field(std::string_view& rest) {
    const auto tab = rest.find('\t');
    const std::string_view field = rest.substr(0, tab);
    rest = tab == std::string_view::npos ? std::string_view() : rest.substr(tab + 1);
    return field;
}

}  // namespace

std::optional<indexer::TokenBytes> parse_token_hex(std::string_view hex) {
    if (hex.size() != 2 * indexer::kTokenSize) {
        return std::nullopt;
    }
    std::string lower(hex);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'F') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return indexer::from_hex_array<indexer::kTokenSize>(lower);
}

TokenQuery parse_token_line(std::string_view line, const std::string& where) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    std::string_view rest = line;
    TokenQuery query;
    const std::string_view token = next_field(rest);
    const auto bytes = parse_token_hex(token);
    if (!bytes) {
        throw Error(ErrorCategory::usage, where + ": not a token (expected 32 hex digits)");
    }
    query.token = *bytes;
    if (line.size() == token.size()) {
        return query;
    }
    const std::string_view kind = next_field(rest);
    query.kind = indexer::parse_kind(kind);
    if (!query.kind) {
        throw Error(ErrorCategory::usage,
                    where +
                        ": unknown kind (expected TOKEN<TAB>KIND<TAB>ROW, KIND one of email, "
                        "nir, cf, phone, iban, card, person)");
    }
    if (line.size() == token.size() + 1 + kind.size()) {
        return query;
    }
    const std::string_view row = next_field(rest);
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(row.data(), row.data() + row.size(), number);
    if (row.empty() || ec != std::errc() || end != row.data() + row.size() || !rest.empty() ||
        line.find('\t', token.size() + kind.size() + row.size() + 2) != std::string_view::npos) {
        throw Error(ErrorCategory::usage,
                    where + ": malformed line (expected TOKEN<TAB>KIND<TAB>ROW, ROW a number)");
    }
    query.row = number;
    return query;
}

std::vector<TokenQuery> read_token_file(const std::string& path) {
    std::vector<TokenQuery> out;
    const std::string name = path == "-" ? "standard input" : path;
    indexer::for_each_value_line(path, [&](std::string_view line, std::uint64_t number) {
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            return;
        }
        out.push_back(parse_token_line(line, name + ":" + std::to_string(number)));
    });
    return out;
}

}  // namespace lw::search
