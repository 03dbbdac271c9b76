#include "crawler/crawl_run.h"

#include <sodium.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <utility>

#include "crawler/clock.h"
#include "crawler/crawl_job.h"
#include "crawler/crawl_state.h"
#include "crawler/follow_policy.h"
#include "crawler/host_schedule.h"
#include "crawler/robots.h"
#include "crawler/site_pages.h"
#include "crawler/url.h"
#include "indexer/base/error.h"
#include "indexer/base/utc_time.h"
#include "indexer/base/wiped_allocator.h"
#include "indexer/indexer.h"

namespace lw::crawler {

// An item's pages, gathered in memory until the last one is read.
struct ItemDraft {
    std::string first_url;
    std::string title;
    indexer::SelfWipingString text;      // every block it grows out of is wiped
    std::deque<std::string> pages_left;  // named by its first page (ItemPage::more_pages)
    std::string continues;               // the corpus item it grows (a re-visit); "" when new
    std::string marker;                  // its listing's change digest (CrawlState::change_digest)
    // Where a re-visit starts: the last page read by "next" links, or the
    // first page when that one names the others (a Discourse topic), with
    // the number of the last page read.
    std::string resume_url;
    unsigned resume_page = 1;
    bool pages_named = false;
    // A revisit without a change signal reads the first page (an edited
    // first post) and then jumps here, its last page read, if another.
    std::string jump_url;
    unsigned jump_page = 1;
    // A re-visit of a topic whose first page names the others: the last
    // page read before, so the named pages before it are not asked again.
    unsigned named_read = 0;
};

namespace {

constexpr std::string_view kProductToken = "leakwatch";
constexpr unsigned kMaxRedirects = 5;
constexpr std::chrono::milliseconds kPollTime{250};

double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

// The schedule's events become log lines here, worded as they always were.
class CrawlRun final : private ScheduleEvents {
  public:
    CrawlRun(const CrawlOptions& options, indexer::SecretScalar key, CrawlEvents& events,
             const std::atomic<bool>& stop)
        : options_(options),
          events_(events),
          stop_(stop),
          indexer_(options.corpus, std::move(key), options.threads),
          state_(indexer_.state_store()),
          fetcher_(FetcherOptions{user_agent(LW_CRAWLER_VERSION, options.contact), options.ca_file,
                                  options.limits}),
          random_(std::random_device{}()),
          schedule_(
              ScheduleOptions{options.max_attempts, options.drop_after_failures}, clock_,
              [this] { return unit_(random_); }, *this) {}

    CrawlSummary run() {
        const auto started = clock_.now();
        deadline_ = options_.max_time ? std::optional(started + *options_.max_time) : std::nullopt;
        for (const Seed& seed : options_.seeds) {
            ++summary_.sites;
            for (const std::string& listing : seed.listings) {
                enqueue(make_job(Job::Type::listing, listing, &seed));
            }
        }
        loop();
        forget_unfinished_listings();
        summary_.seconds = seconds_between(started, clock_.now());
        summary_.tokens = indexer_.tokens();
        const nlohmann::json run = {
            {"command", "crawl"},
            {"finished", indexer::iso_utc(std::time(nullptr))},
            {"sites", summary_.sites},
            {"requests", summary_.requests},
            {"not_modified", summary_.not_modified},
            {"items_added", summary_.items_new},
            {"items_continued", summary_.items_continued},
            {"sightings_added", summary_.sightings},
            {"records", summary_.records},
            {"tokens", summary_.tokens},
            {"errors", summary_.errors},
            {"bytes", summary_.bytes},
            {"seconds", summary_.seconds},
            {"interrupted", summary_.interrupted},
        };
        indexer_.record_run(run.dump());
        return summary_;
    }

  private:
    bool stopping() {
        if (!summary_.interrupted &&
            (stop_.load(std::memory_order_relaxed) || (deadline_ && clock_.now() >= *deadline_))) {
            summary_.interrupted = true;
            log(LogLevel::info, "stop", "", "", 0, "stopping: no new requests");
        }
        return summary_.interrupted;
    }

