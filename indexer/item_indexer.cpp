#include "indexer/item_indexer.h"

namespace lw::indexer {

ItemIndexer::ItemIndexer(const std::string& corpus, SecretScalar secret_key, unsigned threads)
    : keys_(secret_key),
      writer_(corpus, public_key_of(secret_key), keys_),
      tokenizer_(std::move(secret_key), TokenizerOptions{threads}),
      background_(writer_) {}

ItemIndexer::~ItemIndexer() {
    if (in_item_) {
        try {
            abandon_item();
        } catch (...) {  // the next writer cleans a pending item up
        }
    }
}

const Scanner& ItemIndexer::scanner(const std::vector<std::string>& regions) {
    auto& slot = scanners_[regions];
    if (!slot) {
        slot = std::make_unique<Scanner>(phones_, ScanOptions{regions});
    }
    return *slot;
}

void ItemIndexer::begin_item(Sighting sighting, std::string_view title,
                             const std::vector<std::string>& regions) {
    writer_.begin_item(sighting, std::string(title));
    start(regions);
}

void ItemIndexer::continue_item(const std::string& item_key, Sighting sighting,
                                const std::vector<std::string>& regions) {
    writer_.continue_item(item_key, sighting);
    start(regions);
}

void ItemIndexer::start(const std::vector<std::string>& regions) {
    const Scanner& item_scanner = scanner(regions);
    in_item_ = true;
    counts_ = {};
    current_tag_ = 0;
    current_.clear();
    crypto_hash_sha256_init(&hash_state_);
    extractor_ = std::make_unique<Extractor>(item_scanner, static_cast<FindingSink&>(*this));
    stream_ = std::make_unique<TokenStream>(tokenizer_,
                                            [this](const TokenBatch& batch) { on_batch(batch); });
}

void ItemIndexer::feed(std::string_view bytes) {
    crypto_hash_sha256_update(&hash_state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
    counts_.bytes += bytes.size();
    extractor_->feed(bytes);
}

ItemOutcome ItemIndexer::finish_item() {
    extractor_->finish();
    stream_->finish();
    flush_record();
    stream_.reset();
    extractor_.reset();
    background_.drain();
    in_item_ = false;
    ContentHash hash{};
    crypto_hash_sha256_final(&hash_state_, hash.data());
    return writer_.finish_item(hash, counts_.bytes);
}

void ItemIndexer::abandon_item() {
    stream_.reset();
    extractor_.reset();
    current_.clear();
    in_item_ = false;
    background_.drain();
    writer_.abandon_item();
}

void ItemIndexer::on_finding(const Finding& f) {
    stream_->add(f.kind, f.value.reveal(), f.record);
}

// Tokens come back in the order identifiers were added, tagged with their
// record: a change of tag closes a record.
void ItemIndexer::on_batch(const TokenBatch& batch) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch.tag(i) != current_tag_) {
            flush_record();
            current_tag_ = batch.tag(i);
        }
        current_.push_back({batch.kind(i), batch.token(i)});
        ++counts_.tokens;
        ++tokens_;
    }
}

void ItemIndexer::flush_record() {
    if (current_.empty()) {
        return;
    }
    background_.add(std::move(current_));
    ++counts_.records;
    current_.clear();
}

}  // namespace lw::indexer
