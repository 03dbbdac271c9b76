#include "indexer/prf/audit_log.h"

#include <algorithm>
#include <array>
#include <ctime>

#include "indexer/base/error.h"
#include "indexer/base/private_file.h"
#include "indexer/base/utc_time.h"

namespace lw::indexer {

bool is_valid_requester(std::string_view requester) noexcept {
    if (requester.empty() || requester.size() > 64) {
        return false;
    }
    return std::all_of(requester.begin(), requester.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '@' || c == ':' || c == '-';
    });
}

std::string audit_line(std::int64_t unix_seconds, std::string_view request_id,
                       std::string_view requester, std::size_t elements) {
    std::string line = iso_utc(unix_seconds);
    line += " request_id=";
    line += request_id;
    line += " requester=";
    line += requester;
    line += " elements=" + std::to_string(elements) + "\n";
    return line;
}

void append_audit_line(const std::string& path, std::string_view request_id,
                       std::string_view requester, std::size_t elements) {
    if (!is_valid_requester(requester)) {
        throw Error(ErrorCategory::usage,
                    "--requester takes 1 to 64 characters among letters, digits and ._@:-");
    }
    append_private_line(path, audit_line(std::time(nullptr), request_id, requester, elements),
                        "audit file");
}

}  // namespace lw::indexer
