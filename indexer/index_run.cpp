#include "indexer/index_run.h"

#include <sodium.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "indexer/extractor.h"
#include "indexer/phone.h"
#include "indexer/redact.h"
#include "indexer/scanner.h"
#include "indexer/token_stream.h"
#include "indexer/tokenizer.h"
#include "indexer/utc_time.h"

namespace lw::indexer {
namespace {

struct Interrupted {};

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
    void add(std::vector<KindToken> record) {
        std::unique_lock lock(mutex_);
        wake_caller_.wait(lock, [&] { return queue_.size() < kMaxQueued || error_; });
        rethrow_locked();
        queue_.push_back(std::move(record));
        wake_writer_.notify_one();
    }

    // Returns once every queued record is written; rethrows a write error.
    void drain() {
        std::unique_lock lock(mutex_);
        wake_caller_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_; });
        rethrow_locked();
    }

  private:
    static constexpr std::size_t kMaxQueued = 16384;

    void rethrow_locked() {
        if (error_) {
            std::exception_ptr error = error_;
            error_ = nullptr;
            queue_.clear();
            std::rethrow_exception(error);
        }
    }

    void loop() {
        std::unique_lock lock(mutex_);
        while (true) {
            wake_writer_.wait(lock, [&] { return !queue_.empty() || stopping_; });
            if (queue_.empty() && stopping_) {
                return;
            }
            std::vector<KindToken> record = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
            lock.unlock();
            std::exception_ptr error;
            try {
                writer_.add_record(record);
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            busy_ = false;
            if (error) {
                error_ = error;
            }
            wake_caller_.notify_all();
        }
    }

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

// Reads items, extracts, tokenizes and writes: the visitor of the inputs
// and the sink of each item's findings.
class IndexRun : public InputVisitor, public FindingSink {
  public:
    IndexRun(const IndexOptions& options, SecretScalar secret_key, IndexEvents& events,
             const std::atomic<bool>& stop)
        : options_(options),
          events_(events),
          stop_(stop),
          writer_(options.corpus, public_key_of(secret_key)),
          tokenizer_(std::move(secret_key), TokenizerOptions{options.threads}),
          scanner_(phones_, ScanOptions{options.regions}),
          background_(writer_) {
        writer_.set_replace_known(options.force);
    }

    IndexSummary run() {
        try {
            const InputTotals totals = visit_inputs(options_.inputs, options_.limits, *this);
            (void)totals;
        } catch (const Interrupted&) {
            summary_.interrupted = true;
            if (in_item_) {
                stream_.reset();
                background_.drain();
                writer_.abandon_item();
            }
        }
        summary_.done = progress_;
        const nlohmann::json run = {
            {"command", "index"},
            {"finished", iso_utc(std::time(nullptr))},
            {"items_added", summary_.items_added},
            {"sightings_added", summary_.sightings_added},
            {"unchanged", summary_.unchanged},
            {"incomplete", summary_.incomplete},
            {"problems", summary_.problems},
            {"records", progress_.records},
            {"tokens", progress_.tokens},
            {"bytes", progress_.bytes},
            {"interrupted", summary_.interrupted},
        };
        writer_.record_run(run.dump());
        return summary_;
    }

    void begin_item(const InputItem& item) override {
        in_item_ = true;
        current_label_ = strip_identifiers(item.label, scanner_);
        crypto_hash_sha256_init(&hash_state_);
        item_bytes_ = 0;
        item_size_ = item.size.value_or(0);
        item_records_ = 0;
        current_tag_ = 0;
        current_.clear();
        const std::string source = options_.source.empty() ? item.label : options_.source;
        writer_.begin_item(
            Sighting{strip_identifiers(source, scanner_), options_.site, "", std::time(nullptr)},
            current_label_);
        extractor_ = std::make_unique<Extractor>(scanner_, *this);
        stream_ = std::make_unique<TokenStream>(
            tokenizer_, [this](const TokenBatch& batch) { on_batch(batch); });
    }

    void chunk(std::string_view bytes) override {
        if (stop_.load(std::memory_order_relaxed)) {
            throw Interrupted{};
        }
        crypto_hash_sha256_update(
            &hash_state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
        item_bytes_ += bytes.size();
        progress_.bytes += bytes.size();
        extractor_->feed(bytes);
        report_progress();
    }

    void end_item(bool complete) override {
        extractor_->finish();
        stream_->finish();
        flush_record();
        stream_.reset();
        extractor_.reset();
        background_.drain();
        in_item_ = false;
        ContentHash hash{};
        crypto_hash_sha256_final(&hash_state_, hash.data());
        if (!complete) {
            writer_.abandon_item();
            ++summary_.incomplete;
            return;
        }
        const ItemOutcome outcome = writer_.finish_item(hash, item_bytes_);
        ++progress_.items;
        switch (outcome) {
            case ItemOutcome::added:
                ++summary_.items_added;
                break;
            case ItemOutcome::sighting_added:
                ++summary_.sightings_added;
                break;
            case ItemOutcome::already_seen:
                ++summary_.unchanged;
                break;
        }
        if (outcome == ItemOutcome::added) {
            progress_.records += item_records_;
        }
        events_.on_item(current_label_, outcome, item_records_);
    }

    void problem(const InputProblem& p) override {
        ++summary_.problems;
        events_.on_problem(p.where, p.reason);
    }

    void on_finding(const Finding& f) override { stream_->add(f.kind, f.value.reveal(), f.record); }
    bool wants_positions() const override { return false; }

  private:
    // Tokens come back in the order identifiers were added, tagged with
    // their record: a change of tag closes a record.
    void on_batch(const TokenBatch& batch) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch.tag(i) != current_tag_) {
                flush_record();
                current_tag_ = batch.tag(i);
            }
            current_.push_back({batch.kind(i), batch.token(i)});
            ++progress_.tokens;
        }
    }

    void flush_record() {
        if (current_.empty()) {
            return;
        }
        background_.add(std::move(current_));
        ++item_records_;
        current_.clear();
    }

    void report_progress() {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_progress_ >= std::chrono::milliseconds(250)) {
            last_progress_ = now;
            IndexProgress now_done = progress_;
            now_done.records += item_records_;  // the item in progress's, so far
            events_.on_progress(now_done, item_size_);
        }
    }

    const IndexOptions& options_;
    IndexEvents& events_;
    const std::atomic<bool>& stop_;
    CorpusWriter writer_;
    Tokenizer tokenizer_;
    PhoneNormalizer phones_;
    Scanner scanner_;
    BackgroundWriter background_;
    std::unique_ptr<Extractor> extractor_;
    std::unique_ptr<TokenStream> stream_;
    crypto_hash_sha256_state hash_state_{};
    bool in_item_ = false;
    std::string current_label_;
    std::uint64_t item_bytes_ = 0;
    std::uint64_t item_size_ = 0;
    std::uint64_t item_records_ = 0;
    std::uint64_t current_tag_ = 0;
    std::vector<KindToken> current_;
    IndexProgress progress_;
    IndexSummary summary_;
    std::chrono::steady_clock::time_point last_progress_{};
};

}  // namespace

IndexSummary run_index(const IndexOptions& options, SecretScalar secret_key, IndexEvents& events,
                       const std::atomic<bool>& stop) {
    IndexRun run(options, std::move(secret_key), events, stop);
    return run.run();
}

}  // namespace lw::indexer
