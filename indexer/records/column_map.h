#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace lw::indexer {

// What a labelled column holds. A mapped column accepts values the free-text
// scanner would not (a 13-character NIR body, a national phone number in the
// column's country, a YYYYMMDD date).
enum class ColumnRole : std::uint8_t {
    none,
    last_name,
    first_name,
    birth_date,
    nir,
    cf,
    email,
    phone,
    iban,
    card,
    ignored,  // `--map COLUMN=none`: the column is not read at all
};

struct ColumnMeaning {
    ColumnRole role = ColumnRole::none;
    // The country a phone column's language suggests ("FR" for telephone,
    // "IT" for telefono), tried before the default regions; empty if none.
    std::string_view phone_region;
};

// Maps a header or field name, in French, Italian or English, ignoring case,
// accents and separators: "Date de naissance", "DATE_NAISSANCE" and "ddn"
// all give birth_date. nullopt for a name it does not know.
std::optional<ColumnMeaning> column_meaning(std::string_view header);

// The countries phone columns' names suggest ("FR", "IT"), each once.
std::vector<std::string_view> phone_column_regions();

// True when `cell` reads like a column name (letters, digits, spaces, '_',
// '-', '.', at most 64 bytes, at least one letter, no '@'): a header row
// has only such cells.
bool looks_like_column_name(std::string_view cell) noexcept;

// The role a `--map COLUMN=KIND` option names ("nir", "email", "last_name",
// ...), nullopt if none.
std::optional<ColumnRole> parse_column_role(std::string_view name) noexcept;

}  // namespace lw::indexer
