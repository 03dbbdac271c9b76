#include "indexer/input/line_splitter.h"

#include <sodium.h>

#include <cstring>

namespace lw::indexer {
namespace {

// How far back from the cap a long line's piece looks for a place to cut.
constexpr std::size_t kCutWindow = 4096;

bool is_cut_point(char c) {
    return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '|' || c == ')' || c == '>';
}

}  // namespace

void LineSplitter::emit(std::string_view line, const LineFn& on_line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (!continued_) {
        ++line_number_;
    }
    continued_ = false;
    on_line(line, line_number_);
}

void LineSplitter::emit_piece(const LineFn& on_line) {
    std::size_t cut = partial_.size();
    for (std::size_t i = partial_.size(); i > 0 && partial_.size() - i < kCutWindow; --i) {
        if (is_cut_point(partial_[i - 1])) {
            cut = i;
            break;
        }
    }
    if (!continued_) {
        ++line_number_;
    }
    on_line(std::string_view(partial_).substr(0, cut), line_number_);
    continued_ = true;
    // erase(0, cut) would leave the last `cut` bytes behind past the new
    // size, out of reach: moved down by hand and zeroed while still inside.
    const std::size_t left = partial_.size() - cut;
    std::memmove(partial_.data(), partial_.data() + cut, left);
    sodium_memzero(partial_.data() + left, cut);
    partial_.resize(left);
}

// Only [0, size()) can hold text (emit_piece zeroes what it moves out of):
// a line's cost, not the buffer's.
void LineSplitter::clear_partial() noexcept {
    sodium_memzero(partial_.data(), partial_.size());
    partial_.clear();
}

void LineSplitter::feed(std::string_view chunk, const LineFn& on_line) {
    while (!chunk.empty()) {
        const void* found = std::memchr(chunk.data(), '\n', chunk.size());
        if (found == nullptr) {
            const std::size_t room = max_line_ - partial_.size();
            const std::size_t take = chunk.size() < room ? chunk.size() : room;
            partial_.append(chunk.substr(0, take));
            chunk.remove_prefix(take);
            if (partial_.size() >= max_line_) {
                emit_piece(on_line);
            }
            continue;
        }
        const auto end = static_cast<std::size_t>(static_cast<const char*>(found) - chunk.data());
        if (partial_.empty()) {
            emit(chunk.substr(0, end), on_line);  // the common case: no copy
        } else if (partial_.size() + end <= max_line_) {
            partial_.append(chunk.substr(0, end));
            emit(partial_, on_line);
            clear_partial();
        } else {
            const std::size_t take = max_line_ - partial_.size();
            partial_.append(chunk.substr(0, take));
            chunk.remove_prefix(take);
            emit_piece(on_line);
            continue;
        }
        chunk.remove_prefix(end + 1);
    }
}

void LineSplitter::finish(const LineFn& on_line) {
    if (!partial_.empty() || continued_) {
        emit(partial_, on_line);
        clear_partial();
    }
}

}  // namespace lw::indexer
