#include "indexer/corpus/corpus_keys.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "indexer/base/hex.h"
#include "tests/support/filled.h"

using namespace lw::indexer;

namespace {

std::vector<unsigned char> bytes_of_hex(std::string_view hex) {
    return *from_hex(hex);
}

SecretScalar scalar(unsigned char first) {
    std::array<unsigned char, kScalarSize> bytes{};
    bytes[0] = first;
    return SecretScalar::from_bytes(bytes);
}

constexpr KeyPurpose kPurposes[] = {KeyPurpose::content, KeyPurpose::state, KeyPurpose::seal};

}  // namespace

TEST_CASE("corpus keys: HKDF-SHA256 gives RFC 5869's test vectors", "[indexer][keys]") {
    const std::vector<unsigned char> ikm(22, 0x0b);
    std::array<unsigned char, 42> okm{};
    SECTION("A.1: basic") {
        const auto salt = bytes_of_hex("000102030405060708090a0b0c");
        const auto info = bytes_of_hex("f0f1f2f3f4f5f6f7f8f9");
        hkdf_sha256(ikm, salt, std::string(info.begin(), info.end()), okm);
        CHECK(to_hex(okm) ==
              "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b8871858"
              "65");
    }
    SECTION("A.3: no salt, no info") {
        hkdf_sha256(ikm, {}, "", okm);
        CHECK(to_hex(okm) ==
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96"
              "c8");
    }
}

TEST_CASE("corpus keys: each purpose has its own context and key", "[indexer][keys]") {
    std::set<std::string_view> contexts;
    std::set<std::string> keys;
    for (const unsigned char first : {1, 2}) {
        const SecretScalar sk = scalar(first);
        for (KeyPurpose purpose : kPurposes) {
            contexts.insert(purpose_context(purpose));
            keys.insert(to_hex(PurposeKey(sk, purpose).reveal()));
        }
    }
    CHECK(contexts == std::set<std::string_view>{"leakwatch-content-v1", "leakwatch-state-v1",
                                                 "leakwatch-seal-v1"});
    CHECK(keys.size() == 6);  // two scalars, three purposes: all different
    // Deterministic: the same scalar gives the same key (nothing new to back up).
    CHECK(to_hex(PurposeKey(scalar(1), KeyPurpose::seal).reveal()) ==
          to_hex(PurposeKey(scalar(1), KeyPurpose::seal).reveal()));
    // Not the scalar itself.
    CHECK(keys.count(to_hex(scalar(1).reveal())) == 0);
}

TEST_CASE("corpus keys: content ids are keyed", "[indexer][keys]") {
    const CorpusKeys a(scalar(1));
    const CorpusKeys b(scalar(2));
    const Sha256 digest = lw::test::filled<Sha256>(7);
    CHECK(a.content_id(digest) == a.content_id(digest));
    CHECK(a.content_id(digest) != b.content_id(digest));
    CHECK(a.content_id(digest) != a.content_id(lw::test::filled<Sha256>(8)));
}

TEST_CASE("corpus keys: URL names are fixed-length, keyed and per purpose", "[indexer][keys]") {
    const CorpusKeys a(scalar(1));
    const CorpusKeys b(scalar(2));
    const std::string long_url = "https://forum.example/list?page=" + std::string(4000, 'x');
    CHECK(a.url_name("listing", long_url).size() == 32);
    CHECK(a.url_name("listing", "http://a/") == a.url_name("listing", "http://a/"));
    CHECK(a.url_name("listing", "http://a/") != a.url_name("seen", "http://a/"));
    CHECK(a.url_name("listing", "http://a/") != b.url_name("listing", "http://a/"));
    CHECK(a.url_name("listing", "http://a/") != a.url_name("listing", "http://b/"));
    CHECK(a.url_ref("http://a/").size() == 12);
    // The name of a URL is the name of its unkeyed BLAKE2b-128 (format 2's
    // seen keys), so upgrade can re-key what format 2 kept.
    std::array<unsigned char, 16> digest{};
    const std::string url = "https://paste.example/raw/1";
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(url.data()), url.size(), nullptr, 0);
    CHECK(a.url_name_of_digest("seen", digest) == a.url_name("seen", url));
}

TEST_CASE("corpus keys: seals open only with the key and context they were made with",
          "[indexer][keys]") {
    const CorpusKeys a(scalar(1));
    const CorpusKeys b(scalar(2));
    const std::string plain = "https://forum.example/t?email=jean.martin%40example.org";
    const std::string sealed = a.seal(plain, "item 1");
    CHECK(sealed.find("jean") == std::string::npos);
    CHECK(a.unseal(sealed, "item 1") == plain);
    CHECK(a.seal(plain, "item 1") != sealed);  // a random nonce each time
    CHECK_FALSE(a.unseal(sealed, "item 2"));
    CHECK_FALSE(b.unseal(sealed, "item 1"));
    std::string tampered = sealed;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    CHECK_FALSE(a.unseal(tampered, "item 1"));
    CHECK_FALSE(a.unseal("", "item 1"));
    CHECK_FALSE(a.unseal("not base64 !", "item 1"));
    CHECK(a.unseal(a.seal("", "c"), "c") == std::string());
}
