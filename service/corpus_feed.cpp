#include "service/corpus_feed.h"

#include <xapian.h>

#include <algorithm>
#include <iterator>

#include "indexer/base/error.h"
#include "indexer/corpus/corpus_schema.h"
#include "search/corpus_reader.h"
#include "service/bucket_details.h"

namespace lw::service {
namespace {

namespace schema = indexer::corpus;

// A token term: the prefix, one kind code, the token's bytes.
constexpr std::size_t kTokenOffset = schema::kPrefixToken.size() + 1;

std::shared_ptr<const FeedSnapshot> build(const Xapian::Database& db, std::uint64_t revision) {
    std::vector<indexer::TokenBytes> tokens;
    tokens.reserve(db.get_doccount());
    const std::string prefix(schema::kPrefixToken);
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
        const std::string& text = *term;
        if (text.size() != kTokenOffset + indexer::kTokenSize) {
            continue;
        }
        indexer::TokenBytes token{};
        std::copy_n(text.begin() + kTokenOffset, token.size(), token.begin());
        tokens.push_back(token);
    }
    auto snapshot = std::make_shared<FeedSnapshot>();
    snapshot->revision = revision;
    snapshot->set = search::FeedSet::of_tokens(tokens);
    snapshot->coded = snapshot->set.encode();
    snapshot->bucket_bits = max_bucket_bits(snapshot->set.size());
    return snapshot;
}

}  // namespace

CorpusFeed::CorpusFeed(std::string corpus) : corpus_(std::move(corpus)) {}

namespace {

std::uint64_t revision_of(const search::OpenedCorpora& opened, const std::string& corpus) {
    try {
        return opened.db.get_revision();
    } catch (const Xapian::Error& e) {
        throw Error(ErrorCategory::corpus,
                    "corpus " + corpus + ": no revision (" + e.get_type() + ")");
    }
}

}  // namespace

std::uint64_t CorpusFeed::revision() const {
    return revision_of(search::open_corpora({corpus_}, {}), corpus_);
}

std::shared_ptr<const FeedSnapshot> CorpusFeed::current() {
    search::OpenedCorpora opened = search::open_corpora({corpus_}, {});
    std::uint64_t revision = revision_of(opened, corpus_);
    const std::lock_guard lock(mutex_);
    if (!kept_.empty() && kept_.back()->revision == revision) {
        return kept_.back();
    }
    // Built under the lock: a burst of clients after a commit builds it
    // once, the others wait for it.
    std::shared_ptr<const FeedSnapshot> snapshot;
    for (int attempt = 0;; ++attempt) {
        try {
            snapshot = build(opened.db, revision);
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == 3) {
                throw Error(ErrorCategory::corpus, "corpus " + corpus_ + " changes too fast");
            }
            opened.db.reopen();
            revision = opened.db.get_revision();
        }
    }
    kept_.push_back(snapshot);
    if (kept_.size() > kKept) {
        kept_.pop_front();
    }
    return snapshot;
}

std::optional<search::FeedDelta> CorpusFeed::delta_since(std::uint64_t revision,
                                                         const FeedSnapshot& to) const {
    std::shared_ptr<const FeedSnapshot> from;
    {
        const std::lock_guard lock(mutex_);
        for (const auto& kept : kept_) {
            if (kept->revision == revision) {
                from = kept;
            }
        }
    }
    if (!from || from->set.prefix_bits() != to.set.prefix_bits()) {
        return std::nullopt;
    }
    const auto& old_prefixes = from->set.prefixes();
    const auto& new_prefixes = to.set.prefixes();
    std::vector<std::uint64_t> added, removed;
    std::set_difference(new_prefixes.begin(), new_prefixes.end(), old_prefixes.begin(),
                        old_prefixes.end(), std::back_inserter(added));
    std::set_difference(old_prefixes.begin(), old_prefixes.end(), new_prefixes.begin(),
                        new_prefixes.end(), std::back_inserter(removed));
    const unsigned bits = to.set.prefix_bits();
    return search::FeedDelta{search::FeedSet(std::move(added), bits),
                             search::FeedSet(std::move(removed), bits)};
}

}  // namespace lw::service
