// Writes one shape of synthetic leak to stdout, for the extraction
// benchmark's per-shape figures (bench/extract_bench.sh). Identities are
// random and pass every check (never real ones); the same seed gives the
// same bytes. Usage: gen_shapes SHAPE BYTES [SEED], SHAPE one of
//   italian  an Italian vaccine-registry CSV: cognome,nome,codice_fiscale,
//            data_nascita,telefono,email; mobiles as "+39 3xx xxxxxxx" or
//            "3xxxxxxxxx"; one code in 20 omocodic
//   sql      a mysqldump of the same people (same seed, same rows), 1,000
//            tuples an INSERT
//   mix      prose paragraphs with AP-HP (';') and Italian (',') CSV blocks
//            of 20 to 200 rows between them
// (The AP-HP-shaped CSV alone is `gen_paste --aphp ROWS SEED`.)
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bench/synthetic_people.h"

namespace {

using lw::bench::Generator;

constexpr std::array kCognomi = {"Rossi",  "Russo",    "Ferrari", "Esposito", "Bianchi",
                                 "Romano", "Colombo",  "Ricci",   "Marino",   "Greco",
                                 "Bruno",  "Gallo",    "Conti",   "De Luca",  "Mancini",
                                 "Costa",  "Giordano", "Rizzo",   "Lombardi", "D'Amico"};
constexpr std::array kNomi = {"Giulia", "Luca",       "Sofia",     "Matteo",  "Chiara",
                              "Marco",  "Alessandro", "Francesca", "Lorenzo", "Aurora",
                              "Andrea", "Martina",    "Nicolò",    "Elena",   "Davide"};

// The people of the Italian registry, in the order both shapes write them.
struct Vaccinato {
    std::string cognome, nome, codice_fiscale, data_nascita_it, data_nascita_iso, telefono, email;
};

// One statement a field, so the draws from the generator come in the same
// order whatever the compiler (operands of + are not sequenced).
Vaccinato next_vaccinato(Generator& g, std::uint64_t row) {
    Generator::Person p = g.person();
    p.last = kCognomi[static_cast<std::size_t>(g.below(kCognomi.size()))];
    p.first = kNomi[static_cast<std::size_t>(g.below(kNomi.size()))];
    Vaccinato v;
    v.cognome = p.last;
    v.nome = p.first;
    v.codice_fiscale = g.below(20) == 0 ? g.cf_omocodic(p, 1 + g.below(3)) : g.cf(p);
    v.data_nascita_it = p.date_fr;
    v.data_nascita_iso = p.date_iso;
    v.telefono = g.phone_it();
    v.email = "v" + std::to_string(row) + "." + g.email(p);
    return v;
}

std::string csv_row(const Vaccinato& v) {
    return v.cognome + "," + v.nome + "," + v.codice_fiscale + "," + v.data_nascita_it + "," +
           v.telefono + "," + v.email + "\n";
}

// mysqldump escapes a quote inside a string with a backslash.
std::string sql_string(std::string_view s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    return out + "'";
}

std::string sql_tuple(const Vaccinato& v, std::uint64_t id) {
    return "(" + std::to_string(id) + "," + sql_string(v.cognome) + "," + sql_string(v.nome) + "," +
           sql_string(v.codice_fiscale) + "," + sql_string(v.data_nascita_iso) + "," +
           sql_string(v.telefono) + "," + sql_string(v.email) + ")";
}

constexpr std::string_view kCsvHeader = "cognome,nome,codice_fiscale,data_nascita,telefono,email\n";

constexpr std::string_view kSqlHeader =
    "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
    "--\n-- Host: localhost    Database: anagrafe_vaccinale\n"
    "-- ------------------------------------------------------\n"
    "/*!40101 SET NAMES utf8mb4 */;\n\n"
    "DROP TABLE IF EXISTS `vaccinati`;\n"
    "CREATE TABLE `vaccinati` (\n"
    "  `id` int NOT NULL AUTO_INCREMENT,\n"
    "  `cognome` varchar(64) NOT NULL,\n"
    "  `nome` varchar(64) NOT NULL,\n"
    "  `codice_fiscale` char(16) NOT NULL,\n"
    "  `data_nascita` date DEFAULT NULL,\n"
    "  `telefono` varchar(20) DEFAULT NULL,\n"
    "  `email` varchar(128) DEFAULT NULL,\n"
    "  PRIMARY KEY (`id`)\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n"
    "LOCK TABLES `vaccinati` WRITE;\n";

// Output in pieces of about 1 MB; stops once `target` bytes are written.
class Output {
  public:
    explicit Output(std::uint64_t target) : target_(target) {}
    std::string& text() { return text_; }
    bool full() const { return written_ + text_.size() >= target_; }
    void flush_if_large() {
        if (text_.size() > (1 << 20)) {
            flush();
        }
    }
    void flush() {
        std::fwrite(text_.data(), 1, text_.size(), stdout);
        written_ += text_.size();
        text_.clear();
    }

