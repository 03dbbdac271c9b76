// The floor under `leakwatch token`: what one core does with libsodium alone
// for each token, ristretto255's one-way map of a 64-byte hash then one
// scalar multiplication, with nothing around them (no hashing of the input,
// no Finalize hash, no I/O). token_bench.sh compares leakwatch with this
// figure times the cores it uses. Usage: bare_evaluate [COUNT]
#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

int main(int argc, char* argv[]) {
    if (sodium_init() < 0) {
        return 1;
    }
    const long count = argc > 1 ? std::atol(argv[1]) : 200000;
    std::array<unsigned char, crypto_core_ristretto255_SCALARBYTES> key{};
    crypto_core_ristretto255_scalar_random(key.data());
    std::array<unsigned char, crypto_core_ristretto255_HASHBYTES> hash{};
    randombytes_buf(hash.data(), hash.size());
    std::array<unsigned char, crypto_core_ristretto255_BYTES> point{};
    std::array<unsigned char, crypto_core_ristretto255_BYTES> result{};
    volatile unsigned char sink = 0;  // keeps the loop from being optimised away

    const std::clock_t cpu_start = std::clock();
    const auto wall_start = std::chrono::steady_clock::now();
    for (long i = 0; i < count; ++i) {
        std::memcpy(hash.data(), &i, sizeof i);  // a different input each time
        crypto_core_ristretto255_from_hash(point.data(), hash.data());
        if (crypto_scalarmult_ristretto255(result.data(), key.data(), point.data()) != 0) {
            return 1;
        }
        sink = static_cast<unsigned char>(sink ^ result[0]);
    }
    const double cpu =
        static_cast<double>(std::clock() - cpu_start) / static_cast<double>(CLOCKS_PER_SEC);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    // count, CPU seconds, wall seconds, evaluations per CPU second (one core)
    std::printf("%ld %.3f %.3f %.0f\n", count, cpu, wall, static_cast<double>(count) / cpu);
    return 0;
}
