#include "indexer/input/input_source.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.h"

using lw::indexer::InputItem;
using lw::indexer::InputLimits;
using lw::indexer::InputProblem;
using lw::indexer::InputTotals;
using lw::indexer::InputVisitor;
using lw::indexer::ProblemKind;
using lw::indexer::visit_inputs;
using lw::test::TempDir;

namespace {

constexpr std::uint64_t kMiB = InputLimits::kMiB;

struct SeenItem {
    InputItem item;
    std::string bytes;
    std::uint64_t size = 0;
    bool complete = false;
};

// Records what visit_inputs reports, and checks the call order contract.
class Recorder : public InputVisitor {
  public:
    void begin_item(const InputItem& item) override {
        REQUIRE(!open_);
        open_ = true;
        items.push_back(SeenItem{item, {}, 0, false});
    }
    void chunk(std::string_view bytes) override {
        REQUIRE(open_);
        REQUIRE(!bytes.empty());
        REQUIRE(bytes.size() <= kMiB);
        items.back().size += bytes.size();
        if (items.back().bytes.size() < 8 * kMiB) {
            items.back().bytes.append(bytes);
        }
    }
    void end_item(bool complete) override {
        REQUIRE(open_);
        open_ = false;
        items.back().complete = complete;
    }
    void problem(const InputProblem& problem) override {
        REQUIRE(!open_);
        REQUIRE(problem.reason.find('\n') == std::string_view::npos);
        problems.push_back(std::string(problem.where) + ": " + std::string(problem.reason));
        shown_problems.push_back(std::string(problem.shown) + ": " + std::string(problem.reason));
        kinds.push_back(problem.kind);
    }

    std::vector<std::string> labels() const {
        std::vector<std::string> out;
        for (const SeenItem& seen : items) {
            out.push_back(seen.item.label);
        }
        return out;
    }

    std::vector<std::string> shown() const {
        std::vector<std::string> out;
        for (const SeenItem& seen : items) {
            out.push_back(seen.item.shown);
        }
        return out;
    }

    std::vector<SeenItem> items;
    std::vector<std::string> problems;
    std::vector<std::string> shown_problems;
    std::vector<ProblemKind> kinds;

  private:
    bool open_ = false;
};

Recorder visit(const std::vector<std::string>& paths, const InputLimits& limits = {}) {
    Recorder recorder;
    const InputTotals totals = visit_inputs(paths, limits, recorder);
    CHECK(totals.items == recorder.items.size());
    CHECK(totals.problems == recorder.problems.size());
    return recorder;
}

// Lines of varied text (about 4:1 under gzip), the same on every run.
std::string text(std::size_t bytes) {
    std::string out;
    std::uint32_t state = 12345;
    for (std::uint64_t row = 1; out.size() < bytes; ++row) {
        state = state * 1103515245u + 12345u;
        out += std::to_string(row) + ";name" + std::to_string(state % 99991) + ";" +
               std::to_string(state >> 7) + ";lorem ipsum dolor\n";
    }
    out.resize(bytes);
    return out;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Entry {
    std::string name;
    std::string data;
    std::uint64_t zeros = 0;  // written after `data`, 1 MiB at a time
    bool directory = false;
};

enum class Layout { tar, zip, single };  // single: one compressed stream

void check_ok(int status, archive* a) {
    if (status < ARCHIVE_WARN) {
        throw std::runtime_error(archive_error_string(a));
    }
}

// Writes an archive with libarchive's write API.
std::string write_archive(const std::string& path, Layout layout, int filter,
                          const std::vector<Entry>& entries, const char* options = nullptr) {
    archive* a = archive_write_new();
    check_ok(layout == Layout::tar   ? archive_write_set_format_ustar(a)
             : layout == Layout::zip ? archive_write_set_format_zip(a)
                                     : archive_write_set_format_raw(a),
             a);
    check_ok(archive_write_add_filter(a, filter), a);
    if (options != nullptr) {
        check_ok(archive_write_set_options(a, options), a);
        check_ok(archive_write_set_passphrase(a, "secret"), a);
    }
    check_ok(archive_write_open_filename(a, path.c_str()), a);
    const std::string zeros(kMiB, '\0');
    for (const Entry& e : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.c_str());
        archive_entry_set_filetype(entry, e.directory ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size() + e.zeros));
        check_ok(archive_write_header(a, entry), a);
        archive_write_data(a, e.data.data(), e.data.size());
        for (std::uint64_t left = e.zeros; left > 0; left -= std::min(left, kMiB)) {
            archive_write_data(a, zeros.data(), std::min(left, kMiB));
        }
        archive_entry_free(entry);
    }
    check_ok(archive_write_close(a), a);
    archive_write_free(a);
    return path;
}

