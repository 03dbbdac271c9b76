#pragma once

// RFC 9497 OPRF (mode 0x00) and VOPRF (mode 0x01), suite ristretto255-SHA512,
// on libsodium. The leakwatch token of an identifier is
// token_of(evaluate(skS, "KIND:CANONICAL", Mode::voprf)); the blind protocol
// (blind → blind_evaluate → finalize) yields the same 64-byte output to a
// client that never shows the input and never learns skS.
//
// Contracts common to every function below:
// - Failures throw lw::Error(ErrorCategory::crypto, "voprf: ..."). Messages
//   name the step and, for batches, the index; never an input, key or blind.
// - Elements received from the other side (blinded, evaluated, public keys)
//   are validated: a non-canonical encoding or the identity is refused.
// - Inputs and key info are byte strings (std::string_view may hold NULs) of
//   at most kMaxInputSize bytes, the RFC's two-byte length framing.
// - Batches hold 1..kMaxBatchSize elements; parallel spans must agree in size.
// - No function keeps state between calls: the server functions may run on
//   several threads at once with the same SecretScalar.
// - POPRF (mode 0x02) is not implemented.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lw::indexer {

class DecodedElements;  // indexer/prf/multi_scalar_mult.h

inline constexpr std::size_t kElementSize = 32;  // Ne: ristretto255 encoding
inline constexpr std::size_t kScalarSize = 32;   // Ns: little-endian, < group order
inline constexpr std::size_t kOutputSize = 64;   // Nh: SHA-512
inline constexpr std::size_t kProofSize = 2 * kScalarSize;
inline constexpr std::size_t kTokenSize = 16;
inline constexpr std::size_t kSeedSize = 32;
inline constexpr std::size_t kMaxInputSize = 65535;
// The composite proof frames each batch index in two bytes.
inline constexpr std::size_t kMaxBatchSize = 65536;

using Element = std::array<unsigned char, kElementSize>;
using Scalar = std::array<unsigned char, kScalarSize>;
using Output = std::array<unsigned char, kOutputSize>;
// SerializeScalar(c) || SerializeScalar(s) of one batched DLEQ proof.
using Proof = std::array<unsigned char, kProofSize>;
using TokenBytes = std::array<unsigned char, kTokenSize>;

// The mode byte of the RFC's contextString. Every derivation is bound to it:
// a key, a blind or an output made in one mode is useless in the other.
enum class Mode : std::uint8_t {
    oprf = 0x00,
    voprf = 0x01,
};

// A non-zero scalar reduced modulo the group order (a secret key, a blind, a
// proof nonce). Move-only; wiped with sodium_memzero on destruction and when
// moved from (a moved-from value reads as zero, which every operation
// refuses). Read only through reveal(), so a grep finds every reader.
class SecretScalar {
  public:
    // Copies `bytes`; the caller wipes its own copy. Throws if `bytes` is zero
    // or not reduced (>= group order).
    [[nodiscard]] static SecretScalar from_bytes(std::span<const unsigned char, kScalarSize> bytes);
    // Uniformly random, non-zero (libsodium's randombytes).
    [[nodiscard]] static SecretScalar random();

    SecretScalar(SecretScalar&& other) noexcept;
    SecretScalar& operator=(SecretScalar&& other) noexcept;
    SecretScalar(const SecretScalar&) = delete;
    SecretScalar& operator=(const SecretScalar&) = delete;
    ~SecretScalar();

    [[nodiscard]] const Scalar& reveal() const noexcept { return bytes_; }

  private:
    SecretScalar() = default;

    Scalar bytes_{};
};

struct KeyPair {
    SecretScalar secret_key;
    Element public_key;  // secret_key * G
};

// RFC 9497 §3.2.1 DeriveKeyPair: deterministic in (seed, info, mode).
// `seed` must be secret and uniformly random; `info` is public.
[[nodiscard]] KeyPair derive_key_pair(std::span<const unsigned char, kSeedSize> seed,
                                      std::string_view info, Mode mode);
// RFC 9497 §3.2 GenerateKeyPair: a random key.
[[nodiscard]] KeyPair generate_key_pair();
[[nodiscard]] Element public_key_of(const SecretScalar& secret_key);

// ---- Server -----------------------------------------------------------------

