#include "outbox.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace lf {

namespace {

Status sql_error(sqlite3* db, const std::string& what) {
  return Error{"outbox", what + ": " + sqlite3_errmsg(db)};
}

std::string random_tag() {
  unsigned char b[6] = {};
  std::ifstream r("/dev/urandom", std::ios::binary);
  r.read(reinterpret_cast<char*>(b), sizeof b);
  char out[13];
  for (int i = 0; i < 6; ++i) std::snprintf(out + 2 * i, 3, "%02x", b[i]);
  return out;
}

}  // namespace

std::string console_data_dir() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  std::string dir = xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share";
  return dir + "/liangfen";
}

Result<std::unique_ptr<Outbox>> Outbox::open(const std::string& path, const std::string& person) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error{path, "cannot open the outbox: " + m};
  }
  sqlite3_busy_timeout(db, 2000);
  // A mark the judge saw "waiting to sync" must survive a power cut: full sync on every write.
  const char* schema =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
      "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE,"
      " path TEXT NOT NULL, body TEXT NOT NULL, created_ms INTEGER NOT NULL,"
      " attempts INTEGER NOT NULL DEFAULT 0, refused TEXT NOT NULL DEFAULT '');";
  if (sqlite3_exec(db, schema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status s = sql_error(db, "creating the outbox");
    sqlite3_close_v2(db);
    return s;
  }
  std::string tag;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k='tag'", -1, &st, nullptr);
  if (sqlite3_step(st) == SQLITE_ROW) tag = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (tag.empty()) {
    tag = random_tag();
    sqlite3_prepare_v2(db, "INSERT INTO meta(k, v) VALUES('tag', ?)", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, tag.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
  return std::unique_ptr<Outbox>(new Outbox(db, person + "-" + tag));
}

Outbox::~Outbox() { sqlite3_close_v2(db_); }

Result<OutboxItem> Outbox::add(const std::string& path, Json body, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return sql_error(db_, "saving to the outbox");
  auto fail = [&](const char* what) {
    Status s = sql_error(db_, what);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  };
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "INSERT INTO items(path, body, created_ms) VALUES(?, '', ?)", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, path.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, now_ms);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return fail("saving to the outbox");
  OutboxItem item;
  item.id = sqlite3_last_insert_rowid(db_);
  item.key = prefix_ + "-" + std::to_string(item.id);  // ids are never reused (AUTOINCREMENT)
  body["idempotency_key"] = item.key;
  item.path = path;
  item.body = body;
  item.created_ms = now_ms;
  std::string text = body.dump();
  sqlite3_prepare_v2(db_, "UPDATE items SET key = ?, body = ? WHERE id = ?", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, item.key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, text.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 3, item.id);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return fail("saving to the outbox");
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("saving to the outbox");
  return item;
}

std::vector<OutboxItem> Outbox::query(bool refused_too) const {
  std::lock_guard lock(mu_);
  std::vector<OutboxItem> out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_,
                     refused_too ? "SELECT id, key, path, body, created_ms, attempts, refused FROM items ORDER BY id"
                                 : "SELECT id, key, path, body, created_ms, attempts, refused FROM items "
                                   "WHERE refused = '' ORDER BY id",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    OutboxItem i;
    i.id = sqlite3_column_int64(st, 0);
    i.key = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    i.path = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
    i.body = Json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 3)), nullptr, false);
    i.created_ms = sqlite3_column_int64(st, 4);
    i.attempts = sqlite3_column_int(st, 5);
    i.refused = reinterpret_cast<const char*>(sqlite3_column_text(st, 6));
    out.push_back(std::move(i));
  }
  sqlite3_finalize(st);
  return out;
}

std::vector<OutboxItem> Outbox::pending() const { return query(false); }
std::vector<OutboxItem> Outbox::all() const { return query(true); }

size_t Outbox::pending_count() const { return pending().size(); }

Status Outbox::remove(const std::string& key) {
  std::lock_guard lock(mu_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "DELETE FROM items WHERE key = ?", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? Status() : sql_error(db_, "removing from the outbox");
}

Status Outbox::refuse(const std::string& key, const std::string& reason) {
  std::lock_guard lock(mu_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "UPDATE items SET refused = ? WHERE key = ?", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, reason.empty() ? "refused" : reason.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, key.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? Status() : sql_error(db_, "updating the outbox");
}

Status Outbox::count_attempt(const std::string& key) {
  std::lock_guard lock(mu_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "UPDATE items SET attempts = attempts + 1 WHERE key = ?", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? Status() : sql_error(db_, "updating the outbox");
}

}  // namespace lf
