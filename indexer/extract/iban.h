#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lw::indexer {

// IBAN (ISO 13616): a registered country, its BBAN structure and length, the
// mod-97 check, and the national checks that catch typos the mod-97 check
// lets through (BE, ES, ME, NO as python-stdnum does; FR/MC RIB key; IT/SM
// CIN). `compact` has its spaces removed; letters in any case.
bool iban_is_valid(std::string_view compact) noexcept;

// Canonical = uppercase without separators.
std::optional<std::string> iban_canonical(std::string_view compact);

// The IBAN length of a registered country code (uppercase), or 0.
std::size_t iban_length_for(std::string_view country) noexcept;

}  // namespace lw::indexer
