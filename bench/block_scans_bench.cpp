// Times each block scan alone at every SIMD level this CPU has, over a file
// read into memory: what each level gains where it is used, apart from the
// per-identifier work that dominates `extract`. Usage: block_scans_bench FILE
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/simd_level.h"
#include "indexer/extract/block_scans.h"

namespace {

using lw::indexer::BlockScans;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Seconds for the best of three runs of `scan`, which returns a checksum
// so the compiler keeps the work.
template <class Scan>
double best_of_three(Scan scan, std::uint64_t& checksum) {
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
        const auto start = std::chrono::steady_clock::now();
        checksum += scan();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count());
    }
    return best;
}

}  // namespace

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: block_scans_bench FILE\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string_view text = data;
    const double mb = static_cast<double>(text.size()) / 1e6;
    std::vector<std::size_t> run_starts;
    for (std::size_t p = 0; p < text.size(); ++p) {
        if (is_digit(text[p]) && (p == 0 || !is_digit(text[p - 1]))) {
            run_starts.push_back(p);
        }
    }
    std::printf("%s: %.0f MB; MB/s per scan and level\n", argv[1], mb);
    std::printf("%-8s %10s %10s %10s %10s  (digit_run: M runs/s over %zu runs)\n", "level",
                "classify", "equal_;", "digit_run", "find_'\\", run_starts.size());
    std::uint64_t checksum = 0;
    for (const auto level : lw::indexer::supported_simd_levels()) {
        const BlockScans& s = lw::indexer::block_scans_for(level);
        // Every 64-byte block, as ScanStarts and the row splitter read them.
        const double classify = best_of_three(
            [&] {
                std::uint64_t sum = 0;
                for (std::size_t base = 0; base < text.size(); base += 64) {
                    sum += s.classify(text, base).alnum;
                }
                return sum;
            },
            checksum);
        const double equal = best_of_three(
            [&] {
                std::uint64_t sum = 0;
                for (std::size_t base = 0; base < text.size(); base += 64) {
                    sum += s.equal_mask(text, base, ';');
                }
                return sum;
            },
            checksum);
        // Every run of digits, from its start, as the number scanner asks.
        const double digits = best_of_three(
            [&] {
                std::uint64_t sum = 0;
                for (const std::size_t start : run_starts) {
                    sum += s.digit_run(text, start);
                }
                return sum;
            },
            checksum);
        // From quote to quote, as the SQL reader goes through strings.
        const double quotes = best_of_three(
            [&] {
                std::uint64_t sum = 0;
                for (std::size_t p = 0; p < text.size(); ++p) {
                    p = s.find_either(text, p, '\'', '\\');
                    sum += p;
                }
                return sum;
            },
            checksum);
        std::printf("%-8.*s %10.0f %10.0f %10.0f %10.0f\n",
                    static_cast<int>(lw::indexer::simd_level_name(level).size()),
                    lw::indexer::simd_level_name(level).data(), mb / classify, mb / equal,
                    static_cast<double>(run_starts.size()) / 1e6 / digits, mb / quotes);
    }
    std::fprintf(stderr, "(checksum %llu)\n", static_cast<unsigned long long>(checksum));
    return 0;
}
