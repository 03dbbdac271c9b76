// Properties and rejections of the RFC 9497 OPRF/VOPRF that need no external
// file. The published vectors are in tests/vectors/voprf_vectors_test.cpp.

#include "indexer/prf/voprf.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/prf/voprf_group.h"

namespace {

using lw::indexer::BlindedInput;
using lw::indexer::Element;
using lw::indexer::Mode;
using lw::indexer::Output;
using lw::indexer::Proof;
using lw::indexer::Scalar;
using lw::indexer::SecretScalar;

// The message of the lw::Error(crypto) that `f` throws, or a description of
// what happened instead, so a CHECK shows the difference.
template <class F>
std::string crypto_error_of(F&& f) {
    try {
        static_cast<void>(f());
    } catch (const lw::Error& error) {
        if (error.category() != lw::ErrorCategory::crypto) {
            return std::string("(wrong category) ") + error.what();
        }
        return error.what();
    }
    return "(nothing thrown)";
}

template <std::size_t N>
std::array<unsigned char, N> hex_array(std::string_view hex) {
    const auto bytes = lw::indexer::from_hex_array<N>(hex);
    REQUIRE(bytes.has_value());
    return *bytes;
}

lw::indexer::KeyPair test_key(Mode mode, std::string_view info = "unit test key") {
    std::array<unsigned char, lw::indexer::kSeedSize> seed{};
    seed.fill(0x5a);
    return lw::indexer::derive_key_pair(seed, info, mode);
}

const std::vector<std::string> kInputs = {
    "email:jean.martin@example.org", "nir:185077512345608", "",
    std::string("with\0nul", 8),     "phone:+33612345678",
};

// ristretto255's group order, little-endian: the smallest unreduced scalar.
constexpr std::string_view kGroupOrderHex =
    "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
// The generator's encoding (RFC 9496 A.1).
constexpr std::string_view kGeneratorHex =
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76";

// RFC 9496 Appendix A.2: encodings every decoder must refuse (non-canonical
// field encodings, negative field elements, non-square x^2, negative x*y,
// s = -1).
constexpr std::string_view kRfc9496InvalidHex[] = {
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
    "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
    "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
    "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
    "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
    "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
    "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
    "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
    "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
    "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
    "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
    "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
    "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
    "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
    "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
    "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
    "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
    "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
    "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
    "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
    "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
    "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
};

// Everything the protocol must refuse from the other side: RFC 9496's list,
// the identity, and valid encodings with bit 255 set (which libsodium 1.0.18
// alone would accept).
std::vector<Element> invalid_elements() {
    std::vector<Element> invalid = {Element{}};
    for (const auto hex : kRfc9496InvalidHex) {
        invalid.push_back(hex_array<32>(hex));
    }
    Element generator_high_bit = hex_array<32>(kGeneratorHex);
    generator_high_bit[31] |= 0x80;
    invalid.push_back(generator_high_bit);
    Element zero_high_bit{};
    zero_high_bit[31] = 0x80;
    invalid.push_back(zero_high_bit);
    return invalid;
}

const std::string kInvalidSuffix =
    " is not a valid group element (non-canonical encoding or identity)";

// A client's batch: owns its inputs, so the views stay valid as long as it
// lives (moving the vectors keeps their elements in place).
struct BlindedBatch {
    std::vector<std::string> owned_inputs;
    std::vector<std::string_view> inputs;
    std::vector<BlindedInput> blinded;
    std::vector<Element> elements;
};

BlindedBatch blind_all(std::vector<std::string> inputs, Mode mode) {
    BlindedBatch batch;
    batch.owned_inputs = std::move(inputs);
    for (const auto& input : batch.owned_inputs) {
        batch.inputs.push_back(input);
        batch.blinded.push_back(lw::indexer::blind(input, mode));
        batch.elements.push_back(batch.blinded.back().blinded_element);
    }
    return batch;
}

}  // namespace

// ---- expand_message_xmd and the suite's tags -----------------------------------

