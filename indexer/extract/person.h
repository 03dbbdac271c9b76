#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "indexer/base/cleartext.h"

namespace lw::indexer {

// A name as the token format wants it: Unicode-decomposed with marks
// stripped (utf8proc), case-folded, every run of non-letters one space,
// trimmed. "  DUPONT-Hélène " -> "dupont helene". Invalid UTF-8 bytes count
// as non-letters. nullopt when no letter is left.
std::optional<std::string> normalise_name(std::string_view raw);

// A birth date as YYYY-MM-DD, from DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY,
// YYYY-MM-DD, and (only in a column labelled as a date, `date_column`)
// YYYYMMDD. Surrounding spaces and a trailing time ("1980-01-02 00:00:00",
// as SQL dumps write DATETIME) are ignored; impossible dates are rejected.
std::optional<std::string> parse_birth_date(std::string_view raw, bool date_column);

// `last|first|YYYY-MM-DD` from the three cells of one record.
std::optional<std::string> person_canonical(std::string_view last, std::string_view first,
                                            std::string_view birth_date);

// The same, written over `out`: a caller that keeps `out` from one record to
// the next builds persons without allocating. False (and `out` empty) when
// the cells make no person.
bool write_person_canonical(std::string& out, std::string_view last, std::string_view first,
                            std::string_view birth_date);

// The same for the commonest cells, names of ASCII letters alone, written
// straight into `out` (no string to build, copy and wipe): true, or false
// when the cells make no person (`out` then empty). nullopt, `out` empty,
// when a name is not of ASCII letters alone or the whole would not fit
// inline: write_person_canonical then.
std::optional<bool> write_ascii_person_canonical(Cleartext& out, std::string_view last,
                                                 std::string_view first,
                                                 std::string_view birth_date);

}  // namespace lw::indexer