    void loop() {
        while (true) {
            const bool stop = stopping();
            if (!stop) {
                dispatch();
            }
            if (fetcher_.in_flight() == 0 && (stop || !schedule_.has_work())) {
                return;
            }
            // At most kPollTime, so that a stop is seen soon.
            const auto now = clock_.now();
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::clamp(schedule_.next_due().value_or(now + kPollTime) - now,
                           Clock::duration::zero(), Clock::duration(kPollTime)));
            if (fetcher_.in_flight() == 0) {
                clock_.sleep_until(now + wait);
                continue;
            }
            for (FetchResult& result : fetcher_.poll(wait)) {
                handle(std::move(result));
            }
        }
    }

    // A listing whose items were not all fetched (failures, a stop, a host
    // dropped) loses its ETag and Last-Modified: the next run reads it
    // whole instead of getting a 304 and never seeing those items again.
    void forget_unfinished_listings() {
        schedule_.for_each_queued([this](const Job& job) {
            if (job.type == Job::Type::item) {
                unfinished_listings_.insert(job.listing);
            }
        });
        for (const auto& [id, job] : in_flight_) {
            if (job.type == Job::Type::item) {
                unfinished_listings_.insert(job.listing);
            }
        }
        for (const std::string& listing : unfinished_listings_) {
            if (!listing.empty()) {
                try {
                    state_.forget_validators(listing);
                } catch (const Error& e) {
                    if (e.category() == ErrorCategory::locked) {
                        throw;
                    }
                    ++summary_.errors;
                    log(LogLevel::error, "state-failed", "", listing, 0, e.what());
                }
            }
        }
        indexer_.commit();
    }

    const FollowPolicy& policy(const Seed* seed) {
        auto it = policies_.find(seed);
        if (it == policies_.end()) {
            it = policies_.emplace(seed, FollowPolicy(*seed)).first;
        }
        return it->second;
    }

    void enqueue(Job job, HostSchedule::Place place = HostSchedule::Place::back) {
        const auto parsed = parse_url(job.url);
        if (!parsed) {
            report(LogLevel::error, "bad-url", job, 0, "not an http(s) URL");
            return;
        }
        if (job.seed != nullptr) {
            schedule_.raise_delay(*parsed, job.seed->delay);
        }
        // Links, next pages and redirects from a page: only where the
        // seed's site is (no SSRF from a hostile page, no wandering off).
        if (job.seed != nullptr) {
            if (const std::string refused = policy(job.seed).refusal(*parsed); !refused.empty()) {
                report(LogLevel::info, "not-followed", job, 0, refused);
                return;
            }
        }
        (void)schedule_.add(std::move(job), place);  // not queued: its host was dropped
    }

    void dispatch() {
        const auto cached = [this](const std::string& origin) { return cached_robots(origin); };
        for (Job& job : schedule_.take_due(cached)) {
            start(std::move(job));
        }
    }

    void start(Job job) {
        FetchRequest request;
        request.id = next_id_++;
        request.url = job.url;
        // The job's own site decides: every request made for a site (its
        // robots.txt and redirects on any host included) goes through that
        // site's proxy, never directly.
        request.proxy = job.seed != nullptr ? job.seed->proxy : std::string();
        // Names are checked as written when followed; where they lead is
        // checked when connecting.
        request.refuse_internal_addresses =
            job.seed != nullptr && !policy(job.seed).internal_allowed();
        if (job.type == Job::Type::listing) {
            request.headers = state_.conditional_headers(job.url);
        }
        ++summary_.requests;
        in_flight_.emplace(request.id, std::move(job));
        fetcher_.start(std::move(request));
    }

    std::optional<RobotsRules> cached_robots(const std::string& origin) {
        const auto cached = state_.robots(
            origin, std::chrono::duration_cast<std::chrono::seconds>(options_.robots_max_age));
        if (!cached) {
            return std::nullopt;
        }
        return from_fetch(cached->status, cached->rules, kProductToken);
    }

