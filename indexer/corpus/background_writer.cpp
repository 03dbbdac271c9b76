#include "indexer/corpus/background_writer.h"

namespace lw::indexer {

void BackgroundWriter::add(std::vector<KindToken> record) {
    std::unique_lock lock(mutex_);
    wake_caller_.wait(lock, [&] { return queue_.size() < kMaxQueued || error_; });
    rethrow_locked();
    queue_.push_back(std::move(record));
    wake_writer_.notify_one();
}

void BackgroundWriter::drain() {
    std::unique_lock lock(mutex_);
    wake_caller_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_; });
    rethrow_locked();
}

void BackgroundWriter::rethrow_locked() {
    if (error_) {
        std::exception_ptr error = error_;
        error_ = nullptr;
        queue_.clear();
        std::rethrow_exception(error);
    }
}

void BackgroundWriter::loop() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_writer_.wait(lock, [&] { return !queue_.empty() || stopping_; });
        if (queue_.empty() && stopping_) {
            return;
        }
        std::vector<KindToken> record = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        lock.unlock();
        std::exception_ptr error;
        try {
            writer_.add_record(record);
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        busy_ = false;
        if (error) {
            error_ = error;
        }
        wake_caller_.notify_all();
    }
}

}  // namespace lw::indexer
