#include "indexer/records/typed_value.h"

#include <array>
#include <string>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "indexer/base/ascii.h"
#include "indexer/base/cleartext_blocks.h"
#include "indexer/extract/card.h"
#include "indexer/extract/codice_fiscale.h"
#include "indexer/extract/email.h"
#include "indexer/extract/iban.h"
#include "indexer/extract/nir.h"
#include "indexer/extract/phone.h"
#include "indexer/extract/scanner.h"

namespace lw::indexer {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') {
        s.remove_suffix(1);
    }
    return s;
}

// The cell without spaces, dots, dashes and slashes, in `buffer`; nullopt
// past its size (no identifier is that long) so a text cell costs nothing.
using CompactBuffer = std::array<char, 40>;
constexpr std::array<bool, 256> make_separators() {
    std::array<bool, 256> table{};
    for (const unsigned char c : std::string_view(" .-/\t")) {
        table[c] = true;
    }
    return table;
}
constexpr std::array<bool, 256> kSeparator = make_separators();

std::optional<std::string_view> compact(std::string_view cell, CompactBuffer& buffer) {
#if defined(__x86_64__)
    // The common case, a cell of 16 to 32 bytes without separators (a codice
    // fiscale, an IBAN, a card, a NIR written whole): itself, seen in two
    // 16-byte pieces instead of copied a byte at a time.
    if (cell.size() >= 16 && cell.size() <= 32) {
        const auto separators = [](__m128i bytes) {
            const auto equal = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
            return _mm_movemask_epi8(
                _mm_or_si128(_mm_or_si128(_mm_or_si128(equal(' '), equal('.')),
                                          _mm_or_si128(equal('-'), equal('/'))),
                             equal('\t')));
        };
        const auto* data = reinterpret_cast<const __m128i*>(cell.data());
        const auto* last = reinterpret_cast<const __m128i*>(cell.data() + cell.size() - 16);
        if ((separators(_mm_loadu_si128(data)) | separators(_mm_loadu_si128(last))) == 0) {
            return cell;
        }
    }
#endif
    std::size_t size = 0;
    for (char c : cell) {
        if (kSeparator[static_cast<unsigned char>(c)]) {
            continue;
        }
        if (size == buffer.size()) {
            return std::nullopt;
        }
        buffer[size++] = c;
    }
    return std::string_view(buffer.data(), size);
}

// What a phone cell may hold besides its digits and a leading '+'.
constexpr std::array<bool, 256> make_phone_separators() {
    std::array<bool, 256> table{};
    for (const unsigned char c : std::string_view(" .-()/")) {
        table[c] = true;
    }
    return table;
}
constexpr std::array<bool, 256> kPhoneSeparator = make_phone_separators();

// Per byte of a phone cell, past a leading '+': bit 0 set for a digit (kept),
// bit 1 for a byte allowed (a digit or a separator). One lookup a byte
// where the loop below made two tests and a lookup.
constexpr unsigned char kPhoneDigit = 1;
constexpr unsigned char kPhoneAllowed = 2;
constexpr std::array<unsigned char, 256> make_phone_classes() {
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 256; ++c) {
        table[static_cast<std::size_t>(c)] = kPhoneSeparator[static_cast<std::size_t>(c)]
                                                 ? kPhoneAllowed
                                                 : (c >= '0' && c <= '9' ? 3 : 0);
    }
    return table;
}
constexpr std::array<unsigned char, 256> kPhoneClass = make_phone_classes();

// The most digits (and '+') a phone may have.
constexpr std::size_t kMaxPhoneDigits = 21;

// The digits of a cell, with a '+' before the first of them: nullopt when
// another byte than a separator is there, or too many digits. Without a
// branch a byte: the separators of "+39 371 1411054" stand anywhere, and a
// byte loop mispredicted at each. REQUIRES: cell.size() <= 32.
std::optional<std::string_view> phone_digits_of_short(std::string_view cell,
                                                      std::array<char, 33>& buffer) {
    std::size_t size = 0;
    std::size_t i = 0;
    // A '+' counts only before every digit: taken here, after the separators
    // that lead, so that the loop's bytes do not wait on its count.
    while (i < cell.size() && kPhoneSeparator[static_cast<unsigned char>(cell[i])]) {
        ++i;
    }
    if (i < cell.size() && cell[i] == '+') {
        buffer[size++] = '+';
        ++i;
    }
    unsigned char all_allowed = kPhoneAllowed;
    for (; i < cell.size(); ++i) {
        const char c = cell[i];
        const unsigned char kind = kPhoneClass[static_cast<unsigned char>(c)];
        all_allowed &= kind;
        buffer[size] = c;  // past the digits kept, overwritten by the next
        size += kind & kPhoneDigit;
    }
    if (all_allowed == 0 || size > kMaxPhoneDigits) {
        return std::nullopt;
    }
    return std::string_view(buffer.data(), size);
}

