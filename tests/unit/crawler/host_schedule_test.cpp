// Politeness on a fake clock: which request the schedule gives when, with
// no real sleep. tests/cli/crawl_cli_test.sh proves the same against nginx.
#include "crawler/host_schedule.h"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_clock.h"

using namespace lw::crawler;

namespace {

struct Retry {
    std::string url;
    int status;
    double wait;
};

struct Drop {
    std::string origin;
    std::vector<std::string> not_sent;
};

class RecordedEvents final : public ScheduleEvents {
  public:
    std::vector<std::string> disallowed;
    std::vector<Retry> retries;
    std::vector<std::string> gave_up;
    std::vector<Drop> drops;

    void on_disallowed(const Job& job) override { disallowed.push_back(job.url); }
    void on_retry(const Job& job, const FetchFailure& failure, double wait) override {
        retries.push_back({job.url, failure.status, wait});
    }
    void on_gave_up(const Job& job, const FetchFailure& /*failure*/) override {
        gave_up.push_back(job.url);
    }
    void on_host_dropped(const Job& /*job*/, const FetchFailure& /*failure*/,
                         const std::string& origin, const std::deque<Job>& not_sent) override {
        Drop drop{origin, {}};
        for (const Job& queued : not_sent) {
            drop.not_sent.push_back(queued.url);
        }
        drops.push_back(drop);
    }
};

// When a request was started, and which.
struct Sent {
    double at;
    std::string url;
    friend bool operator==(const Sent&, const Sent&) = default;
};

std::ostream& operator<<(std::ostream& out, const Sent& sent) {
    return out << sent.url << " at " << sent.at;
}

class ScheduleTest {
  protected:
    lw::test::FakeClock clock;
    RecordedEvents events;
    double jitter = 0.0;  // what the schedule's random source gives
    ScheduleOptions options;
    HostSchedule schedule{options, clock, [this] { return jitter; }, events};
    // robots.txt bodies by origin: fetched as robots jobs. Origins not here
    // have their rules "cached" (everything allowed), so no robots job.
    std::map<std::string, std::string> robots_txt;
    Seed slow;  // 2 s between requests
    Seed fast;  // 1 s

    ScheduleTest() {
        slow.delay = 2;
        fast.delay = 1;
    }

    void add(const std::string& url, const Seed& seed,
             HostSchedule::Place place = HostSchedule::Place::back) {
        schedule.raise_delay(*parse_url(url), seed.delay);
        REQUIRE(schedule.add(make_job(Job::Type::listing, url, &seed), place));
    }

    std::vector<Job> take_due() {
        return schedule.take_due([this](const std::string& origin) -> std::optional<RobotsRules> {
            if (robots_txt.count(origin) != 0) {
                return std::nullopt;
            }
            return RobotsRules::allow_all();
        });
    }

    // The one job due now; fails the test when there is not exactly one.
    Job take_one() {
        std::vector<Job> due = take_due();
        REQUIRE(due.size() == 1);
        return std::move(due.front());
    }

    void sleep_until_due() {
        const auto due = schedule.next_due();
        REQUIRE(due.has_value());
        clock.sleep_until(*due);
    }

    // Runs the schedule to its end, each request answered at once (robots
    // jobs from robots_txt), sleeping on the fake clock between; what was
    // sent when.
    std::vector<Sent> run() {
        std::vector<Sent> sent;
        for (int round = 0; schedule.has_work(); ++round) {
            REQUIRE(round < 100);  // a schedule that never gives its work
            for (const Job& job : take_due()) {
                sent.push_back({clock.seconds(), job.url});
                schedule.finished(job.url);
                if (job.type == Job::Type::robots) {
                    schedule.set_robots(
                        job.robots_for,
                        RobotsRules::parse(robots_txt[job.robots_for], "leakwatch"));
                }
            }
            if (schedule.has_work()) {
                sleep_until_due();
            }
        }
        return sent;
    }

    // `job` answered with `status` (and Retry-After `retry_after`) now.
    void fail(Job job, int status, const std::string& retry_after = "") {
        schedule.finished(job.url);
        schedule.retry_later(std::move(job), FetchFailure{status, "", retry_after});
    }

