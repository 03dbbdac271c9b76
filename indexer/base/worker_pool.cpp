#include "indexer/base/worker_pool.h"

#include <algorithm>
#include <utility>

namespace lw::indexer {

unsigned WorkerPool::default_threads() noexcept {
    return std::max(1U, std::thread::hardware_concurrency());
}

WorkerPool::WorkerPool(unsigned threads) {
    const unsigned n = threads == 0 ? default_threads() : threads;
    threads_.reserve(n);
    try {
        for (unsigned i = 0; i < n; ++i) {
            threads_.emplace_back([this] { work(); });
        }
    } catch (...) {
        stop_and_join();
        throw;
    }
}

WorkerPool::~WorkerPool() {
    try {
        wait();  // a job still running refers to its owner's data
    } catch (...) {
        // Its owner is being unwound already; the error is its concern.
    }
    stop_and_join();
}

void WorkerPool::stop_and_join() noexcept {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& t : threads_) {
        t.join();
    }
}

void WorkerPool::start(std::size_t count, std::size_t grain, Job job) {
    {
        const std::lock_guard lock(mutex_);
        job_ = std::move(job);
        count_ = count;
        grain_ = std::max<std::size_t>(grain, 1);
        next_.store(0, std::memory_order_relaxed);
        error_ = nullptr;
        running_ = size();
        started_ = true;
        ++generation_;
    }
    work_ready_.notify_all();
}

void WorkerPool::wait() {
    std::unique_lock lock(mutex_);
    if (!started_) {
        return;
    }
    work_done_.wait(lock, [this] { return running_ == 0; });
    started_ = false;
    job_ = nullptr;
    if (error_) {
        std::rethrow_exception(std::exchange(error_, nullptr));
    }
}

void WorkerPool::run(std::size_t count, std::size_t grain, Job job) {
    start(count, grain, std::move(job));
    wait();
}

void WorkerPool::work() {
    std::uint64_t seen = 0;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            work_ready_.wait(lock, [&] { return stopping_ || generation_ != seen; });
            if (stopping_) {
                return;
            }
            seen = generation_;
        }
        drain();
        {
            const std::lock_guard lock(mutex_);
            if (--running_ == 0) {
                work_done_.notify_all();
            }
        }
    }
}

void WorkerPool::drain() {
    // job_, count_ and grain_ were written under the mutex before this
    // worker saw the new generation under it, and stay put until wait().
    while (true) {
        const std::size_t begin = next_.fetch_add(grain_, std::memory_order_relaxed);
        if (begin >= count_) {
            return;
        }
        try {
            job_(begin, std::min(count_, begin + grain_));
        } catch (...) {
            const std::lock_guard lock(mutex_);
            if (!error_) {
                error_ = std::current_exception();
            }
            next_.store(count_, std::memory_order_relaxed);  // skip the rest
        }
    }
}

}  // namespace lw::indexer
