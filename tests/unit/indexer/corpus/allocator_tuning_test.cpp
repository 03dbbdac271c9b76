#include "indexer/corpus/allocator_tuning.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/support/saved_env.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using lw::indexer::disable_malloc_fastbins;

#if defined(__GLIBC__) && defined(M_MXFAST)
#if __GLIBC_PREREQ(2, 33)  // mallinfo2
namespace {

// glibc's own default for M_MXFAST on 64-bit (64 * sizeof(size_t) / 4).
constexpr int kDefaultMaxFast = 128;

// Bytes that freeing 200 small blocks leaves in fastbins: the first few of
// a size go to the thread's cache, the rest to fastbins while they are on.
std::size_t fastbin_bytes_from_freeing_small_blocks() {
    std::vector<void*> blocks;
    for (int i = 0; i < 200; ++i) {
        blocks.push_back(std::malloc(40));
    }
    const std::size_t before = mallinfo2().fsmblks;
    for (void* block : blocks) {
        std::free(block);
    }
    const std::size_t after = mallinfo2().fsmblks;
    return after > before ? after - before : 0;
}

}  // namespace

TEST_CASE("allocator: fastbins are turned off, unless the user chose in GLIBC_TUNABLES",
          "[indexer][allocator]") {
    const lw::test::SavedEnv restore("GLIBC_TUNABLES");
    ::unsetenv("GLIBC_TUNABLES");
    mallopt(M_MXFAST, kDefaultMaxFast);
    if (fastbin_bytes_from_freeing_small_blocks() == 0) {
        // A sanitizer's allocator serves malloc: glibc's bins stay empty.
        WARN("malloc is not glibc's (a sanitizer build?): fastbins cannot be observed here");
        return;
    }

    CHECK(disable_malloc_fastbins());
    CHECK(fastbin_bytes_from_freeing_small_blocks() == 0);

    mallopt(M_MXFAST, kDefaultMaxFast);  // on again, as glibc starts, for the rest of the run
    ::setenv("GLIBC_TUNABLES", "glibc.malloc.mxfast=64", 1);
    CHECK_FALSE(disable_malloc_fastbins());
    CHECK(fastbin_bytes_from_freeing_small_blocks() > 0);
}
#endif
#endif
