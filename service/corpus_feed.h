#pragma once

// The corpus's token set for GET /v1/feed (docs/feed-format.md): a coded
// FeedSet of every token in the corpus at its current revision, built once
// per revision and kept for the last few, so that a client that has one of
// them gets only what changed since.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "search/feed_delta.h"
#include "search/feed_set.h"

namespace lw::service {

struct FeedSnapshot {
    std::uint64_t revision = 0;  // the corpus's Xapian revision
    search::FeedSet set;
    std::string coded;  // set.encode()
    // The finest width of POST /v1/details's buckets for this corpus.
    unsigned bucket_bits = 0;
};

class CorpusFeed {
  public:
    // `corpus`: a corpus folder (glass, no stub). Not opened until asked.
    explicit CorpusFeed(std::string corpus);

    // The snapshot of the corpus as committed now (rebuilt when a writer
    // committed since the last call). Thread-safe. Throws lw::Error(corpus).
    std::shared_ptr<const FeedSnapshot> current();
    // The corpus's revision as committed now, without building its set.
    std::uint64_t revision() const;
    // What GET /v1/feed?since=REV answers: the prefixes added and removed
    // since REV, when REV is kept and of the same width; else nullopt (the
    // whole snapshot then).
    std::optional<search::FeedDelta> delta_since(std::uint64_t revision,
                                                 const FeedSnapshot& to) const;

    static constexpr std::size_t kKept = 8;

    const std::string& corpus() const noexcept { return corpus_; }

  private:
    std::string corpus_;
    mutable std::mutex mutex_;
    std::deque<std::shared_ptr<const FeedSnapshot>> kept_;  // oldest first
};

}  // namespace lw::service
