// Writes synthetic paste-like text to stdout: French and Italian CSV dumps,
// SQL dumps, prose and logs, with random identities that pass every check
// (never real ones). Usage: gen_paste BYTES [SEED]
//                          gen_paste --aphp ROWS [SEED]: one dump shaped like the
//                          2021 AP-HP leak, every identity distinct
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/synthetic_people.h"

using lw::bench::Generator;

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
