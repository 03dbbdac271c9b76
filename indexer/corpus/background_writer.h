#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "indexer/corpus/corpus_writer.h"

namespace lw::indexer {

// Writes records on a thread of its own, so that Xapian's work (and its
// commits, seconds long on big items) never leaves the PRF workers without
// a next batch. Only add_record() runs there; every other CorpusWriter call
// happens on the caller's thread after drain().
class BackgroundWriter {
  public:
    explicit BackgroundWriter(CorpusWriter& writer)
        : writer_(writer), thread_([this] { loop(); }) {}
    BackgroundWriter(const BackgroundWriter&) = delete;
    BackgroundWriter& operator=(const BackgroundWriter&) = delete;
    ~BackgroundWriter() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_writer_.notify_one();
        thread_.join();
    }

    // Queues one record; waits while the queue is full (bounded memory).
    void add(std::vector<KindToken> record);

    // Returns once every queued record is written; rethrows a write error.
    void drain();

  private:
    static constexpr std::size_t kMaxQueued = 16384;

    void rethrow_locked();
    void loop();

    CorpusWriter& writer_;
    std::mutex mutex_;
    std::condition_variable wake_writer_;
    std::condition_variable wake_caller_;
    std::deque<std::vector<KindToken>> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;  // last: starts once everything above exists
};
}  // namespace lw::indexer
