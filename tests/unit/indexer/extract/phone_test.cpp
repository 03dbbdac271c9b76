#include "indexer/extract/phone.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "indexer/extract/scanner.h"

namespace {

using lw::indexer::Kind;
using lw::indexer::Match;
using lw::indexer::PhoneNormalizer;
using lw::indexer::Scanner;
using lw::indexer::ScanOptions;

const std::vector<std::string> kFranceItaly = {"FR", "IT"};
const std::vector<std::string> kItalyFrance = {"IT", "FR"};
const std::vector<std::string> kFrance = {"FR"};
const std::vector<std::string> kItaly = {"IT"};
const std::vector<std::string> kGermany = {"DE"};
const std::vector<std::string> kFranceGermany = {"FR", "DE"};

std::optional<std::string> e164(std::string_view candidate) {
    static const PhoneNormalizer normalizer;
    return normalizer.to_e164(candidate);
}

std::optional<std::string> e164(std::string_view candidate,
                                const std::vector<std::string>& regions) {
    static const PhoneNormalizer normalizer;
    return normalizer.to_e164(candidate, regions);
}

bool fast(std::string_view candidate, const std::vector<std::string>& regions = kFranceItaly) {
    static const PhoneNormalizer normalizer;
    return normalizer.fast_path_handles(candidate, regions);
}

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return fallback;
    }
    return std::strtoull(value, nullptr, 0);
}

// The size of the differential tests: an eighth of it goes to lines of free
// text, which cost twice as much as a bare candidate, so that both together
// take about the time 2,000,000 bare candidates used to.
std::uint64_t differential_count() {
    return env_or("LW_PHONE_DIFF_COUNT", 2'000'000);
}
std::uint64_t differential_lines() {
    return differential_count() / 8;
}

}  // namespace

TEST_CASE("phone: the default regions are France then Italy", "[indexer][phone]") {
    const auto regions = lw::indexer::default_phone_regions();
    REQUIRE(regions.size() == 2);
    CHECK(regions[0] == "FR");
    CHECK(regions[1] == "IT");
}

TEST_CASE("phone: a French number in E.164 stays as it is", "[indexer][phone]") {
    CHECK(e164("+33612345678") == "+33612345678");
    CHECK(e164("+33123456789") == "+33123456789");
    CHECK(fast("+33612345678"));
}

TEST_CASE("phone: a French number with the 00 prefix becomes E.164", "[indexer][phone]") {
    CHECK(e164("0033612345678") == "+33612345678");
    CHECK(e164("0033612345678", kItaly) == "+33612345678");
    CHECK(fast("0033612345678"));
}

TEST_CASE("phone: a national French mobile becomes E.164", "[indexer][phone]") {
    CHECK(e164("0612345678") == "+33612345678");
    CHECK(e164("0756781234") == "+33756781234");
    CHECK(fast("0612345678"));
}

TEST_CASE("phone: national French numbers of every type become E.164", "[indexer][phone]") {
    CHECK(e164("0123456789") == "+33123456789");  // fixed line
    CHECK(e164("0801234567") == "+33801234567");  // toll free
    CHECK(e164("0891123456") == "+33891123456");  // premium
    CHECK(e164("0884012345") == "+33884012345");  // shared cost
    CHECK(e164("0912345678") == "+33912345678");  // VoIP
    CHECK(e164("0806123456") == "+33806123456");  // UAN
}

TEST_CASE("phone: a French number without its trunk 0 is still French", "[indexer][phone]") {
    CHECK(e164("612345678") == "+33612345678");
    CHECK(fast("612345678"));
}

TEST_CASE("phone: a written-out (0) after +33 is dropped as libphonenumber does",
          "[indexer][phone]") {
    CHECK(e164("+330612345678") == "+33612345678");
    CHECK(e164("330612345678") == "+33612345678");
    CHECK(e164("33612345678") == "+33612345678");
    // Parse strips two trunk zeros after a national 33, one after +33.
    CHECK(e164("3300612345678") == "+33612345678");
    CHECK(e164("+3300612345678") == std::nullopt);
    CHECK(fast("+330612345678"));
}

