// libFuzzer target: sniffing, decompression and archive reading over
// arbitrary bytes (visit_inputs on one file), with small limits so that a
// bomb costs milliseconds. Traps when the visitor's call-order contract
// (input_source.h) or a limit is broken.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/input/input_source.h"

namespace {

using lw::indexer::InputItem;
using lw::indexer::InputLimits;
using lw::indexer::InputProblem;
using lw::indexer::InputVisitor;

constexpr std::uint64_t kMiB = InputLimits::kMiB;

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

// Every line a user may see: printable, one line.
void check_line(std::string_view text) {
    for (const char c : text) {
        check(c != '\n' && c != '\r');
    }
}

class ContractChecker : public InputVisitor {
  public:
    explicit ContractChecker(std::uint64_t max_plain) : max_plain_(max_plain) {}

    void begin_item(const InputItem& item) override {
        check(!open_);
        check(item.depth >= 0 && item.depth <= 2);
        check_line(item.label);
        check_line(item.shown);
        open_ = true;
        item_bytes_ = 0;
        ++items;
    }
    void chunk(std::string_view bytes) override {
        check(open_);
        check(!bytes.empty() && bytes.size() <= kMiB);
        item_bytes_ += bytes.size();
        check(item_bytes_ <= max_plain_);
        delivered += bytes.size();
    }
    void end_item(bool /*complete*/) override {
        check(open_);
        open_ = false;
    }
    void problem(const InputProblem& problem) override {
        check(!open_);
        check(!problem.reason.empty());
        check_line(problem.where);
        check_line(problem.shown);
        check_line(problem.reason);
        ++problems;
    }

    bool open() const { return open_; }

    std::uint64_t items = 0;
    std::uint64_t problems = 0;
    std::uint64_t delivered = 0;

  private:
    std::uint64_t max_plain_;
    std::uint64_t item_bytes_ = 0;
    bool open_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A memfd is a regular, seekable file: the zip reader's seeking path
    // (central directory, reopening past a broken member) is fuzzed too.
    const int fd = ::memfd_create("input_fuzz", MFD_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    for (std::size_t at = 0; at < size;) {
        const ssize_t n = ::write(fd, data + at, size - at);
        if (n <= 0) {
            ::close(fd);
            return 0;
        }
        at += static_cast<std::size_t>(n);
    }
    InputLimits limits;
    limits.max_item_bytes = kMiB;
    limits.max_input_bytes = 8 * kMiB;
    limits.ratio_floor_bytes = kMiB;
    // A plain file is not limited: at most its own size.
    ContractChecker visitor(std::max<std::uint64_t>(limits.max_item_bytes, size));
    const auto totals =
        lw::indexer::visit_inputs({"/proc/self/fd/" + std::to_string(fd)}, limits, visitor);
    ::close(fd);
    check(!visitor.open());
    check(totals.items == visitor.items);
    check(totals.problems == visitor.problems);
    check(totals.bytes == visitor.delivered);
    // An input is abandoned at its limit; what its chunks held is bounded by
    // it (plus one chunk of plain bytes at depth 0, its own size).
    check(visitor.delivered <= limits.max_input_bytes + size);
    return 0;
}
