#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lw::indexer {

// Italian codice fiscale of a person: 16 characters, case-insensitive, with
// omocodia letters accepted in the digit positions and a calendar-valid
// birth date. Canonical = uppercase as written (an omocodic code is a
// distinct identifier: it is not converted back).
bool codice_fiscale_is_valid(std::string_view code) noexcept;
std::optional<std::string> codice_fiscale_canonical(std::string_view code);

// The check letter over the first 15 characters (uppercase), or '\0' when a
// character is outside [0-9A-Z]. Shared with the Italian IBAN's CIN.
char codice_fiscale_check_char(std::string_view first_chars) noexcept;

}  // namespace lw::indexer