    // Seconds from now until the next request may go.
    double wait_now() const {
        return std::chrono::duration<double>(schedule.next_due().value() - clock.now()).count();
    }
};

}  // namespace

TEST_CASE_METHOD(ScheduleTest,
                 "schedule: requests to one host are its delay apart, and two hosts do not wait "
                 "for each other",
                 "[crawler][schedule]") {
    add("http://a.example/1", slow);
    add("http://a.example/2", slow);
    add("http://a.example/3", slow);
    add("http://b.example/1", fast);
    add("http://b.example/2", fast);
    add("http://b.example/3", fast);
    const std::vector<Sent> expected = {
        {0, "http://a.example/1"}, {0, "http://b.example/1"}, {1, "http://b.example/2"},
        {2, "http://a.example/2"}, {2, "http://b.example/3"}, {4, "http://a.example/3"},
    };
    CHECK(run() == expected);
}

TEST_CASE_METHOD(ScheduleTest, "schedule: the delay runs from the response, not the request",
                 "[crawler][schedule]") {
    add("http://a.example/1", slow);
    add("http://a.example/2", slow);
    const Job first = take_one();
    clock.advance(1.5);  // a slow response: the host is busy meanwhile
    CHECK(take_due().empty());
    schedule.finished(first.url);
    clock.advance(1.99);
    CHECK(take_due().empty());
    clock.advance(0.01);
    CHECK(take_one().url == "http://a.example/2");
}

TEST_CASE_METHOD(ScheduleTest,
                 "schedule: robots.txt comes first; a longer Crawl-delay spaces the requests "
                 "from it on, a shorter one does not",
                 "[crawler][schedule]") {
    add("http://a.example/1", fast);
    add("http://a.example/2", fast);
    add("http://a.example/private/3", fast);
    std::vector<Sent> expected;
    SECTION("Crawl-delay 3 beats the seed's 1 s") {
        robots_txt["http://a.example:80"] = "User-agent: *\nDisallow: /private\nCrawl-delay: 3\n";
        expected = {{0, "http://a.example:80/robots.txt"},
                    {3, "http://a.example/1"},
                    {6, "http://a.example/2"}};
    }
    SECTION("Crawl-delay 0.5 leaves the seed's 1 s") {
        robots_txt["http://a.example:80"] = "User-agent: *\nDisallow: /private\nCrawl-delay: 0.5\n";
        expected = {{0, "http://a.example:80/robots.txt"},
                    {1, "http://a.example/1"},
                    {2, "http://a.example/2"}};
    }
    CHECK(run() == expected);
    CHECK(events.disallowed == std::vector<std::string>{"http://a.example/private/3"});
}

TEST_CASE_METHOD(ScheduleTest, "schedule: Retry-After in seconds or as an HTTP date is honoured",
                 "[crawler][schedule]") {
    add("http://a.example/1", slow);
    add("http://a.example/2", slow);
    Job job = take_one();
    double asked = 0;
    SECTION("seconds, on a 429") {
        fail(std::move(job), 429, "30");
        asked = 30;
    }
    SECTION("an HTTP date, on a 503") {
        // The fake wall clock is at 2023-11-14T22:13:20Z.
        fail(std::move(job), 503, "Tue, 14 Nov 2023 22:14:05 GMT");
        asked = 45;
    }
    SECTION("less than the host's delay: the delay") {
        fail(std::move(job), 503, "0");
        asked = 2;
    }
    REQUIRE(events.retries.size() == 1);
    CHECK(events.retries[0].wait == asked);
    CHECK(wait_now() == Approx(asked));
    clock.advance(asked - 0.01);
    CHECK(take_due().empty());
    clock.advance(0.01);
    const Job again = take_one();
    CHECK(again.url == "http://a.example/1");  // the failed request first
    CHECK(again.attempts == 1);
}