TEST_CASE("voprf: expand_message_xmd matches RFC 9380 K.3 (SHA-512)", "[indexer][voprf]") {
    const auto dst = lw::indexer::as_bytes("QUUX-V01-CS02-with-expander-SHA512-256");
    struct Case {
        std::string_view msg;
        std::size_t length;
        std::string_view expected;
    };
    const Case cases[] = {
        {"", 32, "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba"},
        {"abc", 32, "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc"},
        {"abcdef0123456789", 32,
         "087e45a86e2939ee8b91100af1583c4938e0f5fc6c9db4b107b83346bc967f58"},
        {"", 128,
         "41b037d1734a5f8df225dd8c7de38f851efdb45c372887be655212d07251b921"
         "b052b62eaed99b46f72f2ef4cc96bfaf254ebbbec091e1a3b9e4fb5e5b619d2e"
         "0c5414800a1d882b62bb5cd1778f098b8eb6cb399d5d9d18f5d5842cf5d13d7e"
         "b00a7cff859b605da678b318bd0e65ebff70bec88c753b159a805d2c89c55961"},
    };
    for (const auto& c : cases) {
        INFO("msg '" << c.msg << "', " << c.length << " bytes");
        std::vector<unsigned char> out(c.length);
        const std::array<lw::indexer::ByteView, 1> msg = {lw::indexer::as_bytes(c.msg)};
        lw::indexer::expand_message_xmd_sha512(msg, dst, out);
        CHECK(lw::indexer::to_hex(out) == c.expected);
    }
}

TEST_CASE("voprf: expand_message_xmd hashes a message given in parts as one", "[indexer][voprf]") {
    const auto dst = lw::indexer::as_bytes("some tag");
    std::array<unsigned char, 64> whole{};
    std::array<unsigned char, 64> split{};
    const std::array<lw::indexer::ByteView, 1> one = {lw::indexer::as_bytes("abcdef")};
    const std::array<lw::indexer::ByteView, 3> three = {
        lw::indexer::as_bytes("ab"), lw::indexer::as_bytes(""), lw::indexer::as_bytes("cdef")};
    lw::indexer::expand_message_xmd_sha512(one, dst, whole);
    lw::indexer::expand_message_xmd_sha512(three, dst, split);
    CHECK(whole == split);
}

TEST_CASE("voprf: expand_message_xmd refuses lengths outside 1..255*64", "[indexer][voprf]") {
    const auto dst = lw::indexer::as_bytes("tag");
    const std::array<lw::indexer::ByteView, 0> msg{};
    std::vector<unsigned char> too_long(255 * 64 + 1);
    std::vector<unsigned char> longest(255 * 64);
    const std::string expected = "voprf: expand_message_xmd length out of range";
    CHECK(crypto_error_of([&] {
              lw::indexer::expand_message_xmd_sha512(msg, dst, std::span<unsigned char>());
              return 0;
          }) == expected);
    CHECK(crypto_error_of([&] {
              lw::indexer::expand_message_xmd_sha512(msg, dst, too_long);
              return 0;
          }) == expected);
    lw::indexer::expand_message_xmd_sha512(msg, dst, longest);
}

TEST_CASE("voprf: the context string carries the mode byte", "[indexer][voprf]") {
    using namespace std::string_view_literals;
    const auto oprf = lw::indexer::context_string(Mode::oprf);
    const auto voprf = lw::indexer::context_string(Mode::voprf);
    CHECK(std::string_view(reinterpret_cast<const char*>(oprf.data()), oprf.size()) ==
          "OPRFV1-\x00-ristretto255-SHA512"sv);
    CHECK(std::string_view(reinterpret_cast<const char*>(voprf.data()), voprf.size()) ==
          "OPRFV1-\x01-ristretto255-SHA512"sv);
}

TEST_CASE("voprf: element validation follows RFC 9496 and refuses the identity",
          "[indexer][voprf]") {
    CHECK(lw::indexer::is_valid_element(hex_array<32>(kGeneratorHex)));
    CHECK(lw::indexer::is_valid_element(lw::indexer::generate_key_pair().public_key));
    for (const Element& invalid : invalid_elements()) {
        INFO(lw::indexer::to_hex(invalid));
        CHECK_FALSE(lw::indexer::is_valid_element(invalid));
    }
}

