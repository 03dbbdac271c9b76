#pragma once

// `check --new-since STATE`: what earlier runs reported, so that a monitor
// run from cron reports only exposures it has not reported before. An
// exposure is a (row, kind, token, item) of the report; the state keeps a
// keyed digest of each (BLAKE2b-128 under a random key of its own, made
// with the state), never a token: without the key, a digest cannot be
// tested against a guessed identifier's token.
//
//     "LWSEEN1\n", the 32-byte key, then the digests sorted (16 bytes each)
//
// The file is 0600 and replaced atomically after each run.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "search/exposure_report.h"

namespace lw::search {

class SeenExposures {
  public:
    // Reads `path`, or starts an empty state with a new key when it does
    // not exist. Throws lw::Error(io) for a file that is not private or
    // not a state.
    explicit SeenExposures(std::string path);
    ~SeenExposures();
    SeenExposures(const SeenExposures&) = delete;
    SeenExposures& operator=(const SeenExposures&) = delete;

    // Takes out of `report` the item hits reported before and remembers the
    // others; returns how many were new.
    std::uint64_t keep_new(ExposureReport& report);
    // Writes the state with what keep_new remembered.
    void save() const;

  private:
    using Digest = std::array<unsigned char, 16>;
    Digest digest_of(std::uint64_t row, const TokenQuery& query, const TokenResult& result,
                     const std::string& item) const;

    std::string path_;
    std::array<unsigned char, 32> key_{};
    std::vector<Digest> seen_;  // sorted
};

}  // namespace lw::search