    void handle(FetchResult result) {
        auto node = in_flight_.extract(result.id);
        Job job = std::move(node.mapped());
        schedule_.finished(job.url);
        summary_.bytes += result.wire_bytes;
        log(LogLevel::debug, "fetch", job.seed ? job.seed->name : "", job.url, result.status,
            result.error);
        if (failed_sites_.count(job.seed) != 0) {
            return;  // its site failed while this was in flight
        }

        if (job.type == Job::Type::robots) {
            handle_robots(job, result);
            return;
        }
        if (result.refused_address) {
            report(LogLevel::warning, "not-followed", job, 0, result.error);
            return;
        }
        if (result.too_large) {
            ++summary_.errors;
            report(LogLevel::error, "too-large", job, 0, result.error);
            return;
        }
        if (result.status == 429 || result.status == 503 || result.status == 0 ||
            result.status >= 500) {
            schedule_.retry_later(std::move(job),
                                  FetchFailure{result.status, result.error, result.retry_after});
            return;
        }
        schedule_.succeeded(job.url);
        if (result.status >= 300 && result.status < 400 && result.status != 304) {
            follow_redirect(std::move(job), result);
            return;
        }
        if (result.status == 304 && job.type == Job::Type::listing) {
            ++summary_.not_modified;
            report(LogLevel::info, "not-modified", job, 304, "listing unchanged");
            return;
        }
        if (result.status != 200) {
            ++summary_.errors;
            report(LogLevel::error, "http-error", job, result.status, "unexpected status");
            if (job.draft && job.page > 1) {
                Job item = job;
                item.url = job.draft->first_url;
                report(LogLevel::error, "item-dropped", item, 0,
                       "its page " + std::to_string(job.page) +
                           " failed; the whole item is fetched again next run");
            }
            return;
        }
        try {
            if (job.type == Job::Type::listing) {
                handle_listing(job, result);
            } else {
                handle_item(job, result);
            }
        } catch (const Error&) {
            throw;  // the corpus failed: the run cannot go on
        } catch (const std::exception& e) {
            ++summary_.errors;
            report(LogLevel::error, "page-error", job, result.status, e.what());
        }
    }

    void handle_robots(Job& job, const FetchResult& result) {
        if (result.status >= 300 && result.status < 400 && !result.location.empty() &&
            job.redirects < kMaxRedirects) {
            Job next = job;
            next.url = result.location;
            ++next.redirects;
            const auto parsed = parse_url(next.url);
            const std::string refused =
                parsed && job.seed != nullptr ? policy(job.seed).refusal(*parsed) : std::string();
            if (!refused.empty()) {
                // Not followed, and not read as "no robots.txt" (which
                // allows all): nothing is fetched from this host.
                report(LogLevel::warning, "robots-not-followed", next, result.status,
                       "robots.txt redirects to " + refused + ": nothing fetched from this host");
                schedule_.set_robots(job.robots_for, RobotsRules::disallow_all());
                return;
            }
            // A robots.txt redirected is still this host's rules: fetched
            // first at its target (whose own delay it does not raise).
            if (schedule_.add(std::move(next), HostSchedule::Place::front)) {
                return;
            }
        }
        int status = result.status;
        if (status >= 300 && status < 400) {
            status = 404;  // too many redirects: RFC 9309 2.3.1.2 reads it as unavailable
        }
        if (status == 429) {
            status = 503;  // "too many requests" is not "no robots.txt"
        }
        if (status == 0 || status >= 500) {
            ++summary_.errors;
            report(LogLevel::warning, "robots-unreachable", job, result.status,
                   "robots.txt unreachable: nothing fetched from this host" +
                       (result.error.empty() ? std::string() : " (" + result.error + ")"));
        }
        const std::string_view body =
            status >= 200 && status < 300 ? std::string_view(result.body) : std::string_view();
        schedule_.set_robots(job.robots_for, from_fetch(status, body, kProductToken));
        write_state(job, [&] { state_.set_robots(job.robots_for, status, body); });
    }

    static std::string why(const FetchFailure& failure) {
        return failure.status == 0 ? failure.error : "status " + std::to_string(failure.status);
    }

    void on_disallowed(const Job& job) override {
        report(LogLevel::info, "disallowed", job, 0, "robots.txt disallows it");
    }

    void on_retry(const Job& job, const FetchFailure& failure, double wait_seconds) override {
        report(LogLevel::info, "retry", job, failure.status,
               why(failure) + "; again in " + std::to_string(static_cast<int>(wait_seconds + 0.5)) +
                   " s");
    }

    void on_gave_up(const Job& job, const FetchFailure& failure) override {
        ++summary_.errors;
        report(LogLevel::error, "failed", job, failure.status,
               why(failure) + " (after " + std::to_string(job.attempts) + " attempts)");
    }

