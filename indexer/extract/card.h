#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lw::indexer {

// Luhn (mod 10) over a string of digits; false for an empty or non-digit one.
bool luhn_is_valid(std::string_view digits) noexcept;

// The issuer network of a card number by its prefix and length, or "" when
// no major network issues such numbers. `digits` holds digits only.
std::string_view card_network(std::string_view digits) noexcept;

// A payment card number: 13-19 digits, Luhn-valid, of a known network.
bool card_is_valid(std::string_view digits) noexcept;

}  // namespace lw::indexer
