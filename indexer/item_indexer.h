#pragma once

// One item at a time from bytes to corpus: extraction, tokens on all cores
// while reading goes on, records written on a thread of their own, the
// item committed whole or not at all. `leakwatch index` feeds it files and
// archive members; the crawler feeds it fetched pages, in memory.

#include <sodium.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/corpus/background_writer.h"
#include "indexer/corpus/corpus_keys.h"
#include "indexer/corpus/corpus_writer.h"
#include "indexer/extract/phone.h"
#include "indexer/extract/scanner.h"
#include "indexer/prf/voprf.h"
#include "indexer/records/extractor.h"
#include "indexer/tokens/token_stream.h"
#include "indexer/tokens/tokenizer.h"

namespace lw::indexer {

struct ItemCounts {
    std::uint64_t bytes = 0;    // bytes of the item so far
    std::uint64_t records = 0;  // records with identifiers so far
    std::uint64_t tokens = 0;   // identifiers tokenized so far
};

class ItemIndexer : private FindingSink {
  public:
    // Opens (or creates) the corpus as its one writer: throws what
    // CorpusWriter throws (locked, wrong key, corpus errors).
    ItemIndexer(const std::string& corpus, SecretScalar secret_key, unsigned threads);
    ~ItemIndexer() override;
    ItemIndexer(const ItemIndexer&) = delete;
    ItemIndexer& operator=(const ItemIndexer&) = delete;

    // Starts an item; its title and the sighting's source are sealed in the
    // corpus (docs/corpus.md). `regions`: phone regions for this item's text.
    void begin_item(Sighting sighting, std::string_view title,
                    const std::vector<std::string>& regions);
    // Starts a continuation of the complete item `item_key`: the text fed
    // adds its new records to it (CorpusWriter::continue_item).
    void continue_item(const std::string& item_key, Sighting sighting,
                       const std::vector<std::string>& regions);
    // The item the last finish_item() wrote into or found known.
    const std::string& item_key() const noexcept { return writer_.item_key(); }
    void feed(std::string_view bytes);
    // Ends the item: written whole (or a sighting added), committed.
    ItemOutcome finish_item();
    // Drops the item in progress, nothing of it kept.
    void abandon_item();

    bool in_item() const noexcept { return in_item_; }
    const ItemCounts& item_counts() const noexcept { return counts_; }
    // Tokens of all items so far (including abandoned ones).
    std::uint64_t tokens() const noexcept { return tokens_; }

    // The scanner for these regions (made once, kept).
    const Scanner& scanner(const std::vector<std::string>& regions);
    const CorpusKeys& keys() const noexcept { return keys_; }

    // The crawler's state, committed with the items (state_store.h).
    StateStore& state_store() noexcept { return writer_; }
    // Commits what was written (items wait for a commit in groups).
    void commit() { writer_.commit(); }
    // The run's summary (JSON), shown by `stats`. Commits.
    void record_run(const std::string& summary_json) { writer_.record_run(summary_json); }
    // --force: a known content is indexed again as a new item.
    void set_replace_known(bool replace) noexcept { writer_.set_replace_known(replace); }

  private:
    void start(const std::vector<std::string>& regions);
    void on_finding(const Finding& f) override;
    bool wants_positions() const override { return false; }
    void on_batch(const TokenBatch& batch);
    void flush_record();

    CorpusKeys keys_;  // before writer_, which keeps a reference
    CorpusWriter writer_;
    Tokenizer tokenizer_;
    PhoneNormalizer phones_;
    std::map<std::vector<std::string>, std::unique_ptr<Scanner>> scanners_;
    BackgroundWriter background_;
    std::unique_ptr<Extractor> extractor_;
    std::unique_ptr<TokenStream> stream_;
    crypto_hash_sha256_state hash_state_{};
    bool in_item_ = false;
    ItemCounts counts_;
    std::uint64_t tokens_ = 0;
    std::uint64_t current_tag_ = 0;
    std::vector<KindToken> current_;
};

}  // namespace lw::indexer
