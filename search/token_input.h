#pragma once

// The tokens a search is asked about: given as arguments, or read from the
// TOKEN<TAB>KIND<TAB>ROW lines that `leakwatch token` and `unblind` print.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/kind.h"
#include "indexer/prf/voprf.h"

namespace lw::search {

struct TokenQuery {
    indexer::TokenBytes token{};
    std::optional<indexer::Kind> kind;
    std::optional<std::uint64_t> row;  // the row of the institution's file
};

// A token written as 32 hex digits, either case; nullopt otherwise.
std::optional<indexer::TokenBytes> parse_token_hex(std::string_view hex);

// One token: 32 hex digits (either case), optionally followed by a tab, a
// kind name, a tab and a row number. Throws lw::Error(usage) "WHERE: not a
// token (expected 32 hex digits)" and the like; `where` names the file
// and line, or the argument.
TokenQuery parse_token_line(std::string_view line, const std::string& where);

// Every line of `path` ("-" for standard input); blank lines are skipped.
// Reads the whole input before returning, so a bad line stops the command
// before anything is printed.
std::vector<TokenQuery> read_token_file(const std::string& path);

}  // namespace lw::search
