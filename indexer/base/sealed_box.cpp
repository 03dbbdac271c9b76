#include "indexer/base/sealed_box.h"

#include <sodium.h>

#include "indexer/base/sodium_bytes.h"

namespace lw::indexer {
namespace {

constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;

}  // namespace

std::string seal_box(const BoxKey& key, std::string_view plaintext, std::string_view context) {
    std::string box(kNonceSize + plaintext.size() + kTagSize, '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(nonce, kNonceSize);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        nonce + kNonceSize, nullptr, sodium_bytes(plaintext).data(), plaintext.size(),
        sodium_bytes(context).data(), context.size(), nullptr, nonce, key.data());
    return box;
}

std::optional<std::string> open_box(const BoxKey& key, std::string_view box,
                                    std::string_view context) {
    if (box.size() < kNonceSize + kTagSize) {
        return std::nullopt;
    }
    const unsigned char* nonce = sodium_bytes(box).data();
    std::string plaintext(box.size() - kNonceSize - kTagSize, '\0');
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plaintext.data()), nullptr, nullptr,
            nonce + kNonceSize, box.size() - kNonceSize, sodium_bytes(context).data(),
            context.size(), nonce, key.data()) != 0) {
        return std::nullopt;
    }
    return plaintext;
}

}  // namespace lw::indexer
