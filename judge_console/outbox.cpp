#include "judge_console/outbox.h"

#include "data/format/bytes.h"
#include "data/store/sqlite_statement.h"
#include "scoring/engine/mutex.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace lf {

namespace {

// A storage failure (read-only file, full disk, I/O error) is `unavailable`: nothing was
// written, and the caller tells it from a refusal of the content.
Status sql_error(sqlite3* db, const std::string& what) {
  return Error{"outbox", what + "失败（" + sqlite3_errmsg(db) + "）", ErrorKind::unavailable};
}

std::string random_tag() { return random_hex(6); }

// The performance a mark is for ("round|contestant|section"); "" for anything else.
std::string perf_of(const std::string& path, const Json& body) {
  if (path != kMarksPath || !body.is_object()) return "";
  return json_string(body, "round") + "|" + json_string(body, "contestant") + "|" + json_string(body, "section");
}

int64_t revision_of(const Json& body) {
  auto it = body.find("revision");
  return it != body.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

bool has_column(sqlite3* db, const char* table, const char* column) {
  std::string sql = std::string("PRAGMA table_info(") + table + ")";
  SqliteStatement st(db, sql.c_str());
  while (st.step() == SQLITE_ROW)
    if (st.text(1) == column) return true;
  return false;
}

constexpr const char* kColumns =
    "SELECT id, key, path, body, created_ms, attempts, refused, owner, after_key, saved_seq FROM items ";

OutboxItem read_item(const SqliteStatement& st) {
  OutboxItem i;
  i.id = st.integer(0);
  i.key = st.text(1);
  i.path = st.text(2);
  i.body = Json::parse(st.text(3), nullptr, false);
  i.created_ms = st.integer(4);
  i.attempts = int(st.integer(5));
  i.refused = st.text(6);
  i.owner = st.text(7);
  i.after_key = st.text(8);
  i.saved_seq = st.integer(9);
  return i;
}

std::string safe_name(const std::string& person) {
  std::string safe = person;
  for (char& ch : safe)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return safe;
}

}  // namespace

std::string console_data_dir() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  std::string dir = xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share";
  return dir + "/liangfen";
}

std::string outbox_path(const std::string& dir, const std::string& person) {
  return dir + "/outbox-" + safe_name(person) + ".db";
}

Result<std::unique_ptr<Outbox>> Outbox::open(const std::string& path, const std::string& person) {
  if (person.empty()) return Error{path, "本机待发送记录需要登录人"};
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "内存不足";
    sqlite3_close_v2(db);
    return Error{path, "无法打开本机待发送记录：" + m};
  }
  sqlite3_busy_timeout(db, 2000);
  auto fail = [&](const char* what) -> Status {
    Status s = sql_error(db, what);
    sqlite3_close_v2(db);
    return s;
  };
  // A mark the judge saw "waiting to sync" must survive a power cut: full sync on every write.
  const char* schema =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
      "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE,"
      " path TEXT NOT NULL, body TEXT NOT NULL, created_ms INTEGER NOT NULL,"
      " attempts INTEGER NOT NULL DEFAULT 0, refused TEXT NOT NULL DEFAULT '');";
  if (sqlite3_exec(db, schema, nullptr, nullptr, nullptr) != SQLITE_OK) return fail("建立本机待发送记录");
  // Files from before ownership and revisions: add the columns; their items are the file's
  // person's (the file has always been one per person).
  if (!has_column(db, "items", "owner")) {
    std::string upgrade =
        "BEGIN IMMEDIATE;"
        "ALTER TABLE items ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
        "ALTER TABLE items ADD COLUMN after_key TEXT NOT NULL DEFAULT '';"
        "ALTER TABLE items ADD COLUMN saved_seq INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE items ADD COLUMN perf TEXT NOT NULL DEFAULT '';"
        "COMMIT;";
    if (sqlite3_exec(db, upgrade.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return fail("升级本机待发送记录");
    }
    SqliteStatement(db, "UPDATE items SET owner = ? WHERE owner = ''").bind(1, person).step();
    std::vector<std::pair<int64_t, std::string>> perfs;
    {
      SqliteStatement st(db, "SELECT id, path, body FROM items");
      while (st.step() == SQLITE_ROW)
        perfs.push_back({st.integer(0),
                         perf_of(st.text(1), Json::parse(st.text(2), nullptr, false))});
    }
    for (const auto& [id, perf] : perfs) SqliteStatement(db, "UPDATE items SET perf = ? WHERE id = ?").bind(1, perf).bind(2, id).step();
  }
  std::string tag;
  {
    SqliteStatement st(db, "SELECT v FROM meta WHERE k='tag'");
    if (st.step() == SQLITE_ROW) tag = st.text(0);
  }
  if (tag.empty()) {
    tag = random_tag();
    SqliteStatement(db, "INSERT INTO meta(k, v) VALUES('tag', ?)").bind(1, tag).step();
  }
  SqliteStatement(db, "INSERT OR IGNORE INTO meta(k, v) VALUES('person', ?)").bind(1, person).step();
  return std::unique_ptr<Outbox>(new Outbox(db, person, person + "-" + tag));
}

