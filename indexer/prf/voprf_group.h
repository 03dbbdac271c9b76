#pragma once

// Private to indexer/: the prime-order group interface of RFC 9497 §2.1 for
// ristretto255-SHA512 (RFC 9496), with RFC 9380's expand_message_xmd. The
// protocol (voprf.cpp) and the proofs (dleq_proof.cpp) are written on top.
// Everything here works on caller-owned stack buffers: nothing allocates.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "indexer/prf/voprf.h"

namespace lw::indexer {

using ByteView = std::span<const unsigned char>;

inline constexpr std::size_t kContextStringSize = 28;
using ContextString = std::array<unsigned char, kContextStringSize>;

// Calls sodium_init() once per process; throws if it fails.
void ensure_sodium();

[[nodiscard]] ByteView as_bytes(std::string_view text) noexcept;
// I2OSP(value, 2); callers check value <= 65535 first.
[[nodiscard]] std::array<unsigned char, 2> i2osp2(std::size_t value) noexcept;

// Wipes a caller's stack buffer when the scope ends, also on a throw.
class ScopedWipe {
  public:
    explicit ScopedWipe(std::span<unsigned char> bytes) noexcept : bytes_(bytes) {}
    ~ScopedWipe();
    ScopedWipe(const ScopedWipe&) = delete;
    ScopedWipe& operator=(const ScopedWipe&) = delete;

  private:
    std::span<unsigned char> bytes_;
};

// "OPRFV1-" || I2OSP(mode, 1) || "-" || "ristretto255-SHA512". Throws for a
// mode other than oprf or voprf.
[[nodiscard]] ContextString context_string(Mode mode);

// A domain separation tag: label || contextString (e.g. "HashToGroup-...").
class Dst {
  public:
    Dst(std::string_view label, Mode mode);
    [[nodiscard]] ByteView view() const noexcept { return {bytes_.data(), size_}; }

  private:
    std::array<unsigned char, 64> bytes_{};
    std::size_t size_ = 0;
};

// RFC 9380 §5.3.1 expand_message_xmd with SHA-512, writing out.size() bytes
// (1..255*64). `msg` is the concatenation of its parts, hashed in place so
// framed messages need no buffer. A DST longer than 255 bytes is hashed first
// (§5.3.3).
void expand_message_xmd_sha512(std::span<const ByteView> msg, ByteView dst,
                               std::span<unsigned char> out);

// HashToGroup: expand to 64 bytes with DST "HashToGroup-" || contextString,
// then ristretto255's one-way map. Throws if the result is the identity.
[[nodiscard]] Element hash_to_group(std::span<const ByteView> msg, Mode mode);
// The map step alone, the seam that lets tests reach the identity check.
[[nodiscard]] Element element_from_uniform_bytes(std::span<const unsigned char, 64> uniform);

// HashToScalar with an explicit DST; the result may be zero.
[[nodiscard]] Scalar hash_to_scalar(std::span<const ByteView> msg, ByteView dst);
// HashToScalar with the default DST "HashToScalar-" || contextString.
[[nodiscard]] Scalar hash_to_scalar(std::span<const ByteView> msg, Mode mode);

// DeserializeElement's checks: canonical encoding (RFC 9496 §4.3.1) and not
// the identity. libsodium 1.0.18's is_valid_point accepts both the identity
// and encodings with bit 255 set, so both are tested apart.
[[nodiscard]] bool is_valid_element(const Element& element) noexcept;
// Throws "voprf: <what> is not a valid group element (...)".
void require_valid_element(const Element& element, std::string_view what);
// The same for element `index` of a batch ("voprf: <what> <index> is ...").
void require_valid_element(const Element& element, std::string_view what, std::size_t index);

// DeserializeScalar's check: strictly below the group order.
[[nodiscard]] bool is_reduced_scalar(const Scalar& scalar) noexcept;

// k * P and k * G. Throw if P is invalid or the product is the identity
// (k zero or a moved-from SecretScalar).
[[nodiscard]] Element scalar_mult(const Scalar& k, const Element& p);
[[nodiscard]] Element scalar_mult_base(const Scalar& k);
[[nodiscard]] Element element_add(const Element& p, const Element& q);

}  // namespace lw::indexer
