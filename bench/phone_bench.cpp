// Times phone normalisation over synthetic French and Italian numbers: the
// public path (fast path, library fallback), the fast path alone, and
// libphonenumber alone. Usage: phone_bench [count] (default 1,000,000).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "indexer/extract/phone.h"
#include "indexer/extract/phone_fast_path.h"

namespace {

// Shapes as they show up in dumps: E.164, 00, national; mostly mobiles and
// landlines, with a share of wrong lengths and unassigned ranges.
std::vector<std::string> make_candidates(std::size_t count) {
    std::mt19937_64 random(20240601);
    auto below = [&random](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    auto digits = [&below](std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            out += static_cast<char>('0' + below(10));
        }
        return out;
    };
    const char* const kFrenchPrefixes[] = {"+33", "0033", "0"};
    const char* const kItalianPrefixes[] = {"+39", "0039", ""};
    std::vector<std::string> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t wobble = below(10) == 0 ? below(5) : 2;  // mostly exact length
        std::string candidate;
        switch (below(4)) {
            case 0:  // French mobile or landline
                candidate = std::string(kFrenchPrefixes[below(3)]) + "1234567"[below(7)] +
                            digits(6 + wobble);
                break;
            case 1:  // French, any first digit
                candidate = std::string(kFrenchPrefixes[below(3)]) + char('1' + below(9)) +
                            digits(6 + wobble);
                break;
            case 2:  // Italian mobile
                candidate = std::string(kItalianPrefixes[below(3)]) + "3" + digits(7 + wobble);
                break;
            default:  // Italian landline
                candidate = std::string(kItalianPrefixes[below(3)]) + "0" + char('1' + below(9)) +
                            digits(4 + below(6));
                break;
        }
        out.push_back(std::move(candidate));
    }
    return out;
}

template <typename Function>
double time_ns_per_item(const std::vector<std::string>& candidates, Function&& function) {
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& candidate : candidates) {
        function(candidate);
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    return std::chrono::duration<double, std::nano>(elapsed).count() /
           static_cast<double>(candidates.size());
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
    if (count == 0) {
        std::fprintf(stderr, "usage: phone_bench [count > 0]\n");
        return 2;
    }
    const std::vector<std::string> candidates = make_candidates(count);
    const lw::indexer::PhoneNormalizer normalizer;
    const auto regions = lw::indexer::default_phone_regions();

    // Sums of result lengths keep the work observable to the optimiser and
    // show that the three runs agree.
    std::size_t handled = 0;
    std::size_t fast_chars = 0;
    const double fast_ns = time_ns_per_item(candidates, [&](const std::string& candidate) {
        const auto result = lw::indexer::fast_path_to_e164(candidate, regions);
        handled += result.status != lw::indexer::FastPathStatus::not_handled;
        fast_chars += result.e164.size();
    });
    std::size_t public_chars = 0;
    std::size_t valid = 0;
    const double public_ns = time_ns_per_item(candidates, [&](const std::string& candidate) {
        const auto result = normalizer.to_e164(candidate, regions);
        valid += result.has_value();
        public_chars += result ? result->size() : 0;
    });
    std::size_t reference_chars = 0;
    const double reference_ns = time_ns_per_item(candidates, [&](const std::string& candidate) {
        const auto result = normalizer.to_e164_reference(candidate, regions);
        reference_chars += result ? result->size() : 0;
    });

    std::printf("candidates         %zu (%zu valid, %.2f%% on the fast path)\n", count, valid,
                100.0 * static_cast<double>(handled) / static_cast<double>(count));
    std::printf("fast path alone    %8.1f ns/number\n", fast_ns);
    std::printf("to_e164 (public)   %8.1f ns/number\n", public_ns);
    std::printf("libphonenumber     %8.1f ns/number\n", reference_ns);
    std::printf("speed-up           %8.1fx\n", reference_ns / public_ns);
    std::printf("checksums          %zu %zu %zu\n", fast_chars, public_chars, reference_chars);
    return public_chars == reference_chars ? 0 : 1;
}
