#include "indexer/extract/phone.h"

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <mutex>
#include <set>

#include "indexer/extract/phone_fast_path.h"

namespace lw::indexer {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const std::array<std::string, 2> kDefaultRegions = {"FR", "IT"};

// libphonenumber, ready and silent. Its start-up (parsing the metadata of
// every region, tens of millions of instructions) is paid on the first
// number the fast path does not answer, not by every run.
// SetLogger swaps a process-wide pointer; doing it once avoids racing
// threads and keeps later callers from replacing the logger while another
// thread might be logging through it.
const PhoneNumberUtil& phone_util() {
    static std::once_flag once;
    std::call_once(once, [] {
        PhoneNumberUtil::GetInstance()->SetLogger(new i18n::phonenumbers::NullLogger());
    });
    return *PhoneNumberUtil::GetInstance();
}

}  // namespace

std::span<const std::string> default_phone_regions() {
    return kDefaultRegions;
}

std::optional<std::string> PhoneNormalizer::to_e164(
    std::string_view candidate, std::span<const std::string> default_regions) const {
    FastPathResult fast = fast_path_to_e164(candidate, default_regions);
    switch (fast.status) {
        case FastPathStatus::valid:
            return std::move(fast.e164);
        case FastPathStatus::invalid:
            return std::nullopt;
        case FastPathStatus::not_handled:
            break;
    }
    return to_e164_reference(candidate, default_regions);
}

std::optional<std::string> PhoneNormalizer::to_e164_reference(
    std::string_view candidate, std::span<const std::string> default_regions) const {
    const PhoneNumberUtil& util = phone_util();
    const std::string input(candidate);
    for (const std::string& region : default_regions) {
        PhoneNumber number;
        if (util.Parse(input, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
            continue;
        }
        if (!util.IsValidNumber(number)) {
            continue;
        }
        std::string e164;
        util.Format(number, PhoneNumberUtil::E164, &e164);
        return e164;
    }
    return std::nullopt;
}

bool PhoneNormalizer::fast_path_handles(std::string_view candidate,
                                        std::span<const std::string> default_regions) const {
    return fast_path_to_e164(candidate, default_regions).status != FastPathStatus::not_handled;
}

bool PhoneNormalizer::is_known_region(std::string_view region) const {
    std::set<std::string> regions;
    phone_util().GetSupportedRegions(&regions);
    return regions.count(std::string(region)) != 0;
}

}  // namespace lw::indexer