TEST_CASE("phone: a national Italian mobile becomes E.164", "[indexer][phone]") {
    CHECK(e164("3451234567") == "+393451234567");
    CHECK(e164("345123456", kItaly) == "+39345123456");  // old nine-digit mobile
    // ...which France takes first: nine digits starting with 3 are a French landline.
    CHECK(e164("345123456") == "+33345123456");
    CHECK(fast("3451234567"));
}

TEST_CASE("phone: an Italian landline keeps its leading 0", "[indexer][phone]") {
    CHECK(e164("+390612345678") == "+390612345678");
    CHECK(e164("00390212345678") == "+390212345678");
    CHECK(e164("0212345678", kItaly) == "+390212345678");
    // Too short for France, so only Italy accepts it.
    CHECK(e164("06123456") == "+3906123456");
    CHECK(fast("06123456"));
    CHECK(fast("+390612345678"));
}

TEST_CASE("phone: Italian numbers of the other types become E.164", "[indexer][phone]") {
    CHECK(e164("+39800123456") == "+39800123456");      // toll free
    CHECK(e164("+39899123456") == "+39899123456");      // premium
    CHECK(e164("+39848123456") == "+39848123456");      // shared cost
    CHECK(e164("+395512345678") == "+395512345678");    // VoIP
    CHECK(e164("+391781234567") == "+391781234567");    // personal
    CHECK(e164("+3933101234501") == "+3933101234501");  // voicemail
    CHECK(e164("+3906698123") == "+3906698123");        // Vatican City
    CHECK(e164("+390669812345678") == std::nullopt);    // too long for the Vatican
}

TEST_CASE("phone: a national Italian number may carry its country code", "[indexer][phone]") {
    CHECK(e164("393451234567", kItaly) == "+393451234567");
    // Nine or ten digits after 39 make a 39x mobile, not a country code.
    CHECK(e164("3912345678", kItaly) == "+393912345678");
}

TEST_CASE("phone: the region order decides ambiguous national numbers", "[indexer][phone]") {
    CHECK(e164("0612345678", kFranceItaly) == "+33612345678");
    CHECK(e164("0612345678", kItalyFrance) == "+390612345678");
    CHECK(e164("33612345678", kFranceItaly) == "+33612345678");
    CHECK(e164("33612345678", kItalyFrance) == "+3933612345678");  // Italian voicemail
    // Invalid in France (71 is unassigned), so Italy gets its turn.
    CHECK(e164("0710000000", kFrance) == std::nullopt);
    CHECK(e164("0710000000", kFranceItaly) == "+390710000000");
}

TEST_CASE("phone: numbers in unassigned ranges are rejected", "[indexer][phone]") {
    CHECK(e164("+33401234567") == std::nullopt);   // 40
    CHECK(e164("+33870000000") == std::nullopt);   // 87
    CHECK(e164("+33639123456") == std::nullopt);   // 639
    CHECK(e164("+33836041234") == std::nullopt);   // 83604
    CHECK(e164("+39301234567") == std::nullopt);   // 30
    CHECK(e164("+397012345678") == std::nullopt);  // 70: possible, no type
    CHECK(e164("0000000000") == std::nullopt);
    CHECK(fast("+33401234567"));
    CHECK(fast("+39301234567"));
}

TEST_CASE("phone: numbers of the wrong length are rejected", "[indexer][phone]") {
    CHECK(e164("+3361234567") == std::nullopt);
    CHECK(e164("+336123456789") == std::nullopt);
    CHECK(e164("+3934512345") == std::nullopt);
    CHECK(e164("+393451234567890") == std::nullopt);
    CHECK(e164("+393") == std::nullopt);
    CHECK(e164("+") == std::nullopt);
    CHECK(e164("") == std::nullopt);
    CHECK(e164("0") == std::nullopt);
    CHECK(e164("0033") == std::nullopt);
}

TEST_CASE("phone: other countries are left to libphonenumber", "[indexer][phone]") {
    CHECK(e164("+4915123456789") == "+4915123456789");
    CHECK(e164("004915123456789") == "+4915123456789");
    CHECK(e164("+447911123456") == "+447911123456");
    CHECK_FALSE(fast("+4915123456789"));
    CHECK_FALSE(fast("004915123456789"));
}

