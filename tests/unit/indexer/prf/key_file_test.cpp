// Key files: format, permissions, refusals (indexer/prf/key_file.h).
#include "indexer/prf/key_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/private_file.h"
#include "tests/support/temp_dir.h"

namespace {

using lw::ErrorCategory;
using lw::indexer::Mode;
using lw::indexer::SecretScalar;

// RFC 9497 Appendix A.1.2 (VOPRF, ristretto255-SHA512): Seed is 32 bytes of
// 0xa3, KeyInfo is "test key".
constexpr std::string_view kRfcSkSm =
    "e6f73f344b79b379f1a0dd37e07ff62e38d9f71345ce62ae3a9bc60b04ccd909";
constexpr std::string_view kRfcPkSm =
    "c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e";

lw::indexer::KeyPair rfc_key() {
    std::array<unsigned char, lw::indexer::kSeedSize> seed{};
    seed.fill(0xa3);
    return lw::indexer::derive_key_pair(seed, "test key", Mode::voprf);
}

// The message and category of what `f` throws.
template <class F>
std::pair<ErrorCategory, std::string> error_of(F&& f) {
    try {
        static_cast<void>(f());
    } catch (const lw::Error& e) {
        return {e.category(), e.what()};
    }
    return {ErrorCategory::usage, "(nothing thrown)"};
}

std::string hex(const SecretScalar& key) {
    return lw::indexer::to_hex(key.reveal());
}

}  // namespace

TEST_CASE("key file: derivation from the RFC 9497 A.1.2 seed gives its skSm and pkSm",
          "[indexer][key_file]") {
    const auto pair = rfc_key();
    CHECK(hex(pair.secret_key) == kRfcSkSm);
    CHECK(lw::indexer::to_hex(pair.public_key) == kRfcPkSm);
}

TEST_CASE("key file: written 0600 in the v1 format, read back the same", "[indexer][key_file]") {
    const lw::test::TempDir dir;
    const std::string path = dir.file("k.key");
    const auto pair = rfc_key();
    ::umask(022);
    lw::indexer::write_new_key_file(path, pair.secret_key);
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == 0600);
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == "leakwatch-key-v1 " + std::string(kRfcSkSm) + "\n");
    const SecretScalar read = lw::indexer::read_key_file(path);
    CHECK(hex(read) == kRfcSkSm);
    CHECK(lw::indexer::to_hex(lw::indexer::public_key_of(read)) == kRfcPkSm);
}

TEST_CASE("key file: an existing path is never replaced", "[indexer][key_file]") {
    const lw::test::TempDir dir;
    const std::string path = dir.write("k.key", "precious");
    const auto [category, message] = error_of([&] {
        lw::indexer::write_new_key_file(path, rfc_key().secret_key);
        return 0;
    });
    CHECK(category == ErrorCategory::io);
    CHECK(message == "key file " + path + " already exists; leakwatch never overwrites it");
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    CHECK(text == "precious");

    // Nor a symbolic link, even one pointing nowhere.
    const std::string link = dir.file("link.key");
    REQUIRE(::symlink(dir.file("nowhere").c_str(), link.c_str()) == 0);
    CHECK(error_of([&] {
              lw::indexer::write_new_key_file(link, rfc_key().secret_key);
              return 0;
          }).second == "key file " + link + " already exists; leakwatch never overwrites it");
    CHECK(!std::filesystem::exists(dir.file("nowhere")));
}

TEST_CASE("key file: group or other permissions are refused, as ssh does", "[indexer][key_file]") {
    const lw::test::TempDir dir;
    const std::string path = dir.file("k.key");
    lw::indexer::write_new_key_file(path, rfc_key().secret_key);
    const auto read = [&] { return lw::indexer::read_key_file(path); };
    struct Case {
        mode_t mode;
        std::string message;
    };
    for (const Case& c : {
             Case{0644, "key file " + path +
                            " is readable by group or others (mode 0644); chmod 600 " + path},
             Case{0640, "key file " + path +
                            " is readable by group or others (mode 0640); chmod 600 " + path},
             Case{0604, "key file " + path +
                            " is readable by group or others (mode 0604); chmod 600 " + path},
             Case{0620,
                  "key file " + path +
                      " is writable or executable by group or others (mode 0620); chmod 600 " +
                      path},
         }) {
        REQUIRE(::chmod(path.c_str(), c.mode) == 0);
        const auto [category, message] = error_of(read);
        CHECK(category == ErrorCategory::crypto);
        CHECK(message == c.message);
    }
    REQUIRE(::chmod(path.c_str(), 0400) == 0);
    CHECK(hex(read()) == kRfcSkSm);
}

