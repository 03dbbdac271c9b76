#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lw::indexer {

// French social security number (NIR): sex, year, month, department,
// commune, serial, key. Inputs are compact (separators removed), any case.

// The 2-digit key of a 13-character body, or nullopt when the body's
// structure is not a NIR's (sex digit, month and department ranges).
std::optional<int> nir_key(std::string_view body13) noexcept;

// True for a 15-character NIR whose structure and key are valid.
bool nir_is_valid(std::string_view compact15) noexcept;

// Canonical form: uppercase, 15 characters. A 13-character body (accepted
// only in a column labelled as NIR) gets its computed key appended.
std::optional<std::string> nir_canonical(std::string_view compact, bool allow_keyless);
// The same written into `out`, without building a string; false (and `out`
// unspecified) when `compact` is no NIR.
bool write_nir_canonical(std::string_view compact, bool allow_keyless,
                         std::span<char, 15> out) noexcept;

}  // namespace lw::indexer