TEST_CASE("voprf: a mode other than OPRF or VOPRF is refused", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto poprf = static_cast<Mode>(2);
    CHECK(crypto_error_of([&] { return lw::indexer::evaluate(key.secret_key, "x", poprf); }) ==
          "voprf: unsupported mode");
    CHECK(crypto_error_of([&] { return lw::indexer::blind("x", poprf); }) ==
          "voprf: unsupported mode");
    CHECK(crypto_error_of([&] { return test_key(poprf); }) == "voprf: unsupported mode");
}

// ---- Keys and scalars ------------------------------------------------------------

TEST_CASE("voprf: DeriveKeyPair is deterministic and bound to seed, info and mode",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    CHECK(test_key(Mode::voprf).secret_key.reveal() == key.secret_key.reveal());
    CHECK(test_key(Mode::voprf, "other info").secret_key.reveal() != key.secret_key.reveal());
    CHECK(test_key(Mode::oprf).secret_key.reveal() != key.secret_key.reveal());
    CHECK(lw::indexer::public_key_of(key.secret_key) == key.public_key);

    std::array<unsigned char, lw::indexer::kSeedSize> other_seed{};
    other_seed.fill(0x5b);
    CHECK(lw::indexer::derive_key_pair(other_seed, "unit test key", Mode::voprf)
              .secret_key.reveal() != key.secret_key.reveal());
}

TEST_CASE("voprf: key info longer than 65535 bytes is refused", "[indexer][voprf]") {
    const std::string info(65536, 'i');
    CHECK(crypto_error_of([&] { return test_key(Mode::voprf, info); }) ==
          "voprf: key info longer than 65535 bytes");
}

TEST_CASE("voprf: generated keys are random and consistent", "[indexer][voprf]") {
    const auto a = lw::indexer::generate_key_pair();
    const auto b = lw::indexer::generate_key_pair();
    CHECK(a.secret_key.reveal() != b.secret_key.reveal());
    CHECK(lw::indexer::public_key_of(a.secret_key) == a.public_key);
    CHECK(lw::indexer::is_valid_element(a.public_key));
}

TEST_CASE("voprf: a zero or unreduced scalar is refused", "[indexer][voprf]") {
    const Scalar zero{};
    Scalar all_ones{};
    all_ones.fill(0xff);
    const Scalar order = hex_array<32>(kGroupOrderHex);
    Scalar order_minus_one = order;
    order_minus_one[0] -= 1;

    CHECK(crypto_error_of([&] { return SecretScalar::from_bytes(zero); }) ==
          "voprf: scalar is zero");
    CHECK(crypto_error_of([&] { return SecretScalar::from_bytes(order); }) ==
          "voprf: scalar is not reduced modulo the group order");
    CHECK(crypto_error_of([&] { return SecretScalar::from_bytes(all_ones); }) ==
          "voprf: scalar is not reduced modulo the group order");
    CHECK(SecretScalar::from_bytes(order_minus_one).reveal() == order_minus_one);
}

TEST_CASE("voprf: a secret scalar is move-only and its moved-from value is wiped",
          "[indexer][voprf]") {
    static_assert(!std::is_copy_constructible_v<SecretScalar>);
    static_assert(!std::is_copy_assignable_v<SecretScalar>);
    static_assert(std::is_nothrow_move_constructible_v<SecretScalar>);

    auto original = SecretScalar::random();
    const Scalar value = original.reveal();
    const SecretScalar moved = std::move(original);
    CHECK(moved.reveal() == value);
    CHECK(original.reveal() == Scalar{});  // NOLINT(bugprone-use-after-move): the point

    auto target = SecretScalar::random();
    auto source = SecretScalar::random();
    const Scalar source_value = source.reveal();
    target = std::move(source);
    CHECK(target.reveal() == source_value);
    CHECK(source.reveal() == Scalar{});  // NOLINT(bugprone-use-after-move)
}

