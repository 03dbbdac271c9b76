#pragma once

namespace lw::indexer {

// Turns off glibc malloc's fastbins for this process, for the commands that
// write a corpus. Xapian keeps a map node for each new term until a commit
// and frees them all then: hundreds of thousands of small blocks a commit,
// since every token is a new term. Fastbins keep such blocks unmerged, and
// glibc later walks them all to merge them (malloc_consolidate); without
// fastbins they merge as they are freed. Measured on `index` of 200,000
// AP-HP rows: 3-4% less time (bench/RESULTS.md, session 15).
//
// A choice the user made in GLIBC_TUNABLES (glibc.malloc.mxfast) is kept.
// Returns whether the allocator took the setting: false elsewhere than glibc
// or under a sanitizer's allocator, where it changes nothing.
bool disable_malloc_fastbins();

}  // namespace lw::indexer
