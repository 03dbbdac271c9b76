#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lw::indexer {

// A fixed set of threads that run one job at a time over an index range
// [0, count), in chunks taken in turn (`grain` indexes each), so that a
// slow chunk does not hold the others up. The thread that starts a job
// does not take part: it may prepare the next job meanwhile.
//
// REQUIRES: one owner thread calls start/wait/run, and waits for a job
// before starting the next. The destructor waits for a job still running.
class WorkerPool {
  public:
    using Job = std::function<void(std::size_t begin, std::size_t end)>;

    // `threads` workers; 0 means std::thread::hardware_concurrency().
    explicit WorkerPool(unsigned threads = 0);
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    ~WorkerPool();

    [[nodiscard]] unsigned size() const noexcept { return static_cast<unsigned>(threads_.size()); }

    // Hands `job` over [0, count) to the workers and returns at once. The
    // job and whatever it refers to must live until wait() returns.
    void start(std::size_t count, std::size_t grain, Job job);
    // Blocks until every chunk of the started job is done. If chunks threw,
    // the rest of the job is skipped and the first exception is rethrown.
    void wait();
    // start() then wait().
    void run(std::size_t count, std::size_t grain, Job job);

    // hardware_concurrency(), or 1 where it is unknown.
    [[nodiscard]] static unsigned default_threads() noexcept;

  private:
    void work();
    void drain();
    // Tells the workers to stop and waits for them (construction failed, or
    // the pool is going).
    void stop_and_join() noexcept;

    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable work_done_;
    std::uint64_t generation_ = 0;
    bool stopping_ = false;
    bool started_ = false;
    unsigned running_ = 0;
    Job job_;
    std::size_t count_ = 0;
    std::size_t grain_ = 1;
    std::atomic<std::size_t> next_{0};
    std::exception_ptr error_;
    std::vector<std::thread> threads_;
};

}  // namespace lw::indexer
