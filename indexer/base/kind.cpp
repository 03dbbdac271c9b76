#include "indexer/base/kind.h"

namespace lw::indexer {

std::string_view kind_name(Kind kind) noexcept {
    switch (kind) {
        case Kind::email:
            return "email";
        case Kind::nir:
            return "nir";
        case Kind::cf:
            return "cf";
        case Kind::phone:
            return "phone";
        case Kind::iban:
            return "iban";
        case Kind::card:
            return "card";
        case Kind::person:
            return "person";
    }
    return "unknown";
}

std::optional<Kind> parse_kind(std::string_view name) noexcept {
    for (Kind kind : kAllKinds) {
        if (kind_name(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

}  // namespace lw::indexer
