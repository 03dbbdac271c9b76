#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/base/kind.h"
#include "indexer/corpus/corpus_keys.h"
#include "indexer/corpus/state_store.h"
#include "indexer/prf/voprf.h"

namespace Xapian {
class WritableDatabase;
}

namespace lw::indexer {

using ContentHash = Sha256;  // of an item's bytes; stored only keyed (CorpusKeys::content_id)

// Where and when an item's content was seen.
struct Sighting {
    std::string source;        // URL, or the path or label the user gave
    std::string site;          // site label ("demo-paste", "local")
    std::string host;          // host name for URLs, empty for files
    std::int64_t seen_at = 0;  // unix seconds
};

struct KindToken {
    Kind kind;
    TokenBytes token;
};

// What finish_item() did.
enum class ItemOutcome {
    added,           // a new item with its records
    sighting_added,  // the content was known: one more sighting, records dropped
    already_seen,    // known, and already seen at this source on this day
    continued,       // records added to a complete item (continue_item)
};

// The one writer of a corpus (Xapian's lock: a second writer gets
// lw::Error(locked) at once). Items are written record by record and
// committed in chunks, so memory stays bounded whatever an item's size; an
// item becomes visible (complete) only when finish_item() writes its item
// document. A run killed part way leaves a pending item that the next
// writer deletes on opening: the corpus always opens, its complete items
// are whole, and indexing again adds nothing twice (docs/corpus.md).
//
// Errors: lw::Error(locked) when another writer holds the corpus;
// lw::Error(corpus) for a corpus of another format or key, or a Xapian
// failure (its message is not passed on: it may quote terms).
//
// Sources and titles are sealed and content identities keyed with `keys`
// (docs/corpus.md, "Keys"), which must outlive the writer.
class CorpusWriter : public StateStore {
  public:
    CorpusWriter(const std::string& directory, const Element& public_key, const CorpusKeys& keys);
    ~CorpusWriter() override;
    CorpusWriter(const CorpusWriter&) = delete;
    CorpusWriter& operator=(const CorpusWriter&) = delete;

    // Starts an item. REQUIRES: no item in progress.
    void begin_item(const Sighting& sighting, std::string title);
    // Starts a continuation of the complete item `item_key` (a topic that
    // grew since it was indexed): the records added join that item, except
    // one the item already holds (a record of it with all of its tokens),
    // and finish_item() adds their counts to the item and moves its
    // last-seen to the sighting's time; the item keeps its title, sources
    // and content identity. When no such item is left (deleted, replaced),
    // finish_item() writes a new item under that key. REQUIRES: no item in
    // progress; `item_key` as item_key() gave it.
    void continue_item(const std::string& item_key, const Sighting& sighting);
    // The key of the item that the last finish_item() wrote or found (the
    // known item when the content was known); "" before any.
    const std::string& item_key() const noexcept { return last_key_; }
    // Adds one record of the item in progress (its identifiers' tokens).
    void add_record(std::span<const KindToken> tokens);
    // Ends the item: `hash` and `size` of all its bytes. Commits when a
    // commit is due (commit_if_due): small items are committed in groups.
    ItemOutcome finish_item(const ContentHash& hash, std::uint64_t size);
    // Drops the item in progress (an input cut short).
    void abandon_item();

    // Forces a new complete item even when its content is known (--force):
    // the known item and its records are deleted by finish_item().
    void set_replace_known(bool replace) noexcept { replace_known_ = replace; }

    // State kept in the corpus metadata, committed with the data. `name`
    // must already be fixed-length and hold nothing in clear (CrawlState
    // makes it with CorpusKeys::url_name and seals the value).
    std::string state(const std::string& name) const override;
    void set_state(const std::string& name, const std::string& value) override;
    const CorpusKeys& keys() const noexcept override { return keys_; }

    // The summary of this run (JSON), shown by `stats`. Commits.
    void record_run(const std::string& summary_json);

    // Commits everything written so far.
    void commit();

    // Records per commit: bounds memory (Xapian buffers changes until
    // commit) while keeping commits few.
    static constexpr std::uint64_t kRecordsPerCommit = 50000;
    // A commit syncs every table to disk (some 20 ms): one per item made a
    // tar of 300 empty members hold the lock for 6 s. Items finished are
    // committed together once this many wait or kCommitInterval has passed
    // since the last commit. A Xapian commit is atomic, so after a kill
    // each item is still whole or absent; at most the last interval's
    // items are indexed again by the next run.
    static constexpr std::uint64_t kItemsPerCommit = 1000;
    static constexpr std::chrono::milliseconds kCommitInterval{1000};

    // Makes Xapian flush only when the writer commits (kRecordsPerCommit),
    // not every 10,000 documents: tokens are random terms, so each flush
    // rewrites leaves all over the posting table, and flushing 5 times
    // per commit tripled the writes. Xapian 1.4 reads this from its
    // XAPIAN_FLUSH_THRESHOLD environment variable only, so call it before
    // any thread starts; a value the user set is kept.
    static void flush_only_at_commits();

  private:
    void check_format_and_key(const Element& public_key);
    void delete_pending_items();
    void delete_item_records(const std::string& item_key);
    bool item_holds(std::span<const KindToken> tokens) const;
    ItemOutcome finish_continuation(std::uint64_t size);
    void commit_if_due();
    void commit_now();
    // Writes the known items given sightings since the last commit.
    void flush_known_items();
    ItemOutcome add_sighting(const std::string& content_term, unsigned docid);

    const CorpusKeys& keys_;
    std::unique_ptr<Xapian::WritableDatabase> db_;
    bool replace_known_ = false;
    std::string batch_key_;  // a continuation's: its records' XB term; "" otherwise
    std::string last_key_;
    // What waits for the next commit.
    std::uint64_t uncommitted_records_ = 0;
    std::uint64_t uncommitted_items_ = 0;
    std::chrono::steady_clock::time_point last_commit_ = std::chrono::steady_clock::now();
    // Known items given a sighting since the last commit, parsed and
    // unsealed once and written back at the commit: an archive of 10,000
    // copies of one member re-read, re-sealed and re-wrote a growing item
    // 10,000 times (quadratic). By content term.
    struct KnownItem;
    std::unordered_map<std::string, std::unique_ptr<KnownItem>> known_items_;
    // The item in progress.
    bool in_item_ = false;
    std::string item_key_;
    std::string item_term_;  // its records' XI term
    Sighting sighting_;
    std::string title_;
    std::uint64_t records_ = 0;
    std::array<std::uint64_t, kAllKinds.size()> kind_counts_{};
};

}  // namespace lw::indexer
