#pragma once

// The indexer's public face: what the crawler, search, the service and the
// CLI use of the layers below the pipeline. indexer/ is in rooms, each a
// subfolder and a meson library that uses only the rooms below it
// (tests/layering_test.py holds the matrix):
//
//   base/     errors, kinds, cleartext, small helpers     ← everyone
//   input/    files, archives, lines                      ← base
//   extract/  identifier scanners, SIMD block scans       ← base
//   records/  record splitting, column roles              ← base, input, extract
//   prf/      VOPRF, keys, the blind protocol's messages  ← base
//   tokens/   the tokenizer's pool                        ← base, prf
//   corpus/   Xapian schema and writer                    ← base, prf
//   indexer/  the pipeline (item_indexer, index_run)      ← all of them
//
// Outside indexer/, base/ may be included directly; search/ and service/
// may also include prf/ and corpus/'s read-side headers (corpus_schema.h,
// corpus_keys.h, item_seal.h). Everything else goes through this header.

// base/
#include "indexer/base/cleartext.h"     // IWYU pragma: export
#include "indexer/base/error.h"         // IWYU pragma: export
#include "indexer/base/hex.h"           // IWYU pragma: export
#include "indexer/base/kind.h"          // IWYU pragma: export
#include "indexer/base/private_file.h"  // IWYU pragma: export
#include "indexer/base/worker_pool.h"   // IWYU pragma: export
// input/
#include "indexer/input/file_source.h"   // IWYU pragma: export
#include "indexer/input/input_source.h"  // IWYU pragma: export
// extract/
#include "indexer/extract/phone.h"    // IWYU pragma: export
#include "indexer/extract/redact.h"   // IWYU pragma: export
#include "indexer/extract/scanner.h"  // IWYU pragma: export
// records/
#include "indexer/records/extractor.h"          // IWYU pragma: export
#include "indexer/records/identifier_source.h"  // IWYU pragma: export
#include "indexer/records/record_splitter.h"    // IWYU pragma: export
// prf/
#include "indexer/prf/audit_log.h"         // IWYU pragma: export
#include "indexer/prf/blind_evaluation.h"  // IWYU pragma: export
#include "indexer/prf/blind_message.h"     // IWYU pragma: export
#include "indexer/prf/key_file.h"          // IWYU pragma: export
#include "indexer/prf/voprf.h"             // IWYU pragma: export
// tokens/
#include "indexer/tokens/token_batch.h"   // IWYU pragma: export
#include "indexer/tokens/token_stream.h"  // IWYU pragma: export
#include "indexer/tokens/tokenizer.h"     // IWYU pragma: export
// corpus/
#include "indexer/corpus/allocator_tuning.h"  // IWYU pragma: export
#include "indexer/corpus/corpus_keys.h"       // IWYU pragma: export
#include "indexer/corpus/corpus_upgrade.h"    // IWYU pragma: export
#include "indexer/corpus/corpus_writer.h"     // IWYU pragma: export
#include "indexer/corpus/process.h"           // IWYU pragma: export
#include "indexer/corpus/state_store.h"       // IWYU pragma: export
// the pipeline
#include "indexer/index_run.h"     // IWYU pragma: export
#include "indexer/item_indexer.h"  // IWYU pragma: export
