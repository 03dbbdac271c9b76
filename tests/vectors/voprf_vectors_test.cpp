// RFC 9497 Appendix A.1 vectors (ristretto255-SHA512), modes OPRF and VOPRF,
// from ../shared/vectors/oprf-ristretto255-sha512.json. POPRF is not
// implemented, so its vectors are skipped.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/hex.h"
#include "indexer/prf/voprf.h"
#include "indexer/prf/voprf_group.h"
#include "tests/support/shared_dir.h"

namespace {

using lw::indexer::Element;
using lw::indexer::Mode;
using nlohmann::json;

const json& vector_file() {
    static const json file =
        json::parse(lw::test::read_shared("vectors/oprf-ristretto255-sha512.json"));
    return file;
}

std::vector<unsigned char> bytes_of(const json& hex) {
    auto bytes = lw::indexer::from_hex(hex.get<std::string>());
    REQUIRE(bytes.has_value());
    return *bytes;
}

std::string text_of(const json& hex) {
    const auto bytes = bytes_of(hex);
    return std::string(bytes.begin(), bytes.end());
}

template <std::size_t N>
std::array<unsigned char, N> array_of(const json& hex) {
    auto bytes = lw::indexer::from_hex_array<N>(hex.get<std::string>());
    REQUIRE(bytes.has_value());
    return *bytes;
}

std::string hex_of(std::span<const unsigned char> bytes) {
    return lw::indexer::to_hex(bytes);
}

struct VectorCase {
    std::string mode_name;
    std::size_t index;
};

// Every (mode, vector) pair of the two implemented modes.
std::vector<VectorCase> all_cases() {
    std::vector<VectorCase> cases;
    for (const char* mode_name : {"OPRF", "VOPRF"}) {
        const auto& vectors = vector_file().at("modes").at(mode_name).at("vectors");
        for (std::size_t i = 0; i < vectors.size(); ++i) {
            cases.push_back({mode_name, i});
        }
    }
    return cases;
}

}  // namespace

TEST_CASE("voprf vectors: the file holds the RFC 9497 OPRF and VOPRF vectors",
          "[indexer][voprf][vectors]") {
    const auto& modes = vector_file().at("modes");
    CHECK(modes.at("OPRF").at("mode") == 0);
    CHECK(modes.at("VOPRF").at("mode") == 1);
    CHECK(modes.at("OPRF").at("vectors").size() == 2);
    CHECK(modes.at("VOPRF").at("vectors").size() == 3);
    bool has_batch_of_two = false;
    for (const auto& vector : modes.at("VOPRF").at("vectors")) {
        has_batch_of_two = has_batch_of_two || vector.at("batch_size") == 2;
    }
    CHECK(has_batch_of_two);
}

TEST_CASE("voprf vectors: context string and tags match the published ones",
          "[indexer][voprf][vectors]") {
    for (const auto& [mode_name, mode] :
         {std::pair{"OPRF", Mode::oprf}, std::pair{"VOPRF", Mode::voprf}}) {
        INFO(mode_name);
        const auto& dst = vector_file().at("modes").at(mode_name).at("dst");
        CHECK(hex_of(lw::indexer::context_string(mode)) ==
              dst.at("contextString").at("hex").get<std::string>());
        CHECK(hex_of(lw::indexer::Dst("HashToGroup-", mode).view()) ==
              dst.at("HashToGroup").at("hex").get<std::string>());
        CHECK(hex_of(lw::indexer::Dst("HashToScalar-", mode).view()) ==
              dst.at("HashToScalar").at("hex").get<std::string>());
        CHECK(hex_of(lw::indexer::Dst("DeriveKeyPair", mode).view()) ==
              dst.at("DeriveKeyPair").at("hex").get<std::string>());
        CHECK(hex_of(lw::indexer::Dst("Seed-", mode).view()) ==
              dst.at("CompositeSeedDST").at("hex").get<std::string>());
    }
}

