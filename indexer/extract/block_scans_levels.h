#pragma once

// The block scans of each level, for block_scans.cpp's tables and for the
// wider levels' short-text fallbacks. Private to indexer/.

#include "indexer/extract/block_scans.h"

namespace lw::indexer {

namespace scalar_scans {
ByteMasks classify(std::string_view text, std::size_t base) noexcept;
std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept;
std::size_t digit_run(std::string_view text, std::size_t at) noexcept;
std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept;
SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept;
}  // namespace scalar_scans

#if defined(__x86_64__)
namespace sse2_scans {
ByteMasks classify(std::string_view text, std::size_t base) noexcept;
std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept;
std::size_t digit_run(std::string_view text, std::size_t at) noexcept;
std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept;
SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept;
}  // namespace sse2_scans

namespace avx2_scans {
ByteMasks classify(std::string_view text, std::size_t base) noexcept;
std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept;
std::size_t digit_run(std::string_view text, std::size_t at) noexcept;
std::size_t find_either(std::string_view text, std::size_t from, char a, char b) noexcept;
SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept;
}  // namespace avx2_scans

namespace avx512_scans {  // with AVX2's digit_run and find_either
ByteMasks classify(std::string_view text, std::size_t base) noexcept;
std::uint64_t equal_mask(std::string_view text, std::size_t base, char c) noexcept;
SqlMasks sql_masks(std::string_view text, std::size_t base) noexcept;
}  // namespace avx512_scans
#endif

}  // namespace lw::indexer