TEST_CASE_METHOD(ScheduleTest,
                 "schedule: failures back off doubling from the delay, with jitter up to half",
                 "[crawler][schedule]") {
    options.max_attempts = 10;
    options.drop_after_failures = 10;
    HostSchedule patient{options, clock, [this] { return jitter; }, events};
    patient.raise_delay(*parse_url("http://a.example/1"), slow.delay);
    REQUIRE(patient.add(make_job(Job::Type::listing, "http://a.example/1", &slow)));
    const auto allow_all = [](const std::string&) { return RobotsRules::allow_all(); };
    std::mt19937 random(19);  // seeded: the same jitters every run
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (unsigned failure = 1; failure <= 5; ++failure) {
        std::vector<Job> due = patient.take_due(allow_all);
        REQUIRE(due.size() == 1);
        jitter = unit(random);
        patient.finished(due[0].url);
        patient.retry_later(std::move(due[0]), FetchFailure{500, "", "3"});  // not read on a 500
        const double base = slow.delay * (1u << (failure - 1));
        const double wait =
            std::chrono::duration<double>(patient.next_due().value() - clock.now()).count();
        INFO("failure " << failure << ", jitter " << jitter);
        CHECK(wait == Approx(base * (1 + 0.5 * jitter)));
        CHECK(wait >= base);
        CHECK(wait < base * 1.5);
        clock.sleep_until(patient.next_due().value());
    }
    CHECK(events.retries.size() == 5);
}

TEST_CASE_METHOD(ScheduleTest,
                 "schedule: a host is dropped at its 5th failure in a row, the others go on",
                 "[crawler][schedule]") {
    for (const char* path : {"1", "2", "3", "4"}) {
        add(std::string("http://a.example/") + path, fast);
    }
    add("http://b.example/1", fast);
    auto next_on_a = [this] {
        sleep_until_due();
        for (Job& job : take_due()) {
            if (job.url.starts_with("http://a.example/")) {
                return job;
            }
            schedule.finished(job.url);  // b answers
            schedule.succeeded(job.url);
        }
        FAIL("nothing due on a.example");
        return Job{};
    };
    SECTION("five failures: dropped") {
        for (int i = 0; i < 5; ++i) {
            fail(next_on_a(), 503);
        }
        // The first request failed its 3 attempts, the second twice.
        CHECK(events.gave_up == std::vector<std::string>{"http://a.example/1"});
        CHECK(events.retries.size() == 3);
        REQUIRE(events.drops.size() == 1);
        CHECK(events.drops[0].origin == "http://a.example:80");
        CHECK(events.drops[0].not_sent ==
              std::vector<std::string>{"http://a.example/3", "http://a.example/4"});
        CHECK_FALSE(schedule.has_work());
        CHECK_FALSE(schedule.add(make_job(Job::Type::listing, "http://a.example/5", &fast)));
        CHECK(schedule.add(make_job(Job::Type::listing, "http://b.example/2", &fast)));
    }
    SECTION("four failures, an answer, four more: still there") {
        for (int i = 0; i < 4; ++i) {
            fail(next_on_a(), 0);
        }
        Job job = next_on_a();
        schedule.finished(job.url);
        schedule.succeeded(job.url);
        for (int i = 0; i < 4; ++i) {
            fail(next_on_a(), 500);
        }
        CHECK(events.drops.empty());
        CHECK(schedule.has_work());
    }
}

TEST_CASE_METHOD(ScheduleTest, "schedule: a redirect target waits its host's turn",
                 "[crawler][schedule]") {
    add("http://a.example/1", slow);
    add("http://b.example/1", slow);
    add("http://b.example/2", slow);
    std::vector<Job> first = take_due();
    REQUIRE(first.size() == 2);
    clock.advance(0.5);
    for (const Job& job : first) {
        schedule.finished(job.url);
    }
    // a.example/1 answered 301 to b.example, just asked: the target is b's
    // next request, after b's delay, as any other.
    Job redirected = first[0];
    REQUIRE(redirected.url == "http://a.example/1");
    redirected.url = "http://b.example/moved";
    ++redirected.redirects;
    REQUIRE(schedule.add(std::move(redirected), HostSchedule::Place::front));
    CHECK(take_due().empty());
    clock.advance(1.99);
    CHECK(take_due().empty());
    sleep_until_due();
    CHECK(clock.seconds() == Approx(2.5));
    CHECK(take_one().url == "http://b.example/moved");
}
