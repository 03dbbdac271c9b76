// libFuzzer target: the stub file parser (search/stub_file.h) over arbitrary
// bytes. It must only ever return shards of the two accepted forms or throw
// lw::Error(usage) with one printable line; it must never accept a line
// that names a program, and must never crash. Traps otherwise.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/base/error.h"
#include "search/stub_file.h"

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

// A message shown on a terminal: one line, no control bytes (a stub file
// of someone else's making must not drive the user's terminal).
void check_message(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        check(byte >= 0x20 && byte != 0x7f);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto shards = lw::search::parse_stub_file(text, "fuzz.stub");
        for (const lw::search::StubShard& shard : shards) {
            check(shard.line >= 1);
            if (shard.type == lw::search::StubShard::Type::remote) {
                check(!shard.host.empty() && shard.port >= 1 && shard.port <= 65535);
                // A program is not a host: xapian's "remote :PROG" form.
                check(shard.host.find_first_of(" \t/|;&`$()<>") == std::string::npos);
            } else {
                check(!shard.path.empty());
                check(shard.path.find('\n') == std::string::npos);
            }
        }
    } catch (const lw::Error& e) {
        check(e.category() == lw::ErrorCategory::usage);
        check_message(e.what());
    }
    return 0;
}
