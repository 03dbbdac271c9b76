#pragma once

// Who may be asked what, and when: one queue per host (an origin, RFC 9309
// 2.3), one request at a time to it, its delay between two requests (the
// longest of its seeds' delays, or robots.txt's Crawl-delay where longer),
// robots.txt fetched before anything else and obeyed, Retry-After honoured,
// backoff with jitter on failures, and a host that keeps failing dropped for
// the run. A redirect target is queued here like any request and waits its
// host's turn. The schedule answers "what is due now, and when is the next
// one"; the run loop fetches and sleeps. It reports what it decides through
// ScheduleEvents (typed, no text) and never logs.

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crawler/clock.h"
#include "crawler/crawl_job.h"
#include "crawler/robots.h"
#include "crawler/url.h"

namespace lw::crawler {

// A response that asks for a retry later: 429, 503 and other 5xx, or none.
struct FetchFailure {
    int status = 0;           // 0: no complete response
    std::string error;        // why, when status is 0
    std::string retry_after;  // the Retry-After header as sent; read on 429 and 503
};

class ScheduleEvents {
  public:
    virtual ~ScheduleEvents() = default;
    // robots.txt disallows `job`: taken off its queue, never sent.
    virtual void on_disallowed(const Job& job) = 0;
    // `job` goes back to the front of its host's queue, due in `wait_seconds`.
    virtual void on_retry(const Job& job, const FetchFailure& failure, double wait_seconds) = 0;
    // `job` failed its max_attempts (job.attempts) times: not sent again.
    virtual void on_gave_up(const Job& job, const FetchFailure& failure) = 0;
    // `job`'s failure was its host's drop_after_failures-th in a row: the host
    // is dropped for the run, `not_sent` are the requests left in its queue.
    virtual void on_host_dropped(const Job& job, const FetchFailure& failure,
                                 const std::string& origin, const std::deque<Job>& not_sent) = 0;
};

struct ScheduleOptions {
    unsigned max_attempts = 3;         // of one request
    unsigned drop_after_failures = 5;  // consecutive failures of one host
};

class HostSchedule {
  public:
    // `unit_random` gives the backoff's jitter, in [0, 1). The clock and the
    // events must outlive the schedule.
    HostSchedule(ScheduleOptions options, const Clock& clock, std::function<double()> unit_random,
                 ScheduleEvents& events);

    enum class Place { back, front };
    // Queues `job` at its host (made on first sight). False when it is not
    // queued: its URL is not http(s), or its host was dropped.
    bool add(Job job, Place place = Place::back);

    // The host of `url` waits at least `seconds` between requests from now
    // on: each seed naming the host in a link, followed or not, brings its
    // delay, and the longest wins.
    void raise_delay(const Url& url, double seconds);

    // A host's robots.txt rules from the crawl state, when known there.
    using RobotsCache = std::function<std::optional<RobotsRules>(const std::string& origin)>;

    // The jobs to start now, at most one per host, each host then busy until
    // finished(). A host seen for the first time looks its rules up in
    // `cached`, else its robots.txt job comes first and its other jobs wait
    // for set_robots(). Jobs robots.txt disallows are dropped
    // (on_disallowed).
    [[nodiscard]] std::vector<Job> take_due(const RobotsCache& cached);

    // When take_due() may next give something: the soonest turn of a host
    // with requests queued and none in flight. nullopt when there is none.
    [[nodiscard]] std::optional<Clock::time_point> next_due() const;

    // False once every queue is empty or its host dropped.
    [[nodiscard]] bool has_work() const;

    // The response to `url` came: its host is free, and due again after its
    // delay.
    void finished(const std::string& url);

    // `url` was answered (neither 429 nor 5xx, nor no answer): its host's
    // consecutive failures start again from 0.
    void succeeded(const std::string& url);

    // `job` failed as `failure` says (after finished()): its host waits the
    // backoff, or what Retry-After asks when at least its delay, then `job`
    // is its next request, unless the job ran out of attempts or its host
    // out of failures (see ScheduleEvents).
    void retry_later(Job job, const FetchFailure& failure);

    // `origin`'s rules, from its robots.txt (or what stands for it): its
    // other jobs may go, and a Crawl-delay longer than its delay becomes its
    // delay (at most an hour), from its last response on.
    void set_robots(const std::string& origin, RobotsRules rules);

    // Every job still queued, host by host, in queue order.
    void for_each_queued(const std::function<void(const Job&)>& visit) const;

    // Takes every queued job of `seed` off the queues and returns them.
    std::vector<Job> remove_site(const Seed* seed);

  private:
    struct Host {
        std::string origin;
        std::deque<Job> queue;
        bool busy = false;
        Clock::time_point last_done{};  // when its last response came
        Clock::time_point next_ok{};
        double delay = 0;
        enum class Robots { unknown, fetching, known } robots_state = Robots::unknown;
        std::optional<RobotsRules> robots;
        unsigned failures = 0;
        bool dropped = false;
    };

    Host& host_at(const Url& url);          // made on first sight
    Host* host_of(const std::string& url);  // nullptr when not an http(s) URL
    void set_robots(Host& host, RobotsRules rules);
    void drop(Host& host, const Job& job, const FetchFailure& failure);

    ScheduleOptions options_;
    const Clock& clock_;
    std::function<double()> unit_random_;
    ScheduleEvents& events_;
    std::map<std::string, Host> hosts_;  // by origin
};

}  // namespace lw::crawler