Outbox::~Outbox() { sqlite3_close_v2(db_); }

Result<OutboxItem> Outbox::add(const std::string& path, Json body, int64_t now_ms) {
  if (!body.is_object()) return Error{"outbox", "待发送的内容格式不对"};
  const bool mark = path == kMarksPath;
  if (mark) {
    if (!body.contains("judge")) body["judge"] = person_;
    if (!body["judge"].is_string() || body["judge"].get<std::string>() != person_)
      return Error{"outbox", "this mark names judge " + body["judge"].dump() + ", but the outbox is " + person_ + "'s"};
    if (!body.contains("revision")) body["revision"] = 0;
  }
  const std::string perf = perf_of(path, body);
  MutexLock lock(mu_);
  SqliteTransaction tx(db_);  // rolls back on every early return
  if (!tx.began()) return sql_error(db_, "保存到本机");
  auto fail = [&](const char* what) { return sql_error(db_, what); };
  OutboxItem item;
  if (mark) {
    // My latest item for this performance that the server did not refuse: an unsent one is
    // what I saw (chain to it); a saved one newer than the revision I was shown is too.
    SqliteStatement st(db_, "SELECT key, saved_seq FROM items WHERE owner = ? AND perf = ? AND refused = '' "
                 "ORDER BY id DESC LIMIT 1");
    st.bind(1, person_).bind(2, perf);
    if (st.step() == SQLITE_ROW) {
      int64_t saved = st.integer(1);
      if (saved == 0) item.after_key = st.text(0);
      else if (saved > revision_of(body)) body["revision"] = saved;
    }
  }
  {
    SqliteStatement st(db_, "INSERT INTO items(path, body, created_ms, owner, after_key, perf) VALUES(?, '', ?, ?, ?, ?)");
    st.bind(1, path).bind(2, now_ms).bind(3, person_).bind(4, item.after_key).bind(5, perf);
    if (st.step() != SQLITE_DONE) return fail("保存到本机");
  }
  item.id = sqlite3_last_insert_rowid(db_);
  item.key = prefix_ + "-" + std::to_string(item.id);  // ids are never reused (AUTOINCREMENT)
  body["idempotency_key"] = item.key;
  item.path = path;
  item.body = body;
  item.created_ms = now_ms;
  item.owner = person_;
  {
    SqliteStatement st(db_, "UPDATE items SET key = ?, body = ? WHERE id = ?");
    st.bind(1, item.key).bind(2, body.dump()).bind(3, item.id);
    if (st.step() != SQLITE_DONE) return fail("保存到本机");
  }
  if (!tx.commit()) return fail("保存到本机");
  return item;
}

std::vector<OutboxItem> Outbox::query(const char* where) const {
  MutexLock lock(mu_);
  std::vector<OutboxItem> out;
  std::string sql = std::string(kColumns) + where + " ORDER BY id";
  SqliteStatement st(db_, sql.c_str());
  while (st.step() == SQLITE_ROW) out.push_back(read_item(st));
  return out;
}

std::vector<OutboxItem> Outbox::pending() const { return query("WHERE refused = '' AND saved_seq = 0"); }
std::vector<OutboxItem> Outbox::all() const { return query("WHERE saved_seq = 0"); }

size_t Outbox::pending_count() const {
  MutexLock lock(mu_);
  SqliteStatement st(db_, "SELECT COUNT(*) FROM items WHERE refused = '' AND saved_seq = 0");
  return st.step() == SQLITE_ROW ? size_t(st.integer(0)) : 0;
}

size_t Outbox::refused_count() const {
  MutexLock lock(mu_);
  SqliteStatement st(db_, "SELECT COUNT(*) FROM items WHERE refused <> '' AND saved_seq = 0");
  return st.step() == SQLITE_ROW ? size_t(st.integer(0)) : 0;
}

namespace {

// Items chained to `key` get `revision` in their body and refer to `after` instead.
bool rechain(sqlite3* db, const std::string& key, int64_t revision, const std::string& after) {
  std::vector<std::pair<int64_t, std::string>> bodies;
  {
    SqliteStatement st(db, "SELECT id, body FROM items WHERE after_key = ?");
    st.bind(1, key);
    while (st.step() == SQLITE_ROW) bodies.push_back({st.integer(0), st.text(1)});
  }
  for (auto& [id, text] : bodies) {
    Json b = Json::parse(text, nullptr, false);
    if (b.is_object()) b["revision"] = revision;
    SqliteStatement st(db, "UPDATE items SET body = ?, after_key = ? WHERE id = ?");
    st.bind(1, b.dump()).bind(2, after).bind(3, id);
    if (st.step() != SQLITE_DONE) return false;
  }
  return true;
}

}  // namespace

