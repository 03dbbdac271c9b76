#pragma once

// The institution service's clients, quotas and audit trail, in SQLite (WAL)
// under the service's state folder (`serve --state DIR`):
//   DIR/clients.sqlite      clients, their quota windows, the audit rows
//   DIR/api-key-hash.key    the key of the API keys' hashes (32 random bytes)
// Both 0600 in a 0700 folder. An API key is shown once, when the client is
// added; the store keeps only its keyed BLAKE2b-256 hash, so neither the
// database nor a copy of it lets anyone act as a client. Audit rows hold
// when, who, which request, how many elements and the outcome: never an
// element, a token or a bucket.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/quota.h"

namespace lw::service {

class SqliteDb;

struct ClientInfo {
    std::string name;
    Quota quota;
    std::int64_t created = 0;
    // In the current window.
    std::uint64_t used = 0;
};

struct Reservation {
    bool granted = false;
    std::uint64_t used = 0;  // in the window, this request included when granted
    std::uint64_t limit = 0;
    // Refused: seconds until the window ends (HTTP Retry-After).
    std::int64_t retry_after = 0;
};

struct AuditRow {
    std::int64_t at = 0;
    std::string client;      // empty when no key or an unknown one was given
    std::string request_id;  // the server's id of the request
    std::string endpoint;    // "evaluate", "details", ...
    std::uint64_t elements = 0;
    int status = 0;       // the HTTP status answered
    std::string outcome;  // "ok", "over-quota", "unauthorized", ...
};

class ClientStore {
  public:
    // Opens the store in `state_dir`; with `create`, makes the folder, the
    // database and the hash key when absent. Throws lw::Error(io) for a
    // folder or file that is not private, lw::Error(usage) for a missing
    // store without `create`.
    ClientStore(const std::string& state_dir, bool create);
    ~ClientStore();
    ClientStore(const ClientStore&) = delete;
    ClientStore& operator=(const ClientStore&) = delete;

    // Adds a client and returns its API key ("lwk_" and 43 base64url
    // characters: 256 random bits), which is never stored. Throws
    // lw::Error(usage) for a bad or taken name.
    std::string add(const std::string& name, const Quota& quota, std::int64_t now);
    std::vector<ClientInfo> list(std::int64_t now);
    // Throw lw::Error(usage) for an unknown client.
    void set_quota(const std::string& name, const Quota& quota);
    void remove(const std::string& name);

    // The client whose key this is, if any.
    std::optional<std::string> authenticate(std::string_view api_key);
    // Reserves `elements` in the client's current window, atomically (across
    // threads and processes): granted only if they all fit.
    Reservation reserve(const std::string& client, std::uint64_t elements, std::int64_t now);
    void audit(const AuditRow& row);
    // The latest `limit` audit rows, newest first.
    std::vector<AuditRow> audit_rows(std::size_t limit);

    // Names: 1 to 64 of A-Z a-z 0-9 . _ - (shown in logs and audit rows).
    static bool valid_name(std::string_view name) noexcept;

  private:
    std::string key_hash(std::string_view api_key) const;

    std::mutex mutex_;
    std::unique_ptr<SqliteDb> db_;
    std::string hash_key_;  // 32 bytes
};

}  // namespace lw::service
