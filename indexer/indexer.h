#pragma once

// The indexer's public face: what the crawler, search and the CLI use.
// Everything else in indexer/ is private to the folder.

#include "indexer/allocator_tuning.h"   // IWYU pragma: export
#include "indexer/audit_log.h"          // IWYU pragma: export
#include "indexer/blind_evaluation.h"   // IWYU pragma: export
#include "indexer/blind_message.h"      // IWYU pragma: export
#include "indexer/cleartext.h"          // IWYU pragma: export
#include "indexer/corpus_stats.h"       // IWYU pragma: export
#include "indexer/corpus_upgrade.h"     // IWYU pragma: export
#include "indexer/corpus_writer.h"      // IWYU pragma: export
#include "indexer/error.h"              // IWYU pragma: export
#include "indexer/extractor.h"          // IWYU pragma: export
#include "indexer/file_source.h"        // IWYU pragma: export
#include "indexer/hex.h"                // IWYU pragma: export
#include "indexer/identifier_source.h"  // IWYU pragma: export
#include "indexer/index_run.h"          // IWYU pragma: export
#include "indexer/input_source.h"       // IWYU pragma: export
#include "indexer/item_indexer.h"       // IWYU pragma: export
#include "indexer/key_file.h"           // IWYU pragma: export
#include "indexer/kind.h"               // IWYU pragma: export
#include "indexer/phone.h"              // IWYU pragma: export
#include "indexer/private_file.h"       // IWYU pragma: export
#include "indexer/process.h"            // IWYU pragma: export
#include "indexer/redact.h"             // IWYU pragma: export
#include "indexer/scanner.h"            // IWYU pragma: export
#include "indexer/state_store.h"        // IWYU pragma: export
#include "indexer/token_batch.h"        // IWYU pragma: export
#include "indexer/token_stream.h"       // IWYU pragma: export
#include "indexer/tokenizer.h"          // IWYU pragma: export
#include "indexer/voprf.h"              // IWYU pragma: export
#include "indexer/worker_pool.h"        // IWYU pragma: export