TEST_CASE("voprf vectors: every OPRF and VOPRF vector is reproduced byte for byte",
          "[indexer][voprf][vectors]") {
    const VectorCase vector_case = GENERATE(from_range(all_cases()));
    const auto& mode_json = vector_file().at("modes").at(vector_case.mode_name);
    const auto& vector = mode_json.at("vectors").at(vector_case.index);
    const Mode mode = mode_json.at("mode") == 1 ? Mode::voprf : Mode::oprf;
    INFO(vector_case.mode_name << ": " << vector.at("name").get<std::string>());

    // DeriveKeyPair(seed, info) -> skSm, pkSm
    const auto seed = array_of<lw::indexer::kSeedSize>(mode_json.at("Seed"));
    const auto key = lw::indexer::derive_key_pair(seed, text_of(mode_json.at("KeyInfo")), mode);
    CHECK(hex_of(key.secret_key.reveal()) == mode_json.at("skSm").get<std::string>());
    if (mode_json.contains("pkSm")) {
        CHECK(hex_of(key.public_key) == mode_json.at("pkSm").get<std::string>());
    }

    const std::size_t batch_size = vector.at("batch_size");
    REQUIRE(vector.at("Input").size() == batch_size);
    std::vector<std::string> input_storage;
    std::vector<lw::indexer::BlindedInput> blinded;
    std::vector<Element> blinded_elements;
    for (std::size_t i = 0; i < batch_size; ++i) {
        input_storage.push_back(text_of(vector.at("Input").at(i)));
        const auto blind_bytes = array_of<lw::indexer::kScalarSize>(vector.at("Blind").at(i));
        blinded.push_back(lw::indexer::blind(
            input_storage.back(), lw::indexer::SecretScalar::from_bytes(blind_bytes), mode));
        blinded_elements.push_back(blinded.back().blinded_element);
        CHECK(hex_of(blinded.back().blinded_element) ==
              vector.at("BlindedElement").at(i).get<std::string>());
    }
    const std::vector<std::string_view> inputs(input_storage.begin(), input_storage.end());

    std::vector<lw::indexer::Output> outputs;
    if (mode == Mode::oprf) {
        const auto evaluated = lw::indexer::blind_evaluate(key.secret_key, blinded_elements);
        for (std::size_t i = 0; i < batch_size; ++i) {
            CHECK(hex_of(evaluated[i]) == vector.at("EvaluationElement").at(i).get<std::string>());
            CHECK(hex_of(lw::indexer::finalize(inputs[i], blinded[i], evaluated[i])) ==
                  vector.at("Output").at(i).get<std::string>());
        }
        outputs = lw::indexer::finalize(inputs, blinded, evaluated);
    } else {
        const auto proof_randomness = lw::indexer::SecretScalar::from_bytes(
            array_of<lw::indexer::kScalarSize>(vector.at("ProofRandomScalar")));
        const auto evaluation = lw::indexer::blind_evaluate(key.secret_key, key.public_key,
                                                            blinded_elements, proof_randomness);
        for (std::size_t i = 0; i < batch_size; ++i) {
            CHECK(hex_of(evaluation.evaluated_elements[i]) ==
                  vector.at("EvaluationElement").at(i).get<std::string>());
        }
        CHECK(hex_of(evaluation.proof) == vector.at("Proof").get<std::string>());

        // The published proof verifies on its own, not only our regenerated one.
        const auto published_proof = array_of<lw::indexer::kProofSize>(vector.at("Proof"));
        CHECK(lw::indexer::verify_proof(key.public_key, blinded_elements,
                                        evaluation.evaluated_elements, published_proof));
        outputs = lw::indexer::finalize(inputs, blinded, evaluation, key.public_key);
    }

    REQUIRE(outputs.size() == batch_size);
    for (std::size_t i = 0; i < batch_size; ++i) {
        const std::string expected = vector.at("Output").at(i).get<std::string>();
        CHECK(hex_of(outputs[i]) == expected);
        CHECK(hex_of(lw::indexer::evaluate(key.secret_key, inputs[i], mode)) == expected);
    }
}