TEST_CASE("key file: malformed contents are refused without showing them", "[indexer][key_file]") {
    const std::string key(kRfcSkSm);
    const std::string malformed =
        "key file K: not a leakwatch-key-v1 file (one line: leakwatch-key-v1 and 64 lowercase "
        "hex digits)";
    for (const std::string& text : {
             std::string(),
             std::string("\n"),
             "leakwatch-key-v2 " + key + "\n",
             "leakwatch-key-v1  " + key + "\n",
             "leakwatch-key-v1\t" + key + "\n",
             "leakwatch-key-v1 " + key.substr(0, 63) + "\n",
             "leakwatch-key-v1 " + key + "0\n",
             std::string("leakwatch-key-v1 "
                         "E6F73F344B79B379F1A0DD37E07FF62E38D9F71345CE62AE3A9BC60B04CCD909\n"),
             "leakwatch-key-v1 " + key + "\r\n",
             "leakwatch-key-v1 " + key + "\n\n",
             "leakwatch-key-v1 " + key + " \n",
             "leakwatch-key-v1 " + key.substr(0, 62) + "zz\n",
             key + "\n",
         }) {
        INFO("case of " << text.size() << " bytes");
        const auto [category, message] =
            error_of([&] { return lw::indexer::parse_key_file(text, "K"); });
        CHECK(category == ErrorCategory::crypto);
        CHECK(message == malformed);
    }
    // The final newline is optional.
    CHECK(hex(lw::indexer::parse_key_file("leakwatch-key-v1 " + key, "K")) == kRfcSkSm);
}

TEST_CASE("key file: a zero or unreduced scalar is refused", "[indexer][key_file]") {
    const std::string expected = "key file K: the key is zero or not below the group order";
    for (const std::string& hex_key : {
             std::string(64, '0'),
             // ristretto255's group order, little-endian, and 2^256 - 1.
             std::string("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"),
             std::string(64, 'f'),
         }) {
        CHECK(error_of([&] {
                  return lw::indexer::parse_key_file("leakwatch-key-v1 " + hex_key + "\n", "K");
              }).second == expected);
    }
}

TEST_CASE("key file: missing, a folder, too large", "[indexer][key_file]") {
    const lw::test::TempDir dir;
    const std::string missing = dir.file("none.key");
    auto [category, message] = error_of([&] { return lw::indexer::read_key_file(missing); });
    CHECK(category == ErrorCategory::io);
    CHECK(message == "key file " + missing + ": No such file or directory");

    const std::string folder = dir.file("folder");
    std::filesystem::create_directory(folder);
    ::chmod(folder.c_str(), 0700);
    CHECK(error_of([&] { return lw::indexer::read_key_file(folder); }).second ==
          "key file " + folder + ": not a regular file");

    const std::string large = dir.write("large.key", std::string(100000, 'a'));
    ::chmod(large.c_str(), 0600);
    CHECK(error_of([&] { return lw::indexer::read_key_file(large); }).second ==
          "key file " + large +
              ": not a leakwatch-key-v1 file (one line: leakwatch-key-v1 and 64 lowercase hex "
              "digits)");
}

TEST_CASE("key file: a FIFO, a symbolic link or another user's file is refused at once",
          "[indexer][key_file]") {
    const lw::test::TempDir dir;
    const std::string key = dir.file("k.key");
    lw::indexer::write_new_key_file(key, SecretScalar::random());

    // A FIFO with no writer: open(2) would block forever without O_NONBLOCK.
    const std::string fifo = dir.file("fifo.key");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto [fifo_category, fifo_message] =
        error_of([&] { return lw::indexer::read_key_file(fifo); });
    CHECK(fifo_category == ErrorCategory::crypto);
    CHECK(fifo_message == "key file " + fifo + ": not a regular file");

    const std::string link = dir.file("link.key");
    REQUIRE(::symlink(key.c_str(), link.c_str()) == 0);
    CHECK(error_of([&] { return lw::indexer::read_key_file(link); }).second ==
          "key file " + link +
              " is a symbolic link; name the file itself (links are not followed)");

    // Another owner: only root can make one here.
    if (::geteuid() == 0) {
        REQUIRE(::chown(key.c_str(), 4242, 4242) == 0);
        CHECK(error_of([&] { return lw::indexer::read_key_file(key); }).second ==
              "key file " + key + " belongs to uid 4242, not to this user (uid 0) or root");
    } else {
        WARN("not root: the other-owner case is not checked");
    }
}

TEST_CASE("private lines: appended only to a private regular file", "[indexer][key_file]") {
    const lw::test::TempDir dir;
    const std::string log = dir.file("audit.log");
    lw::indexer::append_private_line(log, "one\n", "audit log");
    struct stat info {};
    REQUIRE(::stat(log.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    lw::indexer::append_private_line(log, "two\n", "audit log");

    ::chmod(log.c_str(), 0644);
    CHECK_THROWS_WITH(
        lw::indexer::append_private_line(log, "three\n", "audit log"),
        "audit log " + log + " is readable by group or others (mode 0644); chmod 600 " + log);
    const std::string link = dir.file("link.log");
    REQUIRE(::symlink(log.c_str(), link.c_str()) == 0);
    CHECK_THROWS_WITH(lw::indexer::append_private_line(link, "x\n", "audit log"),
                      Catch::Contains("is a symbolic link"));
    const std::string fifo = dir.file("fifo.log");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // O_WRONLY|O_NONBLOCK on a FIFO without a reader fails (ENXIO): never a hang.
    CHECK_THROWS(lw::indexer::append_private_line(fifo, "x\n", "audit log"));
    ::chmod(log.c_str(), 0600);
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    CHECK(text == "one\ntwo\n");
}
