#include "indexer/corpus/allocator_tuning.h"

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lw::indexer {

bool disable_malloc_fastbins() {
#if defined(__GLIBC__) && defined(M_MXFAST)
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.mxfast") != nullptr) {
        return false;
    }
    return mallopt(M_MXFAST, 0) == 1;
#else
    return false;
#endif
}

}  // namespace lw::indexer
