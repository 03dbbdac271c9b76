#pragma once

// The operator's key file: the VOPRF secret key skS that every token
// depends on (docs/token-format.md, "Key file").
//
// Format v1, one line of 82 bytes:
//
//     leakwatch-key-v1 <skS as 64 lowercase hex characters>\n
//
// skS is SerializeScalar(skS) of RFC 9497 (32 bytes, little-endian), a
// non-zero scalar below the group order. The final newline may be missing;
// nothing else is accepted. The public key is not stored: it is skS * G
// (`leakwatch pubkey`).
//
// Like ssh with its private keys, leakwatch refuses a key file that anyone
// but its owner may read or write.

#include <string>
#include <string_view>

#include "indexer/prf/voprf.h"

namespace lw::indexer {

inline constexpr std::string_view kKeyFileMagic = "leakwatch-key-v1";

// Creates a key file at `path` (mode 0600, never replacing an existing
// path, fsynced). Throws lw::Error(io).
void write_new_key_file(const std::string& path, const SecretScalar& secret_key);

// Reads and checks a key file. Throws lw::Error:
// - io: "key file K: No such file or directory";
// - crypto: "key file K is readable by group or others (mode 0644); chmod 600 K",
//   "key file K: not a leakwatch-key-v1 file", "key file K: the key is zero
//   or not below the group order".
// Every buffer that held the key is wiped.
[[nodiscard]] SecretScalar read_key_file(const std::string& path);

// The content check alone, for tests: `text` is a key file's bytes, `path`
// only names it in messages.
[[nodiscard]] SecretScalar parse_key_file(std::string_view text, const std::string& path);

}  // namespace lw::indexer
