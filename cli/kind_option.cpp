#include "cli/kind_option.h"

#include "indexer/base/error.h"

namespace lw::cli {

std::optional<indexer::Kind> kind_option(const std::string& name) {
    if (name.empty()) {
        return std::nullopt;
    }
    const auto kind = indexer::parse_kind(name);
    if (!kind) {
        throw Error(ErrorCategory::usage,
                    "--kind takes one of email, nir, cf, phone, iban, card, person");
    }
    return kind;
}

}  // namespace lw::cli
