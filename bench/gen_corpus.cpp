// A corpus of random tokens for the search benchmark, written by the
// indexer's own CorpusWriter, and the tokens to look up: a share of them
// present, the rest random.
// Usage: gen_corpus DIR RECORDS QUERIES PRESENT_PER_MILLE > queries.tsv
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "indexer/base/hex.h"
#include "indexer/corpus/corpus_writer.h"

using namespace lw::indexer;

namespace {

TokenBytes random_token() {
    TokenBytes t;
    randombytes_buf(t.data(), t.size());
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5 || sodium_init() < 0) {
        std::cerr << "usage: gen_corpus DIR RECORDS QUERIES PRESENT_PER_MILLE > queries.tsv\n";
        return 2;
    }
    const std::string dir = argv[1];
    const std::uint64_t records = std::strtoull(argv[2], nullptr, 10);
    const std::uint64_t queries = std::strtoull(argv[3], nullptr, 10);
    const std::uint64_t per_mille = std::strtoull(argv[4], nullptr, 10);
    const std::uint64_t present = queries * per_mille / 1000;
    const std::uint64_t every =
        present == 0 ? records + 1 : std::max<std::uint64_t>(1, records / present);
    constexpr std::uint64_t kRecordsPerItem = 100000;

    // A random key: the bench corpus is searched by token, never unsealed.
    const SecretScalar secret_key = SecretScalar::random();
    const CorpusKeys keys(secret_key);
    CorpusWriter writer(dir, public_key_of(secret_key), keys);
    std::vector<TokenBytes> sample;
    std::uint64_t item = 0;
    for (std::uint64_t r = 0; r < records; ++r) {
        if (r % kRecordsPerItem == 0) {
            if (r != 0) {
                ContentHash h{};
                randombytes_buf(h.data(), h.size());
                (void)writer.finish_item(h, kRecordsPerItem * 60);
            }
            writer.begin_item({"bench:item-" + std::to_string(item), "bench", "",
                               1600000000 + static_cast<std::int64_t>(item) * 86400},
                              "bench item " + std::to_string(item));
            ++item;
        }
        const KindToken record[] = {{Kind::email, random_token()}, {Kind::phone, random_token()}};
        writer.add_record(record);
        if (r % every == 0 && sample.size() < present) {
            sample.push_back(record[0].token);
        }
    }
    ContentHash h{};
    randombytes_buf(h.data(), h.size());
    (void)writer.finish_item(h, kRecordsPerItem * 60);

    std::string line;
    for (std::uint64_t q = 0; q < queries; ++q) {
        const bool hit = q % 1000 < per_mille && q / 1000 * per_mille + q % 1000 < sample.size();
        const TokenBytes t = hit ? sample[q / 1000 * per_mille + q % 1000] : random_token();
        line = to_hex(t);
        line += "\temail\t";
        line += std::to_string(q / 3 + 2);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    std::cerr << "gen_corpus: " << records << " records in " << item << " items, " << queries
              << " queries, " << sample.size() << " present\n";
    return 0;
}
