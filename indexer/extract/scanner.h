#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "indexer/base/cleartext.h"
#include "indexer/base/kind.h"

namespace lw::indexer {

class PhoneNormalizer;

// One identifier found in a piece of text: where it starts (byte offset in
// the text scanned) and its canonical form.
struct Match {
    // Not value-initialised: that zeroed the whole object (a `rep stos` of 96
    // bytes for every typed cell); the value's buffer is written before it
    // is read.
    Match() noexcept {}

    Kind kind{};
    std::size_t offset = 0;
    Cleartext canonical;
    std::size_t length = 0;  // bytes of text it was read from (0: unknown)
};

struct ScanOptions {
    // Regions tried, in order, for phone numbers written without a country
    // code. Also decides whether Italian mobiles without a 0 and Italian
    // landlines under 9 digits are looked for.
    std::vector<std::string> regions = {"FR", "IT"};
    // The regions a column's name may suggest for its phone numbers ("FR"
    // for telephone, "IT" for telefono): records/column_map.h's table,
    // phone_column_regions(), which the scanner, a layer below, does not
    // see. For each, phone_regions_for keeps "it, then `regions`" ready.
    // tests/unit/indexer/records/records_test.cpp checks the two agree.
    std::vector<std::string> column_regions = {"FR", "IT"};
};

// The free-text scanner: emails, NIR, codice fiscale, phones, IBANs and card
// numbers in one pass over a line of text. Stateless once built; safe to
// share between threads.
//
// Free-text policy (a column labelled with its kind accepts more, see
// typed_value.h): NIR with 15 characters only; phones only when written with
// '+' or '00' (the country named decides for the whole span), a national '0'
// (9 digits or more; with Italy among the regions from 6, in one piece or in
// groups joined by spaces), or as a 10-digit Italian mobile; digits glued to
// letters or to a longer number are never an identifier.
class Scanner {
  public:
    Scanner(const PhoneNormalizer& phones, ScanOptions options);

    // Appends the identifiers of `text` to `out`, in text order.
    void scan(std::string_view text, std::vector<Match>& out) const;

    // The regions a phone column tries when its name suggests `column_region`
    // ("IT" for telefono): that one first, then the default regions.
    std::span<const std::string> phone_regions_for(std::string_view column_region) const noexcept;

    const ScanOptions& options() const noexcept { return options_; }
    const PhoneNormalizer& phones() const noexcept { return phones_; }

  private:
    struct Group;
    enum class NumberPass;
    void scan_number_span(std::string_view text, std::size_t& at, std::vector<Match>& out) const;
    bool try_number(std::string_view text, std::span<const Group> groups, std::size_t first,
                    std::size_t last, bool plus, NumberPass pass, std::vector<Match>& out) const;
    bool try_phone(std::string_view compact, std::size_t offset, std::size_t end,
                   std::vector<Match>& out) const;
    bool try_iban(std::string_view text, std::size_t word_begin, std::size_t& word_end,
                  std::vector<Match>& out) const;

    const PhoneNormalizer& phones_;
    ScanOptions options_;
    // Italy is among the regions: 10-digit mobiles without a 0 and
    // landlines shorter than 9 digits are looked for.
    bool italian_;
    // For each region phone columns suggest: it, then the default regions.
    std::vector<std::vector<std::string>> column_region_orders_;
};

}  // namespace lw::indexer
