// Writes synthetic paste-like text to stdout: French and Italian CSV dumps,
// SQL dumps, prose and logs, with random identities that pass every check
// (never real ones). Usage: gen_paste BYTES [SEED]
//                          gen_paste --aphp ROWS [SEED]: one dump shaped like the
//                          2021 AP-HP leak, every identity distinct
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "indexer/codice_fiscale.h"
#include "indexer/nir.h"

namespace {

constexpr std::array kLast = {"Martin", "Bernard", "Dubois",  "Thomas", "Robert", "Richard",
                              "Petit",  "Durand",  "Leroy",   "Moreau", "Rossi",  "Russo",
                              "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"};
constexpr std::array kFirst = {"Jean",  "Marie", "Pierre", "Hélène", "Luc",   "Camille", "Léa",
                               "Hugo",  "Marco", "Giulia", "Luca",   "Sofia", "Matteo",  "Chiara"};
constexpr std::array kDomains = {"example.org", "mail.example.fr", "posta.example.it",
                                 "example.com"};
constexpr std::array kWords = {"the",   "dump",  "contains", "records", "from",  "a",     "clinic",
                               "leak",  "sale",  "price",    "contact", "fresh", "private",
                               "data",  "bonjour", "merci",   "prezzo", "nuovo", "file", "link"};

class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    std::string digits(int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + below(10)));
        return s;
    }
    std::string two(int v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); }

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
        const std::string body = p.sex + two(p.year % 100) + two(p.month) + two(1 + below(95)) +
                                 digits(3) + digits(3);
        const int key = *lw::indexer::nir_key(body);
        if (!spaced) return body + two(key);
        return body.substr(0, 1) + " " + body.substr(1, 2) + " " + body.substr(3, 2) + " " +
               body.substr(5, 2) + " " + body.substr(7, 3) + " " + body.substr(10, 3) + " " + two(key);
    }
    std::string cf(const Person& p) {
        static constexpr std::string_view kMonths = "ABCDEHLMPRST";
        std::string s;
        for (int i = 0; i < 6; ++i) s.push_back(static_cast<char>('A' + below(26)));
        s += two(p.year % 100);
        s.push_back(kMonths[static_cast<std::size_t>(p.month - 1)]);
        s += two(p.day + (below(2) ? 40 : 0));
        s.push_back(static_cast<char>('A' + below(26)));
        s += digits(3);
        s.push_back(lw::indexer::codice_fiscale_check_char(s));
        return s;
    }
    std::string phone_fr() {
        const std::string n = "0" + std::to_string(6 + below(2)) + digits(8);
        if (below(2)) return n;
        return n.substr(0, 2) + " " + n.substr(2, 2) + " " + n.substr(4, 2) + " " + n.substr(6, 2) + " " + n.substr(8, 2);
    }
    std::string phone_it() { return below(2) ? "+39 3" + digits(2) + " " + digits(7) : "3" + digits(9); }
    std::string email(const Person& p) {
        std::string s;
        for (char c : p.first + "." + p.last) {
            if (static_cast<unsigned char>(c) < 0x80) s.push_back(static_cast<char>(std::tolower(c)));
        }
        return s + digits(2) + "@" + kDomains[static_cast<std::size_t>(below(kDomains.size()))];
    }
    std::string word() { return kWords[static_cast<std::size_t>(below(kWords.size()))]; }

private:
    std::mt19937_64 rng_;
};

}  // namespace