std::string gzip_file(const std::string& path, const std::string& data) {
    return write_archive(path, Layout::single, ARCHIVE_FILTER_GZIP, {{"data", data}});
}

// `data` in `layers` nested gzip streams (a .gz of a .gz for 2).
std::string gzip_layers(const std::string& path, std::string data, int layers) {
    for (int i = 0; i < layers; ++i) {
        data = slurp(gzip_file(path, data));
    }
    return path;
}

// Puts a pipe's read end on standard input for the guard's life.
class StdinPipe {
  public:
    explicit StdinPipe(std::string bytes) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        saved_ = ::dup(STDIN_FILENO);
        ::dup2(fds[0], STDIN_FILENO);
        ::close(fds[0]);
        writer_ = std::thread([fd = fds[1], bytes = std::move(bytes)] {
            for (std::size_t at = 0; at < bytes.size();) {
                const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
                if (n <= 0) {
                    break;
                }
                at += static_cast<std::size_t>(n);
            }
            ::close(fd);
        });
    }
    ~StdinPipe() {
        ::dup2(saved_, STDIN_FILENO);  // the reader's end closes: the writer cannot block
        ::close(saved_);
        writer_.join();
    }

  private:
    int saved_ = -1;
    std::thread writer_;
};

}  // namespace

TEST_CASE("input: a plain file is one item, its bytes unchanged", "[indexer][input]") {
    TempDir dir;
    const std::string body = text(3 * kMiB + 17);
    const auto seen = visit({dir.write("dump.csv", body)});
    REQUIRE(seen.items.size() == 1);
    CHECK(seen.items[0].item.label == dir.file("dump.csv"));
    CHECK(seen.items[0].item.path == dir.file("dump.csv"));
    CHECK(seen.items[0].item.depth == 0);
    CHECK(seen.items[0].item.size == body.size());
    CHECK(seen.items[0].complete);
    CHECK(seen.items[0].bytes == body);
    CHECK(seen.problems.empty());
}

TEST_CASE("input: empty files, an empty gzip and an empty zip", "[indexer][input]") {
    TempDir dir;
    const auto seen =
        visit({dir.write("empty.txt", ""), gzip_file(dir.file("empty.gz"), ""),
               write_archive(dir.file("empty.zip"), Layout::zip, ARCHIVE_FILTER_NONE, {})});
    REQUIRE(seen.labels() == std::vector<std::string>{dir.file("empty.txt"), dir.file("empty.gz")});
    for (const SeenItem& item : seen.items) {
        CHECK(item.complete);
        CHECK(item.size == 0);
    }
    CHECK(seen.problems.empty());
}

TEST_CASE("input: standard input is told by its bytes, here a gzip stream", "[indexer][input]") {
    TempDir dir;
    const std::string body = text(2 * kMiB);
    Recorder seen;
    {
        StdinPipe stdin_pipe(slurp(gzip_file(dir.file("in.gz"), body)));
        seen = visit({"-"});
    }
    REQUIRE(seen.items.size() == 1);
    CHECK(seen.items[0].item.label == "(standard input)");
    CHECK(seen.items[0].item.path == "-");
    CHECK(seen.items[0].item.depth == 1);
    CHECK(seen.items[0].complete);
    CHECK(seen.items[0].bytes == body);
}

