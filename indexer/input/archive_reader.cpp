#include "indexer/input/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

#include "indexer/base/ascii.h"
#include "indexer/base/printable.h"

namespace lw::indexer {
namespace {

// What libarchive reads from the source at a time.
constexpr std::size_t kInputBuffer = 128 * 1024;
// libarchive messages are shown clipped to this many bytes.
constexpr std::size_t kMaxMessage = 160;

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string_view container_name(Container container) {
    switch (container) {
        case Container::gzip:
            return "gzip stream";
        case Container::bzip2:
            return "bzip2 stream";
        case Container::xz:
            return "xz stream";
        case Container::zstd:
            return "zstd stream";
        case Container::zip:
            return "zip archive";
        case Container::tar:
            return "tar archive";
        case Container::none:
            break;
    }
    return "stream";
}

}  // namespace

Container sniff_container(std::string_view head) {
    if (starts_with(head, "\x1f\x8b")) {
        return Container::gzip;
    }
    if (head.size() >= 4 && starts_with(head, "BZh") && head[3] >= '1' && head[3] <= '9') {
        return Container::bzip2;
    }
    if (starts_with(head, std::string_view("\xfd"
                                           "7zXZ\0",
                                           6))) {
        return Container::xz;
    }
    if (starts_with(head, "\x28\xb5\x2f\xfd")) {
        return Container::zstd;
    }
    if (starts_with(head, "PK\x03\x04") || starts_with(head, "PK\x05\x06")) {
        return Container::zip;
    }
    if (head.size() >= 262 && head.substr(257, 5) == "ustar") {
        return Container::tar;
    }
    return Container::none;
}

void ArchiveReader::Free::operator()(archive* a) const {
    archive_read_free(a);
}

ArchiveReader::ArchiveReader(ByteSource& source, Container container)
    : source_(source), container_(container), input_(kInputBuffer) {}

ArchiveReader::~ArchiveReader() = default;

bool ArchiveReader::open() {
    archive_.reset(archive_read_new());
    if (!archive_) {
        throw std::bad_alloc();
    }
    archive* a = archive_.get();
    // Only the sniffed filter: a stream of another kind inside the
    // decompressed one (a .bz2 in a .gz) is sniffed again and opened as the
    // next layer. libarchive still peels the same filter repeatedly (a .gz
    // of a .gz): stacked_filters() counts those. Formats are restricted to
    // the sniffed one, so a damaged zip never reads as "raw".
    int filter = ARCHIVE_OK;
    switch (container_) {
        case Container::gzip:
            filter = archive_read_support_filter_gzip(a);
            break;
        case Container::bzip2:
            filter = archive_read_support_filter_bzip2(a);
            break;
        case Container::xz:
            filter = archive_read_support_filter_xz(a);
            break;
        case Container::zstd:
            filter = archive_read_support_filter_zstd(a);
            break;
        case Container::zip:
            archive_read_support_format_zip(a);
            break;
        case Container::tar:
            archive_read_support_format_tar(a);
            break;
        case Container::none:
            break;
    }
    if (filter != ARCHIVE_OK) {
        // ARCHIVE_WARN: libarchive would run an external program.
        dead_ = true;
        failure_ = {ProblemKind::corrupt, "cannot read a " +
                                              std::string(container_name(container_)) +
                                              " (not built into libarchive)"};
        return false;
    }
    if (container_ != Container::zip && container_ != Container::tar) {
        // A decompressed stream is always read as one stream, never as a tar
        // or zip by libarchive's own bidders: its tar bidder takes a block of
        // NULs for an empty tar and would end the stream there, losing a
        // dump that merely starts with NULs. The caller sniffs the
        // decompressed bytes as it sniffs a file's, and opens an archive in
        // them with a second reader.
        archive_read_support_format_raw(a);
        archive_read_support_format_empty(a);
    }
    archive_read_set_callback_data(a, this);
    archive_read_set_read_callback(a, &ArchiveReader::on_read);
    if (container_ == Container::zip && source_.can_seek()) {
        archive_read_set_seek_callback(a, &ArchiveReader::on_seek);
    }
    const int status = archive_read_open1(a);
    if (status < ARCHIVE_WARN) {
        fail(status);
        return false;
    }
    return true;
}

ArchiveReader::Next ArchiveReader::next(ArchiveMember& member) {
    block_left_ = 0;
    hole_left_ = 0;
    member_offset_ = 0;
    failure_pending_ = false;
    if (at_end_) {
        return Next::end;
    }
    archive_entry* entry = nullptr;
    const int status = archive_read_next_header(archive_.get(), &entry);
    if (status == ARCHIVE_EOF) {
        at_end_ = true;
        // An empty compressed stream is one empty member, as an empty file
        // is one empty item. (The format is known after the first header.)
        if (format() == ARCHIVE_FORMAT_EMPTY && !std::exchange(empty_member_served_, true)) {
            member = ArchiveMember{"", 0, true, false};
            return Next::member;
        }
        return Next::end;
    }
    if (status < ARCHIVE_WARN || status == ARCHIVE_RETRY) {
        fail(status);
        return Next::failed;
    }
    // ARCHIVE_WARN (a name that does not convert, say) still gives a member.
    const char* name = archive_entry_pathname_utf8(entry);
    if (name == nullptr) {
        name = archive_entry_pathname(entry);  // the raw bytes
    }
    member.name = name != nullptr ? name : "";
    member.size.reset();
    if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) >= 0) {
        member.size = static_cast<std::uint64_t>(archive_entry_size(entry));
    }
    member.regular =
        archive_entry_filetype(entry) == AE_IFREG && archive_entry_hardlink(entry) == nullptr;
    member.encrypted = archive_entry_is_data_encrypted(entry) > 0;
    return Next::member;
}

