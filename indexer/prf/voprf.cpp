#include "indexer/prf/voprf.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "indexer/base/error.h"
#include "indexer/prf/dleq_proof.h"
#include "indexer/prf/multi_scalar_mult.h"
#include "indexer/prf/voprf_group.h"

namespace lw::indexer {
namespace {

constexpr std::string_view kFinalizeLabel = "Finalize";
constexpr std::string_view kDeriveKeyPairLabel = "DeriveKeyPair";

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorCategory::crypto, message);
}

void check_input_size(std::string_view input) {
    if (input.size() > kMaxInputSize) {
        fail("voprf: input longer than 65535 bytes");
    }
}

void check_batch_size(std::size_t size) {
    if (size == 0) {
        fail("voprf: empty batch");
    }
    if (size > kMaxBatchSize) {
        fail("voprf: batch larger than 65536 elements");
    }
}

void check_same_size(std::size_t a, std::size_t b, std::string_view what) {
    if (a != b) {
        fail("voprf: batch size mismatch (" + std::string(what) + ": " + std::to_string(a) +
             ", expected " + std::to_string(b) + ")");
    }
}

// Hash(I2OSP(len(input), 2) || input || I2OSP(len(element), 2) || element || "Finalize")
Output finalize_hash(std::string_view input, const Element& element) noexcept {
    const auto input_length = i2osp2(input.size());
    const auto element_length = i2osp2(element.size());
    crypto_hash_sha512_state state;
    crypto_hash_sha512_init(&state);
    crypto_hash_sha512_update(&state, input_length.data(), input_length.size());
    crypto_hash_sha512_update(&state, as_bytes(input).data(), input.size());
    crypto_hash_sha512_update(&state, element_length.data(), element_length.size());
    crypto_hash_sha512_update(&state, element.data(), element.size());
    crypto_hash_sha512_update(&state, as_bytes(kFinalizeLabel).data(), kFinalizeLabel.size());
    Output output{};
    crypto_hash_sha512_final(&state, output.data());
    return output;
}

// inverse * evaluated (inverse = blind^-1), then the Finalize hash. The
// caller has validated `evaluated` and the input size.
Output unblind_and_hash(std::string_view input, const Scalar& inverse, const Element& evaluated) {
    Element unblinded = scalar_mult(inverse, evaluated);
    const ScopedWipe wipe_unblinded(unblinded);
    return finalize_hash(input, unblinded);
}

Output unblind_and_hash(std::string_view input, const SecretScalar& blind,
                        const Element& evaluated) {
    Scalar inverse{};
    const ScopedWipe wipe_inverse(inverse);
    if (crypto_core_ristretto255_scalar_invert(inverse.data(), blind.reveal().data()) != 0) {
        fail("voprf: blind is zero");
    }
    return unblind_and_hash(input, inverse, evaluated);
}

// The blinds' inverses, wiped when it goes. An inversion costs as much as
// 300 multiplications of scalars, so a batch takes one (Montgomery's
// trick): with p_i = b_0 ... b_i, 1/b_i = p_(i-1) / p_i. In constant time,
// as the blinds are secret; only whether some blind is zero shows.
class BlindInverses {
  public:
    explicit BlindInverses(std::span<const BlindedInput> blinded)
        : inverses_(blinded.size()), wipe_(bytes_of(inverses_)) {
        const std::size_t n = blinded.size();
        if (n == 0) {
            return;
        }
        // inverses_[i] holds the prefix product p_i until its turn comes.
        inverses_[0] = blinded[0].blind.reveal();
        for (std::size_t i = 1; i < n; ++i) {
            crypto_core_ristretto255_scalar_mul(inverses_[i].data(), inverses_[i - 1].data(),
                                                blinded[i].blind.reveal().data());
        }
        Scalar running{};  // 1 / p_i, going down
        const ScopedWipe wipe_running(running);
        // The order is prime: the product is zero only if a blind is.
        if (crypto_core_ristretto255_scalar_invert(running.data(), inverses_[n - 1].data()) != 0) {
            fail("voprf: blind is zero");
        }
        for (std::size_t i = n - 1; i > 0; --i) {
            crypto_core_ristretto255_scalar_mul(inverses_[i].data(), running.data(),
                                                inverses_[i - 1].data());
            crypto_core_ristretto255_scalar_mul(running.data(), running.data(),
                                                blinded[i].blind.reveal().data());
        }
        inverses_[0] = running;
    }

