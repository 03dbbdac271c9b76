#pragma once

#include <string>
#include <utility>
#include <vector>

#include "indexer/extract/phone.h"
#include "indexer/extract/scanner.h"
#include "indexer/records/extractor.h"

namespace lw::test {

// What a test compares: the kind and the canonical value in clear (the
// values in tests are synthetic).
using Found = std::pair<std::string, std::string>;

inline const indexer::PhoneNormalizer& phones() {
    static const indexer::PhoneNormalizer normalizer;
    return normalizer;
}

inline std::vector<Found> scan(std::string_view text) {
    static const indexer::Scanner scanner(phones(), {});
    std::vector<indexer::Match> matches;
    scanner.scan(text, matches);
    std::vector<Found> out;
    for (const auto& m : matches) {
        out.emplace_back(std::string(indexer::kind_name(m.kind)),
                         std::string(m.canonical.reveal()));
    }
    return out;
}

struct Located {
    std::string kind;
    std::string value;
    std::uint64_t line;
    std::uint64_t column;
    std::uint64_t record;
    bool operator==(const Located&) const = default;
};

class Collector : public indexer::FindingSink {
  public:
    void on_finding(const indexer::Finding& f) override {
        found.push_back({std::string(indexer::kind_name(f.kind)), std::string(f.value.reveal()),
                         f.line, f.column, f.record});
    }
    std::vector<Located> found;
};

// Runs the whole extraction over `text`, fed in chunks of `chunk` bytes.
inline std::vector<Located> extract(std::string_view text, std::size_t chunk = 1 << 20,
                                    std::vector<indexer::RecordSplitter::Override> overrides = {}) {
    static const indexer::Scanner scanner(phones(), {});
    Collector collector;
    indexer::Extractor extractor(scanner, collector, std::move(overrides));
    for (std::size_t at = 0; at < text.size(); at += chunk) {
        extractor.feed(text.substr(at, chunk));
    }
    extractor.finish();
    return collector.found;
}

// Only kind and value, for tests that do not care where.
inline std::vector<Found> values(const std::vector<Located>& located) {
    std::vector<Found> out;
    for (const auto& l : located) {
        out.emplace_back(l.kind, l.value);
    }
    return out;
}

}  // namespace lw::test
