#include "indexer/corpus/corpus_keys.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/sealed_box.h"
#include "indexer/base/sodium_bytes.h"

namespace lw::indexer {
namespace {

// HKDF's salt: fixed and public (RFC 5869 §3.1 allows any; a fixed one
// keeps derivation a pure function of skS and the purpose).
constexpr std::string_view kSalt = "leakwatch-kdf-v1";

constexpr int kBase64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

}  // namespace

std::string_view purpose_context(KeyPurpose purpose) noexcept {
    switch (purpose) {
        case KeyPurpose::content:
            return "leakwatch-content-v1";
        case KeyPurpose::state:
            return "leakwatch-state-v1";
        case KeyPurpose::seal:
            return "leakwatch-seal-v1";
    }
    return "";
}

void hkdf_sha256(std::span<const unsigned char> ikm, std::span<const unsigned char> salt,
                 std::string_view info, std::span<unsigned char> out) {
    constexpr std::size_t kHash = crypto_auth_hmacsha256_BYTES;
    if (out.size() > 255 * kHash) {
        throw std::invalid_argument("hkdf: output too long");
    }
    // Extract: PRK = HMAC(salt, IKM); no salt is HashLen zeros (RFC 5869
    // 2.2), and libsodium wants a non-null key pointer either way.
    static constexpr std::array<unsigned char, kHash> kNoSalt{};
    if (salt.empty()) {
        salt = kNoSalt;
    }
    std::array<unsigned char, kHash> prk{};
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, salt.data(), salt.size());
    if (!ikm.empty()) {
        crypto_auth_hmacsha256_update(&state, ikm.data(), ikm.size());
    }
    crypto_auth_hmacsha256_final(&state, prk.data());
    // Expand: T(i) = HMAC(PRK, T(i-1) || info || i).
    std::array<unsigned char, kHash> block{};
    std::size_t done = 0;
    for (unsigned char i = 1; done < out.size(); ++i) {
        crypto_auth_hmacsha256_init(&state, prk.data(), prk.size());
        if (i > 1) {
            crypto_auth_hmacsha256_update(&state, block.data(), block.size());
        }
        if (!info.empty()) {
            crypto_auth_hmacsha256_update(&state, sodium_bytes(info).data(), info.size());
        }
        crypto_auth_hmacsha256_update(&state, &i, 1);
        crypto_auth_hmacsha256_final(&state, block.data());
        const std::size_t n = std::min(kHash, out.size() - done);
        std::copy_n(block.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(done));
        done += n;
    }
    sodium_memzero(prk.data(), prk.size());
    sodium_memzero(block.data(), block.size());
    sodium_memzero(&state, sizeof state);
}

PurposeKey::PurposeKey(const SecretScalar& secret_key, KeyPurpose purpose) {
    hkdf_sha256(secret_key.reveal(), sodium_bytes(kSalt), purpose_context(purpose), bytes_);
}

CorpusKeys::CorpusKeys(const SecretScalar& secret_key)
    : content_(secret_key, KeyPurpose::content),
      state_(secret_key, KeyPurpose::state),
      seal_(secret_key, KeyPurpose::seal) {}

ContentId CorpusKeys::content_id(const Sha256& sha256) const noexcept {
    ContentId id{};
    crypto_generichash(id.data(), id.size(), sha256.data(), sha256.size(), content_.reveal().data(),
                       content_.reveal().size());
    return id;
}

std::string CorpusKeys::url_name_of_digest(std::string_view purpose,
                                           std::span<const unsigned char, 16> url_digest) const {
    crypto_generichash_state state;
    crypto_generichash_init(&state, state_.reveal().data(), state_.reveal().size(), 16);
    // The purpose and a separator first: "seen" and "listing" names of one
    // URL differ, and no purpose is a prefix of another's input.
    crypto_generichash_update(&state, sodium_bytes(purpose).data(), purpose.size());
    const unsigned char separator = 0;
    crypto_generichash_update(&state, &separator, 1);
    crypto_generichash_update(&state, url_digest.data(), url_digest.size());
    std::array<unsigned char, 16> name{};
    crypto_generichash_final(&state, name.data(), name.size());
    return to_hex(name);
}

std::string CorpusKeys::url_name(std::string_view purpose, std::string_view url) const {
    std::array<unsigned char, 16> digest{};
    crypto_generichash(digest.data(), digest.size(), sodium_bytes(url).data(), url.size(), nullptr,
                       0);
    return url_name_of_digest(purpose, digest);
}

std::string CorpusKeys::url_ref(std::string_view url) const {
    return url_name("log", url).substr(0, 12);
}

std::string CorpusKeys::seal(std::string_view plaintext, std::string_view context) const {
    const std::string box = seal_box(seal_.reveal(), plaintext, context);
    std::string text(sodium_base64_ENCODED_LEN(box.size(), kBase64), '\0');
    sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(box.data()),
                      box.size(), kBase64);
    text.resize(text.size() - 1);  // the terminating NUL
    return text;
}

std::optional<std::string> CorpusKeys::unseal(std::string_view sealed,
                                              std::string_view context) const {
    std::string box(sealed.size(), '\0');
    std::size_t size = 0;
    if (sealed.size() < 4 ||  // shorter than any nonce and tag
        sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(),
                          sealed.size(), nullptr, &size, nullptr, kBase64) != 0) {
        return std::nullopt;
    }
    box.resize(size);
    return open_box(seal_.reveal(), box, context);
}

}  // namespace lw::indexer