    const Scalar& operator[](std::size_t i) const noexcept { return inverses_[i]; }

  private:
    static_assert(sizeof(Scalar) == kScalarSize);  // a vector of them is one run of bytes
    static std::span<unsigned char> bytes_of(std::vector<Scalar>& scalars) noexcept {
        return {reinterpret_cast<unsigned char*>(scalars.data()), scalars.size() * kScalarSize};
    }

    std::vector<Scalar> inverses_;
    ScopedWipe wipe_;
};

void check_blind_mode(const BlindedInput& blinded, Mode expected) {
    if (blinded.mode != expected) {
        fail(expected == Mode::voprf
                 ? "voprf: a VOPRF finalize was given a blind made in OPRF mode"
                 : "voprf: an OPRF finalize was given a blind made in VOPRF mode");
    }
}

// A proof against the wrong public key would fail on every client; say so
// where the configuration error is.
void check_public_key(const SecretScalar& secret_key, const Element& public_key) {
    const Element expected_public_key = public_key_of(secret_key);
    if (sodium_memcmp(expected_public_key.data(), public_key.data(), public_key.size()) != 0) {
        fail("voprf: public key does not match the secret key");
    }
}

// BlindEvaluate with a batched proof over elements already decoded.
VerifiableEvaluation evaluate_decoded(const SecretScalar& secret_key, const Element& public_key,
                                      const DecodedElements& decoded,
                                      std::span<const Element> blinded_elements,
                                      const SecretScalar& proof_randomness) {
    VerifiableEvaluation evaluation;
    evaluation.evaluated_elements = decoded.times(secret_key.reveal());
    evaluation.proof = generate_proof(secret_key, public_key, decoded, blinded_elements,
                                      evaluation.evaluated_elements, proof_randomness, Mode::voprf);
    return evaluation;
}

}  // namespace

// ---- SecretScalar -------------------------------------------------------------

SecretScalar SecretScalar::from_bytes(std::span<const unsigned char, kScalarSize> bytes) {
    ensure_sodium();
    SecretScalar scalar;
    std::copy(bytes.begin(), bytes.end(), scalar.bytes_.begin());
    if (sodium_is_zero(scalar.bytes_.data(), scalar.bytes_.size()) != 0) {
        fail("voprf: scalar is zero");
    }
    if (!is_reduced_scalar(scalar.bytes_)) {
        fail("voprf: scalar is not reduced modulo the group order");
    }
    return scalar;
}

SecretScalar SecretScalar::random() {
    ensure_sodium();
    SecretScalar scalar;
    crypto_core_ristretto255_scalar_random(scalar.bytes_.data());  // never zero
    return scalar;
}

SecretScalar::SecretScalar(SecretScalar&& other) noexcept : bytes_(other.bytes_) {
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
}

SecretScalar& SecretScalar::operator=(SecretScalar&& other) noexcept {
    if (this != &other) {
        bytes_ = other.bytes_;
        sodium_memzero(other.bytes_.data(), other.bytes_.size());
    }
    return *this;
}

SecretScalar::~SecretScalar() {
    sodium_memzero(bytes_.data(), bytes_.size());
}

// ---- Keys -----------------------------------------------------------------------

