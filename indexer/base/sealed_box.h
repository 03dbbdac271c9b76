#pragma once

// One sealed value: XChaCha20-Poly1305 under a 32-byte key, a random nonce
// first, `context` authenticated but not stored (a box moved to another
// context fails to open). The corpus's seals (CorpusKeys::seal, base64 of
// it) and check --remote's cached catalog (search/remote_cache) share it.
//
//     nonce (24 bytes) || ciphertext || tag (16 bytes)

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace lw::indexer {

using BoxKey = std::array<unsigned char, 32>;

[[nodiscard]] std::string seal_box(const BoxKey& key, std::string_view plaintext,
                                   std::string_view context);
// nullopt when `box` is too short, damaged, or sealed under another key or
// context.
[[nodiscard]] std::optional<std::string> open_box(const BoxKey& key, std::string_view box,
                                                  std::string_view context);

}  // namespace lw::indexer
