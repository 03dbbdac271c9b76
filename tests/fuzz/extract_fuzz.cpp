// libFuzzer target: the whole extraction path (line splitter, record
// splitter with its CSV, SQL and JSON readers, scanner, typed cells) over
// arbitrary bytes fed in two chunks. Run by scripts/test.sh for 60 s.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/extract/phone.h"
#include "indexer/extract/scanner.h"
#include "indexer/records/extractor.h"

namespace {

class Discard : public lw::indexer::FindingSink {
  public:
    void on_finding(const lw::indexer::Finding& f) override { total_ += f.value.reveal().size(); }

  private:
    std::size_t total_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const lw::indexer::PhoneNormalizer phones;
    static const lw::indexer::Scanner scanner(phones, {});
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // The first byte chooses where the input is cut, so chunk boundaries
    // are fuzzed too.
    const std::size_t cut = size == 0 ? 0 : static_cast<std::uint8_t>(input[0]) % (size + 1);
    Discard sink;
    lw::indexer::Extractor extractor(scanner, sink);
    extractor.feed(input.substr(0, cut));
    extractor.feed(input.substr(cut));
    extractor.finish();
    return 0;
}