TEST_CASE("phone: regions other than France and Italy are left to libphonenumber",
          "[indexer][phone]") {
    CHECK(e164("015123456789", kGermany) == "+4915123456789");
    CHECK_FALSE(fast("015123456789", kGermany));
    CHECK_FALSE(fast("+33612345678", kGermany));
    CHECK(e164("+33612345678", kGermany) == "+33612345678");
    // A French answer comes before Germany is reached.
    CHECK(fast("0612345678", kFranceGermany));
    CHECK_FALSE(fast("0012", kFranceGermany));
    CHECK(e164("0612345678", std::vector<std::string>{}) == std::nullopt);
}

TEST_CASE("phone: odd shapes are left to libphonenumber", "[indexer][phone]") {
    CHECK_FALSE(fast("+33 6 12 34 56 78"));
    CHECK(e164("+33 6 12 34 56 78") == "+33612345678");
    CHECK_FALSE(fast("+0033612345678"));
    CHECK(e164("+0033612345678") == "+33612345678");
    CHECK_FALSE(fast("000612345678"));
    CHECK(e164("000612345678") == std::nullopt);
}

TEST_CASE("phone: the normalizer can be shared between threads", "[indexer][phone]") {
    const PhoneNormalizer normalizer;
    const std::vector<std::string> candidates = {
        "+33612345678", "0612345678",   "3451234567", "+390612345678",  "+4915123456789",
        "0710000000",   "+33401234567", "06123456",   "00393451234567", "12",
    };
    std::vector<std::optional<std::string>> expected;
    for (const std::string& candidate : candidates) {
        expected.push_back(normalizer.to_e164_reference(candidate, kFranceItaly));
    }
    std::array<int, 4> mismatches{};
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 500; ++round) {
                for (std::size_t i = 0; i < candidates.size(); ++i) {
                    if (normalizer.to_e164(candidates[i], kFranceItaly) != expected[i]) {
                        ++mismatches[t];
                    }
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    CHECK(mismatches == std::array<int, 4>{});
}

namespace {

// The random draws both generators below are made of.
class Dice {
  public:
    explicit Dice(std::uint64_t seed) : random_(seed) {}

    std::size_t below(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
    }
    std::string digit(int low, int high) {
        return std::string(1, static_cast<char>('0' + low + below(high - low + 1)));
    }
    std::string digits(std::size_t count) {
        std::string out;
        for (std::size_t i = 0; i < count; ++i) {
            out += digit(0, 9);
        }
        return out;
    }
    std::string pick(std::initializer_list<const char*> options) {
        return *(options.begin() + below(options.size()));
    }

  private:
    std::mt19937_64 random_;
};

// Synthetic candidates, biased towards the shapes the fast path claims, and
// towards the edges of its rules (lengths around the valid ones, every
// leading digit after a prefix).
class CandidateGenerator : Dice {
  public:
    explicit CandidateGenerator(std::uint64_t seed) : Dice(seed) {}

    // Returns a candidate; `plausible` says whether it has one of the French
    // or Italian shapes the fast path is meant to cover.
    std::string next(bool& plausible) {
        plausible = true;
        switch (below(10)) {
            case 0:  // +33 / 0033 / 0, then 1-9 and 8-9 more digits, length +-2
                return pick({"+33", "0033", "0"}) + digit(1, 9) + digits(6 + below(6));
            case 1:  // the most common: exactly nine digits after the prefix
                return pick({"+33", "0033", "0"}) + digit(1, 9) + digits(8);
            case 2:  // +39 / 0039, then 0x, 3x, 8x or anything, 6-12 digits
                return pick({"+39", "0039"}) + italian_start() + digits(4 + below(7));
            case 3:  // national Italian mobile 3xxxxxxxxx, length +-2
                return std::string("3").append(digits(7 + below(5)));
            case 4:  // national Italian landline 0x..., 6-11 digits
                return std::string("0").append(digit(1, 9)).append(digits(4 + below(6)));
            case 5:  // national with the country code, no + or 00
                return pick({"33", "39", "330", "3300"}) + digit(0, 9) + digits(6 + below(6));
            case 6:  // numbers the library's regexes single out
                return pick({"+39", "0039", "", "39"}) +
                       pick({"0669", "06698", "0878", "89", "84", "80", "55", "70", "1"}) +
                       digits(1 + below(9));
            default:
                plausible = false;
                return std::string(below(5) == 0 ? "+" : "").append(digits(1 + below(16)));
        }
    }

    const std::vector<std::string>& regions() {
        static const std::array<const std::vector<std::string>*, 6> kLists = {
            &kFranceItaly, &kFranceItaly, &kItalyFrance, &kFrance, &kItaly, &kFranceGermany,
        };
        return *kLists[below(kLists.size())];
    }

  private:
    std::string italian_start() {
        switch (below(4)) {
            case 0:
                return "0" + digit(1, 9);
            case 1:
                return "3" + digit(0, 9);
            case 2:
                return "8" + digit(0, 9);
            default:
                return digits(2);
        }
    }
};

}  // namespace

TEST_CASE("phone: the fast path agrees with libphonenumber on random candidates",
          "[indexer][phone][differential]") {
    const std::uint64_t seed = env_or("LW_PHONE_DIFF_SEED", 0x1ea4a7c4);
    const std::uint64_t count = differential_count() - differential_lines();
    std::cout << "phone differential: seed=0x" << std::hex << seed << std::dec << " count=" << count
              << " (7/8 of LW_PHONE_DIFF_COUNT; override with LW_PHONE_DIFF_SEED / "
                 "LW_PHONE_DIFF_COUNT)"
              << std::endl;

    const PhoneNormalizer normalizer;
    CandidateGenerator generator(seed);
    std::uint64_t plausible_total = 0;
    std::uint64_t plausible_fast = 0;
    std::uint64_t all_fast = 0;
    std::uint64_t valid = 0;
    std::uint64_t mismatches = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        bool plausible = false;
        const std::string candidate = generator.next(plausible);
        const std::vector<std::string>& regions = generator.regions();
        const std::optional<std::string> got = normalizer.to_e164(candidate, regions);
        const std::optional<std::string> want = normalizer.to_e164_reference(candidate, regions);
        const bool handled = normalizer.fast_path_handles(candidate, regions);
        all_fast += handled;
        // A list with Germany may rightly send invalid French numbers to the
        // library, so it does not count towards the fast path's coverage.
        if (plausible && &regions != &kFranceGermany) {
            ++plausible_total;
            plausible_fast += handled;
        }
        valid += want.has_value();
        if (got != want) {
            if (++mismatches <= 20) {
                std::cout << "  mismatch #" << i << ": candidate=" << candidate << " regions=";
                for (const std::string& region : regions) {
                    std::cout << region << ",";
                }
                std::cout << " fast=" << got.value_or("(invalid)")
                          << " libphonenumber=" << want.value_or("(invalid)") << "\n";
            }
        }
    }
    const double plausible_rate =
        plausible_total == 0 ? 1.0 : static_cast<double>(plausible_fast) / plausible_total;
    std::cout << "phone differential: " << mismatches << " mismatches, " << valid
              << " valid, fast path took " << all_fast << " of " << count << " (" << plausible_fast
              << " of " << plausible_total << " plausible, " << 100.0 * plausible_rate << "%)"
              << std::endl;
    CHECK(mismatches == 0);
    CHECK(plausible_rate > 0.95);
}