TEST_CASE("input: a pipe named as a path is read, a zip through it too", "[indexer][input]") {
    TempDir dir;
    const std::string zip = slurp(write_archive(dir.file("p.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                                                {{"a.csv", text(100000)}, {"b.csv", "b\n"}}));
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ssize_t written = 0;  // checked on this thread: Catch's assertions are not thread-safe
    std::thread writer([&] {
        written = ::write(fds[1], zip.data(), zip.size());
        ::close(fds[1]);
    });
    const std::string path = "/dev/fd/" + std::to_string(fds[0]);
    const auto seen = visit({path});
    writer.join();
    ::close(fds[0]);
    REQUIRE(written == static_cast<ssize_t>(zip.size()));
    CHECK(seen.labels() == std::vector<std::string>{path + "!a.csv", path + "!b.csv"});
    CHECK(seen.items.at(0).bytes == text(100000));
    CHECK(seen.problems.empty());
}

TEST_CASE("input: a directory is walked recursively in byte order of names", "[indexer][input]") {
    TempDir dir;
    std::filesystem::create_directories(dir.file("a/b"));
    std::filesystem::create_directories(dir.file("empty"));
    for (const char* name : {"b.txt", "a/z.txt", "a/b/c.txt", "A.txt", "10.txt", "9.txt"}) {
        dir.write(name, name);
    }
    const std::string root = dir.file("");  // ends with '/'
    const auto seen = visit({root});
    CHECK(seen.labels() == std::vector<std::string>{root + "10.txt", root + "9.txt", root + "A.txt",
                                                    root + "a/b/c.txt", root + "a/z.txt",
                                                    root + "b.txt"});
    CHECK(seen.items.at(3).bytes == "a/b/c.txt");
    CHECK(seen.problems.empty());
}

TEST_CASE("input: a walk follows links, skips loops, FIFOs and dangling links",
          "[indexer][input]") {
    TempDir dir;
    std::filesystem::create_directories(dir.file("d/sub"));
    dir.write("d/sub/f.txt", "f");
    std::filesystem::create_directory_symlink("..", dir.file("d/sub/loop"));
    std::filesystem::create_symlink("sub/f.txt", dir.file("d/link.txt"));
    std::filesystem::create_symlink("nowhere", dir.file("d/dangling"));
    REQUIRE(::mkfifo(dir.file("d/fifo").c_str(), 0600) == 0);
    const auto seen = visit({dir.file("d")});
    CHECK(seen.labels() ==
          std::vector<std::string>{dir.file("d/link.txt"), dir.file("d/sub/f.txt")});
    CHECK(seen.problems ==
          std::vector<std::string>{dir.file("d/dangling") + ": No such file or directory",
                                   dir.file("d/fifo") + ": not a regular file, skipped",
                                   dir.file("d/sub/loop") + ": symlink loop, skipped"});
    CHECK(seen.kinds == std::vector<ProblemKind>{ProblemKind::unreadable, ProblemKind::not_a_file,
                                                 ProblemKind::symlink_loop});
}

TEST_CASE("input: a missing path is reported and the next input is read", "[indexer][input]") {
    TempDir dir;
    const auto seen = visit({dir.file("missing.csv"), dir.write("next.csv", "x\n")});
    CHECK(seen.problems ==
          std::vector<std::string>{dir.file("missing.csv") + ": No such file or directory"});
    CHECK(seen.labels() == std::vector<std::string>{dir.file("next.csv")});
}

TEST_CASE("input: a gzip file is one item, labelled with its path", "[indexer][input]") {
    TempDir dir;
    const std::string body = text(3 * kMiB);
    const auto seen = visit({gzip_file(dir.file("dump.csv.gz"), body)});
    REQUIRE(seen.items.size() == 1);
    CHECK(seen.items[0].item.label == dir.file("dump.csv.gz"));
    CHECK(seen.items[0].item.depth == 1);
    CHECK(!seen.items[0].item.size);
    CHECK(seen.items[0].complete);
    CHECK(seen.items[0].bytes == body);
}

TEST_CASE("input: tar members are items, alone or compressed", "[indexer][input]") {
    const int filter = GENERATE(ARCHIVE_FILTER_NONE, ARCHIVE_FILTER_GZIP, ARCHIVE_FILTER_BZIP2,
                                ARCHIVE_FILTER_XZ, ARCHIVE_FILTER_ZSTD);
    TempDir dir;
    const std::string tar =
        write_archive(dir.file("x.tar"), Layout::tar, filter,
                      {{"dir/", "", 0, true}, {"dir/a.csv", text(1500000)}, {"b.sql", "b\n"}});
    const auto seen = visit({tar});
    REQUIRE(seen.labels() == std::vector<std::string>{tar + "!dir/a.csv", tar + "!b.sql"});
    CHECK(seen.items[0].bytes == text(1500000));
    CHECK(seen.items[0].item.size == 1500000);
    CHECK(seen.items[0].item.depth == 1);
    CHECK(seen.items[1].bytes == "b\n");
    CHECK(seen.items[1].complete);
    CHECK(seen.problems.empty());
}

TEST_CASE("input: messages name files and members by position, never by name", "[indexer][input]") {
    TempDir dir;
    std::filesystem::create_directories(dir.file("dumps/sub"));
    dir.write("dumps/Dupont_Jean_1980-01-02.csv", "a\n");
    dir.write("dumps/sub/Rossi Mario.txt", "b\n");
    write_archive(dir.file("dumps/z.tar"), Layout::tar, ARCHIVE_FILTER_NONE,
                  {{"patients/", "", 0, true},
                   {"patients/mario.rossi@example.it.txt", "c\n"},
                   {"patients/jean.martin@example.org.gz", "\x1f\x8b\x08\x00\xff\xff\xff\xff"}});
    const std::string given = dir.file("dumps");
    const auto seen = visit({given, dir.file("missing Dupont.csv")});
    // Byte order: Dupont_..., sub/ (folder 1, holding file 2), z.tar (file 3).
    CHECK(seen.shown() == std::vector<std::string>{given + " file 1", given + " file 2",
                                                   given + " file 3 member 2"});
    // Labels keep the names: they are the sealed sources.
    CHECK(seen.items[0].item.label == given + "/Dupont_Jean_1980-01-02.csv");
    REQUIRE(seen.shown_problems.size() == 2);
    CHECK_THAT(seen.shown_problems[0], Catch::StartsWith(given + " file 3 member 3: "));
    for (const std::string& line : seen.shown_problems) {
        CHECK(line.find("Rossi") == std::string::npos);
        CHECK(line.find("jean.martin") == std::string::npos);
    }
    // A path the user typed is theirs: shown as given.
    CHECK(seen.shown_problems[1] == dir.file("missing Dupont.csv") + ": No such file or directory");
}

TEST_CASE("input: zip members are items, in archive order", "[indexer][input]") {
    TempDir dir;
    const std::string zip = write_archive(dir.file("dump.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                                          {{"patients/2021.csv", text(2 * kMiB)},
                                           {"patients/", "", 0, true},
                                           {"readme.txt", "hello"},
                                           {"empty.txt", ""}});
    const auto seen = visit({zip});
    REQUIRE(seen.labels() == std::vector<std::string>{zip + "!patients/2021.csv",
                                                      zip + "!readme.txt", zip + "!empty.txt"});
    CHECK(seen.items[0].bytes == text(2 * kMiB));
    CHECK(seen.items[1].bytes == "hello");
    CHECK(seen.items[2].size == 0);
    for (const SeenItem& item : seen.items) {
        CHECK(item.complete);
        CHECK(item.item.path == zip);
    }
    CHECK(seen.problems.empty());
}

TEST_CASE("input: archives nest two layers deep, a third is reported", "[indexer][input]") {
    TempDir dir;
    const std::string inner_gz = slurp(gzip_file(dir.file("c.csv.gz"), "c\n"));
    const std::string l2 = slurp(write_archive(dir.file("l2.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                                               {{"deep.csv", "deep\n"}}));
    const std::string inner_zip =
        slurp(write_archive(dir.file("inner.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                            {{"a.csv", "a\n"}, {"c.csv.gz", inner_gz}, {"l2.zip", l2}}));
    const std::string tar = write_archive(dir.file("outer.tgz"), Layout::tar, ARCHIVE_FILTER_GZIP,
                                          {{"inner.zip", inner_zip}, {"after.txt", "after\n"}});
    const auto seen = visit({tar});
    CHECK(seen.labels() == std::vector<std::string>{tar + "!inner.zip!a.csv", tar + "!after.txt"});
    CHECK(seen.items.at(0).item.depth == 2);
    CHECK(seen.items.at(0).bytes == "a\n");
    CHECK(seen.problems ==
          std::vector<std::string>{
              tar + "!inner.zip!c.csv.gz: archive nested deeper than 2 layers, skipped",
              tar + "!inner.zip!l2.zip: archive nested deeper than 2 layers, skipped"});

    const std::string zip = write_archive(dir.file("top.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                                          {{"c.csv.gz", inner_gz}});
    const auto two = visit({zip});
    REQUIRE(two.labels() == std::vector<std::string>{zip + "!c.csv.gz"});
    CHECK(two.items[0].item.depth == 2);
    CHECK(two.items[0].bytes == "c\n");

    InputLimits none;
    none.max_depth = 0;
    const auto flat = visit({dir.file("c.csv.gz")}, none);
    CHECK(flat.items.empty());
    CHECK(flat.problems ==
          std::vector<std::string>{dir.file("c.csv.gz") +
                                   ": archive nested deeper than 0 layers, skipped"});
}

TEST_CASE("input: stacked gzip layers count as nesting", "[indexer][input]") {
    TempDir dir;
    // A .gz of a .gz is two layers, as a .bz2 in a .gz: its item is at depth 2.
    const std::string two = gzip_layers(dir.file("two.gz"), "a;b\n", 2);
    const auto seen = visit({two});
    REQUIRE(seen.labels() == std::vector<std::string>{two});
    CHECK(seen.items[0].item.depth == 2);
    CHECK(seen.items[0].bytes == "a;b\n");
    CHECK(seen.problems.empty());

    // Past max_depth, the whole stream is refused, with one line.
    const std::string three = gzip_layers(dir.file("three.gz"), "a;b\n", 3);
    const std::string six = gzip_layers(dir.file("six.gz"), "a;b\n", 6);
    const std::string next = dir.write("next.csv", "next\n");
    const auto deep = visit({three, six, next});
    CHECK(deep.labels() == std::vector<std::string>{next});
    CHECK(deep.problems ==
          std::vector<std::string>{three + ": archive nested deeper than 2 layers, skipped",
                                   six + ": archive nested deeper than 2 layers, skipped"});
    CHECK(deep.kinds == std::vector<ProblemKind>{ProblemKind::too_deep, ProblemKind::too_deep});

    // In an archive, a .gz of a .gz is a third layer; the members around it are read.
    const std::string zip = write_archive(
        dir.file("z.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
        {{"two.gz", slurp(two)}, {"one.gz", slurp(gzip_file(dir.file("one.gz"), "1\n"))}});
    const auto in_zip = visit({zip});
    CHECK(in_zip.labels() == std::vector<std::string>{zip + "!one.gz"});
    CHECK(in_zip.items.at(0).item.depth == 2);
    CHECK(in_zip.problems ==
          std::vector<std::string>{zip + "!two.gz: archive nested deeper than 2 layers, skipped"});

    // A tar in two gzip layers: its members are at depth 2.
    const std::string tgz =
        write_archive(dir.file("x.tgz"), Layout::tar, ARCHIVE_FILTER_GZIP, {{"a.csv", "a\n"}});
    const std::string tgz_gz = dir.write("x.tgz.gz", slurp(gzip_file(dir.file("t"), slurp(tgz))));
    const auto tar_seen = visit({tgz_gz});
    REQUIRE(tar_seen.labels() == std::vector<std::string>{tgz_gz + "!a.csv"});
    CHECK(tar_seen.items[0].item.depth == 2);
    CHECK(tar_seen.problems.empty());
}

TEST_CASE("input: bytes that lead with NULs are read, compressed or not", "[indexer][input]") {
    TempDir dir;
    // A zero block is what a tar ends with, but only a ustar header makes a
    // tar: without one, the bytes are one plain item, nothing lost.
    const std::string csv = std::string(1024, '\0') + "nom;email\nDupont;jean@example.org\n";
    const std::string gz = gzip_file(dir.file("x.csv.gz"), csv);
    const std::string plain = dir.write("x.csv", csv);
    const auto seen = visit({gz, plain});
    REQUIRE(seen.labels() == std::vector<std::string>{gz, plain});
    CHECK(seen.items[0].bytes == csv);
    CHECK(seen.items[0].item.depth == 1);
    CHECK(seen.items[0].complete);
    CHECK(seen.items[1].bytes == csv);
    CHECK(seen.items[1].item.depth == 0);
    CHECK(seen.problems.empty());

    // Through a pipe (no seeking back) too.
    Recorder piped;
    {
        StdinPipe stdin_pipe(slurp(gz));
        piped = visit({"-"});
    }
    REQUIRE(piped.items.size() == 1);
    CHECK(piped.items[0].bytes == csv);

    // An "empty tar", zero blocks alone, has no header either: one item of
    // its NULs, compressed or not, as any file of NULs.
    const std::string zeros(1024, '\0');
    const std::string empty_tar = dir.write("empty.tar", zeros);
    const std::string empty_tgz = gzip_file(dir.file("empty.tgz"), zeros);
    const auto empty = visit({empty_tar, empty_tgz});
    REQUIRE(empty.labels() == std::vector<std::string>{empty_tar, empty_tgz});
    CHECK(empty.items[0].bytes == zeros);
    CHECK(empty.items[1].bytes == zeros);
    CHECK(empty.problems.empty());

    // A ustar archive with no member (what libarchive writes: zero blocks)
    // is likewise its bytes: no header, nothing to tell it by.
    const std::string no_member =
        write_archive(dir.file("none.tgz"), Layout::tar, ARCHIVE_FILTER_GZIP, {});
    const auto none = visit({no_member});
    REQUIRE(none.items.size() == 1);
    CHECK(none.items[0].bytes.find_first_not_of('\0') == std::string::npos);
    CHECK(none.problems.empty());
}

TEST_CASE("input: a truncated gzip stream is reported, its item cut, the next input read",
          "[indexer][input]") {
    TempDir dir;
    const std::string gz = slurp(gzip_file(dir.file("full.gz"), text(6 * kMiB)));
    const std::string cut = dir.write("dump.csv.gz", gz.substr(0, gz.size() / 2));
    const auto seen = visit({cut, dir.write("next.csv", "next\n")});
    REQUIRE(seen.items.size() == 2);
    CHECK(!seen.items[0].complete);
    CHECK(seen.items[0].size > 0);
    CHECK(seen.items[0].bytes == text(seen.items[0].size));  // what came was right
    CHECK(seen.problems == std::vector<std::string>{cut + ": truncated gzip stream after " +
                                                    std::to_string(seen.items[0].size) + " bytes"});
    CHECK(seen.kinds == std::vector<ProblemKind>{ProblemKind::truncated});
    CHECK(seen.items[1].complete);
}

TEST_CASE("input: a corrupt zip member is reported and cut, the others still read",
          "[indexer][input]") {
    TempDir dir;
    std::string zip =
        slurp(write_archive(dir.file("good.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                            {{"a.csv", text(3 * kMiB)}, {"b.csv", "b\n"}, {"c.csv", "c\n"}}));
    const std::size_t data =
        30 + 5 + (static_cast<unsigned char>(zip[28]) | static_cast<unsigned char>(zip[29]) << 8);
    zip.replace(data + 20000, 200, 200, '\xff');
    const std::string bad = dir.write("bad.zip", zip);
    const std::string next = dir.write("next.csv", "next\n");
    // The message is libarchive's, which depends on where zlib trips.
    const std::string problem = bad + "!a.csv: corrupt zip archive (";
    const auto seen = visit({bad, next});
    REQUIRE(seen.labels() ==
            std::vector<std::string>{bad + "!a.csv", bad + "!b.csv", bad + "!c.csv", next});
    CHECK(!seen.items[0].complete);
    CHECK(seen.items[1].complete);
    CHECK(seen.items[1].bytes == "b\n");
    REQUIRE(seen.problems.size() == 1);
    CHECK_THAT(seen.problems[0], Catch::StartsWith(problem));
    CHECK(seen.kinds == std::vector<ProblemKind>{ProblemKind::corrupt});

    // Through a pipe, libarchive's streaming zip reader goes on alone.
    Recorder piped;
    {
        StdinPipe stdin_pipe(zip);
        piped = visit({"-", next});
    }
    CHECK(piped.labels() == std::vector<std::string>{"(standard input)!a.csv",
                                                     "(standard input)!b.csv",
                                                     "(standard input)!c.csv", next});
    CHECK(!piped.items.at(0).complete);
    REQUIRE(piped.problems.size() == 1);
    CHECK_THAT(piped.problems[0],
               Catch::StartsWith("(standard input)!a.csv: corrupt zip archive ("));
}

TEST_CASE("input: a zip bomb member is cut at the item limit, the rest still read",
          "[indexer][input]") {
    TempDir dir;
    const std::string bomb = write_archive(dir.file("bomb.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                                           {{"zeros", "", 200 * kMiB}, {"after.txt", "after\n"}});
    CHECK(std::filesystem::file_size(bomb) < kMiB);
    InputLimits limits;
    limits.max_item_bytes = kMiB;
    limits.max_ratio = 1e9;
    const auto seen = visit({bomb, dir.write("next.csv", "next\n")}, limits);
    REQUIRE(seen.labels() ==
            std::vector<std::string>{bomb + "!zeros", bomb + "!after.txt", dir.file("next.csv")});
    CHECK(!seen.items[0].complete);
    CHECK(seen.items[0].size <= kMiB);
    CHECK(seen.items[1].complete);
    CHECK(seen.items[2].complete);
    CHECK(seen.problems ==
          std::vector<std::string>{bomb + "!zeros: expands past the 1 MiB limit (zip bomb?)"});
    CHECK(seen.kinds == std::vector<ProblemKind>{ProblemKind::too_large});
}

TEST_CASE("input: an input past its ratio or total limit is abandoned", "[indexer][input]") {
    TempDir dir;
    const std::string bomb = write_archive(dir.file("bomb.tgz"), Layout::tar, ARCHIVE_FILTER_GZIP,
                                           {{"zeros", "", 16 * kMiB}, {"after.txt", "after\n"}});
    const std::string next = dir.write("next.csv", "next\n");
    InputLimits ratio;
    ratio.max_ratio = 100;
    ratio.ratio_floor_bytes = kMiB;
    const auto by_ratio = visit({bomb, next}, ratio);
    CHECK(by_ratio.labels() == std::vector<std::string>{bomb + "!zeros", next});
    CHECK(by_ratio.items.at(0).size <= 2 * kMiB);
    CHECK(by_ratio.problems ==
          std::vector<std::string>{bomb + ": expands more than 100 times its compressed size "
                                          "(zip bomb?)"});

    const std::string three =
        write_archive(dir.file("three.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                      {{"1", text(kMiB)}, {"2", text(kMiB)}, {"3", text(kMiB)}});
    InputLimits total;
    total.max_input_bytes = 2 * kMiB + 3 * InputLimits::kEntryCost + 10;  // 2,098,698
    const auto by_total = visit({three, next}, total);
    CHECK(by_total.labels() ==
          std::vector<std::string>{three + "!1", three + "!2", three + "!3", next});
    CHECK(!by_total.items.at(2).complete);
    CHECK(by_total.problems ==
          std::vector<std::string>{three + ": expands past the 2098698 bytes limit (zip bomb?)"});
}

TEST_CASE("input: archive entries count against the input's limit even when empty",
          "[indexer][input]") {
    TempDir dir;
    std::vector<Entry> entries;
    for (int i = 0; i < 100; ++i) {
        entries.push_back({"e" + std::to_string(i), ""});
    }
    const std::string empties =
        write_archive(dir.file("empties.tgz"), Layout::tar, ARCHIVE_FILTER_GZIP, entries);
    const std::string next = dir.write("next.csv", "next\n");
    InputLimits limits;
    limits.max_input_bytes = 40 * InputLimits::kEntryCost;
    const auto seen = visit({empties, next}, limits);
    // 40 entries fit: the gzip stream's own and 39 of the tar's; then next.csv.
    CHECK(seen.labels().size() == 40);
    CHECK(seen.labels().back() == next);
    CHECK(seen.problems ==
          std::vector<std::string>{empties + ": expands past the 20480 bytes limit (zip bomb?)"});
}

TEST_CASE("input: names with odd bytes are shown escaped", "[indexer][input]") {
    TempDir dir;
    const std::string tar =
        write_archive(dir.file("odd.tar"), Layout::tar, ARCHIVE_FILTER_NONE,
                      {{"caf\xe9\n\x1b[31m.csv", "x"}, {"ok-\xc3\xa9t\xc3\xa9.csv", "y"}});
    const std::string odd_file = dir.write("tab\there", "z");
    const auto seen = visit({tar, odd_file});
    CHECK(seen.labels() == std::vector<std::string>{tar + "!caf\\xe9\\x0a\\x1b[31m.csv",
                                                    tar + "!ok-\xc3\xa9t\xc3\xa9.csv",
                                                    dir.file("tab\\x09here")});
    CHECK(seen.items.at(2).item.path == odd_file);
}

TEST_CASE("input: an encrypted zip member is reported and skipped", "[indexer][input]") {
    TempDir dir;
    const std::string zip = write_archive(dir.file("locked.zip"), Layout::zip, ARCHIVE_FILTER_NONE,
                                          {{"secret.csv", "s\n"}}, "zip:encryption=zipcrypt");
    const auto seen = visit({zip});
    CHECK(seen.items.empty());
    CHECK(seen.problems == std::vector<std::string>{zip + "!secret.csv: encrypted, skipped"});
}

TEST_CASE("input: formats are told by content, not by name", "[indexer][input]") {
    TempDir dir;
    const std::string gz = gzip_file(dir.file("notes.txt"), "inside\n");
    const std::string fake = dir.write("fake.zip", "PK is not enough\n");
    const auto seen = visit({gz, fake});
    REQUIRE(seen.items.size() == 2);
    CHECK(seen.items[0].bytes == "inside\n");
    CHECK(seen.items[0].item.depth == 1);
    CHECK(seen.items[1].bytes == "PK is not enough\n");
    CHECK(seen.items[1].item.depth == 0);
}

TEST_CASE("input: an exception from the visitor ends the visit", "[indexer][input]") {
    struct Stop {};
    class Throwing : public Recorder {
        void chunk(std::string_view) override { throw Stop{}; }
    };
    TempDir dir;
    const std::string tgz = write_archive(dir.file("x.tgz"), Layout::tar, ARCHIVE_FILTER_GZIP,
                                          {{"a.csv", "a\n"}, {"b.csv", "b\n"}});
    Throwing visitor;
    CHECK_THROWS_AS(visit_inputs({tgz}, InputLimits{}, visitor), Stop);
    CHECK(visitor.labels() == std::vector<std::string>{tgz + "!a.csv"});
}
