#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lw::indexer {

// The regions tried when the caller has no better idea: {"FR", "IT"}.
std::span<const std::string> default_phone_regions();

// Turns a phone-number candidate from the text scanner into its E.164 form,
// with libphonenumber (8.12.57, the Debian 12 package) as the authority.
//
// A candidate is an optional leading "+" followed by digits (the scanner has
// already dropped spaces, dots, dashes and parentheses): "+33612345678",
// "0033612345678", "0612345678", "3451234567".
//
// The answer is defined as: for each region in `default_regions`, in order,
// PhoneNumberUtil::Parse(candidate, region); the first parse that succeeds and
// whose number IsValidNumber gives Format(number, E164). If no region gives a
// valid number, std::nullopt. The region order matters only for national
// numbers ("0612345678" is +33612345678 with FR first and the Rome landline
// +390612345678 with IT first); "+..." and "00..." numbers parse alike in FR
// and IT, which both use 00 as international prefix.
//
// Because Parse + IsValidNumber + Format costs ~17 us, French and Italian
// candidates with regions among FR and IT are answered by a translation of the
// library's rules (indexer/extract/phone_fast_path.h); the rest goes to the library.
// Both paths are checked against each other by a differential test.
//
// Thread safe: the object is immutable and libphonenumber's util is a
// thread-safe singleton. Its first use silences libphonenumber's logger for
// the whole process, so that no number reaches stderr.
class PhoneNormalizer {
  public:
    std::optional<std::string> to_e164(std::string_view candidate,
                                       std::span<const std::string> default_regions) const;
    std::optional<std::string> to_e164(std::string_view candidate) const {
        return to_e164(candidate, default_phone_regions());
    }

    // The definition above computed by libphonenumber alone, for the
    // differential test and the benchmark.
    std::optional<std::string> to_e164_reference(
        std::string_view candidate, std::span<const std::string> default_regions) const;

    // Whether libphonenumber knows `region` (an uppercase ISO 3166 code).
    bool is_known_region(std::string_view region) const;

    // Whether to_e164 answers this candidate without libphonenumber.
    bool fast_path_handles(std::string_view candidate,
                           std::span<const std::string> default_regions) const;
};

}  // namespace lw::indexer