TEST_CASE("voprf: a moved-from key or blind is refused rather than used as zero",
          "[indexer][voprf]") {
    auto key = test_key(Mode::oprf);
    const auto taken = std::move(key.secret_key);
    const std::string expected = "voprf: scalar multiplication gave the identity element";
    CHECK(crypto_error_of([&] { return lw::indexer::evaluate(key.secret_key, "x", Mode::oprf); }) ==
          expected);

    auto blind = SecretScalar::random();
    const auto kept = std::move(blind);
    CHECK(crypto_error_of([&] { return lw::indexer::blind("x", std::move(blind), Mode::oprf); }) ==
          expected);
}

// ---- Round trips -----------------------------------------------------------------

TEST_CASE("voprf: OPRF blind, evaluate and finalize give the server's evaluate",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::oprf);
    for (const auto& input : kInputs) {
        const auto blinded = lw::indexer::blind(input, Mode::oprf);
        const std::array<Element, 1> request = {blinded.blinded_element};
        const auto evaluated = lw::indexer::blind_evaluate(key.secret_key, request);
        REQUIRE(evaluated.size() == 1);
        CHECK(lw::indexer::finalize(input, blinded, evaluated[0]) ==
              lw::indexer::evaluate(key.secret_key, input, Mode::oprf));
    }
}

TEST_CASE("voprf: an OPRF batch finalizes to the server's evaluate of each input",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::oprf);
    const auto batch = blind_all(kInputs, Mode::oprf);
    const auto evaluated = lw::indexer::blind_evaluate(key.secret_key, batch.elements);
    const auto outputs = lw::indexer::finalize(batch.inputs, batch.blinded, evaluated);
    REQUIRE(outputs.size() == kInputs.size());
    for (std::size_t i = 0; i < kInputs.size(); ++i) {
        CHECK(outputs[i] == lw::indexer::evaluate(key.secret_key, kInputs[i], Mode::oprf));
    }
}

TEST_CASE("voprf: a batch's blinds are inverted together, and a zero blind anywhere refused",
          "[indexer][voprf]") {
    // 1 to 40 inputs: the first, last and middle positions of the shared
    // inversion each unblind to the server's evaluate.
    const auto key = test_key(Mode::oprf);
    std::vector<std::string> many;
    for (int i = 0; i < 40; ++i) {
        many.push_back("email:u" + std::to_string(i) + "@example.org");
    }
    for (const std::size_t size : {1, 2, 3, 40}) {
        INFO("batch of " << size);
        const std::vector<std::string> inputs(many.begin(),
                                              many.begin() + static_cast<std::ptrdiff_t>(size));
        const auto batch = blind_all(inputs, Mode::oprf);
        const auto evaluated = lw::indexer::blind_evaluate(key.secret_key, batch.elements);
        const auto outputs = lw::indexer::finalize(batch.inputs, batch.blinded, evaluated);
        REQUIRE(outputs.size() == size);
        for (std::size_t i = 0; i < size; ++i) {
            CHECK(outputs[i] == lw::indexer::evaluate(key.secret_key, inputs[i], Mode::oprf));
        }
    }
    // A blind read from a damaged state file may be zero: refused, at any
    // place in the batch, by both batch forms.
    const auto vkey = test_key(Mode::voprf);
    for (const std::size_t zero_at : {0, 2, 4}) {
        INFO("zero blind at " << zero_at);
        auto oprf = blind_all(kInputs, Mode::oprf);
        auto voprf = blind_all(kInputs, Mode::voprf);
        const auto evaluated = lw::indexer::blind_evaluate(key.secret_key, oprf.elements);
        const auto evaluation =
            lw::indexer::blind_evaluate(vkey.secret_key, vkey.public_key, voprf.elements);
        const auto drop = [&](BlindedBatch& batch) {
            auto taken = std::move(batch.blinded[zero_at].blind);  // leaves zero behind
            static_cast<void>(taken);
        };
        drop(oprf);
        drop(voprf);
        CHECK(crypto_error_of([&] {
                  return lw::indexer::finalize(oprf.inputs, oprf.blinded, evaluated);
              }) == "voprf: blind is zero");
        CHECK(crypto_error_of([&] {
                  return lw::indexer::finalize(voprf.inputs, voprf.blinded, evaluation,
                                               vkey.public_key);
              }) == "voprf: blind is zero");
    }
}

