#include "indexer/extract/block_scans.h"

#include "indexer/extract/block_scans_levels.h"

namespace lw::indexer {

const BlockScans& block_scans_for(SimdLevel level) noexcept {
    static constexpr BlockScans kScalar = {scalar_scans::classify, scalar_scans::equal_mask,
                                           scalar_scans::digit_run, scalar_scans::find_either,
                                           scalar_scans::sql_masks};
#if defined(__x86_64__)
    static constexpr BlockScans kSse2 = {sse2_scans::classify,  sse2_scans::equal_mask,
                                         sse2_scans::digit_run, sse2_scans::find_either,
                                         sse2_scans::sql_masks, true};
    static constexpr BlockScans kAvx2 = {avx2_scans::classify,  avx2_scans::equal_mask,
                                         avx2_scans::digit_run, avx2_scans::find_either,
                                         avx2_scans::sql_masks, true};
    static constexpr BlockScans kAvx512 = {avx512_scans::classify,  avx512_scans::equal_mask,
                                           avx2_scans::digit_run,   avx2_scans::find_either,
                                           avx512_scans::sql_masks, true};
    switch (level) {
        case SimdLevel::sse2:
            return kSse2;
        case SimdLevel::avx2:
            return kAvx2;
        case SimdLevel::avx512:
            return kAvx512;
        case SimdLevel::scalar:
            break;
    }
#else
    (void)level;  // only scalar is ever supported here
#endif
    return kScalar;
}

}  // namespace lw::indexer