  private:
    std::uint64_t target_;
    std::uint64_t written_ = 0;
    std::string text_;
};

void write_italian(Generator& g, Output& out) {
    out.text() += kCsvHeader;
    for (std::uint64_t row = 0; !out.full(); ++row) {
        out.text() += csv_row(next_vaccinato(g, row));
        out.flush_if_large();
    }
}

void write_sql(Generator& g, Output& out) {
    out.text() += kSqlHeader;
    std::uint64_t row = 0;
    while (!out.full()) {
        out.text() += "INSERT INTO `vaccinati` VALUES ";
        for (int i = 0; i < 1000; ++i, ++row) {
            out.text() += (i == 0 ? "" : ",") + sql_tuple(next_vaccinato(g, row), row + 1);
        }
        out.text() += ";\n";
        out.flush_if_large();
    }
    out.text() += "UNLOCK TABLES;\n";
}

void write_aphp_row(Generator& g, Output& out, std::uint64_t row) {
    const Generator::Person p = g.person();
    std::string nir = g.nir(p, g.below(2) == 0);
    std::string street = std::to_string(1 + g.below(200)) + " rue " + g.word();
    std::string phone = g.phone_fr();
    std::string email = "p" + std::to_string(row) + "." + g.email(p);
    std::string result = g.below(3) != 0 ? "NEGATIF" : "POSITIF";
    out.text() += p.last + ";" + p.first + ";" + p.date_fr + ";" + (p.sex == "1" ? "M" : "F") +
                  ";" + nir + ";" + street + " 75000 Paris;" + phone + ";" + email + ";" + result +
                  "\n";
}

void write_prose(Generator& g, Output& out) {
    const int lines = 3 + g.below(6);
    for (int line = 0; line < lines; ++line) {
        const int words = 8 + g.below(12);
        for (int w = 0; w < words; ++w) {
            out.text() += g.word() + " ";
        }
        if (g.below(8) == 0) {
            out.text() += g.email(g.person()) + " ";
        }
        out.text() += "\n";
    }
    out.text() += "\n";
}

void write_mix(Generator& g, Output& out) {
    std::uint64_t row = 0;
    while (!out.full()) {
        write_prose(g, out);
        const int rows = 20 + g.below(181);
        if (g.below(2) == 0) {
            out.text() += "nom;prenom;date_naissance;sexe;nir;adresse;telephone;email;resultat\n";
            for (int i = 0; i < rows; ++i) {
                write_aphp_row(g, out, row++);
            }
        } else {
            out.text() += kCsvHeader;
            for (int i = 0; i < rows; ++i) {
                out.text() += csv_row(next_vaccinato(g, row++));
            }
        }
        out.text() += "\n";
        out.flush_if_large();
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::string shape = argc > 2 ? argv[1] : "";
    if (shape != "italian" && shape != "sql" && shape != "mix") {
        std::fprintf(stderr, "usage: gen_shapes italian|sql|mix BYTES [SEED]\n");
        return 2;
    }
    Output out(std::strtoull(argv[2], nullptr, 10));
    Generator g(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1);
    if (shape == "italian") {
        write_italian(g, out);
    } else if (shape == "sql") {
        write_sql(g, out);
    } else {
        write_mix(g, out);
    }
    out.flush();
    return 0;
}