TEST_CASE("voprf: a VOPRF batch with its proof finalizes to the server's evaluate",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    for (std::size_t size : {std::size_t{1}, std::size_t{2}, kInputs.size()}) {
        INFO("batch of " << size);
        const std::vector<std::string> inputs(kInputs.begin(),
                                              kInputs.begin() + static_cast<std::ptrdiff_t>(size));
        const auto batch = blind_all(inputs, Mode::voprf);
        const auto evaluation =
            lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
        CHECK(lw::indexer::verify_proof(key.public_key, batch.elements,
                                        evaluation.evaluated_elements, evaluation.proof));
        const auto outputs =
            lw::indexer::finalize(batch.inputs, batch.blinded, evaluation, key.public_key);
        REQUIRE(outputs.size() == size);
        for (std::size_t i = 0; i < size; ++i) {
            CHECK(outputs[i] == lw::indexer::evaluate(key.secret_key, inputs[i], Mode::voprf));
        }
    }
}

TEST_CASE("voprf: the same input blinds differently each time yet finalizes the same",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const std::vector<std::string> same = {"email:a@example.org", "email:a@example.org"};
    const auto batch = blind_all(same, Mode::voprf);
    CHECK(batch.elements[0] != batch.elements[1]);
    const auto evaluation =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    const auto outputs =
        lw::indexer::finalize(batch.inputs, batch.blinded, evaluation, key.public_key);
    CHECK(outputs[0] == outputs[1]);
}

TEST_CASE("voprf: evaluate depends on the input, the key and the mode", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto other_key = lw::indexer::generate_key_pair();
    const auto output = lw::indexer::evaluate(key.secret_key, "nir:185077512345608", Mode::voprf);
    CHECK(lw::indexer::evaluate(key.secret_key, "nir:185077512345608", Mode::voprf) == output);
    CHECK(lw::indexer::evaluate(key.secret_key, "nir:185077512345609", Mode::voprf) != output);
    CHECK(lw::indexer::evaluate(other_key.secret_key, "nir:185077512345608", Mode::voprf) !=
          output);
    CHECK(lw::indexer::evaluate(key.secret_key, "nir:185077512345608", Mode::oprf) != output);
}

TEST_CASE("voprf: an input of exactly 65535 bytes is accepted", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const std::string input(lw::indexer::kMaxInputSize, 'x');
    const auto batch = blind_all({input}, Mode::voprf);
    const auto evaluation =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    CHECK(lw::indexer::finalize(batch.inputs, batch.blinded, evaluation, key.public_key)[0] ==
          lw::indexer::evaluate(key.secret_key, input, Mode::voprf));
}

TEST_CASE("voprf: proofs with fresh randomness differ and all verify", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto batch = blind_all(kInputs, Mode::voprf);
    const auto first = lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    const auto second = lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    CHECK(first.evaluated_elements == second.evaluated_elements);
    CHECK(first.proof != second.proof);
    CHECK(lw::indexer::verify_proof(key.public_key, batch.elements, second.evaluated_elements,
                                    first.proof));
    CHECK(lw::indexer::verify_proof(key.public_key, batch.elements, second.evaluated_elements,
                                    second.proof));
}

TEST_CASE("voprf: injected proof randomness makes the proof reproducible", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto batch = blind_all(kInputs, Mode::voprf);
    const auto nonce = SecretScalar::from_bytes(
        hex_array<32>("222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e"));
    const auto first =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements, nonce);
    const auto second =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements, nonce);
    CHECK(first.proof == second.proof);
}

