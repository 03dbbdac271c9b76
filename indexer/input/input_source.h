#pragma once

// What `leakwatch index` reads: files, directories, standard input, and the
// archives and compressed streams among them, turned into items of bytes.
//
// Formats are told by content (magic bytes), never by file name:
// - gzip, bzip2, xz and zstd streams are decompressed; one holding a tar or
//   zip archive is read as that archive (.tgz, .tar.xz), otherwise it is one
//   item (dump.csv.gz);
// - zip and tar (ustar, GNU, pax) archives: each regular member is an item;
//   directories, links and devices in them are passed over silently. A tar
//   is told by its ustar magic, compressed or not: bytes without one (an
//   old v7 tar, zero blocks alone, a dump that starts with NULs) are one
//   plain item, so that nothing is dropped unreported;
// - anything else (lz4, .Z and 7z included) is one plain item, its bytes
//   unchanged.
// Archives may nest (a zip in a tar, a .csv.gz in a zip) up to
// InputLimits::max_depth layers; deeper ones are skipped and reported. A
// compressed stream is a layer, together with the tar or zip it holds (a
// .tgz is one); each compression stacked on it is one more (a .gz of a .gz
// is two, as a .bz2 in a .gz).
//
// Everything streams and nothing is written to disk. Memory stays at a few
// MiB whatever the input's size (6 MB peak RSS for a 0.9 GB gzip): a 1 MiB
// chunk buffer, a 128 KiB read buffer per archive and compressed stream
// (two for a .tgz), the decompressors' state (xz: its dictionary, 8 MiB at
// the default level, 64 MiB at -9), the zip reader's table of a zip file's
// members (its central directory, some hundred bytes a member), the names
// of one directory per level of a walk. The chunk and read buffers are
// wiped when freed and left out of core dumps (MADV_DONTDUMP); libarchive's
// own buffers and the decompressors' state are neither.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::indexer {

// One thing to index: a plain file, an archive member, a decompressed
// stream, or standard input.
struct InputItem {
    // Printable, one line: "dump.csv", "dump.zip!patients/2021.csv",
    // "outer.tar!inner.zip!a.csv", "(standard input)". Bytes that are not
    // printable UTF-8 (control characters, invalid sequences) are written
    // "\xNN". A decompressed single stream keeps its file's label
    // ("dump.csv.gz").
    std::string label;
    // How messages name it, with nothing read from the disk or an archive (a
    // file or member name may name a person): the input as given on the
    // command line ("dumps/x.csv", "(standard input)"), a file found in a
    // folder by its position in the walk ("dumps/ file 7"), an archive
    // member by its position in the archive ("dump.tar.gz member 12",
    // "dumps/ file 7 member 3 member 1"). A decompressed single stream is
    // named as its file.
    std::string shown;
    // The file the item was read from, as given or as found in a directory
    // walk, unescaped; "-" for standard input.
    std::string path;
    // Layers (archives, compressed streams) opened to reach the item: 0 for
    // a plain file, 1 for a member of an archive or a decompressed file
    // (.tgz members too), 2 for one inside that (a .csv.gz in a zip, a .gz
    // of a .gz).
    int depth = 0;
    // The item's size in bytes when known beforehand (a plain file, a zip or
    // tar member); a hint for progress, not a promise.
    std::optional<std::uint64_t> size;
};

enum class ProblemKind {
    unreadable,    // cannot be opened or read (the system's reason)
    not_a_file,    // a FIFO, socket or device met in a directory walk
    symlink_loop,  // a directory reached again through a symbolic link
    truncated,     // a compressed stream or archive ends early
    corrupt,       // bad compressed data, a bad header, an unsupported method
    encrypted,     // an encrypted archive member
    too_large,     // past an expansion limit of InputLimits
    too_deep,      // an archive nested past InputLimits::max_depth
};

// Something skipped or cut short. Shown as one line: `shown: reason`
// ("dump.tar.gz member 12: corrupt gzip stream"). None of the three ever
// holds file content; all are printable, one line.
struct InputProblem {
    ProblemKind kind;
    std::string_view where;   // a label: the item's, or its input's (names from the disk)
    std::string_view shown;   // the same place as messages name it (InputItem::shown)
    std::string_view reason;  // valid during the call only
};

