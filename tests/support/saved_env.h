#pragma once

// An environment variable put back as it was when the test case ends,
// whether it passes or fails.

#include <cstdlib>
#include <string>

namespace lw::test {

class SavedEnv {
  public:
    explicit SavedEnv(const char* name) : name_(name) {
        const char* value = std::getenv(name);
        had_ = value != nullptr;
        saved_ = had_ ? value : "";
    }
    ~SavedEnv() {
        if (had_) {
            ::setenv(name_.c_str(), saved_.c_str(), 1);
        } else {
            ::unsetenv(name_.c_str());
        }
    }
    SavedEnv(const SavedEnv&) = delete;
    SavedEnv& operator=(const SavedEnv&) = delete;

  private:
    std::string name_;
    bool had_ = false;
    std::string saved_;
};

}  // namespace lw::test