KeyPair derive_key_pair(std::span<const unsigned char, kSeedSize> seed, std::string_view info,
                        Mode mode) {
    ensure_sodium();
    if (info.size() > kMaxInputSize) {
        fail("voprf: key info longer than 65535 bytes");
    }
    const Dst dst(kDeriveKeyPairLabel, mode);
    const auto info_length = i2osp2(info.size());
    for (unsigned counter = 0; counter <= 255; ++counter) {
        const auto counter_byte = static_cast<unsigned char>(counter);
        // deriveInput || I2OSP(counter, 1), deriveInput = seed || I2OSP(len(info), 2) || info
        const std::array<ByteView, 4> parts = {seed, info_length, as_bytes(info),
                                               ByteView(&counter_byte, 1)};
        Scalar candidate = hash_to_scalar(parts, dst.view());
        const ScopedWipe wipe_candidate(candidate);
        if (sodium_is_zero(candidate.data(), candidate.size()) == 0) {
            SecretScalar secret_key = SecretScalar::from_bytes(candidate);
            const Element public_key = public_key_of(secret_key);
            return KeyPair{std::move(secret_key), public_key};
        }
    }
    fail("voprf: DeriveKeyPair found no non-zero scalar");
}

KeyPair generate_key_pair() {
    SecretScalar secret_key = SecretScalar::random();
    const Element public_key = public_key_of(secret_key);
    return KeyPair{std::move(secret_key), public_key};
}

Element public_key_of(const SecretScalar& secret_key) {
    ensure_sodium();
    return scalar_mult_base(secret_key.reveal());
}

// ---- Server ---------------------------------------------------------------------

Output evaluate(const SecretScalar& secret_key, std::string_view input, Mode mode) {
    ensure_sodium();
    check_input_size(input);
    const std::array<ByteView, 1> message = {as_bytes(input)};
    Element input_element = hash_to_group(message, mode);
    const ScopedWipe wipe_input_element(input_element);
    Element evaluated = scalar_mult(secret_key.reveal(), input_element);
    const ScopedWipe wipe_evaluated(evaluated);
    return finalize_hash(input, evaluated);
}

std::vector<Element> blind_evaluate(const SecretScalar& secret_key,
                                    std::span<const Element> blinded_elements) {
    ensure_sodium();
    check_batch_size(blinded_elements.size());
    for (std::size_t i = 0; i < blinded_elements.size(); ++i) {
        require_valid_element(blinded_elements[i], "blinded element", i);
    }
    std::vector<Element> evaluated;
    evaluated.reserve(blinded_elements.size());
    for (const Element& blinded : blinded_elements) {
        evaluated.push_back(scalar_mult(secret_key.reveal(), blinded));
    }
    return evaluated;
}

VerifiableEvaluation blind_evaluate(const SecretScalar& secret_key, const Element& public_key,
                                    std::span<const Element> blinded_elements) {
    const SecretScalar proof_randomness = SecretScalar::random();
    return blind_evaluate(secret_key, public_key, blinded_elements, proof_randomness);
}

VerifiableEvaluation blind_evaluate(const SecretScalar& secret_key, const Element& public_key,
                                    std::span<const Element> blinded_elements,
                                    const SecretScalar& proof_randomness) {
    ensure_sodium();
    check_public_key(secret_key, public_key);
    check_batch_size(blinded_elements.size());
    // Decoded once (validating each) for the evaluations and the proof.
    const DecodedElements decoded(blinded_elements, "blinded element");
    return evaluate_decoded(secret_key, public_key, decoded, blinded_elements, proof_randomness);
}

VerifiableEvaluation blind_evaluate(const SecretScalar& secret_key, const Element& public_key,
                                    const DecodedElements& decoded,
                                    std::span<const Element> blinded_elements) {
    ensure_sodium();
    check_public_key(secret_key, public_key);
    check_batch_size(blinded_elements.size());
    check_same_size(decoded.size(), blinded_elements.size(), "decoded elements");
    return evaluate_decoded(secret_key, public_key, decoded, blinded_elements,
                            SecretScalar::random());
}

