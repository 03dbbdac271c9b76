#pragma once

// The indexer's public face: what the crawler, search and the CLI use.
// Everything else in indexer/ is private to the folder.

#include "indexer/base/cleartext.h"             // IWYU pragma: export
#include "indexer/base/error.h"                 // IWYU pragma: export
#include "indexer/base/hex.h"                   // IWYU pragma: export
#include "indexer/base/kind.h"                  // IWYU pragma: export
#include "indexer/base/private_file.h"          // IWYU pragma: export
#include "indexer/base/worker_pool.h"           // IWYU pragma: export
#include "indexer/corpus/allocator_tuning.h"    // IWYU pragma: export
#include "indexer/corpus/corpus_upgrade.h"      // IWYU pragma: export
#include "indexer/corpus/corpus_writer.h"       // IWYU pragma: export
#include "indexer/corpus/process.h"             // IWYU pragma: export
#include "indexer/corpus/state_store.h"         // IWYU pragma: export
#include "indexer/extract/phone.h"              // IWYU pragma: export
#include "indexer/extract/redact.h"             // IWYU pragma: export
#include "indexer/extract/scanner.h"            // IWYU pragma: export
#include "indexer/index_run.h"                  // IWYU pragma: export
#include "indexer/input/file_source.h"          // IWYU pragma: export
#include "indexer/input/input_source.h"         // IWYU pragma: export
#include "indexer/item_indexer.h"               // IWYU pragma: export
#include "indexer/prf/audit_log.h"              // IWYU pragma: export
#include "indexer/prf/blind_evaluation.h"       // IWYU pragma: export
#include "indexer/prf/blind_message.h"          // IWYU pragma: export
#include "indexer/prf/key_file.h"               // IWYU pragma: export
#include "indexer/prf/voprf.h"                  // IWYU pragma: export
#include "indexer/records/extractor.h"          // IWYU pragma: export
#include "indexer/records/identifier_source.h"  // IWYU pragma: export
#include "indexer/tokens/token_batch.h"         // IWYU pragma: export
#include "indexer/tokens/token_stream.h"        // IWYU pragma: export
#include "indexer/tokens/tokenizer.h"           // IWYU pragma: export
