#include "service/client_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "indexer/base/error.h"
#include "indexer/base/private_file.h"
#include "indexer/base/unique_fd.h"
#include "service/sqlite_db.h"

namespace lw::service {
namespace {

constexpr std::size_t kHashKeyBytes = 32;
constexpr std::size_t kApiKeyBytes = 32;
constexpr std::string_view kApiKeyPrefix = "lwk_";
constexpr int kSchemaVersion = 1;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS clients (
    name TEXT PRIMARY KEY,
    key_hash BLOB NOT NULL UNIQUE,
    quota INTEGER NOT NULL,
    period INTEGER NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS usage (
    client TEXT PRIMARY KEY REFERENCES clients(name) ON DELETE CASCADE,
    window_start INTEGER NOT NULL,
    used INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    client TEXT NOT NULL,
    request_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    elements INTEGER NOT NULL,
    status INTEGER NOT NULL,
    outcome TEXT NOT NULL
);
PRAGMA user_version = 1;
)sql";

[[noreturn]] void io_failure(const std::string& what) {
    throw Error(ErrorCategory::io, what);
}

// The state folder: made 0700 when absent; else a real folder (not a
// symbolic link) of this user's (or root's) that no one else may enter.
void prepare_folder(const std::string& dir, bool create) {
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0) {
        if (errno != ENOENT) {
            io_failure("state folder " + dir + ": " + std::strerror(errno));
        }
        if (!create) {
            throw Error(ErrorCategory::usage,
                        "no client store in " + dir +
                            ": add a client first (leakwatch clients add NAME --quota "
                            "N/PERIOD --state " +
                            dir + ")");
        }
        if (::mkdir(dir.c_str(), 0700) != 0) {
            io_failure("state folder " + dir + ": " + std::strerror(errno));
        }
        return;
    }
    indexer::require_private_folder(dir, "state folder");
}

// An existing private file, checked on its descriptor; false when absent.
bool check_private_file(const std::string& path, std::string_view what) {
    indexer::UniqueFd fd(::open(path.c_str(), O_RDONLY | indexer::kPrivateOpenFlags));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            return false;
        }
        io_failure(indexer::private_open_error(path, what, errno));
    }
    indexer::require_private_regular_file(fd.get(), path, what, ErrorCategory::io);
    return true;
}

std::string read_hash_key(const std::string& path) {
    std::string key = indexer::read_private_file(path, "API key hash key", kHashKeyBytes);
    if (key.size() != kHashKeyBytes) {
        io_failure("API key hash key " + path + " is not 32 bytes: the store is damaged");
    }
    return key;
}

std::string new_api_key() {
    std::array<unsigned char, kApiKeyBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string encoded(
        sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    encoded.resize(std::strlen(encoded.c_str()));
    sodium_memzero(bytes.data(), bytes.size());
    return std::string(kApiKeyPrefix) + encoded;
}

[[noreturn]] void unknown_client(const std::string& name) {
    throw Error(ErrorCategory::usage, "no client named '" + name + "'");
}

}  // namespace

bool ClientStore::valid_name(std::string_view name) noexcept {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
}