// RFC 9497 §3.3.1/§3.3.2 Evaluate: the PRF output without the blind
// protocol. The indexer's hot path: no heap allocation, no shared state.
// Throws if `input` is too long or hashes to the identity element.
[[nodiscard]] Output evaluate(const SecretScalar& secret_key, std::string_view input, Mode mode);

// OPRF BlindEvaluate over a batch: evaluated[i] = skS * blinded[i]. Every
// blinded element is validated first.
[[nodiscard]] std::vector<Element> blind_evaluate(const SecretScalar& secret_key,
                                                  std::span<const Element> blinded_elements);

// What a VOPRF server returns for a batch: one evaluated element per blinded
// element, in order, and one DLEQ proof covering them all.
struct VerifiableEvaluation {
    std::vector<Element> evaluated_elements;
    Proof proof;
};

// VOPRF BlindEvaluate over a batch with one batched proof (GenerateProof with
// ComputeCompositesFast). `public_key` must be secret_key * G (checked).
// The first form draws the proof nonce at random; the second takes it from
// the caller, for test vectors only: reusing a nonce with two different
// batches reveals the secret key.
[[nodiscard]] VerifiableEvaluation blind_evaluate(const SecretScalar& secret_key,
                                                  const Element& public_key,
                                                  std::span<const Element> blinded_elements);
[[nodiscard]] VerifiableEvaluation blind_evaluate(const SecretScalar& secret_key,
                                                  const Element& public_key,
                                                  std::span<const Element> blinded_elements,
                                                  const SecretScalar& proof_randomness);
// The same over a batch the caller has decoded (and so validated):
// `decoded` holds `blinded_elements`, in order. A server decodes a request
// once, before it reserves any quota for it.
[[nodiscard]] VerifiableEvaluation blind_evaluate(const SecretScalar& secret_key,
                                                  const Element& public_key,
                                                  const DecodedElements& decoded,
                                                  std::span<const Element> blinded_elements);

// ---- Client -----------------------------------------------------------------

// What the client keeps between blind() and finalize(): the blind (secret,
// never sent), the blinded element (sent to the server) and the mode it was
// made in, which finalize() checks.
struct BlindedInput {
    SecretScalar blind;
    Element blinded_element;
    Mode mode;
};

// RFC 9497 §3.3.1 Blind with a random blind. Throws if `input` is too long
// or hashes to the identity element.
[[nodiscard]] BlindedInput blind(std::string_view input, Mode mode);
// The same with the caller's blind (test vectors). Takes ownership of it.
[[nodiscard]] BlindedInput blind(std::string_view input, SecretScalar chosen_blind, Mode mode);

// OPRF Finalize: SHA-512 over the input and blind^-1 * evaluated element.
// `blinded` must come from blind(input, Mode::oprf, ...): a VOPRF blind is
// refused here, so a verifiable client cannot skip its proof.
[[nodiscard]] Output finalize(std::string_view input, const BlindedInput& blinded,
                              const Element& evaluated_element);
// OPRF Finalize of a batch; outputs[i] belongs to inputs[i].
[[nodiscard]] std::vector<Output> finalize(std::span<const std::string_view> inputs,
                                           std::span<const BlindedInput> blinded,
                                           std::span<const Element> evaluated_elements);

// VOPRF VerifyProof (ComputeComposites on the client's side) for a whole
// batch. Returns false if the proof does not verify (including a proof whose
// scalars are not reduced); throws on malformed elements or size mismatch.
[[nodiscard]] bool verify_proof(const Element& public_key,
                                std::span<const Element> blinded_elements,
                                std::span<const Element> evaluated_elements, const Proof& proof);
// VOPRF Finalize of a batch: verifies the proof over the whole batch first
// and throws "voprf: proof does not verify" if it fails. Every `blinded`
// must have been made in Mode::voprf.
[[nodiscard]] std::vector<Output> finalize(std::span<const std::string_view> inputs,
                                           std::span<const BlindedInput> blinded,
                                           const VerifiableEvaluation& evaluation,
                                           const Element& public_key);

// ---- Tokens -----------------------------------------------------------------

// The leakwatch token: the first kTokenSize bytes of the PRF output.
[[nodiscard]] TokenBytes token_of(const Output& output) noexcept;

}  // namespace lw::indexer