Status Outbox::mark_saved(const std::string& key, int64_t seq) {
  MutexLock lock(mu_);
  SqliteTransaction tx(db_);  // rolls back on every early return
  auto fail = [&] { return sql_error(db_, "更新本机待发送记录"); };
  if (!tx.began()) return fail();
  std::string perf, owner;
  int64_t id = 0;
  {
    SqliteStatement st(db_, "SELECT id, perf, owner FROM items WHERE key = ?");
    st.bind(1, key);
    if (st.step() == SQLITE_ROW) id = st.integer(0), perf = st.text(1), owner = st.text(2);
  }
  if (id != 0) {
    if (!rechain(db_, key, seq, "")) return fail();
    if (!perf.empty() && seq > 0) {
      // The receipt of this performance; older receipts and refusals for it are superseded.
      if (SqliteStatement(db_, "UPDATE items SET saved_seq = ? WHERE id = ?").bind(1, seq).bind(2, id).step() != SQLITE_DONE)
        return fail();
      SqliteStatement del(db_, "DELETE FROM items WHERE owner = ? AND perf = ? AND id < ? AND (saved_seq > 0 OR refused <> '')");
      del.bind(1, owner).bind(2, perf).bind(3, id);
      if (del.step() != SQLITE_DONE) return fail();
    } else if (SqliteStatement(db_, "DELETE FROM items WHERE id = ?").bind(1, id).step() != SQLITE_DONE) {
      return fail();
    }
  }
  if (!tx.commit()) return fail();
  return Status();
}

Status Outbox::remove(const std::string& key) {
  MutexLock lock(mu_);
  return SqliteStatement(db_, "DELETE FROM items WHERE key = ?").bind(1, key).step() == SQLITE_DONE
             ? Status()
             : sql_error(db_, "从本机待发送记录删除");
}

Status Outbox::refuse(const std::string& key, const std::string& reason) {
  MutexLock lock(mu_);
  SqliteTransaction tx(db_);  // rolls back on every early return
  auto fail = [&] { return sql_error(db_, "更新本机待发送记录"); };
  if (!tx.began()) return fail();
  std::string body, after;
  bool found = false;
  {
    SqliteStatement st(db_, "SELECT body, after_key FROM items WHERE key = ?");
    st.bind(1, key);
    if (st.step() == SQLITE_ROW) found = true, body = st.text(0), after = st.text(1);
  }
  if (found) {
    // What was typed after it was typed against the same stored mark.
    if (!rechain(db_, key, revision_of(Json::parse(body, nullptr, false)), after)) return fail();
    SqliteStatement st(db_, "UPDATE items SET refused = ? WHERE key = ?");
    st.bind(1, reason.empty() ? "refused" : reason).bind(2, key);
    if (st.step() != SQLITE_DONE) return fail();
  }
  if (!tx.commit()) return fail();
  return Status();
}

Status Outbox::count_attempt(const std::string& key) {
  MutexLock lock(mu_);
  return SqliteStatement(db_, "UPDATE items SET attempts = attempts + 1 WHERE key = ?").bind(1, key).step() == SQLITE_DONE
             ? Status()
             : sql_error(db_, "更新本机待发送记录");
}

std::vector<OthersUnsent> scan_other_outboxes(const std::string& dir, const std::string& except_person) {
  std::map<std::string, size_t> counts;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("outbox-", 0) != 0 || name.size() < 11 || name.substr(name.size() - 3) != ".db") continue;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(entry.path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db);
      continue;
    }
    sqlite3_busy_timeout(db, 500);
    bool read = false;
    {
      SqliteStatement st(db, "SELECT owner, COUNT(*) FROM items WHERE refused = '' AND saved_seq = 0 GROUP BY owner");
      if (st.ok()) {
        read = true;
        while (st.step() == SQLITE_ROW) counts[st.text(0)] += size_t(st.integer(1));
      }
    }
    if (!read) {  // a file from before ownership: its person is in meta or its name
      std::string person = name.substr(7, name.size() - 10);
      {
        SqliteStatement st(db, "SELECT v FROM meta WHERE k = 'person'");
        if (st.step() == SQLITE_ROW) person = st.text(0);
      }
      SqliteStatement st(db, "SELECT COUNT(*) FROM items WHERE refused = ''");
      if (st.step() == SQLITE_ROW) counts[person] += size_t(st.integer(0));
    }
    sqlite3_close_v2(db);
  }
  std::vector<OthersUnsent> out;
  for (const auto& [person, n] : counts)
    if (n > 0 && person != except_person) out.push_back({person, n});
  return out;
}

}  // namespace lf
