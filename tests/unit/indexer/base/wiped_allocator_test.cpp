// Page and file text is zeroed before its memory is freed, and large blocks
// stay out of core dumps. Freed memory is never read: a WipeObserver sees each
// block after it is zeroed and before it is freed.
#include "indexer/base/wiped_allocator.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "crawler/fetcher.h"
#include "crawler/site_pages.h"
#include "indexer/input/input_source.h"
#include "indexer/input/line_splitter.h"
#include "tests/support/temp_dir.h"

using lw::indexer::SelfWipingString;
using lw::indexer::WipedChars;
using lw::indexer::WipedString;
using lw::indexer::WipingAllocator;

namespace {

constexpr std::size_t kMapped = lw::indexer::kWipedMapThreshold;

struct Freed {
    std::size_t bytes;
    bool mapped;
    bool zeroed;  // every byte zero when the observer saw it
};

// Filled by the observer; reserved so that recording never allocates.
std::vector<Freed> g_freed;

void record(const void* block, std::size_t bytes, bool mapped) noexcept {
    const auto* p = static_cast<const unsigned char*>(block);
    const bool zeroed = std::all_of(p, p + bytes, [](unsigned char c) { return c == 0; });
    if (g_freed.size() < g_freed.capacity()) {
        g_freed.push_back(Freed{bytes, mapped, zeroed});
    }
}

// Records the blocks freed during its life.
class ObserveWipes {
  public:
    ObserveWipes() {
        g_freed.clear();
        g_freed.reserve(4096);
        previous_ = lw::indexer::set_wipe_observer(&record);
    }
    ObserveWipes(const ObserveWipes&) = delete;
    ObserveWipes& operator=(const ObserveWipes&) = delete;
    ~ObserveWipes() { lw::indexer::set_wipe_observer(previous_); }

    // Whether every block seen was zeroed.
    static bool all_zeroed() {
        return std::all_of(g_freed.begin(), g_freed.end(), [](const Freed& f) { return f.zeroed; });
    }
    // Blocks seen of more than `bytes` bytes.
    static std::size_t larger_than(std::size_t bytes) {
        return static_cast<std::size_t>(std::count_if(
            g_freed.begin(), g_freed.end(), [&](const Freed& f) { return f.bytes > bytes; }));
    }

  private:
    lw::indexer::WipeObserver previous_ = nullptr;
};

bool inside_object(const void* object, std::size_t size, const char* data) {
    const auto* begin = static_cast<const char*>(object);
    return std::less_equal<>()(begin, data) && std::less<>()(data, begin + size);
}

template <class String>
bool is_inline(const String& text) {
    return inside_object(&text, sizeof text, text.data());
}

// The VmFlags of the mapping holding `address`, from /proc/self/smaps.
std::string vm_flags(const void* address) {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool in_mapping = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t start = 0;
        std::uintptr_t end = 0;
        char dash = 0;
        std::istringstream header(line);
        if (header >> std::hex >> start >> dash >> end && dash == '-') {
            in_mapping = start <= at && at < end;
        } else if (in_mapping && line.rfind("VmFlags:", 0) == 0) {
            return line.substr(8);
        }
    }
    return "";
}

