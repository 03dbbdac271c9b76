#pragma once

// The operator's keys for everything the corpus keeps besides tokens, all
// derived from skS so there is nothing new to keep or back up
// (docs/corpus.md, "Keys"):
//   leakwatch-content-v1  keyed BLAKE2b: an item's content identity (reposts)
//   leakwatch-state-v1    keyed BLAKE2b: metadata keys made from URLs, and
//                         the URL references of log lines
//   leakwatch-seal-v1     XChaCha20-Poly1305: item sources and titles, crawl
//                         state values (validators, robots.txt rules)
// Each is HKDF-SHA256 (RFC 5869) of skS with the context as `info`: a
// standard KDF, and one whose vectors the tests check.

#include <sodium.h>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "indexer/prf/voprf.h"

namespace lw::indexer {

inline constexpr std::size_t kPurposeKeySize = 32;

enum class KeyPurpose { content, state, seal };

// The HKDF `info` of each purpose; never reused for another.
std::string_view purpose_context(KeyPurpose purpose) noexcept;

// RFC 5869 HKDF with HMAC-SHA256: Extract(salt, ikm) then Expand(info) to
// out.size() bytes (at most 255 * 32).
void hkdf_sha256(std::span<const unsigned char> ikm, std::span<const unsigned char> salt,
                 std::string_view info, std::span<unsigned char> out);

// A purpose key, wiped on destruction.
class PurposeKey {
  public:
    PurposeKey(const SecretScalar& secret_key, KeyPurpose purpose);
    ~PurposeKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
    PurposeKey(const PurposeKey&) = delete;
    PurposeKey& operator=(const PurposeKey&) = delete;

    const std::array<unsigned char, kPurposeKeySize>& reveal() const noexcept { return bytes_; }

  private:
    std::array<unsigned char, kPurposeKeySize> bytes_{};
};

using Sha256 = std::array<unsigned char, crypto_hash_sha256_BYTES>;
using ContentId = std::array<unsigned char, 32>;

// The keys a corpus writer (and a reader given --key) works with.
class CorpusKeys {
  public:
    explicit CorpusKeys(const SecretScalar& secret_key);

    // An item's content identity: keyed BLAKE2b-256 of the SHA-256 of its
    // bytes. Keyed, because a short paste (one phone number) is found again
    // by trying every candidate against an unkeyed digest; of the SHA-256,
    // so that `upgrade` turns a format-2 corpus's stored SHA-256 into the
    // same identity without the content.
    ContentId content_id(const Sha256& sha256) const noexcept;

    // A fixed-length name (32 hex) for state about a URL or origin:
    // keyed BLAKE2b-128 of `purpose` and the unkeyed BLAKE2b-128 of `url`
    // (format 2 kept that unkeyed digest for seen items; upgrade re-keys it
    // with url_name_of_digest).
    std::string url_name(std::string_view purpose, std::string_view url) const;
    std::string url_name_of_digest(std::string_view purpose,
                                   std::span<const unsigned char, 16> url_digest) const;
    // A short reference to a URL for log lines (12 hex): the same URL gives
    // the same reference in every run, and nothing of it can be read back.
    std::string url_ref(std::string_view url) const;

    // XChaCha20-Poly1305 with a random nonce, base64 (no padding) of
    // nonce || ciphertext. `context` (the item key, the metadata key) is
    // authenticated with it: a sealed value moved elsewhere fails to open.
    std::string seal(std::string_view plaintext, std::string_view context) const;
    // nullopt when `sealed` is not well formed or not sealed under this key
    // and context.
    std::optional<std::string> unseal(std::string_view sealed, std::string_view context) const;

  private:
    PurposeKey content_;
    PurposeKey state_;
    PurposeKey seal_;
};

}  // namespace lw::indexer
