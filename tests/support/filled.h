#pragma once

// Byte arrays of one repeated byte: tokens, content hashes and keys that
// tests tell apart at a glance (token(0xa1), hash(2)).

#include "indexer/corpus_writer.h"
#include "indexer/voprf.h"

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

}  // namespace lw::test
