#include "search/stub_file.h"

#include <charconv>

#include "indexer/base/ascii.h"
#include "indexer/base/error.h"
#include "indexer/base/printable.h"

namespace lw::search {
namespace {

// `why` may quote the line: escaped, as the file is of someone else's making.
[[noreturn]] void refuse(const std::string& why) {
    throw Error(ErrorCategory::usage, indexer::printable(why));
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

bool host_ok(std::string_view host) {
    if (host.empty() || host.size() > 253) {
        return false;
    }
    for (char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
        if (!ok) {
            return false;
        }
    }
    return host.front() != '-';
}

StubShard remote_shard(std::string_view target) {
    const auto colon = target.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        refuse("remote shard '" + std::string(target) + "': not HOST:PORT");
    }
    std::string_view host = target.substr(0, colon);
    const std::string_view port_text = target.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);  // [::1]:33333
    } else if (host.find(':') != std::string_view::npos) {
        refuse("remote shard '" + std::string(target) + "': write an IPv6 address in brackets");
    }
    unsigned port = 0;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
        refuse("remote shard '" + std::string(target) + "': the port must be 1 to 65535");
    }
    if (!host_ok(host)) {
        refuse("remote shard '" + std::string(target) + "': not a host name or address");
    }
    StubShard shard;
    shard.type = StubShard::Type::remote;
    shard.host = std::string(host);
    shard.port = port;
    return shard;
}

}  // namespace

std::optional<StubShard> parse_stub_line(std::string_view line) {
    line = indexer::trim_blanks(line);
    if (line.empty() || line.front() == '#') {
        return std::nullopt;
    }
    std::size_t space = 0;
    while (space < line.size() && !is_blank(line[space])) {
        ++space;
    }
    const std::string_view type = line.substr(0, space);
    const std::string_view rest = indexer::trim_blanks(line.substr(space));
    if (rest.empty()) {
        refuse("'" + std::string(type) + "' without a target");
    }
    if (type == "auto") {
        StubShard shard;
        shard.path = std::string(rest);
        return shard;
    }
    if (type == "remote") {
        if (rest.find_first_of(" \t") != std::string_view::npos) {
            refuse("remote shard '" + std::string(rest) + "': not HOST:PORT");
        }
        return remote_shard(rest);
    }
    std::string why(1, '\'');
    why.append(type.substr(0, 32))
        .append("' lines are not read; a stub holds 'auto PATH' or 'remote HOST:PORT' lines only");
    refuse(why);
}

std::vector<StubShard> parse_stub_file(std::string_view text, const std::string& name) {
    std::vector<StubShard> shards;
    int number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++number;
        try {
            if (auto shard = parse_stub_line(line)) {
                shard->line = number;
                shards.push_back(std::move(*shard));
            }
        } catch (const Error& e) {
            throw Error(ErrorCategory::usage,
                        indexer::printable(name) + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    return shards;
}

}  // namespace lw::search
