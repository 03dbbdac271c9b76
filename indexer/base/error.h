#pragma once

#include <stdexcept>
#include <string>

namespace lw {

// Failures that end a command. The category is what a caller reacts to; the
// message says where, never what (no identifier, no page content).
enum class ErrorCategory {
    usage,   // bad option, bad value, malformed input file (exit 2)
    io,      // unreadable file, disk full (exit 2)
    crypto,  // bad key, failed proof, invalid group element (exit 2)
    corpus,  // corrupt or incompatible corpus (exit 2)
    locked,  // another writer holds the corpus (exit 3)
};

class Error : public std::runtime_error {
  public:
    Error(ErrorCategory category, const std::string& message)
        : std::runtime_error(message), category_(category) {}
    ErrorCategory category() const noexcept { return category_; }

  private:
    ErrorCategory category_;
};

}  // namespace lw