// nom;prenom;date_naissance;sexe;nir;adresse;telephone;email;resultat, with
// the row number in the email so that every email is distinct, as in a
// real dump (names and NIR serials are random, so nearly all are).
int write_aphp(std::uint64_t rows, std::uint64_t seed) {
    Generator g(seed);
    std::string out = "nom;prenom;date_naissance;sexe;nir;adresse;telephone;email;resultat\n";
    for (std::uint64_t i = 0; i < rows; ++i) {
        const auto p = g.person();
        out += p.last + ";" + p.first + ";" + p.date_fr + ";" + (p.sex == "1" ? "M" : "F") + ";" +
               g.nir(p, false) + ";" + std::to_string(1 + g.below(200)) + " rue " + g.word() +
               " 75000 Paris;" + g.phone_fr() + ";p" + std::to_string(i) + "." + g.email(p) + ";" +
               (g.below(3) ? "NEGATIF" : "POSITIF") + "\n";
        if (out.size() > (1 << 20)) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int main(int argc, char* argv[]) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: gen_paste BYTES [SEED] | gen_paste --aphp ROWS [SEED]\n");
        return 2;
    }
    if (std::string(argv[1]) == "--aphp" && argc > 2) {
        return write_aphp(std::strtoull(argv[2], nullptr, 10),
                          argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1);
    }
    const std::uint64_t target = std::strtoull(argv[1], nullptr, 10);
    Generator g(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1);
    std::string out;
    std::uint64_t written = 0;
    const auto flush = [&] {
        std::fwrite(out.data(), 1, out.size(), stdout);
        written += out.size();
        out.clear();
    };
    while (written < target) {
        switch (g.below(5)) {
            case 0:  // an AP-HP-shaped CSV dump
                out += "nom;prenom;date_naissance;sexe;nir;adresse;telephone;email;resultat\n";
                for (int i = 0; i < 200; ++i) {
                    const auto p = g.person();
                    out += p.last + ";" + p.first + ";" + p.date_fr + ";" + (p.sex == "1" ? "M" : "F") +
                           ";" + g.nir(p, g.below(2)) + ";" + std::to_string(1 + g.below(200)) +
                           " rue " + g.word() + " 75000 Paris;" + g.phone_fr() + ";" + g.email(p) +
                           ";" + (g.below(3) ? "NEGATIF" : "POSITIF") + "\n";
                }
                break;
            case 1:  // an Italian vaccination-style CSV
                out += "cognome,nome,data_nascita,codice_fiscale,telefono,email\n";
                for (int i = 0; i < 200; ++i) {
                    const auto p = g.person();
                    out += p.last + "," + p.first + "," + p.date_fr + "," + g.cf(p) + "," +
                           g.phone_it() + "," + g.email(p) + "\n";
                }
                break;
            case 2:  // an SQL dump
                out += "CREATE TABLE `patients` (\n  `id` int NOT NULL,\n  `nom` varchar(64),\n"
                       "  `prenom` varchar(64),\n  `ddn` date,\n  `nir` char(15),\n  `email` varchar(128),\n"
                       "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n";
                for (int s = 0; s < 4; ++s) {
                    out += "INSERT INTO `patients` VALUES ";
                    for (int i = 0; i < 50; ++i) {
                        const auto p = g.person();
                        out += std::string(i ? "," : "") + "(" + std::to_string(i) + ",'" + p.last +
                               "','" + p.first + "','" + p.date_iso + "','" + g.nir(p, false) +
                               "','" + g.email(p) + "')";
                    }
                    out += ";\n";
                }
                break;
            case 3:  // prose with the odd contact
                for (int line = 0; line < 100; ++line) {
                    for (int w = 0; w < 14; ++w) out += g.word() + " ";
                    if (g.below(4) == 0) out += g.email(g.person()) + " ";
                    if (g.below(6) == 0) out += g.phone_fr() + " ";
                    if (g.below(20) == 0) out += "IBAN FR76 3000 6000 0112 3456 7890 189 ";
                    if (g.below(20) == 0) out += "carte 4111 1111 1111 1111 ";
                    out += "\n";
                }
                break;
            default:  // logs
                for (int line = 0; line < 150; ++line) {
                    out += "2024-0" + std::to_string(1 + g.below(9)) + "-1" + std::to_string(g.below(10)) +
                           " 12:" + g.two(g.below(60)) + ":" + g.two(g.below(60)) +
                           " INFO login ok user=" + g.email(g.person()) + " ip=10.0." +
                           std::to_string(g.below(255)) + "." + std::to_string(g.below(255)) +
                           " latency_ms=" + std::to_string(g.below(900)) + "\n";
                }
                break;
        }
        if (out.size() > (1 << 20)) flush();
    }
    flush();
    return 0;
}
