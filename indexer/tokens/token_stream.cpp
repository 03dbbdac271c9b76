#include "indexer/tokens/token_stream.h"

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

// The batch just filled goes to the workers as soon as the one in flight
// is done; the latter is reported while they evaluate.
void TokenStream::hand_over() {
    tokenizer_.prepare(*filling_);
    TokenBatch* const done = tokenizer_.advance(*filling_);
    std::swap(filling_, in_flight_);
    evaluating_ = true;
    if (done != nullptr) {
        on_batch_(*done);
        done->clear();
    }
}

void TokenStream::add(Kind kind, std::string_view canonical, std::uint64_t tag) {
    filling_->add(kind, canonical, tag);
    if (filling_->size() >= batch_size_) {
        hand_over();
    }
}

void TokenStream::finish() {
    if (!filling_->empty()) {
        hand_over();
    }
    if (evaluating_) {
        evaluating_ = false;
        tokenizer_.finish();
        on_batch_(*in_flight_);
        in_flight_->clear();
    }
}

}  // namespace lw::indexer
