#pragma once

// The operator's record of the blind requests it answered.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lw::indexer {

// The audit line `leakwatch evaluate --audit` appends for each request:
//
//     2026-11-29T14:03:12Z request_id=<32 hex> requester=<label> elements=<n>
//
// UTC time to the second, the request's id, the operator's label for who
// asked, the element count; nothing derived from the elements.
[[nodiscard]] std::string audit_line(std::int64_t unix_seconds, std::string_view request_id,
                                     std::string_view requester, std::size_t elements);
// Labels are 1..64 characters of [A-Za-z0-9._@:-]: one word in the line.
[[nodiscard]] bool is_valid_requester(std::string_view requester) noexcept;
// Appends audit_line(now, ...) to `path` (created 0600). Throws lw::Error(io).
void append_audit_line(const std::string& path, std::string_view request_id,
                       std::string_view requester, std::size_t elements);

}  // namespace lw::indexer