namespace {

// Where a number was written in a line.
struct Span {
    std::size_t begin;
    std::size_t end;
};

// Lines of free text with one or two numbers in them, written as people
// write them: French pairs, Italian area codes set apart, "+CC", "00CC",
// "00 CC" and "+CC (0)" prefixes, other countries' numbers, and wrong
// numbers of the same shapes (after a prefix a digit too many or too few,
// the other country's number or random digits; wrong area codes; noise).
// National numbers have the lengths libphonenumber accepts for Italy (0 and
// 5 to 10 digits) or France (0 and 9 digits), or are written in one piece.
//
// Left out, as the scanner's policy (scanner.h): '/' between groups, '.' or
// '-' in national numbers under 9 digits (dates), national numbers without
// a 0 but for 10-digit Italian mobiles, "+" and fewer than 7 digits (a few
// German, Austrian and Iranian ones are valid to libphonenumber), and
// national numbers too long for any range written in groups, of which the
// scanner reads the longest valid run of groups (a phone, then a house
// number) where libphonenumber refuses the whole.
class LineGenerator : Dice {
  public:
    explicit LineGenerator(std::uint64_t seed) : Dice(seed) {}

    std::string next(std::vector<Span>& spans) {
        spans.clear();
        std::string line = pick({"", "", "chiamare ", "tel: ", "Tél. ", "appeler le ", "numero ",
                                 "(", "cell.", "contatto: "});
        const std::size_t numbers = below(10) < 3 ? 2 : 1;
        for (std::size_t k = 0; k < numbers; ++k) {
            if (k > 0) {
                line += pick({" oppure ", " ou ", ", ", " / ", "; "});
            }
            const std::size_t begin = line.size();
            line += number();
            spans.push_back({begin, line.size()});
        }
        line += pick({"", "", " entro sera", ".", ",", ")", " merci", " grazie."});
        return line;
    }

