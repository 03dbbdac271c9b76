#include "indexer/input/input_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "indexer/base/printable.h"

namespace lw::indexer {
namespace {

// Consecutive damaged headers passed over before an archive is given up.
constexpr int kMaxHeaderRetries = 16;
// Times a seekable archive is opened again past a broken member.
constexpr int kMaxReopens = 100;

// A stream whose first bytes were already read (to sniff it) and are
// served again before the rest. They are file text: wiped with the source.
class ReplaySource final : public ByteSource {
  public:
    ReplaySource(std::string_view head, ByteSource& rest) : head_(head), rest_(rest) {}

    std::optional<std::size_t> read(char* out, std::size_t size) override {
        if (served_ < head_.size()) {
            const std::size_t n = std::min(size, head_.size() - served_);
            std::memcpy(out, head_.data() + served_, n);
            served_ += n;
            return n;
        }
        return rest_.read(out, size);
    }
    const StreamFailure& failure() const override { return rest_.failure(); }

  private:
    SelfWipingString head_;
    std::size_t served_ = 0;
    ByteSource& rest_;
};

// Reads until `size` bytes or the end: the count, or nullopt on failure.
std::optional<std::size_t> fill(ByteSource& source, char* out, std::size_t size) {
    std::size_t have = 0;
    while (have < size) {
        const std::optional<std::size_t> n = source.read(out + have, size - have);
        if (!n) {
            return std::nullopt;
        }
        if (*n == 0) {
            break;
        }
        have += *n;
    }
    return have;
}

// "1 MiB", "32 GiB", "1000 bytes".
std::string format_size(std::uint64_t bytes) {
    constexpr std::uint64_t kGiB = InputLimits::kMiB << 10;
    if (bytes >= kGiB && bytes % kGiB == 0) {
        return std::to_string(bytes / kGiB) + " GiB";
    }
    if (bytes >= InputLimits::kMiB && bytes % InputLimits::kMiB == 0) {
        return std::to_string(bytes / InputLimits::kMiB) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

std::string format_ratio(double ratio) {
    if (ratio == std::floor(ratio) && ratio < 1e15) {
        return std::to_string(static_cast<std::uint64_t>(ratio));
    }
    return std::to_string(ratio);
}

}  // namespace

InputReader::InputReader(const InputLimits& limits, InputVisitor& visitor)
    : limits_(limits), visitor_(visitor), buffer_(kChunk) {}

void InputReader::read(ByteSource& source, const InputPlace& label, const std::string& path,
                       std::optional<std::uint64_t> size) {
    input_ = &source;
    input_label_ = label;
    input_path_ = path;
    input_expanded_ = 0;
    input_stopped_ = false;
    static_cast<void>(read_stream(source, label, 0, size));  // failures are reported
    input_ = nullptr;
}

void InputReader::report(ProblemKind kind, const InputPlace& where, std::string_view reason) {
    ++totals_.problems;
    visitor_.problem(InputProblem{kind, where.label, where.shown, reason});
}

// Sniffs `source`, then reads it as plain bytes or as an archive. False
// when reading `source` failed (reported). `decompressed`: `source` is a
// compressed stream's output, at the depth of that stream's layer; a tar or
// zip in it shares that layer (a .tgz is one layer, its members at depth
// 1), as when libarchive read both in one reader.
//
// Only bytes that sniff as a container are opened, compressed or not: a
// tar needs its ustar magic, so a stream of NULs (an empty v7-style tar, or
// a dump that starts with NULs) is one plain item, never an archive that
// ends at its first zero block with nothing reported.
bool InputReader::read_stream(ByteSource& source, const InputPlace& label, int depth,
                              std::optional<std::uint64_t> size, bool decompressed) {
    const std::optional<std::size_t> head = fill(source, buffer_.data(), kSniffBytes);
    if (!head) {
        report_failure(label, source.failure(), std::nullopt);
        return false;
    }
    const Container container = sniff_container(std::string_view(buffer_.data(), *head));
    if (container == Container::none) {
        return deliver(source, *head, label, depth, size);
    }
    const bool shares_layer =
        decompressed && (container == Container::tar || container == Container::zip);
    if (!shares_layer && depth >= limits_.max_depth) {
        report_too_deep(label);
        return true;
    }
    return read_archive(source, *head, container, label, shares_layer ? depth : depth + 1);
}

void InputReader::report_too_deep(const InputPlace& label) {
    report(ProblemKind::too_deep, label,
           "archive nested deeper than " + std::to_string(limits_.max_depth) + " layers, skipped");
}

// Reads each regular member of the archive that `source` holds; its first
// `head` bytes are in buffer_. A member whose data breaks the archive (a
// corrupt zip member) ends it, unless the source can seek: then the archive
// is opened again past that member, so that one bad member costs only
// itself (zip only: its central directory lets libarchive pass over a
// member without decoding it). False when reading `source` failed (reported).
bool InputReader::read_archive(ByteSource& source, std::size_t head, Container container,
                               const InputPlace& label, int layer) {
    std::optional<ReplaySource> replay;
    ByteSource* from = &source;
    if (!source.can_seek()) {
        from = &replay.emplace(std::string_view(buffer_.data(), head), source);
    }
    std::optional<ArchiveReader> archive;
    std::uint64_t entries = 0;  // entries met so far, a broken one included
    for (int reopens = 0; reopens <= kMaxReopens; ++reopens) {
        if (from == &source && !source.seek(0, SEEK_SET)) {
            report_failure(label, source.failure(), std::nullopt);
            return false;
        }
        archive.emplace(*from, container);
        if (!archive->open()) {
            report_failure(label, archive->failure(), std::nullopt);
            return !archive->source_failed();
        }
        // libarchive peels a filter stacked on the same filter itself (six
        // gzip layers in one reader): each beyond the first is a layer, as
        // a .bz2 in a .gz is. Refused whole, as an archive too deep is.
        if (reopens == 0 && archive->stacked_filters() > 0) {
            layer += archive->stacked_filters();
            if (layer > limits_.max_depth) {
                report_too_deep(label);
                return true;
            }
        }
        ArchiveMember member;
        for (std::uint64_t i = 0; i < entries; ++i) {
            if (archive->next(member) != ArchiveReader::Next::member) {
                return !archive->source_failed();  // it read before: the file changed
            }
        }
        const MembersEnd end = read_members(*archive, label, layer, entries, reopens > 0);
        if (end != MembersEnd::broken_by_member || container != Container::zip || from != &source ||
            archive->source_failed() || input_stopped_) {
            break;
        }
    }
    return !archive->source_failed();
}

// Reads the archive's members from the current one on, counting them in
// `entries`. `resumed`: the archive was opened again past a broken member.
InputReader::MembersEnd InputReader::read_members(ArchiveReader& archive, const InputPlace& label,
                                                  int layer, std::uint64_t& entries, bool resumed) {
    int retries = 0;
    bool after_broken_member = resumed;
    ArchiveMember member;
    while (!input_stopped_) {
        switch (archive.next(member)) {
            case ArchiveReader::Next::end:
                return MembersEnd::done;
            case ArchiveReader::Next::failed:
                if (after_broken_member) {
                    return MembersEnd::broken_by_member;  // reported with the member
                }
                report_failure(label, archive.failure(), std::nullopt);
                if (archive.dead() || ++retries > kMaxHeaderRetries) {
                    return MembersEnd::done;
                }
                continue;
            case ArchiveReader::Next::member:
                retries = 0;
                ++entries;
                break;
        }
        // An entry costs its header even when empty: millions of empty
        // members in a few MB of gzip are charged as the expansion they are.
        if (const Verdict verdict = charge(InputLimits::kEntryCost, nullptr);
            verdict != Verdict::ok) {
            report_limit(verdict, label);
            return MembersEnd::done;
        }
        if (!member.regular) {
            continue;
        }
        const bool single = archive.single_stream();
        // Named by its position among the archive's entries: its name may
        // name a person, and messages never show it.
        const InputPlace member_label =
            single ? label
                   : InputPlace{label.label + "!" + printable(member.name),
                                label.shown + " member " + std::to_string(entries)};
        if (member.encrypted) {
            report(ProblemKind::encrypted, member_label, "encrypted, skipped");
            continue;
        }
        bool read =
            read_stream(archive, member_label, layer, single ? std::nullopt : member.size, single);
        if (read && !input_stopped_) {
            // What was not read (an item past its limit, an archive nested
            // too deep or ending early) is decoded anyway to reach the next
            // member: read it here, so that it counts against the limits.
            read = drain(archive, member_label);
        }
        after_broken_member = !read;
        if (archive.dead()) {
            return after_broken_member && !single ? MembersEnd::broken_by_member : MembersEnd::done;
        }
    }
    return MembersEnd::done;
}

// One item of plain bytes; its first `head` bytes are in buffer_. Items in
// archives (depth > 0) count against the limits. False when reading
// `source` failed (reported).
bool InputReader::deliver(ByteSource& source, std::size_t head, const InputPlace& label, int depth,
                          std::optional<std::uint64_t> size) {
    ++totals_.items;
    visitor_.begin_item(InputItem{label.label, label.shown, input_path_, depth, size});
    std::uint64_t item_bytes = 0;
    std::size_t have = head;
    bool at_end = false;
    while (!at_end) {
        const std::optional<std::size_t> n = source.read(buffer_.data() + have, kChunk - have);
        if (!n) {
            end_item(false);
            report_failure(label, source.failure(), item_bytes);
            return false;
        }
        at_end = *n == 0;
        have += *n;
        if (have == 0) {
            break;
        }
        if (depth > 0) {
            const Verdict verdict = charge(have, &item_bytes);
            if (verdict != Verdict::ok) {
                end_item(false);
                report_limit(verdict, label);
                return true;
            }
        } else {
            item_bytes += have;
        }
        totals_.bytes += have;
        visitor_.chunk(std::string_view(buffer_.data(), have));
        have = 0;
    }
    end_item(true);
    return true;
}

// Reads `source` to its end, counting its bytes against the input's limits.
// False when reading it failed (reported).
bool InputReader::drain(ByteSource& source, const InputPlace& label) {
    while (!input_stopped_) {
        const std::optional<std::size_t> n = source.read(buffer_.data(), kChunk);
        if (!n) {
            report_failure(label, source.failure(), std::nullopt);
            return false;
        }
        if (*n == 0) {
            break;
        }
        const Verdict verdict = charge(*n, nullptr);
        if (verdict != Verdict::ok) {
            report_limit(verdict, label);
        }
    }
    return true;
}

InputReader::Verdict InputReader::charge(std::size_t bytes, std::uint64_t* item_bytes) {
    input_expanded_ += bytes;
    if (input_expanded_ > limits_.max_input_bytes) {
        return Verdict::input_over;
    }
    const auto read = static_cast<double>(std::max<std::uint64_t>(1, input_->consumed()));
    if (input_expanded_ > limits_.ratio_floor_bytes &&
        static_cast<double>(input_expanded_) > limits_.max_ratio * read) {
        return Verdict::ratio_over;
    }
    if (item_bytes != nullptr) {
        *item_bytes += bytes;
        if (*item_bytes > limits_.max_item_bytes) {
            return Verdict::item_over;
        }
    }
    return Verdict::ok;
}

// An item over its limit is named; over the input's, the input is, and
// reading it stops.
void InputReader::report_limit(Verdict verdict, const InputPlace& item_label) {
    switch (verdict) {
        case Verdict::ok:
            return;
        case Verdict::item_over:
            report(
                ProblemKind::too_large, item_label,
                "expands past the " + format_size(limits_.max_item_bytes) + " limit (zip bomb?)");
            return;
        case Verdict::input_over:
            report(
                ProblemKind::too_large, input_label_,
                "expands past the " + format_size(limits_.max_input_bytes) + " limit (zip bomb?)");
            break;
        case Verdict::ratio_over:
            report(ProblemKind::too_large, input_label_,
                   "expands more than " + format_ratio(limits_.max_ratio) +
                       " times its compressed size (zip bomb?)");
            break;
    }
    input_stopped_ = true;
}

void InputReader::report_failure(const InputPlace& where, const StreamFailure& failure,
                                 std::optional<std::uint64_t> after_bytes) {
    if (failure.kind == ProblemKind::truncated && after_bytes) {
        report(failure.kind, where,
               failure.reason + " after " + std::to_string(*after_bytes) + " bytes");
    } else {
        report(failure.kind, where, failure.reason);
    }
}

void InputReader::end_item(bool complete) {
    if (!complete) {
        ++totals_.incomplete;
    }
    visitor_.end_item(complete);
}

}  // namespace lw::indexer
