#pragma once

// The crawler library's public face: what the CLI uses. Seeds, the crawl
// run (fetching, politeness, robots.txt, site pages to text), and the
// pieces the tests reach.

#include "crawler/crawl_run.h"  // IWYU pragma: export
#include "crawler/fetcher.h"    // IWYU pragma: export
#include "crawler/robots.h"     // IWYU pragma: export
#include "crawler/seed.h"       // IWYU pragma: export
#include "crawler/url.h"        // IWYU pragma: export
