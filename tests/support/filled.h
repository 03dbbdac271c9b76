#pragma once

// Byte arrays of one repeated byte: tokens, content hashes and keys that
// tests tell apart at a glance (token(0xa1), hash(2)).

#include "indexer/corpus/corpus_keys.h"
#include "indexer/corpus/corpus_writer.h"
#include "indexer/prf/voprf.h"

namespace lw::test {

template <class Bytes>
Bytes filled(unsigned char byte) {
    Bytes bytes{};
    bytes.fill(byte);
    return bytes;
}

inline indexer::TokenBytes token(unsigned char byte) {
    return filled<indexer::TokenBytes>(byte);
}
inline indexer::ContentHash hash(unsigned char byte) {
    return filled<indexer::ContentHash>(byte);
}
inline indexer::Element element(unsigned char byte) {
    return filled<indexer::Element>(byte);
}

// Purpose keys of a fixed test scalar, for writers whose public key is one of
// the filled elements above (the writer does not tie the two together).
inline const indexer::CorpusKeys& corpus_keys() {
    static const indexer::CorpusKeys keys = [] {
        std::array<unsigned char, indexer::kScalarSize> bytes{};
        bytes[0] = 42;
        return indexer::CorpusKeys(indexer::SecretScalar::from_bytes(bytes));
    }();
    return keys;
}

}  // namespace lw::test
