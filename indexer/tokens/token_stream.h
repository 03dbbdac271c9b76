#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "indexer/base/kind.h"
#include "indexer/tokens/token_batch.h"
#include "indexer/tokens/tokenizer.h"

namespace lw::indexer {

// Tokens for a stream of identifiers of any length, in order: identifiers
// are gathered in batches; while the tokenizer's workers evaluate one, the
// caller reports the one before and fills the next. Each finished batch
// is handed to `on_batch` on the caller's thread, in the order the
// identifiers were added.
//
//     TokenStream stream(tokenizer, [](const TokenBatch& b) { ...b.token(i)... });
//     for (...) stream.add(kind, canonical, row);
//     stream.finish();
class TokenStream {
  public:
    using OnBatch = std::function<void(const TokenBatch&)>;

    // 0: kDefaultBatch identifiers per batch.
    TokenStream(Tokenizer& tokenizer, OnBatch on_batch, std::size_t batch_size = 0);
    TokenStream(const TokenStream&) = delete;
    TokenStream& operator=(const TokenStream&) = delete;
    // Waits for a batch still being evaluated, and drops it unreported
    // (call finish() to have everything reported).
    ~TokenStream();

    // Copies `canonical`; may report earlier batches.
    void add(Kind kind, std::string_view canonical, std::uint64_t tag);
    // Tokenizes and reports everything added and not reported yet.
    void finish();

    static constexpr std::size_t kDefaultBatch = 4096;

  private:
    void hand_over();

    Tokenizer& tokenizer_;
    OnBatch on_batch_;
    std::size_t batch_size_;
    std::unique_ptr<TokenBatch> filling_;
    std::unique_ptr<TokenBatch> in_flight_;
    bool evaluating_ = false;
};

}  // namespace lw::indexer
