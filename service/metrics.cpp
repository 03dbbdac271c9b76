#include "service/metrics.h"

#include <sstream>

namespace lw::service {

void Metrics::record(const std::string& endpoint, int status, std::uint64_t elements_evaluated,
                     bool over_quota, double seconds) {
    const std::lock_guard lock(mutex_);
    ++requests_[{endpoint, status}];
    elements_ += elements_evaluated;
    over_quota_ += over_quota ? 1 : 0;
    Latency& latency = latency_[endpoint];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++latency.counts[i];
            break;
        }
    }
    ++latency.count;
    latency.sum += seconds;
}

std::string Metrics::text() const {
    const std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# HELP leakwatch_requests_total Requests answered, by endpoint and HTTP status.\n"
           "# TYPE leakwatch_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        out << "leakwatch_requests_total{endpoint=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << count << "\n";
    }
    out << "# HELP leakwatch_elements_evaluated_total Blinded elements evaluated.\n"
           "# TYPE leakwatch_elements_evaluated_total counter\n"
           "leakwatch_elements_evaluated_total "
        << elements_
        << "\n# HELP leakwatch_quota_refusals_total Requests refused for a client's quota.\n"
           "# TYPE leakwatch_quota_refusals_total counter\n"
           "leakwatch_quota_refusals_total "
        << over_quota_
        << "\n# HELP leakwatch_request_seconds Time to answer a request, by endpoint.\n"
           "# TYPE leakwatch_request_seconds histogram\n";
    for (const auto& [endpoint, latency] : latency_) {
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += latency.counts[i];
            out << "leakwatch_request_seconds_bucket{endpoint=\"" << endpoint << "\",le=\""
                << kBuckets[i] << "\"} " << cumulative << "\n";
        }
        out << "leakwatch_request_seconds_bucket{endpoint=\"" << endpoint << "\",le=\"+Inf\"} "
            << latency.count << "\n"
            << "leakwatch_request_seconds_sum{endpoint=\"" << endpoint << "\"} " << latency.sum
            << "\n"
            << "leakwatch_request_seconds_count{endpoint=\"" << endpoint << "\"} " << latency.count
            << "\n";
    }
    return out.str();
}

}  // namespace lw::service
