#pragma once

// The indexer's public face: what the crawler, search and the CLI use.
// Everything else in indexer/ is private to the folder.

#include "indexer/cleartext.h"  // IWYU pragma: export
#include "indexer/error.h"      // IWYU pragma: export
#include "indexer/extractor.h"  // IWYU pragma: export
#include "indexer/kind.h"       // IWYU pragma: export
#include "indexer/phone.h"      // IWYU pragma: export
#include "indexer/redact.h"     // IWYU pragma: export
#include "indexer/scanner.h"    // IWYU pragma: export