TEST_CASE("voprf: evaluate gives the same outputs from several threads at once",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    std::vector<std::string> inputs;
    for (int i = 0; i < 64; ++i) {
        inputs.push_back("email:user" + std::to_string(i) + "@example.org");
    }
    std::vector<Output> expected;
    for (const auto& input : inputs) {
        expected.push_back(lw::indexer::evaluate(key.secret_key, input, Mode::voprf));
    }
    constexpr int kThreads = 4;
    std::vector<std::vector<Output>> results(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (const auto& input : inputs) {
                    results[t].push_back(lw::indexer::evaluate(key.secret_key, input, Mode::voprf));
                }
            });
        }
    }
    for (const auto& result : results) {
        CHECK(result == expected);
    }
}

// ---- Tampering ---------------------------------------------------------------------

TEST_CASE("voprf: a tampered proof is refused", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto batch = blind_all(kInputs, Mode::voprf);
    const auto honest = lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    for (std::size_t byte : {std::size_t{0}, std::size_t{17}, std::size_t{32}, std::size_t{50}}) {
        INFO("byte " << byte);
        auto tampered = honest;
        tampered.proof[byte] ^= 0x01;
        CHECK_FALSE(lw::indexer::verify_proof(key.public_key, batch.elements,
                                              tampered.evaluated_elements, tampered.proof));
        CHECK(crypto_error_of([&] {
                  return lw::indexer::finalize(batch.inputs, batch.blinded, tampered,
                                               key.public_key);
              }) == "voprf: proof does not verify");
    }
}

TEST_CASE("voprf: a proof with unreduced or zero scalars is refused", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto batch = blind_all(kInputs, Mode::voprf);
    const auto honest = lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    const Scalar order = hex_array<32>(kGroupOrderHex);

    Proof unreduced_c = honest.proof;
    std::copy(order.begin(), order.end(), unreduced_c.begin());
    Proof unreduced_s = honest.proof;
    std::copy(order.begin(), order.end(), unreduced_s.begin() + lw::indexer::kScalarSize);
    for (const Proof& proof : {unreduced_c, unreduced_s, Proof{}}) {
        CHECK_FALSE(lw::indexer::verify_proof(key.public_key, batch.elements,
                                              honest.evaluated_elements, proof));
    }
}

TEST_CASE("voprf: a proof checked against another server's key is refused", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto other = lw::indexer::generate_key_pair();
    const auto batch = blind_all(kInputs, Mode::voprf);
    const auto evaluation =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(batch.inputs, batch.blinded, evaluation,
                                           other.public_key);
          }) == "voprf: proof does not verify");
}

TEST_CASE("voprf: evaluated elements swapped or from another key are refused", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto other = lw::indexer::generate_key_pair();
    const auto batch = blind_all(kInputs, Mode::voprf);
    const auto honest = lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);

    auto swapped = honest;
    std::swap(swapped.evaluated_elements[0], swapped.evaluated_elements[1]);
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(batch.inputs, batch.blinded, swapped, key.public_key);
          }) == "voprf: proof does not verify");

    // One element evaluated under another key: the output would silently
    // differ from the corpus's token, which the proof is there to catch.
    auto mixed = honest;
    const std::array<Element, 1> one = {batch.elements[2]};
    mixed.evaluated_elements[2] = lw::indexer::blind_evaluate(other.secret_key, one)[0];
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(batch.inputs, batch.blinded, mixed, key.public_key);
          }) == "voprf: proof does not verify");
}

// ---- Rejections ----------------------------------------------------------------------

TEST_CASE("voprf: an input that hashes to the identity element is refused", "[indexer][voprf]") {
    // No known input hashes to the identity; the map of 64 zero bytes does,
    // and hash_to_group goes through this same check.
    const std::array<unsigned char, 64> zeros{};
    CHECK(crypto_error_of([&] { return lw::indexer::element_from_uniform_bytes(zeros); }) ==
          "voprf: input hashes to the identity element");
}

