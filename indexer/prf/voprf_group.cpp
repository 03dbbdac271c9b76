#include "indexer/prf/voprf_group.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "indexer/base/error.h"

namespace lw::indexer {
namespace {

constexpr std::size_t kHashSize = crypto_hash_sha512_BYTES;  // b_in_bytes
constexpr std::size_t kHashBlockSize = 128;                  // s_in_bytes of SHA-512
constexpr std::size_t kMaxDstSize = 255;
constexpr std::size_t kUniformSize = crypto_core_ristretto255_HASHBYTES;
constexpr std::string_view kContextPrefix = "OPRFV1-";
constexpr std::string_view kSuiteIdentifier = "ristretto255-SHA512";
constexpr std::string_view kOversizeDstPrefix = "H2C-OVERSIZE-DST-";

static_assert(kContextPrefix.size() + 2 + kSuiteIdentifier.size() == kContextStringSize);
static_assert(kUniformSize == 64);

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorCategory::crypto, message);
}

void hash_update(crypto_hash_sha512_state& state, ByteView bytes) noexcept {
    crypto_hash_sha512_update(&state, bytes.data(), bytes.size());
}

void hash_byte(crypto_hash_sha512_state& state, unsigned char byte) noexcept {
    crypto_hash_sha512_update(&state, &byte, 1);
}

// b_i = H(input || I2OSP(i, 1) || DST_prime) for i >= 1.
void hash_block(ByteView input, unsigned char index, ByteView dst,
                std::span<unsigned char, kHashSize> out) noexcept {
    crypto_hash_sha512_state state;
    crypto_hash_sha512_init(&state);
    hash_update(state, input);
    hash_byte(state, index);
    hash_update(state, dst);
    hash_byte(state, static_cast<unsigned char>(dst.size()));
    crypto_hash_sha512_final(&state, out.data());  // also wipes `state`
}

}  // namespace

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        fail("voprf: libsodium failed to initialise");
    }
}

