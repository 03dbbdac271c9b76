#pragma once

// One request the crawl wants made, as it waits in its host's queue
// (crawler/host_schedule.h) and while it is in flight.

#include <memory>
#include <string>

#include "crawler/seed.h"

namespace lw::crawler {

// An item's pages gathered in memory (crawl_run.cpp): shared by the jobs
// of one item's pages, opaque to the schedule.
struct ItemDraft;

struct Job {
    enum class Type { robots, listing, item } type = Type::listing;
    std::string url;
    const Seed* seed = nullptr;
    unsigned page = 1;
    unsigned redirects = 0;
    unsigned attempts = 0;
    std::string robots_for;  // robots jobs: the origin whose rules these are
    std::string listing;     // item jobs: the listing page that gave them
    std::shared_ptr<ItemDraft> draft;
};

inline Job make_job(Job::Type type, std::string url, const Seed* seed) {
    Job job;
    job.type = type;
    job.url = std::move(url);
    job.seed = seed;
    return job;
}

}  // namespace lw::crawler