// ---- Client ---------------------------------------------------------------------

BlindedInput blind(std::string_view input, Mode mode) {
    return blind(input, SecretScalar::random(), mode);
}

BlindedInput blind(std::string_view input, SecretScalar chosen_blind, Mode mode) {
    ensure_sodium();
    check_input_size(input);
    const std::array<ByteView, 1> message = {as_bytes(input)};
    Element input_element = hash_to_group(message, mode);
    const ScopedWipe wipe_input_element(input_element);
    const Element blinded = scalar_mult(chosen_blind.reveal(), input_element);
    return BlindedInput{std::move(chosen_blind), blinded, mode};
}

Output finalize(std::string_view input, const BlindedInput& blinded,
                const Element& evaluated_element) {
    ensure_sodium();
    check_blind_mode(blinded, Mode::oprf);
    check_input_size(input);
    require_valid_element(evaluated_element, "evaluated element");
    return unblind_and_hash(input, blinded.blind, evaluated_element);
}

std::vector<Output> finalize(std::span<const std::string_view> inputs,
                             std::span<const BlindedInput> blinded,
                             std::span<const Element> evaluated_elements) {
    ensure_sodium();
    check_batch_size(inputs.size());
    check_same_size(blinded.size(), inputs.size(), "blinds");
    check_same_size(evaluated_elements.size(), inputs.size(), "evaluated elements");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        check_blind_mode(blinded[i], Mode::oprf);
        check_input_size(inputs[i]);
        require_valid_element(evaluated_elements[i], "evaluated element", i);
    }
    const BlindInverses inverses(blinded);
    std::vector<Output> outputs;
    outputs.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        outputs.push_back(unblind_and_hash(inputs[i], inverses[i], evaluated_elements[i]));
    }
    return outputs;
}

bool verify_proof(const Element& public_key, std::span<const Element> blinded_elements,
                  std::span<const Element> evaluated_elements, const Proof& proof) {
    ensure_sodium();
    check_batch_size(blinded_elements.size());
    check_same_size(evaluated_elements.size(), blinded_elements.size(), "evaluated elements");
    require_valid_element(public_key, "public key");
    // Decoding validates each element, once for the check and the sums.
    const DecodedElements blinded(blinded_elements, "blinded element");
    const DecodedElements evaluated(evaluated_elements, "evaluated element");
    return verify_dleq_proof(public_key, blinded, evaluated, blinded_elements, evaluated_elements,
                             proof, Mode::voprf);
}

std::vector<Output> finalize(std::span<const std::string_view> inputs,
                             std::span<const BlindedInput> blinded,
                             const VerifiableEvaluation& evaluation, const Element& public_key) {
    ensure_sodium();
    check_batch_size(inputs.size());
    check_same_size(blinded.size(), inputs.size(), "blinds");
    check_same_size(evaluation.evaluated_elements.size(), inputs.size(), "evaluated elements");
    std::vector<Element> blinded_elements;
    blinded_elements.reserve(blinded.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        check_blind_mode(blinded[i], Mode::voprf);
        check_input_size(inputs[i]);
        blinded_elements.push_back(blinded[i].blinded_element);
    }
    if (!verify_proof(public_key, blinded_elements, evaluation.evaluated_elements,
                      evaluation.proof)) {
        fail("voprf: proof does not verify");
    }
    const BlindInverses inverses(blinded);
    std::vector<Output> outputs;
    outputs.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        outputs.push_back(
            unblind_and_hash(inputs[i], inverses[i], evaluation.evaluated_elements[i]));
    }
    return outputs;
}

// ---- Tokens -----------------------------------------------------------------------

TokenBytes token_of(const Output& output) noexcept {
    TokenBytes token{};
    std::copy_n(output.begin(), token.size(), token.begin());
    return token;
}

}  // namespace lw::indexer
