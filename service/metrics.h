#pragma once

// GET /metrics: what the service did since it started, in Prometheus's text
// format (version 0.0.4): requests by endpoint and status, elements
// evaluated, quota refusals, and latency histograms by endpoint. No client
// names: an endpoint scraped by monitoring needs none.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace lw::service {

class Metrics {
  public:
    void record(const std::string& endpoint, int status, std::uint64_t elements_evaluated,
                bool over_quota, double seconds);
    std::string text() const;

    static constexpr std::array<double, 9> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1,
                                                       0.25,  0.5,  1,     5};

  private:
    struct Latency {
        std::array<std::uint64_t, kBuckets.size()> counts{};  // cumulative at text()
        std::uint64_t count = 0;
        double sum = 0;
    };

    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Latency> latency_;
    std::uint64_t elements_ = 0;
    std::uint64_t over_quota_ = 0;
};

}  // namespace lw::service
