#pragma once

// Random identities for the benchmark generators (gen_paste, gen_shapes):
// names, birth dates and identifiers that pass every check, never real
// ones. Deterministic from the seed: the same seed gives the same bytes.
#include <array>
#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "indexer/extract/codice_fiscale.h"
#include "indexer/extract/nir.h"

namespace lw::bench {

constexpr std::array kLast = {"Martin",  "Bernard",  "Dubois",  "Thomas", "Robert",  "Richard",
                              "Petit",   "Durand",   "Leroy",   "Moreau", "Rossi",   "Russo",
                              "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"};
constexpr std::array kFirst = {"Jean", "Marie", "Pierre", "Hélène", "Luc",   "Camille", "Léa",
                               "Hugo", "Marco", "Giulia", "Luca",   "Sofia", "Matteo",  "Chiara"};
constexpr std::array kDomains = {"example.org", "mail.example.fr", "posta.example.it",
                                 "example.com"};
constexpr std::array kWords = {"the",     "dump",   "contains", "records", "from",
                               "a",       "clinic", "leak",     "sale",    "price",
                               "contact", "fresh",  "private",  "data",    "bonjour",
                               "merci",   "prezzo", "nuovo",    "file",    "link"};

class Generator {
  public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    std::string digits(int n) {
        std::string s;
        for (int i = 0; i < n; ++i)
            s.push_back(static_cast<char>('0' + below(10)));
        return s;
    }
    std::string two(int v) {
        return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
    }

    struct Person {
        std::string last, first, date_fr, date_iso, sex;
        int year, month, day;
    };
    Person person() {
        Person p;
        p.last = kLast[static_cast<std::size_t>(below(kLast.size()))];
        p.first = kFirst[static_cast<std::size_t>(below(kFirst.size()))];
        p.year = 1930 + below(80);
        p.month = 1 + below(12);
        p.day = 1 + below(28);
        p.date_fr = two(p.day) + "/" + two(p.month) + "/" + std::to_string(p.year);
        p.date_iso = std::to_string(p.year) + "-" + two(p.month) + "-" + two(p.day);
        p.sex = below(2) == 0 ? "1" : "2";
        return p;
    }
    std::string nir(const Person& p, bool spaced) {
        const std::string body =
            p.sex + two(p.year % 100) + two(p.month) + two(1 + below(95)) + digits(3) + digits(3);
        const int key = *lw::indexer::nir_key(body);
        if (!spaced)
            return body + two(key);
        return body.substr(0, 1) + " " + body.substr(1, 2) + " " + body.substr(3, 2) + " " +
               body.substr(5, 2) + " " + body.substr(7, 3) + " " + body.substr(10, 3) + " " +
               two(key);
    }
    std::string cf(const Person& p) {
        static constexpr std::string_view kMonths = "ABCDEHLMPRST";
        std::string s;
        for (int i = 0; i < 6; ++i)
            s.push_back(static_cast<char>('A' + below(26)));
        s += two(p.year % 100);
        s.push_back(kMonths[static_cast<std::size_t>(p.month - 1)]);
        s += two(p.day + (below(2) ? 40 : 0));
        s.push_back(static_cast<char>('A' + below(26)));
        s += digits(3);
        s.push_back(lw::indexer::codice_fiscale_check_char(s));
        return s;
    }
    // A codice fiscale whose last `letters` digit slots (1 to 7, from the
    // right) hold omocodia letters, as issued to the second of two people
    // whose codes would be the same; the check letter is computed again.
    std::string cf_omocodic(const Person& p, int letters) {
        static constexpr std::array<std::size_t, 7> kSlots = {14, 13, 12, 10, 9, 7, 6};
        static constexpr std::string_view kOmocodia = "LMNPQRSTUV";
        std::string s = cf(p);
        for (int k = 0; k < letters; ++k) {
            char& c = s[kSlots[static_cast<std::size_t>(k)]];
            c = kOmocodia[static_cast<std::size_t>(c - '0')];
        }
        s[15] = lw::indexer::codice_fiscale_check_char(std::string_view(s).substr(0, 15));
        return s;
    }
    std::string phone_fr() {
        const std::string n = "0" + std::to_string(6 + below(2)) + digits(8);
        if (below(2))
            return n;
        return n.substr(0, 2) + " " + n.substr(2, 2) + " " + n.substr(4, 2) + " " + n.substr(6, 2) +
               " " + n.substr(8, 2);
    }
    std::string phone_it() {
        return below(2) ? "+39 3" + digits(2) + " " + digits(7) : "3" + digits(9);
    }
    std::string email(const Person& p) {
        std::string s;
        // ASCII letters and the dot: "De Luca", "D'Amico" and "Hélène" lose
        // the rest.
        for (char c : p.first + "." + p.last) {
            if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '.') {
                s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
            }
        }
        return s + digits(2) + "@" + kDomains[static_cast<std::size_t>(below(kDomains.size()))];
    }
    std::string word() { return kWords[static_cast<std::size_t>(below(kWords.size()))]; }

  private:
    std::mt19937_64 rng_;
};

}  // namespace lw::bench
