#include "indexer/index_run.h"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "indexer/base/utc_time.h"
#include "indexer/item_indexer.h"

namespace lw::indexer {
namespace {

struct Interrupted {};

// Reads items and hands them to the ItemIndexer: the visitor of the inputs.
class IndexRun : public InputVisitor {
  public:
    IndexRun(const IndexOptions& options, SecretScalar secret_key, IndexEvents& events,
             const std::atomic<bool>& stop)
        : options_(options),
          events_(events),
          stop_(stop),
          indexer_(options.corpus, std::move(secret_key), options.threads) {
        indexer_.set_replace_known(options.force);
    }

    IndexSummary run() {
        try {
            const InputTotals totals = visit_inputs(options_.inputs, options_.limits, *this);
            (void)totals;
        } catch (const Interrupted&) {
            summary_.interrupted = true;
            if (indexer_.in_item()) {
                indexer_.abandon_item();
            }
        }
        progress_.tokens = indexer_.tokens();
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
        indexer_.record_run(run.dump());
        return summary_;
    }

    void begin_item(const InputItem& item) override {
        item_size_ = item.size.value_or(0);
        const std::string source = options_.source.empty() ? item.label : options_.source;
        indexer_.begin_item(Sighting{source, options_.site, "", std::time(nullptr)}, item.label,
                            options_.regions);
    }

    void chunk(std::string_view bytes) override {
        if (stop_.load(std::memory_order_relaxed)) {
            throw Interrupted{};
        }
        progress_.bytes += bytes.size();
        indexer_.feed(bytes);
        report_progress();
    }

    void end_item(bool complete) override {
        if (!complete) {
            indexer_.abandon_item();
            ++summary_.incomplete;
            return;
        }
        const ItemOutcome outcome = indexer_.finish_item();
        const std::uint64_t records = indexer_.item_counts().records;
        ++progress_.items;
        switch (outcome) {
            case ItemOutcome::added:
                ++summary_.items_added;
                progress_.records += records;
                break;
            case ItemOutcome::sighting_added:
                ++summary_.sightings_added;
                break;
            case ItemOutcome::already_seen:
            case ItemOutcome::continued:  // the crawler's alone
                ++summary_.unchanged;
                break;
        }
        events_.on_item(outcome, records);
    }

    void problem(const InputProblem& p) override {
        ++summary_.problems;
        events_.on_problem(p.shown, p.reason);
    }

  private:
    void report_progress() {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_progress_ >= std::chrono::milliseconds(250)) {
            last_progress_ = now;
            IndexProgress now_done = progress_;
            now_done.records += indexer_.item_counts().records;  // the item in progress's, so far
            now_done.tokens = indexer_.tokens();
            events_.on_progress(now_done, item_size_);
        }
    }

    const IndexOptions& options_;
    IndexEvents& events_;
    const std::atomic<bool>& stop_;
    ItemIndexer indexer_;
    std::uint64_t item_size_ = 0;
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
