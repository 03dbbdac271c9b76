#pragma once

#include <span>
#include <string>
#include <string_view>

namespace lw::indexer {

// A hand-written stand-in for libphonenumber 8.12.57 (Debian 12) restricted to
// the candidates leakwatch sees most: French (+33) and Italian (+39) numbers,
// parsed with default regions "FR" and "IT". Whenever it answers valid or
// invalid, the answer is exactly what the reference path in phone.h would
// give; everything else is not_handled and must go to libphonenumber.
//
// The rules are a translation of that version's metadata for FR, IT and VA
// (the Vatican shares +39), so they must be re-derived and the differential
// test re-run whenever the libphonenumber package changes.

enum class FastPathStatus {
    not_handled,  // outside what is modelled exactly: ask libphonenumber
    invalid,      // libphonenumber finds no valid parse in any listed region
    valid,        // e164 holds what libphonenumber would return
};

struct FastPathResult {
    FastPathStatus status = FastPathStatus::not_handled;
    std::string e164;  // empty unless status == valid
};

// Same contract as PhoneNormalizer::to_e164 (see phone.h), except that it may
// decline. It declines for anything but "+"? then digits, for regions other
// than exactly "FR" and "IT" (as soon as one is reached in the list), for
// country codes other than 33 and 39 and for two odd shapes (a leading "000"
// or "+0").
FastPathResult fast_path_to_e164(std::string_view candidate,
                                 std::span<const std::string> default_regions);

}  // namespace lw::indexer
