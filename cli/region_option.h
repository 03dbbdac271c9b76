#pragma once

#include <string>
#include <vector>

#include "indexer/indexer.h"

namespace lw::cli {

// The --region values of extract and index, uppercased; throws
// lw::Error(usage) for one libphonenumber does not know.
std::vector<std::string> checked_regions(std::vector<std::string> regions,
                                         const indexer::PhoneNormalizer& phones);

}  // namespace lw::cli
