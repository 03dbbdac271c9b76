#pragma once

// Private to indexer/: one opened input down to items.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/base/wiped_allocator.h"
#include "indexer/input/archive_reader.h"
#include "indexer/input/input_source.h"

namespace lw::indexer {

// Where an item or problem is: its label (names from the disk and archives)
// and how messages name it (positions only; InputItem::shown).
struct InputPlace {
    std::string label;
    std::string shown;
};

// Turns inputs into items for an InputVisitor: sniffs each stream's first
// bytes, opens archives and compressed streams (nested up to
// InputLimits::max_depth), delivers plain bytes in chunks of up to 1 MiB,
// and enforces the expansion limits. Keeps the InputTotals of all inputs.
class InputReader {
  public:
    static constexpr std::size_t kChunk = std::size_t{1} << 20;

    InputReader(const InputLimits& limits, InputVisitor& visitor);

    // Reads `source`, one whole input from its first byte, to its end.
    // `label` is printable (see InputItem), `path` as given; `size` is the
    // file's size if known. Problems are reported, never thrown.
    void read(ByteSource& source, const InputPlace& place, const std::string& path,
              std::optional<std::uint64_t> size);

    // Reports a problem met outside read() (an unreadable path).
    void report(ProblemKind kind, const InputPlace& where, std::string_view reason);

    const InputTotals& totals() const noexcept { return totals_; }

  private:
    enum class Verdict { ok, item_over, input_over, ratio_over };
    enum class MembersEnd { done, broken_by_member };

    [[nodiscard]] bool read_stream(ByteSource& source, const InputPlace& label, int depth,
                                   std::optional<std::uint64_t> size, bool decompressed = false);
    [[nodiscard]] bool read_archive(ByteSource& source, std::size_t head, Container container,
                                    const InputPlace& label, int layer);
    [[nodiscard]] MembersEnd read_members(ArchiveReader& archive, const InputPlace& label,
                                          int layer, std::uint64_t& entries, bool resumed);
    [[nodiscard]] bool deliver(ByteSource& source, std::size_t head, const InputPlace& label,
                               int depth, std::optional<std::uint64_t> size);
    [[nodiscard]] bool drain(ByteSource& source, const InputPlace& label);
    [[nodiscard]] Verdict charge(std::size_t bytes, std::uint64_t* item_bytes);
    void report_limit(Verdict verdict, const InputPlace& item_label);
    void report_too_deep(const InputPlace& label);
    void report_failure(const InputPlace& where, const StreamFailure& failure,
                        std::optional<std::uint64_t> after_bytes);
    void end_item(bool complete);

    InputLimits limits_;
    InputVisitor& visitor_;
    InputTotals totals_;
    // kChunk bytes of file text: out of core dumps, wiped when freed.
    WipedChars buffer_;
    // The input being read.
    const ByteSource* input_ = nullptr;
    InputPlace input_label_;
    std::string input_path_;
    std::uint64_t input_expanded_ = 0;
    bool input_stopped_ = false;
};

}  // namespace lw::indexer
