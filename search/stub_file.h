#pragma once

// Xapian stub files, read by leakwatch itself: Xapian's own reader would
// also run `remote :PROGRAM` lines, which makes a corpus copy handed to a
// researcher a way to run programs on their machine. Exactly two line forms
// are accepted (blank lines and '#' comments aside):
//   auto PATH          a glass database folder (relative to the stub's folder)
//   remote HOST:PORT   a shard served by xapian-tcpsrv over TCP
// anything else is refused with the file and line.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::search {

struct StubShard {
    enum class Type { local, remote } type = Type::local;
    std::string path;  // local: as written (made absolute by the caller)
    std::string host;  // remote: a name, an IPv4 address, or an IPv6 one without brackets
    unsigned port = 0;
    int line = 0;
};

// One line: a shard, std::nullopt for a blank or comment line; throws
// lw::Error(usage) with `why` only ("not 'auto PATH' or 'remote HOST:PORT'").
std::optional<StubShard> parse_stub_line(std::string_view line);

// Every shard of a stub file's text; throws lw::Error(usage) "STUB:LINE: why".
std::vector<StubShard> parse_stub_file(std::string_view text, const std::string& name);

}  // namespace lw::search