ClientStore::ClientStore(const std::string& state_dir, bool create) {
    prepare_folder(state_dir, create);
    const std::string key_path = state_dir + "/api-key-hash.key";
    const std::string db_path = state_dir + "/clients.sqlite";
    if (!check_private_file(key_path, "API key hash key")) {
        if (!create) {
            throw Error(ErrorCategory::usage, "no client store in " + state_dir +
                                                  ": add a client first (leakwatch clients add)");
        }
        std::array<unsigned char, kHashKeyBytes> key{};
        randombytes_buf(key.data(), key.size());
        indexer::write_new_private_file(
            key_path, std::string_view(reinterpret_cast<const char*>(key.data()), key.size()),
            "API key hash key");
        sodium_memzero(key.data(), key.size());
    }
    hash_key_ = read_hash_key(key_path);
    if (!check_private_file(db_path, "client store")) {
        // Made 0600 before SQLite opens it; its -wal and -shm files take
        // the same mode.
        indexer::UniqueFd fd(
            ::open(db_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (fd.get() < 0) {
            io_failure("client store " + db_path + ": " + std::strerror(errno));
        }
    }
    db_ = std::make_unique<SqliteDb>(db_path, false);
    Statement version(*db_, "PRAGMA user_version");
    version.step();
    const std::int64_t found = version.integer(0);
    if (found > kSchemaVersion) {
        io_failure("client store " + db_path + " has version " + std::to_string(found) +
                   "; this leakwatch reads version " + std::to_string(kSchemaVersion));
    }
    db_->execute(kSchema);
}

ClientStore::~ClientStore() {
    sodium_memzero(hash_key_.data(), hash_key_.size());
}

std::string ClientStore::key_hash(std::string_view api_key) const {
    std::string hash(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                       reinterpret_cast<const unsigned char*>(api_key.data()), api_key.size(),
                       reinterpret_cast<const unsigned char*>(hash_key_.data()), hash_key_.size());
    return hash;
}

std::string ClientStore::add(const std::string& name, const Quota& quota, std::int64_t now) {
    if (!valid_name(name)) {
        throw Error(ErrorCategory::usage,
                    "a client name is 1 to 64 letters, digits, '.', '_' or '-'");
    }
    std::string api_key = new_api_key();
    const std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    Statement taken(*db_, "SELECT 1 FROM clients WHERE name = ?");
    if (taken.bind(1, name).step()) {
        throw Error(ErrorCategory::usage, "a client named '" + name + "' exists already");
    }
    Statement insert(*db_,
                     "INSERT INTO clients (name, key_hash, quota, period, created) "
                     "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, name)
        .bind_blob(2, key_hash(api_key))
        .bind(3, static_cast<std::int64_t>(quota.elements))
        .bind(4, static_cast<std::int64_t>(quota.period_seconds))
        .bind(5, now)
        .run();
    transaction.commit();
    return api_key;
}

std::vector<ClientInfo> ClientStore::list(std::int64_t now) {
    const std::lock_guard lock(mutex_);
    Statement rows(*db_,
                   "SELECT c.name, c.quota, c.period, c.created, u.window_start, u.used "
                   "FROM clients c LEFT JOIN usage u ON u.client = c.name ORDER BY c.name");
    std::vector<ClientInfo> clients;
    while (rows.step()) {
        ClientInfo info;
        info.name = rows.text(0);
        info.quota = Quota{static_cast<std::uint64_t>(rows.integer(1)),
                           static_cast<std::uint64_t>(rows.integer(2))};
        info.created = rows.integer(3);
        if (rows.integer(4) == window_start(info.quota, now)) {
            info.used = static_cast<std::uint64_t>(rows.integer(5));
        }
        clients.push_back(std::move(info));
    }
    return clients;
}

void ClientStore::set_quota(const std::string& name, const Quota& quota) {
    const std::lock_guard lock(mutex_);
    Statement update(*db_, "UPDATE clients SET quota = ?, period = ? WHERE name = ?");
    update.bind(1, static_cast<std::int64_t>(quota.elements))
        .bind(2, static_cast<std::int64_t>(quota.period_seconds))
        .bind(3, name)
        .run();
    if (sqlite3_changes(db_->handle()) == 0) {
        unknown_client(name);
    }
}

void ClientStore::remove(const std::string& name) {
    const std::lock_guard lock(mutex_);
    Statement erase(*db_, "DELETE FROM clients WHERE name = ?");
    erase.bind(1, name).run();
    if (sqlite3_changes(db_->handle()) == 0) {
        unknown_client(name);
    }
}

std::optional<std::string> ClientStore::authenticate(std::string_view api_key) {
    if (api_key.size() > 256) {
        return std::nullopt;
    }
    const std::string hash = key_hash(api_key);
    const std::lock_guard lock(mutex_);
    Statement find(*db_, "SELECT name FROM clients WHERE key_hash = ?");
    if (find.bind_blob(1, hash).step()) {
        return find.text(0);
    }
    return std::nullopt;
}

Reservation ClientStore::reserve(const std::string& client, std::uint64_t elements,
                                 std::int64_t now) {
    const std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    Statement quota_of(*db_,
                       "SELECT c.quota, c.period, u.window_start, u.used FROM clients c "
                       "LEFT JOIN usage u ON u.client = c.name WHERE c.name = ?");
    if (!quota_of.bind(1, client).step()) {
        unknown_client(client);
    }
    const Quota quota{static_cast<std::uint64_t>(quota_of.integer(0)),
                      static_cast<std::uint64_t>(quota_of.integer(1))};
    const std::int64_t window = window_start(quota, now);
    const std::uint64_t used =
        quota_of.integer(2) == window ? static_cast<std::uint64_t>(quota_of.integer(3)) : 0;
    Reservation reservation;
    reservation.limit = quota.elements;
    if (elements > quota.elements || used > quota.elements - elements) {
        reservation.used = used;
        reservation.retry_after = std::max<std::int64_t>(
            1, window + static_cast<std::int64_t>(quota.period_seconds) - now);
        return reservation;  // rolled back: nothing written
    }
    Statement upsert(*db_,
                     "INSERT INTO usage (client, window_start, used) VALUES (?, ?, ?) "
                     "ON CONFLICT(client) DO UPDATE SET window_start = excluded.window_start, "
                     "used = excluded.used");
    upsert.bind(1, client)
        .bind(2, window)
        .bind(3, static_cast<std::int64_t>(used + elements))
        .run();
    transaction.commit();
    reservation.granted = true;
    reservation.used = used + elements;
    return reservation;
}

void ClientStore::audit(const AuditRow& row) {
    const std::lock_guard lock(mutex_);
    Statement insert(*db_,
                     "INSERT INTO audit (at, client, request_id, endpoint, elements, status, "
                     "outcome) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, row.at)
        .bind(2, row.client)
        .bind(3, row.request_id)
        .bind(4, row.endpoint)
        .bind(5, static_cast<std::int64_t>(row.elements))
        .bind(6, static_cast<std::int64_t>(row.status))
        .bind(7, row.outcome)
        .run();
}

std::vector<AuditRow> ClientStore::audit_rows(std::size_t limit) {
    const std::lock_guard lock(mutex_);
    Statement rows(*db_,
                   "SELECT at, client, request_id, endpoint, elements, status, outcome FROM audit "
                   "ORDER BY id DESC LIMIT ?");
    rows.bind(1, static_cast<std::int64_t>(limit));
    std::vector<AuditRow> out;
    while (rows.step()) {
        out.push_back(AuditRow{rows.integer(0), rows.text(1), rows.text(2), rows.text(3),
                               static_cast<std::uint64_t>(rows.integer(4)),
                               static_cast<int>(rows.integer(5)), rows.text(6)});
    }
    return out;
}

}  // namespace lw::service