    void on_host_dropped(const Job& job, const FetchFailure& failure, const std::string& origin,
                         const std::deque<Job>& not_sent) override {
        ++summary_.errors;
        for (const Job& queued : not_sent) {
            if (queued.type == Job::Type::item) {
                unfinished_listings_.insert(queued.listing);
            }
        }
        report(LogLevel::error, "host-dropped", job, 0,
               origin + " keeps failing (" + why(failure) + "): dropped for this run, " +
                   std::to_string(not_sent.size()) + " requests not sent");
    }

    void follow_redirect(Job job, const FetchResult& result) {
        if (result.location.empty() || job.redirects >= kMaxRedirects) {
            ++summary_.errors;
            report(
                LogLevel::error, "redirects", job, result.status,
                result.location.empty() ? "redirect without a location" : "more than 5 redirects");
            return;
        }
        const auto target = parse_url(result.location);
        if (!target) {
            ++summary_.errors;
            report(LogLevel::error, "redirects", job, result.status,
                   "redirect to a URL that is not http(s)");
            return;
        }
        job.url = to_string(*target);
        ++job.redirects;
        job.attempts = 0;
        enqueue(std::move(job), HostSchedule::Place::front);
    }

    void handle_listing(const Job& job, const FetchResult& result) {
        if (!write_state(
                job, [&] { state_.set_validators(job.url, result.etag, result.last_modified); })) {
            return;
        }
        const auto page = parse_url(job.url);
        const ListingPage listing =
            read_listing(*job.seed, *page, result.body, result.content_type);
        std::size_t fresh = 0;
        std::size_t changed = 0;
        for (std::size_t i = 0; i < listing.items.size(); ++i) {
            const std::string& item = listing.items[i];
            if (!queued_items_.insert(item).second) {
                continue;
            }
            const std::string marker = state_.change_digest(
                i < listing.changed.size() ? std::string_view(listing.changed[i]) : "");
            Job item_job = make_job(Job::Type::item, item, job.seed);
            item_job.draft = std::make_shared<ItemDraft>();
            item_job.listing = job.url;
            item_job.draft->first_url = item;
            item_job.draft->marker = marker;
            if (state_.seen(item)) {
                // Fetched again only when its listing shows a change since,
                // or, with no signal, when its revisit time has come; from
                // its last page read (docs/seeds.md, item_changed, revisit).
                const std::optional<ItemVisit> visit =
                    marker.empty() && job.seed->revisit.count() == 0 ? std::nullopt
                                                                     : state_.visit(item);
                if (!visit) {
                    continue;
                }
                const bool shows_change = !marker.empty() && visit->marker != marker;
                const bool due = marker.empty() && job.seed->revisit.count() != 0 &&
                                 std::time(nullptr) - visit->visited_at >=
                                     static_cast<std::int64_t>(job.seed->revisit.count());
                if (!shows_change && !due) {
                    continue;
                }
                ++changed;
                item_job.draft->continues = visit->item_key;
                if (job.seed->content == ContentKind::discourse_json) {
                    // Its first page names the rest (and holds the first
                    // post): read again, then from the last page read.
                    item_job.draft->named_read = visit->resume_page;
                } else if (!visit->resume_url.empty() && shows_change) {
                    // A new reply: from the last page read, not before.
                    item_job.url = visit->resume_url;
                    item_job.page = visit->resume_page;
                } else if (!visit->resume_url.empty() && visit->resume_page > 1) {
                    // No signal: the first page too, where an edited first
                    // post (a teaser become the sample) is.
                    item_job.draft->jump_url = visit->resume_url;
                    item_job.draft->jump_page = visit->resume_page;
                }
                Job shown = item_job;  // named by the item, not the page
                shown.url = item;
                const ItemDraft& draft = *item_job.draft;
                report(LogLevel::info, shows_change ? "item-changed" : "item-revisit", shown, 0,
                       std::string(shows_change ? "its listing shows a change"
                                                : "revisit time reached") +
                           ": read again from its page " + std::to_string(item_job.page) +
                           (draft.jump_url.empty() && draft.named_read < 2
                                ? std::string()
                                : ", then from its page " + std::to_string(draft.jump_url.empty()
                                                                               ? draft.named_read
                                                                               : draft.jump_page)));
            } else {
                ++fresh;
            }
            enqueue(std::move(item_job));
        }
        report(LogLevel::info, "listing", job, result.status,
               std::to_string(listing.items.size()) + " items, " + std::to_string(fresh) + " new" +
                   (changed != 0 ? ", " + std::to_string(changed) + " changed" : ""));
        if (listing.next && job.page < job.seed->max_pages && !stopping()) {
            Job next = make_job(Job::Type::listing, *listing.next, job.seed);
            next.page = job.page + 1;
            enqueue(std::move(next));
        }
    }

