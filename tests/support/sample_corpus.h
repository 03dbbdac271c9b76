#pragma once

// A small corpus written by the indexer's own writer, for search tests.

#include <xapian.h>

#include <string>

#include "indexer/corpus/corpus_schema.h"
#include "indexer/corpus/corpus_writer.h"
#include "tests/support/filled.h"

namespace lw::test {

inline indexer::Element sample_corpus_key() {
    return lw::test::element(7);
}

// Two complete items sharing the email 0xa1:
//   paste (2021-09-12): {email a1, phone b2}, {email c3}
//   forum (2022-01-05): {email a1, nir d4, person e5}
// and the records of an item whose writer died before its item document:
//   {email f6}
inline void write_sample_corpus(const std::string& path) {
    {
        indexer::CorpusWriter writer(path, sample_corpus_key(), lw::test::corpus_keys());
        writer.begin_item({"https://paste.test/raw/1", "paste", "paste.test", 1631433600}, "dump");
        const indexer::KindToken r1[] = {{indexer::Kind::email, token(0xa1)},
                                         {indexer::Kind::phone, token(0xb2)}};
        const indexer::KindToken r2[] = {{indexer::Kind::email, token(0xc3)}};
        writer.add_record(r1);
        writer.add_record(r2);
        (void)writer.finish_item(hash(1), 100);
        writer.begin_item({"https://forum.test/t/9", "forum", "forum.test", 1641340800}, "topic");
        const indexer::KindToken r3[] = {{indexer::Kind::email, token(0xa1)},
                                         {indexer::Kind::nir, token(0xd4)},
                                         {indexer::Kind::person, token(0xe5)}};
        writer.add_record(r3);
        (void)writer.finish_item(hash(2), 200);
    }
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    Xapian::Document orphan;
    orphan.add_boolean_term(*indexer::corpus::record_item_term("00000000deadbeef"));
    orphan.add_boolean_term(std::string(indexer::corpus::kPrefixKindSet) + "e");
    orphan.add_boolean_term(indexer::corpus::token_term(indexer::Kind::email, token(0xf6)));
    db.add_document(orphan);
    db.commit();
}

}  // namespace lw::test
