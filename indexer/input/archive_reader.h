#pragma once

// Private to indexer/: byte streams, and reading archives and compressed
// streams from them with libarchive, in memory only.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/base/wiped_allocator.h"
#include "indexer/input/input_source.h"

struct archive;

namespace lw::indexer {

// Why a stream stopped early: one printable line, never content.
struct StreamFailure {
    ProblemKind kind = ProblemKind::corrupt;
    std::string reason;
};

// Bytes read in order: a file, standard input, an archive member.
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    // Up to `size` (> 0) bytes into `out`: how many, 0 at the end, nullopt
    // on failure (then failure() says why). Short counts are allowed.
    [[nodiscard]] virtual std::optional<std::size_t> read(char* out, std::size_t size) = 0;
    virtual const StreamFailure& failure() const = 0;
    // Sources that can seek (regular files) let the zip reader use the
    // central directory. seek() follows lseek(2): the new offset, or nullopt.
    virtual bool can_seek() const { return false; }
    virtual std::optional<std::int64_t> seek(std::int64_t /*offset*/, int /*whence*/) {
        return std::nullopt;
    }
    // For a file: how far into it reading went (the furthest offset read,
    // for one read with seeks). The denominator of the expansion ratio.
    virtual std::uint64_t consumed() const { return 0; }
};

// What a stream's first bytes say it is.
enum class Container { none, gzip, bzip2, xz, zstd, zip, tar };

// Bytes enough to tell every Container (a tar's magic sits at offset 257).
inline constexpr std::size_t kSniffBytes = 512;

// The container that `head`, a stream's first kSniffBytes bytes (all of it
// if shorter), begins; Container::none for anything else. A zip must start
// with a local file header or be empty ("PK\3\4", "PK\5\6"); a tar must
// have the ustar magic (old v7 tars read as plain bytes).
[[nodiscard]] Container sniff_container(std::string_view head);

// One entry of an archive.
struct ArchiveMember {
    std::string name;  // raw bytes, as stored
    std::optional<std::uint64_t> size;
    bool regular = false;  // a regular file with data (not a hard link)
    bool encrypted = false;
};

// A zip or tar archive, or a compressed stream, read from `source` with
// libarchive. A compressed stream is one member, its decompressed bytes,
// even when they hold an archive (a .tgz): the caller sniffs them and reads
// the archive with a second reader. Also the ByteSource of its current
// member's data, so that an archive member can be read as an archive in
// turn. The source must outlive the reader.
class ArchiveReader : public ByteSource {
  public:
    // `container` is what sniff_container said of `source`'s first bytes,
    // which `source` must still deliver (seek back or replay them).
    ArchiveReader(ByteSource& source, Container container);
    ~ArchiveReader() override;
    ArchiveReader(const ArchiveReader&) = delete;
    ArchiveReader& operator=(const ArchiveReader&) = delete;

    // Reads the headers: false if the archive cannot be read (failure()).
    [[nodiscard]] bool open();

    enum class Next { member, end, failed };
    // Moves to the next entry, passing over the rest of the current one.
    // failed: failure() says why, and dead() whether anything may follow.
    [[nodiscard]] Next next(ArchiveMember& member);

    // Filters of the sniffed kind that libarchive stacked above the first
    // (a .gz of a .gz: 1), each a layer of nesting. Known after open().
    int stacked_filters() const;

    // True when the input is one compressed stream rather than an archive:
    // its single member is the decompressed stream (its name, from the gzip
    // header, means nothing; an empty stream is one empty member).
    bool single_stream() const;

    // After a fatal error nothing more can be read from the archive.
    bool dead() const noexcept { return dead_; }
    // The last failure came from the source, not from the archive's bytes.
    bool source_failed() const noexcept { return source_failed_; }

    // The current member's data (ByteSource). The count is exact: bytes
    // decoded before a failure are returned first, the failure next call.
    [[nodiscard]] std::optional<std::size_t> read(char* out, std::size_t size) override;
    const StreamFailure& failure() const override { return failure_; }

  private:
    struct Free {
        void operator()(archive* a) const;
    };
    static ssize_t on_read(archive* a, void* self, const void** buffer) noexcept;
    static std::int64_t on_seek(archive* a, void* self, std::int64_t offset, int whence) noexcept;
    void fail(int status);
    int format() const;  // libarchive's ARCHIVE_FORMAT_*, base

    ByteSource& source_;
    Container container_;
    std::unique_ptr<archive, Free> archive_;
    // What libarchive reads from the source: file text as it is on disk (a
    // plain tar holds it as is). Out of core dumps, wiped when freed.
    WipedChars input_;
    bool source_failed_ = false;
    bool dead_ = false;
    StreamFailure failure_;
    // The current member's data: libarchive's block, valid until the next
    // call on the archive, then zeros for a sparse hole before the next one.
    const char* block_ = nullptr;
    std::size_t block_left_ = 0;
    std::uint64_t hole_left_ = 0;
    std::uint64_t member_offset_ = 0;
    bool failure_pending_ = false;
    bool empty_member_served_ = false;
    bool at_end_ = false;
};

}  // namespace lw::indexer