ByteView as_bytes(std::string_view text) noexcept {
    return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

std::array<unsigned char, 2> i2osp2(std::size_t value) noexcept {
    return {static_cast<unsigned char>((value >> 8) & 0xff),
            static_cast<unsigned char>(value & 0xff)};
}

ScopedWipe::~ScopedWipe() {
    sodium_memzero(bytes_.data(), bytes_.size());
}

ContextString context_string(Mode mode) {
    if (mode != Mode::oprf && mode != Mode::voprf) {
        fail("voprf: unsupported mode");
    }
    ContextString context{};
    auto next = std::copy(kContextPrefix.begin(), kContextPrefix.end(), context.begin());
    *next++ = static_cast<unsigned char>(mode);
    *next++ = '-';
    std::copy(kSuiteIdentifier.begin(), kSuiteIdentifier.end(), next);
    return context;
}

Dst::Dst(std::string_view label, Mode mode) {
    const ContextString context = context_string(mode);
    if (label.size() + context.size() > bytes_.size()) {
        fail("voprf: domain separation label too long");
    }
    auto next = std::copy(label.begin(), label.end(), bytes_.begin());
    next = std::copy(context.begin(), context.end(), next);
    size_ = static_cast<std::size_t>(next - bytes_.begin());
}

void expand_message_xmd_sha512(std::span<const ByteView> msg, ByteView dst,
                               std::span<unsigned char> out) {
    const std::size_t length = out.size();
    const std::size_t ell = (length + kHashSize - 1) / kHashSize;
    if (length == 0 || ell > 255 || length > 65535) {
        fail("voprf: expand_message_xmd length out of range");
    }

    std::array<unsigned char, kHashSize> hashed_dst{};
    if (dst.size() > kMaxDstSize) {
        crypto_hash_sha512_state state;
        crypto_hash_sha512_init(&state);
        hash_update(state, as_bytes(kOversizeDstPrefix));
        hash_update(state, dst);
        crypto_hash_sha512_final(&state, hashed_dst.data());
        dst = hashed_dst;
    }

    // b_0 depends on the message alone (no key): for a low-entropy identifier
    // it is as revealing as the identifier, so it and its successors are wiped.
    std::array<unsigned char, kHashSize> b0{};
    std::array<unsigned char, kHashSize> block{};
    std::array<unsigned char, kHashSize> chained{};
    const ScopedWipe wipe_b0(b0);
    const ScopedWipe wipe_block(block);
    const ScopedWipe wipe_chained(chained);

    const auto length_bytes = i2osp2(length);
    // Z_pad is one whole SHA-512 block of zeros: start from the state after
    // it, computed once, instead of compressing it again for every input.
    static const crypto_hash_sha512_state kAfterZeroPad = [] {
        static constexpr std::array<unsigned char, kHashBlockSize> kZeroPad{};
        crypto_hash_sha512_state zero_padded;
        crypto_hash_sha512_init(&zero_padded);
        hash_update(zero_padded, kZeroPad);
        return zero_padded;
    }();
    crypto_hash_sha512_state state = kAfterZeroPad;
    for (const ByteView part : msg) {
        hash_update(state, part);
    }
    hash_update(state, length_bytes);
    hash_byte(state, 0);
    hash_update(state, dst);
    hash_byte(state, static_cast<unsigned char>(dst.size()));
    crypto_hash_sha512_final(&state, b0.data());

    hash_block(b0, 1, dst, block);
    for (std::size_t i = 1;; ++i) {
        const std::size_t offset = (i - 1) * kHashSize;
        const std::size_t take = std::min(kHashSize, length - offset);
        std::copy_n(block.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(offset));
        if (i == ell) {
            break;
        }
        for (std::size_t j = 0; j < kHashSize; ++j) {
            chained[j] = b0[j] ^ block[j];
        }
        hash_block(chained, static_cast<unsigned char>(i + 1), dst, block);
    }
}

Element element_from_uniform_bytes(std::span<const unsigned char, 64> uniform) {
    Element element{};
    crypto_core_ristretto255_from_hash(element.data(), uniform.data());
    if (sodium_is_zero(element.data(), element.size()) != 0) {
        fail("voprf: input hashes to the identity element");
    }
    return element;
}

Element hash_to_group(std::span<const ByteView> msg, Mode mode) {
    const Dst dst("HashToGroup-", mode);
    std::array<unsigned char, kUniformSize> uniform{};
    const ScopedWipe wipe_uniform(uniform);
    expand_message_xmd_sha512(msg, dst.view(), uniform);
    return element_from_uniform_bytes(uniform);
}

Scalar hash_to_scalar(std::span<const ByteView> msg, ByteView dst) {
    std::array<unsigned char, crypto_core_ristretto255_NONREDUCEDSCALARBYTES> uniform{};
    const ScopedWipe wipe_uniform(uniform);
    expand_message_xmd_sha512(msg, dst, uniform);
    Scalar scalar{};
    crypto_core_ristretto255_scalar_reduce(scalar.data(), uniform.data());
    return scalar;
}

Scalar hash_to_scalar(std::span<const ByteView> msg, Mode mode) {
    const Dst dst("HashToScalar-", mode);
    return hash_to_scalar(msg, dst.view());
}

bool is_valid_element(const Element& element) noexcept {
    // libsodium 1.0.18 ignores bit 255 when decoding, but RFC 9496 §4.3.1
    // reads all 256 bits, so a set top bit means s >= p: refused here. With
    // that, only one encoding of the identity decodes (32 zero bytes), and
    // is_valid_point accepts it, so it is refused separately.
    return (element[kElementSize - 1] & 0x80) == 0 &&
           crypto_core_ristretto255_is_valid_point(element.data()) == 1 &&
           sodium_is_zero(element.data(), element.size()) == 0;
}

void require_valid_element(const Element& element, std::string_view what) {
    if (!is_valid_element(element)) {
        fail("voprf: " + std::string(what) +
             " is not a valid group element (non-canonical encoding or identity)");
    }
}

void require_valid_element(const Element& element, std::string_view what, std::size_t index) {
    if (!is_valid_element(element)) {
        fail("voprf: " + std::string(what) + " " + std::to_string(index) +
             " is not a valid group element (non-canonical encoding or identity)");
    }
}

bool is_reduced_scalar(const Scalar& scalar) noexcept {
    // Reducing a value below the order leaves it unchanged.
    std::array<unsigned char, crypto_core_ristretto255_NONREDUCEDSCALARBYTES> wide{};
    std::copy(scalar.begin(), scalar.end(), wide.begin());
    Scalar reduced{};
    crypto_core_ristretto255_scalar_reduce(reduced.data(), wide.data());
    const bool same = sodium_memcmp(reduced.data(), scalar.data(), scalar.size()) == 0;
    sodium_memzero(wide.data(), wide.size());
    sodium_memzero(reduced.data(), reduced.size());
    return same;
}

Element scalar_mult(const Scalar& k, const Element& p) {
    Element product{};
    if (crypto_scalarmult_ristretto255(product.data(), k.data(), p.data()) != 0) {
        fail("voprf: scalar multiplication gave the identity element");
    }
    return product;
}

Element scalar_mult_base(const Scalar& k) {
    Element product{};
    if (crypto_scalarmult_ristretto255_base(product.data(), k.data()) != 0) {
        fail("voprf: scalar multiplication gave the identity element");
    }
    return product;
}

Element element_add(const Element& p, const Element& q) {
    Element sum{};
    if (crypto_core_ristretto255_add(sum.data(), p.data(), q.data()) != 0) {
        fail("voprf: element addition on an invalid element");
    }
    return sum;
}

}  // namespace lw::indexer