    // Lists with Italy (where short numbers are looked for) and France alone.
    const std::vector<std::string>& regions() {
        static const std::array<const std::vector<std::string>*, 5> kLists = {
            &kFranceItaly, &kFranceItaly, &kItaly, &kItalyFrance, &kFrance,
        };
        return *kLists[below(kLists.size())];
    }

  private:
    std::string number() {
        const std::size_t roll = below(20);
        if (roll < 4) {
            return italian_landline(below(6) + 6);
        }
        if (roll < 6) {
            return french_national();
        }
        if (roll < 8) {
            return italian_mobile();
        }
        if (roll < 15) {
            return international();
        }
        if (roll < 17) {
            return foreign();
        }
        // Noise in one piece: a 0, a plus or a 3 and digits of any length.
        switch (below(3)) {
            case 0:
                return "0" + digits(4 + below(10));
            case 1:
                return "+" + digits(7 + below(10));
            default:
                return "3" + digits(9);
        }
    }

    // `digits` cut into groups of `sizes` (the last one repeated), joined by
    // `separator`; a last digit alone joins the group before it, as people
    // write odd lengths ("02 12 34 567").
    static std::string grouped(std::string_view digits, std::initializer_list<std::size_t> sizes,
                               char separator) {
        std::string out;
        std::size_t at = 0;
        std::size_t k = 0;
        while (at < digits.size()) {
            std::size_t size = *(sizes.begin() + std::min(k++, sizes.size() - 1));
            if (at + size + 1 == digits.size()) {
                ++size;
            }
            if (at > 0) {
                out += separator;
            }
            out += digits.substr(at, size);
            at += size;
        }
        return out;
    }

    // 0, an area code digit and more digits, `length` in all: compact, the
    // area code apart, or the rest in twos to fours too. 0878 numbers
    // (premium, not an area code) have 9 digits.
    std::string italian_landline(std::size_t length) {
        std::string number = "0" + digit(1, 9) + digits(length - 2);
        if (number.starts_with("0878")) {
            number.resize(9, '0');
        }
        const std::size_t area = 2 + below(3);
        switch (below(6)) {
            case 0:
            case 1:
            case 2:
                return number;
            case 3:
            case 4:
                return number.substr(0, area) + " " + number.substr(area);
            default:
                return number.substr(0, area) + " " +
                       grouped(std::string_view(number).substr(area), {2 + below(3)}, ' ');
        }
    }

    std::string french_national() {
        const std::string number = "0" + digit(1, 9) + digits(8);
        switch (below(5)) {
            case 0:
                return number;
            case 1:
                return grouped(number, {2}, '.');
            case 2:
                return grouped(number, {2}, '-');
            default:
                return grouped(number, {2}, ' ');
        }
    }

    std::string italian_mobile() {
        const std::string number = "3" + digit(1, 9) + digits(8);
        switch (below(4)) {
            case 0:
                return number;
            case 1:
                return grouped(number, {3, 3, 4}, ' ');
            case 2:
                return grouped(number, {3, 7}, ' ');
            default:
                return grouped(number, {3, 3, 4}, '.');
        }
    }

    // What follows a prefix: French or Italian numbers of every type, valid
    // or with a digit too many or too few, or random digits.
    std::string national_part() {
        switch (below(6)) {
            case 0: {  // French: 6 12 34 56 78
                std::string nsn = digit(1, 9) + digits(7 + below(3));
                return nsn.substr(0, 1) + " " + grouped(std::string_view(nsn).substr(1), {2}, ' ');
            }
            case 1:
                return digit(1, 9) + digits(7 + below(3));
            case 2:
                return italian_landline(below(8) + 5);
            case 3:
                return "3" + digit(0, 9) + " " + digits(6 + below(4));
            case 4:
                return "0" + digit(1, 9) + digits(8);  // with the trunk 0
            default:
                return digits(3 + below(11));
        }
    }

