#pragma once

#include <optional>
#include <string_view>

#include "indexer/base/cleartext.h"
#include "indexer/base/kind.h"
#include "indexer/records/column_map.h"

namespace lw::indexer {

class Scanner;

// The identifier a labelled column's cell holds, read with the column's
// relaxed rules: a 13-character NIR body gets its key, a national phone
// number is read in the column's country first, separators anywhere.
// nullopt when the cell is not one (the caller then scans it as text).
struct TypedValue {
    Kind kind;
    Cleartext canonical;
};
std::optional<TypedValue> read_typed_cell(const ColumnMeaning& meaning, std::string_view cell,
                                          const Scanner& scanner);
// The same, writing the canonical form over `out` (empty when nullopt):
// the extractor builds it where it keeps it.
std::optional<Kind> read_typed_cell(const ColumnMeaning& meaning, std::string_view cell,
                                    const Scanner& scanner, Cleartext& out);

// The kind of identifier a column role holds, if it holds one by itself.
inline std::optional<Kind> kind_of_role(ColumnRole role) noexcept {
    switch (role) {
        case ColumnRole::nir:
            return Kind::nir;
        case ColumnRole::cf:
            return Kind::cf;
        case ColumnRole::email:
            return Kind::email;
        case ColumnRole::phone:
            return Kind::phone;
        case ColumnRole::iban:
            return Kind::iban;
        case ColumnRole::card:
            return Kind::card;
        default:
            return std::nullopt;
    }
}

}  // namespace lw::indexer
