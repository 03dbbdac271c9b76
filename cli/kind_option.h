#pragma once

#include <optional>
#include <string>

#include "indexer/base/kind.h"

namespace lw::cli {

// The --kind option of token, blind and unblind: nullopt when not given,
// lw::Error(usage) for a name that is not a kind.
std::optional<indexer::Kind> kind_option(const std::string& name);

}  // namespace lw::cli