    std::string international() {
        std::string prefix = pick({"+33", "+39", "0033", "0039", "00 33", "00 39", "00"});
        if (prefix[0] == '+' && below(5) == 0) {
            prefix += pick({" (0)", "(0)", " (0) "});
        } else if (prefix != "00" && below(4) == 0) {
            return prefix + digits(6 + below(6));  // glued
        } else {
            prefix += " ";
        }
        return prefix + national_part();
    }

    std::string foreign() {
        const std::string prefix = below(3) == 0 ? "00" : "+";
        const std::string country = pick({"49", "44", "1", "41", "34", "32", "351", "48", "212"});
        return prefix + country + " " + grouped(digits(6 + below(6)), {3, 4}, ' ');
    }
};

}  // namespace

TEST_CASE("phone: the scanner reads numbers in free-text lines as libphonenumber does",
          "[indexer][phone][scanner][differential]") {
    const std::uint64_t seed = env_or("LW_PHONE_DIFF_SEED", 0x1ea4a7c4);
    const std::uint64_t count = differential_lines();
    std::cout << "phone differential, lines: seed=0x" << std::hex << seed << std::dec
              << " lines=" << count << " (an eighth of LW_PHONE_DIFF_COUNT)" << std::endl;

    const PhoneNormalizer normalizer;
    const std::array<const std::vector<std::string>*, 4> lists = {&kFranceItaly, &kItaly,
                                                                  &kItalyFrance, &kFrance};
    std::vector<std::unique_ptr<Scanner>> scanners;
    for (const auto* regions : lists) {
        scanners.push_back(std::make_unique<Scanner>(normalizer, ScanOptions{*regions}));
    }
    LineGenerator generator(seed);
    std::vector<Span> spans;
    std::vector<Match> matches;
    std::uint64_t numbers = 0;
    std::uint64_t valid = 0;
    std::uint64_t mismatches = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::string line = generator.next(spans);
        const std::vector<std::string>& regions = generator.regions();
        const auto list = std::find(lists.begin(), lists.end(), &regions) - lists.begin();
        matches.clear();
        scanners[static_cast<std::size_t>(list)]->scan(line, matches);
        // Each span holds the phone libphonenumber reads in it, whole, or
        // none; no phone is found outside the spans.
        std::size_t phones_in_spans = 0;
        std::string got;
        std::string want;
        bool agree = true;
        for (const Span& span : spans) {
            ++numbers;
            const auto reference = normalizer.to_e164_reference(
                std::string_view(line).substr(span.begin, span.end - span.begin), regions);
            valid += reference.has_value();
            std::vector<const Match*> found;
            for (const Match& m : matches) {
                if (m.kind == Kind::phone && m.offset >= span.begin && m.offset < span.end) {
                    found.push_back(&m);
                }
            }
            phones_in_spans += found.size();
            for (const Match* m : found) {
                got += std::string(m->canonical.reveal()) + " ";
            }
            want += reference.value_or("(none)") + " ";
            if (reference) {
                agree = agree && found.size() == 1 && found[0]->offset == span.begin &&
                        found[0]->length == span.end - span.begin &&
                        found[0]->canonical.reveal() == *reference;
            } else {
                agree = agree && found.empty();
            }
        }
        const auto phones_found = std::count_if(
            matches.begin(), matches.end(), [](const Match& m) { return m.kind == Kind::phone; });
        agree = agree && static_cast<std::size_t>(phones_found) == phones_in_spans;
        if (!agree && ++mismatches <= 20) {
            std::cout << "  mismatch #" << i << ": line=[" << line << "] regions=";
            for (const std::string& region : regions) {
                std::cout << region << ",";
            }
            std::cout << " scanner=" << (got.empty() ? "(none) " : got) << "libphonenumber=" << want
                      << "\n";
        }
    }
    std::cout << "phone differential, lines: " << mismatches << " mismatches in " << count
              << " lines, " << numbers << " numbers, " << valid << " valid" << std::endl;
    CHECK(mismatches == 0);
}
