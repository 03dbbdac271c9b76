#pragma once

#include <string>
#include <string_view>

#include "indexer/base/kind.h"

namespace lw::indexer {

// A form of a canonical identifier that shows a person which value was
// meant without showing it: `nir 1 85 07 ** *** *** **`, `j***@***.org`,
// `+33 *******78`. For a person's own terminal only; nothing written to disk
// carries even this.
std::string redact(Kind kind, std::string_view canonical);

}  // namespace lw::indexer
