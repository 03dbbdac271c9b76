// Test tool: reads `TOKEN<TAB>KIND...` lines (what `leakwatch token`
// prints) and says how many of those tokens the corpus holds. Exit 0 when
// all are there, 1 otherwise. Usage: corpus_has_tokens DIR < tokens.tsv
#include <xapian.h>

#include <iostream>
#include <string>

#include "indexer/base/hex.h"
#include "indexer/base/kind.h"
#include "indexer/corpus/corpus_schema.h"
#include "indexer/prf/voprf.h"

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::cerr << "usage: corpus_has_tokens DIR < tokens.tsv\n";
        return 2;
    }
    Xapian::Database db(argv[1]);
    std::string line;
    int found = 0;
    int missing = 0;
    while (std::getline(std::cin, line)) {
        const auto tab = line.find('\t');
        const auto token =
            lw::indexer::from_hex_array<lw::indexer::kTokenSize>(line.substr(0, tab));
        const auto end = line.find('\t', tab + 1);
        const auto kind = lw::indexer::parse_kind(line.substr(tab + 1, end - tab - 1));
        if (!token || !kind) {
            std::cerr << "bad line: " << line << "\n";
            return 2;
        }
        if (db.get_termfreq(lw::indexer::corpus::token_term(*kind, *token)) > 0) {
            ++found;
        } else {
            ++missing;
            std::cout << "missing: " << line << "\n";
        }
    }
    std::cout << found << " found, " << missing << " missing\n";
    return missing == 0 ? 0 : 1;
}