TEST_CASE("voprf: an input longer than 65535 bytes is refused without echoing it",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    std::string input = "email:";
    while (input.size() <= lw::indexer::kMaxInputSize) {
        input += "secret.person@example.org,";
    }
    const std::string expected = "voprf: input longer than 65535 bytes";
    CHECK(crypto_error_of([&] {
              return lw::indexer::evaluate(key.secret_key, input, Mode::voprf);
          }) == expected);
    CHECK(crypto_error_of([&] { return lw::indexer::blind(input, Mode::voprf); }) == expected);

    const auto batch = blind_all({"short"}, Mode::oprf);
    const auto evaluated = lw::indexer::blind_evaluate(key.secret_key, batch.elements);
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(input, batch.blinded[0], evaluated[0]);
          }) == expected);
}

TEST_CASE("voprf: invalid blinded elements are refused by the server", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    for (const Element& invalid : invalid_elements()) {
        INFO(lw::indexer::to_hex(invalid));
        const std::array<Element, 2> request = {
            lw::indexer::blind("x", Mode::voprf).blinded_element, invalid};
        const std::string expected = "voprf: blinded element 1" + kInvalidSuffix;
        CHECK(crypto_error_of([&] {
                  return lw::indexer::blind_evaluate(key.secret_key, request);
              }) == expected);
        CHECK(crypto_error_of([&] {
                  return lw::indexer::blind_evaluate(key.secret_key, key.public_key, request);
              }) == expected);
    }
}

TEST_CASE("voprf: invalid evaluated elements are refused by the client", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto oprf = blind_all({"x"}, Mode::oprf);
    const auto voprf = blind_all({"x"}, Mode::voprf);
    auto evaluation = lw::indexer::blind_evaluate(key.secret_key, key.public_key, voprf.elements);
    for (const Element& invalid : invalid_elements()) {
        INFO(lw::indexer::to_hex(invalid));
        CHECK(crypto_error_of([&] {
                  return lw::indexer::finalize("x", oprf.blinded[0], invalid);
              }) == "voprf: evaluated element" + kInvalidSuffix);
        const std::array<Element, 1> evaluated = {invalid};
        CHECK(crypto_error_of([&] {
                  return lw::indexer::finalize(oprf.inputs, oprf.blinded, evaluated);
              }) == "voprf: evaluated element 0" + kInvalidSuffix);
        evaluation.evaluated_elements[0] = invalid;
        CHECK(crypto_error_of([&] {
                  return lw::indexer::finalize(voprf.inputs, voprf.blinded, evaluation,
                                               key.public_key);
              }) == "voprf: evaluated element 0" + kInvalidSuffix);
    }
}

TEST_CASE("voprf: an invalid server public key is refused", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto batch = blind_all({"x"}, Mode::voprf);
    const auto evaluation =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, batch.elements);
    for (const Element& invalid : invalid_elements()) {
        INFO(lw::indexer::to_hex(invalid));
        CHECK(crypto_error_of([&] {
                  return lw::indexer::verify_proof(invalid, batch.elements,
                                                   evaluation.evaluated_elements, evaluation.proof);
              }) == "voprf: public key" + kInvalidSuffix);
    }
}

TEST_CASE("voprf: a public key that is not the secret key's is refused by the server",
          "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto other = lw::indexer::generate_key_pair();
    const auto batch = blind_all({"x"}, Mode::voprf);
    CHECK(crypto_error_of([&] {
              return lw::indexer::blind_evaluate(key.secret_key, other.public_key, batch.elements);
          }) == "voprf: public key does not match the secret key");
}

