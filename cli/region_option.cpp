#include "cli/region_option.h"

#include "indexer/base/ascii.h"
#include "indexer/base/error.h"

namespace lw::cli {

std::vector<std::string> checked_regions(std::vector<std::string> regions,
                                         const indexer::PhoneNormalizer& phones) {
    for (std::string& r : regions) {
        r = indexer::ascii_upper_copy(r);
        if (r.size() != 2 || !phones.is_known_region(r)) {
            throw Error(ErrorCategory::usage,
                        "--region takes a two-letter country code such as FR or IT");
        }
    }
    return regions;
}

}  // namespace lw::cli