// Receives the items in order. Calls come as
//   (begin_item chunk* end_item | problem)*
// problem() is never called between begin_item and end_item. An exception
// thrown by a method ends visit_inputs (files and archives are closed) and
// propagates to its caller; end_item is not called then.
class InputVisitor {
  public:
    virtual ~InputVisitor() = default;
    virtual void begin_item(const InputItem& item) = 0;
    // The item's next bytes, decompressed, in order; never empty, at most
    // 1 MiB, valid during the call only.
    virtual void chunk(std::string_view bytes) = 0;
    // complete == false: the item was cut short (corrupt or truncated data,
    // a read error, an expansion limit): drop what was made of it. A
    // problem() follows, naming the item or the input it came from.
    virtual void end_item(bool complete) = 0;
    virtual void problem(const InputProblem& problem) = 0;
};

// Bounds on decompression, against zip bombs. "Expanded" bytes are those
// that come out of an archive or a decompressor, delivered or skipped; a
// plain file read as it is counts for nothing. An "input" is one path given
// or found in a directory walk (or standard input), all its members and
// nested archives together.
struct InputLimits {
    static constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
    // What each archive entry counts against max_input_bytes and max_ratio
    // besides its data: a tar header's size.
    static constexpr std::uint64_t kEntryCost = 512;

    // One item past this is cut (end_item(false)); the input's next item
    // follows. The rest of a member cut or skipped (nested too deep) is
    // still decoded to reach the next one, and counts against
    // max_input_bytes and max_ratio.
    std::uint64_t max_item_bytes = 32 * 1024 * kMiB;
    // One input past this is abandoned: its current item is cut, the next
    // input follows.
    std::uint64_t max_input_bytes = 128 * 1024 * kMiB;
    // An input whose expanded bytes pass max_ratio times the bytes read from
    // its file is abandoned likewise; checked only once they pass
    // ratio_floor_bytes (small files compress well and are harmless).
    // deflate cannot pass 1032:1 and text rarely passes 20:1.
    double max_ratio = 200;
    std::uint64_t ratio_floor_bytes = 64 * kMiB;
    // Archive layers opened to reach an item: 2 opens a zip inside a tar (or
    // a .csv.gz inside a zip, or a .gz of a .gz), but not an archive inside
    // that; 0 opens none (compressed files and archives are then all skipped
    // and reported). A stream past it is skipped whole, with one problem.
    int max_depth = 2;
};

// What a visit_inputs call did.
struct InputTotals {
    std::uint64_t items = 0;       // begin_item calls
    std::uint64_t incomplete = 0;  // end_item(false) calls
    std::uint64_t problems = 0;    // problem calls
    std::uint64_t bytes = 0;       // bytes passed to chunk()
};

// Reads `paths` in order and reports their items to `visitor`:
// - "-" is standard input (its content told by its bytes, as a file's);
// - a directory is walked recursively, its entries in byte order of their
//   names, symbolic links followed (a loop is reported and skipped);
//   FIFOs, sockets and devices found in a walk are reported and skipped,
//   but one named in `paths` is read (`index <(zcat x.gz)` works);
// - an unreadable path or entry, a corrupt or truncated stream, an
//   encrypted member, a limit passed: one problem() each, then the next
//   item or input follows (a corrupt member of a zip file costs only
//   itself; in a stream, a tar.gz, what follows it may be lost too).
// Messages: "missing.csv: No such file or directory",
// "dump.csv.gz: truncated gzip stream after 1048576 bytes" (N the item's
// bytes delivered before the cut), "bad.zip!a.csv: corrupt zip archive
// (ZIP decompression failed (-3))", "bomb.zip!zeros: expands past the
// 1 MiB limit (zip bomb?)", "x.zip: expands more than 200 times its
// compressed size (zip bomb?)", "a.tar!b.zip!c.gz: archive nested deeper
// than 2 layers, skipped", "dir/loop: symlink loop, skipped".
// Only the visitor's exceptions (and std::bad_alloc) leave it.
[[nodiscard]] InputTotals visit_inputs(const std::vector<std::string>& paths,
                                       const InputLimits& limits, InputVisitor& visitor);

}  // namespace lw::indexer