TEST_CASE("voprf: batch size mismatches and empty batches are refused", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto oprf = blind_all({"a", "b"}, Mode::oprf);
    const auto voprf = blind_all({"a", "b"}, Mode::voprf);
    const auto oprf_evaluated = lw::indexer::blind_evaluate(key.secret_key, oprf.elements);
    const auto evaluation =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, voprf.elements);
    const std::span<const std::string_view> one_input(oprf.inputs.data(), 1);
    const std::span<const Element> one_element(oprf_evaluated.data(), 1);

    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(one_input, oprf.blinded, oprf_evaluated);
          }) == "voprf: batch size mismatch (blinds: 2, expected 1)");
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(oprf.inputs, oprf.blinded, one_element);
          }) == "voprf: batch size mismatch (evaluated elements: 1, expected 2)");

    auto short_evaluation = evaluation;
    short_evaluation.evaluated_elements.pop_back();
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(voprf.inputs, voprf.blinded, short_evaluation,
                                           key.public_key);
          }) == "voprf: batch size mismatch (evaluated elements: 1, expected 2)");
    CHECK(crypto_error_of([&] {
              return lw::indexer::verify_proof(key.public_key, voprf.elements,
                                               short_evaluation.evaluated_elements,
                                               evaluation.proof);
          }) == "voprf: batch size mismatch (evaluated elements: 1, expected 2)");

    CHECK(crypto_error_of([&] {
              return lw::indexer::blind_evaluate(key.secret_key, std::span<const Element>());
          }) == "voprf: empty batch");
    CHECK(crypto_error_of([&] {
              return lw::indexer::blind_evaluate(key.secret_key, key.public_key,
                                                 std::span<const Element>());
          }) == "voprf: empty batch");
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(std::span<const std::string_view>(),
                                           std::span<const BlindedInput>(),
                                           std::span<const Element>());
          }) == "voprf: empty batch");
}

TEST_CASE("voprf: finalize refuses a blind made in the other mode", "[indexer][voprf]") {
    const auto key = test_key(Mode::voprf);
    const auto oprf = blind_all({"x"}, Mode::oprf);
    const auto voprf = blind_all({"x"}, Mode::voprf);
    const auto evaluated = lw::indexer::blind_evaluate(key.secret_key, voprf.elements);
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize("x", voprf.blinded[0], evaluated[0]);
          }) == "voprf: an OPRF finalize was given a blind made in VOPRF mode");

    const auto evaluation =
        lw::indexer::blind_evaluate(key.secret_key, key.public_key, oprf.elements);
    CHECK(crypto_error_of([&] {
              return lw::indexer::finalize(oprf.inputs, oprf.blinded, evaluation, key.public_key);
          }) == "voprf: a VOPRF finalize was given a blind made in OPRF mode");
}

// ---- Tokens and hex ------------------------------------------------------------------

TEST_CASE("voprf: the token is the first 16 bytes of the output", "[indexer][voprf]") {
    Output output{};
    for (std::size_t i = 0; i < output.size(); ++i) {
        output[i] = static_cast<unsigned char>(i);
    }
    const auto token = lw::indexer::token_of(output);
    CHECK(lw::indexer::to_hex(token) == "000102030405060708090a0b0c0d0e0f");
}

TEST_CASE("voprf: hex is lowercase and from_hex is its strict inverse", "[indexer][voprf]") {
    const std::vector<unsigned char> bytes = {0x00, 0xab, 0xff, 0x10};
    CHECK(lw::indexer::to_hex(bytes) == "00abff10");
    CHECK(lw::indexer::from_hex("00abff10") == bytes);
    CHECK(lw::indexer::from_hex("") == std::vector<unsigned char>{});
    CHECK(lw::indexer::to_hex(std::vector<unsigned char>{}).empty());

    CHECK_FALSE(lw::indexer::from_hex("abc").has_value());
    CHECK_FALSE(lw::indexer::from_hex("00ABFF10").has_value());
    CHECK_FALSE(lw::indexer::from_hex("0g").has_value());
    CHECK_FALSE(lw::indexer::from_hex(" 0").has_value());
    CHECK_FALSE(lw::indexer::from_hex(std::string_view("0\0", 2)).has_value());

    CHECK(lw::indexer::from_hex_array<2>("0aff") == std::array<unsigned char, 2>{0x0a, 0xff});
    CHECK_FALSE(lw::indexer::from_hex_array<2>("0aff00").has_value());
    CHECK_FALSE(lw::indexer::from_hex_array<2>("0a").has_value());
}
