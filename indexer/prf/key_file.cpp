#include "indexer/prf/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "indexer/base/error.h"
#include "indexer/base/hex.h"
#include "indexer/base/private_file.h"
#include "indexer/base/unique_fd.h"

namespace lw::indexer {
namespace {

constexpr std::size_t kKeyLineSize = kKeyFileMagic.size() + 1 + 2 * kScalarSize + 1;
// More than any valid key file: a larger file is refused unread.
constexpr std::size_t kReadLimit = 256;

// Wipes a stack buffer when its scope ends, also on a throw.
template <class Buffer>
class Wiped {
  public:
    Wiped() = default;
    Wiped(const Wiped&) = delete;
    Wiped& operator=(const Wiped&) = delete;
    ~Wiped() { sodium_memzero(buffer.data(), buffer.size()); }
    Buffer buffer{};
};

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorCategory::crypto, message);
}

}  // namespace

SecretScalar parse_key_file(std::string_view text, const std::string& path) {
    if (!text.empty() && text.back() == '\n') {
        text.remove_suffix(1);
    }
    const std::string_view hex = text.size() == kKeyLineSize - 1
                                     ? text.substr(kKeyFileMagic.size() + 1)
                                     : std::string_view();
    Wiped<Scalar> bytes;
    if (text.substr(0, kKeyFileMagic.size()) != kKeyFileMagic || text.size() != kKeyLineSize - 1 ||
        text[kKeyFileMagic.size()] != ' ' || !from_hex_into(hex, bytes.buffer)) {
        fail("key file " + path + ": not a " + std::string(kKeyFileMagic) +
             " file (one line: " + std::string(kKeyFileMagic) + " and 64 lowercase hex digits)");
    }
    try {
        return SecretScalar::from_bytes(bytes.buffer);
    } catch (const Error&) {
        fail("key file " + path + ": the key is zero or not below the group order");
    }
}

SecretScalar read_key_file(const std::string& path) {
    // No link followed, and a FIFO opens at once (then fails the regular
    // file check) instead of blocking until a writer comes.
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | kPrivateOpenFlags));
    if (fd.get() < 0) {
        const int error = errno;
        throw Error(error == ELOOP ? ErrorCategory::crypto : ErrorCategory::io,
                    private_open_error(path, "key file", error));
    }
    // Checked on the open descriptor: the file read is the file checked.
    require_private_regular_file(fd.get(), path, "key file", ErrorCategory::crypto);
    Wiped<std::array<char, kReadLimit + 1>> text;
    std::size_t size = 0;
    while (size < text.buffer.size()) {
        const ssize_t n = ::read(fd.get(), text.buffer.data() + size, text.buffer.size() - size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw Error(ErrorCategory::io, "key file " + path + ": " + std::strerror(errno));
        }
        if (n == 0) {
            break;
        }
        size += static_cast<std::size_t>(n);
    }
    return parse_key_file(std::string_view(text.buffer.data(), size), path);
}

void write_new_key_file(const std::string& path, const SecretScalar& secret_key) {
    Wiped<std::array<char, kKeyLineSize + 1>> line;  // sodium_bin2hex writes a NUL
    std::memcpy(line.buffer.data(), kKeyFileMagic.data(), kKeyFileMagic.size());
    line.buffer[kKeyFileMagic.size()] = ' ';
    const Scalar& key = secret_key.reveal();
    sodium_bin2hex(line.buffer.data() + kKeyFileMagic.size() + 1, 2 * kScalarSize + 1, key.data(),
                   key.size());
    line.buffer[kKeyLineSize - 1] = '\n';
    write_new_private_file(path, std::string_view(line.buffer.data(), kKeyLineSize), "key file");
}

}  // namespace lw::indexer