    void handle_item(const Job& job, const FetchResult& result) {
        const auto page = parse_url(job.url);
        ItemPage item = read_item(*job.seed, *page, result.body, result.content_type);
        ItemDraft& draft = *job.draft;
        if (draft.title.empty()) {
            draft.title = item.title;
        }
        draft.text += item.text;
        draft.text += '\n';
        unsigned next_page = job.page + 1;
        if (job.page == 1) {
            draft.pages_named = !item.more_pages.empty();
            draft.pages_left.assign(std::make_move_iterator(item.more_pages.begin()),
                                    std::make_move_iterator(item.more_pages.end()));
            if (draft.named_read > 2) {
                // Pages 2 to named_read - 1 were read before; named_read,
                // the last one read, is read again (it may have grown).
                const std::size_t skip =
                    std::min<std::size_t>(draft.pages_left.size(), draft.named_read - 2);
                draft.pages_left.erase(
                    draft.pages_left.begin(),
                    draft.pages_left.begin() + static_cast<std::ptrdiff_t>(skip));
                next_page += static_cast<unsigned>(skip);
            }
        }
        // Where a re-visit starts (the page of the "next" link, or the
        // first page with the number of the last page read).
        draft.resume_url = draft.pages_named ? draft.first_url : job.url;
        draft.resume_page = job.page;
        std::optional<std::string> next = std::move(item.next);
        if (!draft.jump_url.empty() && !draft.pages_named) {
            next = std::exchange(draft.jump_url, std::string());
            next_page = draft.jump_page;
        }
        if (!next && !draft.pages_left.empty()) {
            next = std::move(draft.pages_left.front());
            draft.pages_left.pop_front();
        }
        if (next && job.page >= job.seed->max_item_pages) {
            // The limit is the seed's choice, and the pages read are the
            // item's beginning: indexed as read, with a line saying so.
            Job item_job = job;
            item_job.url = draft.first_url;
            report(LogLevel::warning, "item-cut", item_job, 0,
                   "max_item_pages (" + std::to_string(job.seed->max_item_pages) +
                       ") reached: indexed without its further pages");
        } else if (next) {
            if (stopping()) {
                // Never index half a topic as if it were whole: the next run
                // fetches it again from its first page.
                sodium_memzero(draft.text.data(), draft.text.size());
                unfinished_listings_.insert(job.listing);
                report(LogLevel::info, "item-postponed", job, 0,
                       "stopped before the item's last page; fetched whole next run");
                return;
            }
            Job next_job = make_job(Job::Type::item, std::move(*next), job.seed);
            next_job.page = next_page;
            next_job.draft = job.draft;
            next_job.listing = job.listing;
            enqueue(std::move(next_job), HostSchedule::Place::front);
            return;
        }
        index(job, draft);
    }

    void index(const Job& job, ItemDraft& draft) {
        const auto url = parse_url(draft.first_url);
        const std::vector<std::string>& regions =
            job.seed->regions.empty() ? options_.regions : job.seed->regions;
        indexer::Sighting sighting{draft.first_url, job.seed->name, url ? url->host : "",
                                   std::time(nullptr)};
        if (draft.continues.empty()) {
            indexer_.begin_item(std::move(sighting), draft.title, regions);
        } else {
            indexer_.continue_item(draft.continues, std::move(sighting), regions);
        }
        indexer_.feed(draft.text);
        const indexer::ItemOutcome outcome = indexer_.finish_item();
        const std::uint64_t records = indexer_.item_counts().records;
        sodium_memzero(draft.text.data(), draft.text.size());
        draft.text.clear();
        const ItemVisit visit{indexer_.item_key(), draft.resume_url, draft.resume_page,
                              draft.marker, std::time(nullptr)};
        write_state(job, [&] {
            state_.mark_seen(draft.first_url);
            state_.set_visit(draft.first_url, visit);
        });
        indexer_.commit();
        if (outcome == indexer::ItemOutcome::added) {
            ++summary_.items_new;
            summary_.records += records;
        } else if (outcome == indexer::ItemOutcome::sighting_added) {
            ++summary_.sightings;
        } else if (outcome == indexer::ItemOutcome::continued) {
            ++summary_.items_continued;
        }
        Job shown = job;
        shown.url = draft.first_url;
        report(LogLevel::info, "item", shown, 200,
               std::string(outcome == indexer::ItemOutcome::added ? "new, "
                           : outcome == indexer::ItemOutcome::sighting_added
                               ? "known content, sighting added, "
                           : outcome == indexer::ItemOutcome::continued ? "continued, read again, "
                                                                        : "known, ") +
                   std::to_string(records) + " records");
    }