// The same for any cell, stopping at the first byte refused.
std::optional<std::string_view> phone_digits_of(std::string_view cell,
                                                std::array<char, 33>& buffer) {
    if (cell.size() < buffer.size()) {
        return phone_digits_of_short(cell, buffer);
    }
    std::size_t size = 0;
    for (const char c : cell) {
        if ((c >= '0' && c <= '9') || (c == '+' && size == 0)) {
            if (size == kMaxPhoneDigits) {
                return std::nullopt;
            }
            buffer[size++] = c;
        } else if (!kPhoneSeparator[static_cast<unsigned char>(c)]) {
            return std::nullopt;
        }
    }
    return std::string_view(buffer.data(), size);
}

std::optional<std::string> phone_of(const ColumnMeaning& meaning, std::string_view cell,
                                    const Scanner& scanner) {
    // The 0 of "+33 (0)6 ..." is kept, as libphonenumber keeps it: France's
    // trunk 0 is dropped by the normaliser, Italy's is part of the number.
    std::array<char, 33> buffer;
    const auto digits = phone_digits_of(cell, buffer);
    if (!digits || digits->size() < 4) {
        return std::nullopt;
    }
    return scanner.phones().to_e164(*digits, scanner.phone_regions_for(meaning.phone_region));
}

}  // namespace

std::optional<TypedValue> read_typed_cell(const ColumnMeaning& meaning, std::string_view cell,
                                          const Scanner& scanner) {
    TypedValue typed{};
    if (auto kind = read_typed_cell(meaning, cell, scanner, typed.canonical)) {
        typed.kind = *kind;
        return typed;
    }
    return std::nullopt;
}

std::optional<Kind> read_typed_cell(const ColumnMeaning& meaning, std::string_view cell,
                                    const Scanner& scanner, Cleartext& out) {
    cell = trim(cell);
    const auto kind = kind_of_role(meaning.role);
    if (!kind || cell.empty() || cell.size() > 320) {
        return std::nullopt;
    }
    Cleartext& value = out;
    if (!value.empty()) {
        value = Cleartext();  // empty means not found below
    }
    CompactBuffer buffer;
    switch (*kind) {
        case Kind::email:
            if (is_whole_email(cell)) {
                assign_lowercase(value, cell);
            }
            break;
        case Kind::nir:
            if (auto c = compact(cell, buffer)) {
                std::array<char, 15> nir;  // not zeroed: written whole when valid
                if (write_nir_canonical(*c, true, nir)) {
                    value.assign(std::string_view(nir.data(), nir.size()));
                }
            }
            break;
        case Kind::cf:
            if (auto c = compact(cell, buffer); c && codice_fiscale_is_valid(*c)) [[likely]] {
                assign_uppercase(value, *c);
            }
            break;
        case Kind::iban:
            if (auto c = compact(cell, buffer)) {
                if (auto iban = iban_canonical(*c)) {
                    value = Cleartext(std::move(*iban));
                }
            }
            break;
        case Kind::card:
            if (auto c = compact(cell, buffer); c && card_is_valid(*c)) {
                value = Cleartext(*c);
            }
            break;
        case Kind::phone:
            if (auto e164 = phone_of(meaning, cell, scanner)) {
                // Copied in place and wiped, as Cleartext(std::string&&) does,
                // without a temporary to move (three wipes of its buffer).
                assign_in_blocks(value, *e164);
                wipe_and_clear_in_blocks(*e164);
            }
            break;
        case Kind::person:
            break;
    }
    if (value.empty()) {
        return std::nullopt;
    }
    return kind;
}

}  // namespace lw::indexer
