#pragma once

// The search library's public face: what the CLI uses. Token look-ups,
// record checks and researcher queries join it with the corpus (issue 4).

#include "search/blind_client.h"  // IWYU pragma: export
#include "search/blind_state.h"   // IWYU pragma: export
