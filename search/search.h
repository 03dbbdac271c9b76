#pragma once

// The search library's public face: what the CLI uses. Opening corpora and
// shards, token look-ups and exposure reports, corpus statistics, the blind
// protocol's institution side and check --remote.

#include "search/blind_client.h"     // IWYU pragma: export
#include "search/blind_state.h"      // IWYU pragma: export
#include "search/corpus_reader.h"    // IWYU pragma: export
#include "search/corpus_stats.h"     // IWYU pragma: export
#include "search/exposure_report.h"  // IWYU pragma: export
#include "search/item_catalog.h"     // IWYU pragma: export
#include "search/record_terms.h"     // IWYU pragma: export
#include "search/related_items.h"    // IWYU pragma: export
#include "search/remote_check.h"     // IWYU pragma: export
#include "search/research_format.h"  // IWYU pragma: export
#include "search/research_query.h"   // IWYU pragma: export
#include "search/seen_exposures.h"   // IWYU pragma: export
#include "search/timeline.h"         // IWYU pragma: export
#include "search/token_input.h"      // IWYU pragma: export
#include "search/token_lookup.h"     // IWYU pragma: export