bool has_flag(const std::string& flags, const std::string& flag) {
    std::istringstream words(flags);
    std::string word;
    while (words >> word) {
        if (word == flag) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("wiped: a block is zeroed before it is freed", "[wiped]") {
    for (const std::size_t size :
         {std::size_t{1}, std::size_t{100}, kMapped - 1, kMapped, std::size_t{1} << 20}) {
        ObserveWipes observe;
        auto* block = static_cast<unsigned char*>(lw::indexer::allocate_wiped(size));
        std::fill(block, block + size, 0xa5);
        lw::indexer::wipe_and_free(block, size);
        REQUIRE(g_freed.size() == 1);
        CHECK(g_freed[0].bytes == size);
        CHECK(g_freed[0].zeroed);
        CHECK(g_freed[0].mapped == (size >= kMapped));
    }
}

TEST_CASE("wiped: the allocator is stateless, over-aligned types included", "[wiped]") {
    static_assert(std::allocator_traits<WipingAllocator<char>>::is_always_equal::value);
    static_assert(WipingAllocator<char>() == WipingAllocator<int>());
    struct alignas(64) Wide {
        unsigned char bytes[64];
    };
    ObserveWipes observe;
    WipingAllocator<Wide> wide;
    Wide* block = wide.allocate(3);
    CHECK(reinterpret_cast<std::uintptr_t>(block) % 64 == 0);
    std::fill(block[0].bytes, block[0].bytes + 64, 0x5a);
    WipingAllocator<Wide>(WipingAllocator<char>()).deallocate(block, 3);  // another instance
    REQUIRE(g_freed.size() == 1);
    CHECK(g_freed[0].bytes == 3 * sizeof(Wide));
    CHECK(g_freed[0].zeroed);
}

TEST_CASE("wiped: a string growing from 10 bytes to 1 MB wipes each block it leaves", "[wiped]") {
    ObserveWipes observe;
    std::vector<std::size_t> left;  // capacity of each heap buffer given up, in order
    {
        WipedString text(10, 's');
        while (text.size() < 1000000) {
            const bool was_inline = is_inline(text);
            const std::size_t capacity = text.capacity();
            const char* before = text.data();
            text.append(1000, 's');
            if (text.data() != before && !was_inline) {
                left.push_back(capacity);
            }
        }
        CHECK(left.size() >= 10);  // doubling from 30 bytes: about 15 blocks
        REQUIRE(g_freed.size() == left.size());
        left.push_back(text.capacity());  // freed with the string
    }
    REQUIRE(g_freed.size() == left.size());
    for (std::size_t i = 0; i < left.size(); ++i) {
        INFO("block " << i << " of capacity " << left[i]);
        CHECK(g_freed[i].bytes > left[i]);  // and its terminator
        CHECK(g_freed[i].zeroed);
        CHECK(g_freed[i].mapped == (g_freed[i].bytes >= kMapped));
    }
    CHECK(g_freed.back().mapped);
}

TEST_CASE("wiped: blocks from 64 KiB are page-aligned mappings left out of core dumps", "[wiped]") {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    WipingAllocator<char> allocator;
    for (const std::size_t size : {kMapped, kMapped + 1, std::size_t{3} << 20}) {
        INFO("size " << size);
        char* block = allocator.allocate(size);
        std::fill(block, block + size, 'x');
        CHECK(reinterpret_cast<std::uintptr_t>(block) % page == 0);
        const std::string flags = vm_flags(block);
        INFO("VmFlags:" << flags);
        CHECK(has_flag(flags, "dd"));
        CHECK(vm_flags(block + size - 1) == flags);  // one mapping end to end
        allocator.deallocate(block, size);
    }
    // The input reader's chunk buffer, as the readers hold it.
    WipedChars chunk(std::size_t{1} << 20);
    CHECK(reinterpret_cast<std::uintptr_t>(chunk.data()) % page == 0);
    CHECK(has_flag(vm_flags(chunk.data()), "dd"));
}

TEST_CASE("wiped: wipe() zeroes a string's whole buffer, the inline one included", "[wiped]") {
    WipedString shorter("123-45-6789");
    REQUIRE(is_inline(shorter));  // nothing a block could wipe
    const std::size_t capacity = shorter.capacity();
    const char* data = shorter.data();
    lw::indexer::wipe(shorter);
    CHECK(shorter.empty());
    CHECK(shorter.capacity() == capacity);
    CHECK(std::all_of(data, data + capacity, [](char c) { return c == 0; }));

    // Bytes past size() that an earlier, longer value left.
    std::string plain(200, 'p');
    plain.resize(10);
    lw::indexer::wipe(plain);
    CHECK(plain.empty());
    CHECK(
        std::all_of(plain.data(), plain.data() + plain.capacity(), [](char c) { return c == 0; }));
}

TEST_CASE("wiped: a SelfWipingString keeps its text off its inline buffer and wipes it",
          "[wiped]") {
    ObserveWipes observe;
    {
        SelfWipingString text;
        CHECK_FALSE(is_inline(text));  // appended text never lands inside the object
        text += "abc";
        CHECK_FALSE(is_inline(text));
        SelfWipingString copy(text);
        CHECK_FALSE(is_inline(copy));
        SelfWipingString moved(std::move(copy));
        CHECK(moved == "abc");
        moved = std::string_view("0123456789abcdef0123456789abcdef");
        text = std::move(moved);
        CHECK(text == "0123456789abcdef0123456789abcdef");
    }
    CHECK(g_freed.size() >= 3);
    CHECK(ObserveWipes::all_zeroed());

    // A short value inside the object (shrink_to_fit moves it there) is
    // wiped by the destructor itself.
    alignas(SelfWipingString) unsigned char storage[sizeof(SelfWipingString)];
    auto* inline_text = new (storage) SelfWipingString("id:42");
    inline_text->shrink_to_fit();
    const bool moved_inside = is_inline(*inline_text);
    inline_text->~SelfWipingString();
    if (moved_inside) {
        const std::string_view bytes(reinterpret_cast<const char*>(storage), sizeof storage);
        CHECK(bytes.find("id:42") == std::string_view::npos);
    }
}

TEST_CASE("wiped: a FetchResult wipes its body when it dies, moved around or not", "[wiped]") {
    const std::string secret = "patient 1 85 07 75 123 456 78, " + std::string(300, 'x');
    ObserveWipes observe;
    {
        std::vector<lw::crawler::FetchResult> results;
        lw::crawler::FetchResult result;
        result.body.append(secret);
        results.push_back(std::move(result));
        results.emplace_back().body.assign(std::string(std::size_t{1} << 20, 'y'));
        results.emplace_back();  // the vector grows: the results move
        CHECK(std::string_view(results.front().body) == secret);
        CHECK(ObserveWipes::larger_than(secret.size()) == 0);  // nothing freed yet
    }
    CHECK(ObserveWipes::larger_than(secret.size()) == 2);
    CHECK(std::count_if(g_freed.begin(), g_freed.end(), [](const Freed& f) { return f.mapped; }) ==
          1);
    CHECK(ObserveWipes::all_zeroed());
}

TEST_CASE("wiped: an ItemPage wipes its text when it dies, raw or from html", "[wiped]") {
    const std::string secret = "alice@example.org " + std::string(2000, 'z');
    const auto page = lw::crawler::parse_url("http://p.example/raw/AbCd1234");
    REQUIRE(page);
    lw::crawler::Seed raw;
    raw.content = lw::crawler::ContentKind::raw;
    lw::crawler::Seed html;
    html.content = lw::crawler::ContentKind::html;
    struct Case {
        const lw::crawler::Seed* seed;
        std::string body;
        std::string content_type;
    };
    for (const Case& c : {Case{&raw, secret, "text/plain; charset=utf-8"},
                          Case{&html, "<p>" + secret + "</p><p>bye</p>", "text/html"}}) {
        ObserveWipes observe;
        {
            const lw::crawler::ItemPage item =
                lw::crawler::read_item(*c.seed, *page, c.body, c.content_type);
            REQUIRE(item.text.find(secret) != std::string::npos);
            g_freed.clear();  // the blocks the page was built in
        }
        CHECK(ObserveWipes::larger_than(secret.size()) == 1);
        CHECK(ObserveWipes::all_zeroed());
    }
}

TEST_CASE("wiped: a line splitter's carried-over line is wiped", "[wiped]") {
    const std::string line(200000, 'l');  // past the mapping threshold
    ObserveWipes observe;
    std::size_t lines = 0;
    {
        lw::indexer::LineSplitter splitter;
        const auto on_line = [&](std::string_view text, std::uint64_t) {
            CHECK(text.size() == line.size() + 1);
            ++lines;
        };
        for (std::size_t at = 0; at < line.size(); at += 4096) {
            splitter.feed(std::string_view(line).substr(at, 4096), on_line);
        }
        splitter.feed("l\nnext", on_line);
    }
    CHECK(lines == 1);
    CHECK(ObserveWipes::larger_than(line.size()) == 1);
    CHECK(std::any_of(g_freed.begin(), g_freed.end(), [](const Freed& f) { return f.mapped; }));
    CHECK(ObserveWipes::all_zeroed());
}

TEST_CASE("wiped: the input readers' buffers are wiped mappings", "[wiped]") {
    lw::test::TempDir dir;
    const std::string plain =
        dir.write("dump.csv", "name;iban\nalice;FR7630006000011234567890189\n");
    const std::string gzip = dir.file("dump.csv.gz");
    archive* a = archive_write_new();
    REQUIRE(archive_write_set_format_raw(a) >= ARCHIVE_WARN);
    REQUIRE(archive_write_add_filter_gzip(a) >= ARCHIVE_WARN);
    REQUIRE(archive_write_open_filename(a, gzip.c_str()) >= ARCHIVE_WARN);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, "data");
    archive_entry_set_filetype(entry, AE_IFREG);
    const std::string data = "bob;DE89370400440532013000\n";
    archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
    REQUIRE(archive_write_header(a, entry) >= ARCHIVE_WARN);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(entry);
    archive_write_close(a);
    archive_write_free(a);

    struct Visitor : lw::indexer::InputVisitor {
        void begin_item(const lw::indexer::InputItem&) override {}
        void chunk(std::string_view bytes) override { seen += bytes.size(); }
        void end_item(bool) override {}
        void problem(const lw::indexer::InputProblem&) override { ++problems; }
        std::size_t seen = 0;
        int problems = 0;
    } visitor;
    ObserveWipes observe;
    const auto totals = lw::indexer::visit_inputs({plain, gzip}, {}, visitor);
    CHECK(totals.items == 2);
    CHECK(visitor.problems == 0);
    const auto freed = [](std::size_t bytes) {
        return std::count_if(g_freed.begin(), g_freed.end(), [&](const Freed& f) {
            return f.bytes == bytes && f.mapped && f.zeroed;
        });
    };
    CHECK(freed(std::size_t{1} << 20) == 1);    // the chunk buffer
    CHECK(freed(std::size_t{128} << 10) == 1);  // the gzip layer's read buffer
    CHECK(ObserveWipes::all_zeroed());
}