    // A state write that fails (whatever the reason) is its site's error for
    // this run, said once: the site's other requests are dropped, and the
    // other sites go on. False when it failed.
    template <typename Write>
    bool write_state(const Job& job, Write&& write) {
        try {
            write();
            return true;
        } catch (const Error& e) {
            if (e.category() == ErrorCategory::locked) {
                throw;
            }
            fail_site(job, e.what());
            return false;
        }
    }

    void fail_site(const Job& job, const std::string& why) {
        if (job.seed == nullptr || !failed_sites_.insert(job.seed).second) {
            return;
        }
        ++summary_.errors;
        const std::vector<Job> dropped = schedule_.remove_site(job.seed);
        for (const Job& queued : dropped) {
            if (queued.type == Job::Type::item) {
                unfinished_listings_.insert(queued.listing);
            }
        }
        log(LogLevel::error, "site-failed", job.seed->name, job.url, 0,
            "its crawl state could not be written (" + why +
                "): " + std::to_string(dropped.size()) +
                " requests of this site not sent; the other sites go on");
    }

    void report(LogLevel level, const std::string& event, const Job& job, int status,
                const std::string& detail) {
        if (level == LogLevel::error && job.type == Job::Type::item) {
            unfinished_listings_.insert(job.listing);
        }
        log(level, event, job.seed ? job.seed->name : "", job.url, status, detail);
    }

    void log(LogLevel level, const std::string& event, const std::string& site,
             const std::string& url, int status, const std::string& detail) {
        LogEvent e;
        e.level = level;
        e.event = event;
        e.site = site;
        if (const auto parsed = parse_url(url)) {
            e.host = parsed->host;
            if (parsed->port != (parsed->scheme == "https" ? 443 : 80)) {
                e.host.append(1, ':').append(std::to_string(parsed->port));
            }
            e.ref = indexer_.keys().url_ref(url);
        }
        e.status = status;
        e.detail = detail;
        events_.on_event(e);
    }

    const CrawlOptions& options_;
    CrawlEvents& events_;
    const std::atomic<bool>& stop_;
    indexer::ItemIndexer indexer_;
    CrawlState state_;
    Fetcher fetcher_;
    SteadyClock clock_;
    std::mt19937_64 random_;
    std::uniform_real_distribution<double> unit_{0.0, 1.0};
    HostSchedule schedule_;
    std::map<std::uint64_t, Job> in_flight_;
    std::set<std::string> queued_items_;
    std::set<std::string> unfinished_listings_;
    std::set<const Seed*> failed_sites_;
    std::map<const Seed*, FollowPolicy> policies_;
    std::uint64_t next_id_ = 1;
    std::optional<Clock::time_point> deadline_;
    CrawlSummary summary_;
};

}  // namespace

std::string user_agent(const std::string& version, const std::string& contact) {
    return "leakwatch/" + version + " (leak monitoring; +" + contact + ")";
}

CrawlSummary run_crawl(const CrawlOptions& options, indexer::SecretScalar secret_key,
                       CrawlEvents& events, const std::atomic<bool>& stop) {
    if (options.contact.empty()) {
        throw Error(ErrorCategory::usage,
                    "no contact: give --contact (an email or URL where site operators reach you)");
    }
    CrawlRun run(options, std::move(secret_key), events, stop);
    return run.run();
}

}  // namespace lw::crawler
