#include "indexer/extract/nir.h"

#include <algorithm>
#include <cstdint>

#include "indexer/base/ascii.h"

namespace lw::indexer {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
int digit(char c) {
    return c - '0';
}
}  // namespace

std::optional<int> nir_key(std::string_view body) noexcept {
    if (body.size() != 13) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < 13; ++i) {
        if (i != 5 && i != 6 && !is_digit(body[i])) {
            return std::nullopt;
        }
    }
    switch (body[0]) {
        case '1':
        case '2':
        case '3':
        case '4':
        case '7':
        case '8':
            break;
        default:
            return std::nullopt;
    }
    const int month = digit(body[3]) * 10 + digit(body[4]);
    const bool month_ok =
        (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50;
    if (!month_ok) {
        return std::nullopt;
    }
    // Corsica: 2A and 2B count as 19 and 18 in the key computation.
    int department_for_key = 0;
    const char d1 = body[5];
    const char d2 = ascii_upper(body[6]);
    if (d1 == '2' && (d2 == 'A' || d2 == 'B')) {
        department_for_key = d2 == 'A' ? 19 : 18;
    } else if (is_digit(d1) && is_digit(d2)) {
        department_for_key = digit(d1) * 10 + digit(d2);
        if (department_for_key == 0) {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < 13; ++i) {
        if (i == 5) {
            n = n * 100 + static_cast<std::uint64_t>(department_for_key);
            ++i;
            continue;
        }
        n = n * 10 + static_cast<std::uint64_t>(digit(body[i]));
    }
    return 97 - static_cast<int>(n % 97);
}

bool nir_is_valid(std::string_view compact) noexcept {
    if (compact.size() != 15 || !is_digit(compact[13]) || !is_digit(compact[14])) {
        return false;
    }
    const auto key = nir_key(compact.substr(0, 13));
    return key && *key == digit(compact[13]) * 10 + digit(compact[14]);
}

bool write_nir_canonical(std::string_view compact, bool allow_keyless,
                         std::span<char, 15> out) noexcept {
    if (compact.size() == 15 && nir_is_valid(compact)) {
        std::copy(compact.begin(), compact.end(), out.begin());
    } else if (compact.size() == 13 && allow_keyless) {
        const auto key = nir_key(compact);
        if (!key) {
            return false;
        }
        std::copy(compact.begin(), compact.end(), out.begin());
        out[13] = static_cast<char>('0' + *key / 10);
        out[14] = static_cast<char>('0' + *key % 10);
    } else {
        return false;
    }
    out[6] = ascii_upper(out[6]);
    return true;
}

std::optional<std::string> nir_canonical(std::string_view compact, bool allow_keyless) {
    std::string canonical(15, '0');
    if (!write_nir_canonical(compact, allow_keyless, std::span<char, 15>(canonical.data(), 15))) {
        return std::nullopt;
    }
    return canonical;
}

}  // namespace lw::indexer
