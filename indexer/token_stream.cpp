#include "indexer/token_stream.h"

#include <utility>

namespace lw::indexer {

TokenStream::TokenStream(Tokenizer& tokenizer, OnBatch on_batch, std::size_t batch_size)
    : tokenizer_(tokenizer),
      on_batch_(std::move(on_batch)),
      batch_size_(batch_size == 0 ? kDefaultBatch : batch_size),
      filling_(std::make_unique<TokenBatch>()),
      in_flight_(std::make_unique<TokenBatch>()) {}

TokenStream::~TokenStream() {
    if (evaluating_) {
        try {
            tokenizer_.finish();
        } catch (...) {
            // Unwinding already, or the caller chose not to finish().
        }
    }
}

void TokenStream::complete_in_flight() {
    if (!evaluating_) {
        return;
    }
    evaluating_ = false;
    tokenizer_.finish();
    on_batch_(*in_flight_);
    in_flight_->clear();
}

void TokenStream::add(Kind kind, std::string_view canonical, std::uint64_t tag) {
    filling_->add(kind, canonical, tag);
    if (filling_->size() < batch_size_) {
        return;
    }
    complete_in_flight();
    std::swap(filling_, in_flight_);
    tokenizer_.start(*in_flight_);
    evaluating_ = true;
}

void TokenStream::finish() {
    complete_in_flight();
    if (!filling_->empty()) {
        tokenizer_.tokenize(*filling_);
        on_batch_(*filling_);
        filling_->clear();
    }
}

}  // namespace lw::indexer