int ArchiveReader::format() const {
    return archive_format(archive_.get()) & ARCHIVE_FORMAT_BASE_MASK;
}

int ArchiveReader::stacked_filters() const {
    // The count includes the client's "none" reader at the bottom of the
    // chain: a .gz is 2, a .gz of a .gz 3, a zip or tar 1.
    return std::max(0, archive_filter_count(archive_.get()) - 2);
}

bool ArchiveReader::single_stream() const {
    return format() == ARCHIVE_FORMAT_RAW || format() == ARCHIVE_FORMAT_EMPTY;
}

std::optional<std::size_t> ArchiveReader::read(char* out, std::size_t size) {
    if (format() == ARCHIVE_FORMAT_EMPTY) {
        return 0;
    }
    std::size_t have = 0;
    while (have < size) {
        if (hole_left_ > 0) {
            const auto n =
                static_cast<std::size_t>(std::min<std::uint64_t>(hole_left_, size - have));
            std::memset(out + have, 0, n);
            have += n;
            hole_left_ -= n;
            member_offset_ += n;
            continue;
        }
        if (block_left_ > 0) {
            const std::size_t n = std::min(block_left_, size - have);
            std::memcpy(out + have, block_, n);
            have += n;
            block_ += n;
            block_left_ -= n;
            member_offset_ += n;
            continue;
        }
        if (failure_pending_) {
            break;
        }
        // The block is libarchive's: its decompressors' windows and output
        // buffers, and the copies it makes of records split across reads,
        // hold the member's text and are freed unwiped by archive_read_free.
        // Only our own buffers (input_, the caller's) can be wiped.
        const void* block = nullptr;
        std::size_t length = 0;
        la_int64_t offset = 0;
        const int status = archive_read_data_block(archive_.get(), &block, &length, &offset);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status != ARCHIVE_OK) {
            fail(status);
            failure_pending_ = true;
            break;
        }
        block_ = static_cast<const char*>(block);
        block_left_ = length;
        const auto at = static_cast<std::uint64_t>(std::max<la_int64_t>(offset, 0));
        hole_left_ = at > member_offset_ ? at - member_offset_ : 0;
    }
    if (have == 0 && failure_pending_) {
        failure_pending_ = false;
        return std::nullopt;
    }
    return have;
}

ssize_t ArchiveReader::on_read(archive* a, void* self_ptr, const void** buffer) noexcept {
    auto& self = *static_cast<ArchiveReader*>(self_ptr);
    *buffer = self.input_.data();
    const std::optional<std::size_t> n = self.source_.read(self.input_.data(), kInputBuffer);
    if (!n) {
        self.source_failed_ = true;
        archive_set_error(a, EIO, "source failed");
        return ARCHIVE_FATAL;
    }
    return static_cast<ssize_t>(*n);
}

std::int64_t ArchiveReader::on_seek(archive* a, void* self_ptr, std::int64_t offset,
                                    int whence) noexcept {
    auto& self = *static_cast<ArchiveReader*>(self_ptr);
    const std::optional<std::int64_t> at = self.source_.seek(offset, whence);
    if (!at) {
        self.source_failed_ = true;
        archive_set_error(a, EIO, "source failed");
        return ARCHIVE_FATAL;
    }
    return *at;
}

// Says why the last call failed: the source's own failure when it caused
// it (reported as it stands), else libarchive's message sorted into
// truncated or corrupt and tied to the layer it names.
void ArchiveReader::fail(int status) {
    if (status == ARCHIVE_FATAL) {
        dead_ = true;
    }
    if (source_failed_) {
        failure_ = source_.failure();
        return;
    }
    const char* text = archive_error_string(archive_.get());
    std::string message = text != nullptr ? text : "unknown error";
    if (message.size() > kMaxMessage) {
        message.resize(kMaxMessage);
    }
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    const std::string lower = ascii_lower_copy(message);
    const auto mentions = [&](std::string_view word) {
        return lower.find(word) != std::string::npos;
    };
    std::string_view layer = container_name(container_);
    if (mentions("gzip")) {
        layer = "gzip stream";
    } else if (mentions("bzip")) {
        layer = "bzip2 stream";
    } else if (mentions("xz") || mentions("lzma")) {
        layer = "xz stream";
    } else if (mentions("zstd")) {
        layer = "zstd stream";
    } else if (format() == ARCHIVE_FORMAT_ZIP) {
        layer = "zip archive";
    } else if (format() == ARCHIVE_FORMAT_TAR) {
        layer = "tar archive";
    }
    // zlib's Z_BUF_ERROR (-5) inside a zip member: its data stops early.
    const bool truncated = mentions("truncat") || mentions("premature") ||
                           mentions("unexpected end") ||
                           (layer == "zip archive" && mentions("failed (-5)"));
    if (truncated) {
        failure_ = {ProblemKind::truncated, "truncated " + std::string(layer)};
    } else {
        failure_ = {ProblemKind::corrupt,
                    "corrupt " + std::string(layer) + " (" + printable(message) + ")"};
    }
}

}  // namespace lw::indexer
