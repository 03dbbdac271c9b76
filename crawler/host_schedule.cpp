#include "crawler/host_schedule.h"

#include <algorithm>

#include "crawler/retry_after.h"

namespace lw::crawler {
namespace {

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// A Crawl-delay longer than this is a robots.txt's way of saying "never":
// the host is still crawled, an hour apart.
constexpr double kMaxCrawlDelay = 3600.0;

}  // namespace

HostSchedule::HostSchedule(ScheduleOptions options, const Clock& clock,
                           std::function<double()> unit_random, ScheduleEvents& events)
    : options_(options), clock_(clock), unit_random_(std::move(unit_random)), events_(events) {}

HostSchedule::Host& HostSchedule::host_at(const Url& url) {
    const std::string key = origin(url);
    Host& host = hosts_[key];
    if (host.origin.empty()) {
        host.origin = key;
    }
    return host;
}

HostSchedule::Host* HostSchedule::host_of(const std::string& url) {
    const auto parsed = parse_url(url);
    return parsed ? &host_at(*parsed) : nullptr;
}

bool HostSchedule::add(Job job, Place place) {
    Host* host = host_of(job.url);
    if (host == nullptr || host->dropped) {
        return false;
    }
    if (place == Place::front) {
        host->queue.push_front(std::move(job));
    } else {
        host->queue.push_back(std::move(job));
    }
    return true;
}

void HostSchedule::raise_delay(const Url& url, double seconds) {
    Host& host = host_at(url);
    host.delay = std::max(host.delay, seconds);
}

std::vector<Job> HostSchedule::take_due(const RobotsCache& cached) {
    const auto now = clock_.now();
    std::vector<Job> due;
    for (auto& [origin, host] : hosts_) {
        if (host.busy || host.dropped || host.queue.empty() || now < host.next_ok) {
            continue;
        }
        if (host.robots_state == Host::Robots::unknown) {
            if (auto rules = cached(origin)) {
                set_robots(host, std::move(*rules));
            } else {
                host.robots_state = Host::Robots::fetching;
                Job robots =
                    make_job(Job::Type::robots, origin + "/robots.txt", host.queue.front().seed);
                robots.robots_for = origin;
                host.queue.push_front(std::move(robots));
            }
        }
        Job& job = host.queue.front();
        if (job.type != Job::Type::robots) {
            if (host.robots_state != Host::Robots::known) {
                continue;  // this host's rules are being fetched through a redirect
            }
            const auto parsed = parse_url(job.url);
            if (!parsed || !host.robots || !host.robots->allowed(path_and_query(*parsed))) {
                events_.on_disallowed(job);
                host.queue.pop_front();
                continue;
            }
        }
        host.busy = true;
        due.push_back(std::move(job));
        host.queue.pop_front();
    }
    return due;
}

std::optional<Clock::time_point> HostSchedule::next_due() const {
    std::optional<Clock::time_point> soonest;
    for (const auto& [origin, host] : hosts_) {
        if (!host.busy && !host.dropped && !host.queue.empty()) {
            soonest = soonest ? std::min(*soonest, host.next_ok) : host.next_ok;
        }
    }
    return soonest;
}

bool HostSchedule::has_work() const {
    return std::any_of(hosts_.begin(), hosts_.end(), [](const auto& entry) {
        return !entry.second.dropped && !entry.second.queue.empty();
    });
}

void HostSchedule::finished(const std::string& url) {
    Host& host = *host_of(url);
    host.busy = false;
    host.last_done = clock_.now();
    host.next_ok = host.last_done + seconds(host.delay);
}

void HostSchedule::succeeded(const std::string& url) {
    host_of(url)->failures = 0;
}

void HostSchedule::retry_later(Job job, const FetchFailure& failure) {
    Host& host = *host_of(job.url);
    ++host.failures;
    double wait = backoff_seconds(host.delay, host.failures - 1, unit_random_());
    if ((failure.status == 429 || failure.status == 503) && !failure.retry_after.empty()) {
        if (auto asked = retry_after_seconds(failure.retry_after, clock_.wall_time())) {
            // What the server asks, but never sooner than the host's delay.
            wait = std::max(*asked, host.delay);
        }
    }
    host.next_ok = clock_.now() + seconds(wait);
    if (host.failures >= options_.drop_after_failures) {
        drop(host, job, failure);
        return;
    }
    if (++job.attempts >= options_.max_attempts) {
        events_.on_gave_up(job, failure);
        return;
    }
    events_.on_retry(job, failure, wait);
    host.queue.push_front(std::move(job));
}

void HostSchedule::drop(Host& host, const Job& job, const FetchFailure& failure) {
    host.dropped = true;
    for (const Job& queued : host.queue) {
        if (queued.type == Job::Type::robots && queued.robots_for != host.origin) {
            // Another host's robots.txt, redirected here: unreachable.
            set_robots(hosts_[queued.robots_for], RobotsRules::disallow_all());
        }
    }
    events_.on_host_dropped(job, failure, host.origin, host.queue);
    host.queue.clear();
}

void HostSchedule::set_robots(const std::string& origin, RobotsRules rules) {
    set_robots(hosts_[origin], std::move(rules));
}

void HostSchedule::set_robots(Host& host, RobotsRules rules) {
    if (auto crawl_delay = rules.crawl_delay()) {
        host.delay = std::max(host.delay, std::min(*crawl_delay, kMaxCrawlDelay));
        // The wait after robots.txt itself is max(delay, Crawl-delay) too,
        // not the seed's delay alone, which next_ok was set from.
        host.next_ok = std::max(host.next_ok, host.last_done + seconds(host.delay));
    }
    host.robots = std::move(rules);
    host.robots_state = Host::Robots::known;
}

void HostSchedule::for_each_queued(const std::function<void(const Job&)>& visit) const {
    for (const auto& [origin, host] : hosts_) {
        std::for_each(host.queue.begin(), host.queue.end(), visit);
    }
}

std::vector<Job> HostSchedule::remove_site(const Seed* seed) {
    std::vector<Job> removed;
    for (auto& [origin, host] : hosts_) {
        std::erase_if(host.queue, [&](const Job& queued) {
            if (queued.seed != seed) {
                return false;
            }
            removed.push_back(queued);
            return true;
        });
    }
    return removed;
}

}  // namespace lw::crawler
