#pragma once

// A thin RAII layer over SQLite's C API for the service's state: one
// connection, prepared statements, transactions. Errors are lw::Error(io)
// naming what failed; SQLite's own message is kept (it quotes SQL, never a
// bound value).

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::service {

class SqliteDb;

class Statement {
  public:
    Statement(SqliteDb& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds by position, from 1.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::string_view bytes);
    // One step: true while a row is there to read.
    bool step();
    // Runs to the end (a statement with no rows).
    void run();

    std::int64_t integer(int column) const;
    std::string text(int column) const;

  private:
    SqliteDb& db_;
    sqlite3_stmt* statement_ = nullptr;
};

class SqliteDb {
  public:
    // Opens (creating when `create`) the database at `path`, in WAL mode,
    // with foreign keys on and a busy timeout for other processes' writes.
    SqliteDb(const std::string& path, bool create);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    void execute(std::string_view sql);
    // Throws lw::Error(io) "WHAT: sqlite's message".
    [[noreturn]] void fail(std::string_view what) const;
    sqlite3* handle() noexcept { return db_; }

  private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// BEGIN IMMEDIATE .. COMMIT, rolled back unless commit() was called: the
// write lock is taken at the start, so a read-then-write is atomic across
// threads and processes.
class Transaction {
  public:
    explicit Transaction(SqliteDb& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    SqliteDb& db_;
    bool done_ = false;
};

}  // namespace lw::service
