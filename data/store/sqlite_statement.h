#pragma once
// The one way liangfen talks to SQLite: a prepared statement that finalizes itself, and a write
// transaction that rolls back unless committed. Used by the contest database
// (data/store/contest_store.cpp) and the console's outbox (judge_console/outbox.cpp).
//
// Errors are values: step() returns SQLite's result code (SQLITE_ROW, SQLITE_DONE, or an
// error), and error() says why in SQLite's words. A statement whose SQL failed to prepare
// steps to SQLITE_ERROR rather than crashing. Column readers return "" / 0 for NULL.
// Thread-safety: as the sqlite3 connection it is made on (one thread at a time). Never throws.
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace lf {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr);
  }
  SqliteStatement(sqlite3* db, const std::string& sql) : SqliteStatement(db, sql.c_str()) {}
  ~SqliteStatement() { sqlite3_finalize(st_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE; }
  SqliteStatement& bind(int i, const std::string& s) {
    sqlite3_bind_text(st_, i, s.data(), int(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  SqliteStatement& bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  SqliteStatement& bind_null(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }
  int step() { return rc_ = st_ ? sqlite3_step(st_) : SQLITE_ERROR; }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::string text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p ? std::string(p, size_t(sqlite3_column_bytes(st_, col))) : std::string();
  }
  int64_t integer(int col) const { return sqlite3_column_int64(st_, col); }
  std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  int rc_;
};

// BEGIN IMMEDIATE on construction (check began()); ROLLBACK on destruction unless commit()
// succeeded. Keeps every early return of a multi-statement write all-or-nothing.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(sqlite3* db) : db_(db) {
    began_ = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~SqliteTransaction() {
    if (began_ && !committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  bool began() const { return began_; }
  bool commit() {
    committed_ = began_ && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    return committed_;
  }

 private:
  sqlite3* db_;
  bool began_ = false;
  bool committed_ = false;
};

}  // namespace lf
