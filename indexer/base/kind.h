#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lw::indexer {

// The kinds of identifier leakwatch finds. The names are part of the token
// wire format (`KIND:CANONICAL`, docs/token-format.md): never rename one.
enum class Kind : std::uint8_t { email, nir, cf, phone, iban, card, person };

inline constexpr std::array<Kind, 7> kAllKinds = {Kind::email, Kind::nir,  Kind::cf,    Kind::phone,
                                                  Kind::iban,  Kind::card, Kind::person};

std::string_view kind_name(Kind kind) noexcept;
std::optional<Kind> parse_kind(std::string_view name) noexcept;

}  // namespace lw::indexer
