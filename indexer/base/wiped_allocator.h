#pragma once

// Memory for page and file text: zeroed before it is freed, and left out of
// core dumps when large. A std::string or std::vector frees a block each time
// it grows, and a destructor's wipe sees only the last one: only the
// allocator sees every block, so the wipe is there.
//
// Header-only, so that lw_indexer's source list stays as it is.

#include <sodium.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace lw::indexer {

// Blocks of at least this many bytes are their own anonymous mapping, marked
// MADV_DONTDUMP. Smaller ones come from ::operator new: a mapping costs two
// system calls and a page, and most such blocks are short lines and titles.
inline constexpr std::size_t kWipedMapThreshold = std::size_t{64} << 10;

// Called with each block after it is zeroed and before it is freed (still
// readable then): how the tests see that freed blocks hold nothing. `mapped`:
// the block was a mapping of its own. Null (the default) in the program.
using WipeObserver = void (*)(const void* block, std::size_t bytes, bool mapped) noexcept;

namespace wiped_detail {

inline std::atomic<WipeObserver> g_observer{nullptr};

inline std::size_t page_size() noexcept {
    static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

inline std::size_t mapping_length(std::size_t bytes) noexcept {
    const std::size_t page = page_size();
    return (bytes + page - 1) / page * page;
}

}  // namespace wiped_detail

// Installs `observer` (null removes it) and returns the previous one. For
// tests: the program never sets one.
inline WipeObserver set_wipe_observer(WipeObserver observer) noexcept {
    return wiped_detail::g_observer.exchange(observer);
}

// `bytes` (> 0) bytes aligned to `alignment`: a page-aligned private
// anonymous mapping marked MADV_DONTDUMP from kWipedMapThreshold bytes on,
// else ::operator new's. Throws std::bad_alloc. Freed only by wipe_and_free
// with the same size and alignment.
[[nodiscard]] inline void* allocate_wiped(
    std::size_t bytes, std::size_t alignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__) {
    if (bytes >= kWipedMapThreshold && alignment <= wiped_detail::page_size()) {
        void* block = ::mmap(nullptr, wiped_detail::mapping_length(bytes), PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (block == MAP_FAILED) {
            throw std::bad_alloc();
        }
        // Only an unknown advice or a bad range fail, neither possible here;
        // the block is wiped when freed either way.
        static_cast<void>(::madvise(block, wiped_detail::mapping_length(bytes), MADV_DONTDUMP));
        return block;
    }
    if (alignment > __STDCPP_DEFAULT_NEW_ALIGNMENT__) {
        return ::operator new(bytes, std::align_val_t(alignment));
    }
    return ::operator new(bytes);
}

// Zeroes the `bytes` bytes of a block from allocate_wiped (same size and
// alignment), then frees it. A mapping is zeroed too although munmap takes
// its pages away: the kernel clears a page when it hands it out again, not
// when it gets it back (nor in swap). Only `bytes` bytes: the rest of the
// last page was never handed out, and touching it would only fault it in.
inline void wipe_and_free(void* block, std::size_t bytes,
                          std::size_t alignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__) noexcept {
    if (block == nullptr) {
        return;
    }
    sodium_memzero(block, bytes);
    const bool mapped = bytes >= kWipedMapThreshold && alignment <= wiped_detail::page_size();
    if (const WipeObserver observer = wiped_detail::g_observer.load(std::memory_order_acquire)) {
        observer(block, bytes, mapped);
    }
    if (mapped) {
        ::munmap(block, wiped_detail::mapping_length(bytes));
    } else if (alignment > __STDCPP_DEFAULT_NEW_ALIGNMENT__) {
        // Unsized forms: clang 14 declares the sized ones only with
        // -fsized-deallocation (the fuzz build is clang's).
        ::operator delete(block, std::align_val_t(alignment));
    } else {
        ::operator delete(block);
    }
}

// A stateless standard allocator over allocate_wiped and wipe_and_free: every
// block a container releases (on growth, on shrink_to_fit, at its end) is
// zeroed first. It cannot wipe what is never released: a string's
// short-string buffer inside the object, or an earlier value's bytes past
// size() while the block lives (see wipe() below and SelfWipingString).
template <class T>
class WipingAllocator {
  public:
    using value_type = T;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    // Stateless: any instance frees what another allocated, so containers
    // may move and swap buffers freely.
    using is_always_equal = std::true_type;
    using propagate_on_container_copy_assignment = std::true_type;
    using propagate_on_container_move_assignment = std::true_type;
    using propagate_on_container_swap = std::true_type;

    constexpr WipingAllocator() noexcept = default;
    template <class U>
    constexpr WipingAllocator(const WipingAllocator<U>& /*other*/) noexcept {}

    [[nodiscard]] T* allocate(std::size_t n) {
        if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) {
            throw std::bad_array_new_length();
        }
        return static_cast<T*>(allocate_wiped(n * sizeof(T), alignof(T)));
    }

    void deallocate(T* block, std::size_t n) noexcept {
        wipe_and_free(block, n * sizeof(T), alignof(T));
    }
};

template <class T, class U>
constexpr bool operator==(const WipingAllocator<T>& /*a*/,
                          const WipingAllocator<U>& /*b*/) noexcept {
    return true;
}

// Text whose released blocks are wiped. Whoever owns one must still wipe it
// before it dies (wipe() below): a short one (up to 15 bytes in libstdc++)
// lives inside the object, and the allocator never sees that buffer.
using WipedString = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;
using WipedBytes = std::vector<unsigned char, WipingAllocator<unsigned char>>;
// A fixed buffer of file text: a std::vector for its size and its end.
using WipedChars = std::vector<char, WipingAllocator<char>>;

// Zeroes the string's whole current buffer, [0, capacity()), the short-string
// buffer included, then empties it (the capacity is kept). Bytes past size()
// are zeroed too: they may hold an earlier, longer value. Growing to the
// capacity first keeps every write inside [0, size()); it never reallocates.
template <class Alloc>
void wipe(std::basic_string<char, std::char_traits<char>, Alloc>& text) noexcept {
    text.resize(text.capacity());
    sodium_memzero(text.data(), text.size());
    text.clear();
}

// A WipedString that also wipes its short-string buffer, the one the
// allocator never sees, when it dies or is moved over: what a struct holding
// page text uses, so that the struct keeps its implicit copies, moves and
// destructor.
//
// It starts with a heap block past the short-string capacity: in libstdc++
// a string that outgrows its internal buffer leaves up to 7 bytes of its
// old value there, out of reach of wipe(); a string that starts on the heap
// never goes back (short of shrink_to_fit or a swap). A moved-from one is
// empty and inline; its inline bytes are wiped when it dies.
class SelfWipingString : public WipedString {
  public:
    SelfWipingString() { reserve(heap_start()); }
    explicit SelfWipingString(std::string_view text) {
        reserve(text.size() < heap_start() ? heap_start() : text.size());
        append(text);
    }
    SelfWipingString(const char* text) : SelfWipingString(std::string_view(text)) {}
    SelfWipingString(const SelfWipingString& other) : SelfWipingString(std::string_view(other)) {}
    SelfWipingString(SelfWipingString&& other) noexcept = default;
    SelfWipingString& operator=(const SelfWipingString& other) {
        if (this != &other) {
            assign(other);
        }
        return *this;
    }
    SelfWipingString& operator=(SelfWipingString&& other) noexcept {
        if (this != &other) {
            wipe_inline();
            WipedString::operator=(std::move(other));
        }
        return *this;
    }
    // assign() and the base's other operator=s (from text, a view, a
    // character) write into the current buffer, or free it (wiped) for a
    // larger one: no block goes back unwiped.
    using WipedString::operator=;
    ~SelfWipingString() { wipe_inline(); }

  private:
    static std::size_t heap_start() noexcept { return WipedString().capacity() + 1; }

    // A heap buffer is wiped by the allocator as it is freed: wiping it here
    // too would zero a 32 MiB body twice. Only the buffer inside the object
    // is left to do by hand.
    void wipe_inline() noexcept {
        const auto* self = reinterpret_cast<const char*>(this);
        if (std::less_equal<>()(self, data()) && std::less<>()(data(), self + sizeof *this)) {
            wipe(*this);
        }
    }
};

}  // namespace lw::indexer
