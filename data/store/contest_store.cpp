#include "data/store/contest_store.h"

#include "data/format/bytes.h"
#include "data/store/sqlite_statement.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace lf {

namespace {

// A prepared statement that finalizes itself.
Error db_error(sqlite3* db, const std::string& what) {
  return Error{"数据库", what + "时出错：" + sqlite3_errmsg(db)};
}

// Schema migrations: index i takes the database from version i to i + 1.
const char* const kMigrations[] = {
    R"sql(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE contest(id INTEGER PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL);
      -- Append-only: rows are never updated or deleted.
      CREATE TABLE events(
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        idempotency_key TEXT UNIQUE);
      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      -- Current state: for each piece of state, the event that last set it.
      CREATE TABLE state(key TEXT PRIMARY KEY, seq INTEGER NOT NULL, event TEXT NOT NULL);
      CREATE TABLE people(
        person TEXT PRIMARY KEY, role TEXT NOT NULL, venue TEXT NOT NULL,
        name TEXT NOT NULL, code_hash TEXT NOT NULL UNIQUE);
      -- Logged-in devices survive a server restart; only token hashes are kept.
      CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, person TEXT NOT NULL,
        created_ms INTEGER NOT NULL);
    )sql",
    // 1 -> 2: the slips' one-time login tickets (hashed).
    R"sql(
      CREATE TABLE login_tickets(ticket_hash TEXT PRIMARY KEY, person TEXT NOT NULL);
    )sql",
};

std::string event_json(const Event& e) {
  Json j = {{"seq", e.seq}, {"at_ms", e.at_ms}, {"actor", e.actor}, {"kind", e.kind()},
            {"payload", e.payload}};
  if (!e.idempotency_key.empty()) j["idempotency_key"] = e.idempotency_key;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// An event from a state row (event_json); nullopt for a row that is not one.
std::optional<Event> event_from_json(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto e = read_event(j.value("seq", int64_t{0}), j.value("at_ms", int64_t{0}), j.value("actor", ""),
                      j.value("kind", ""), j.value("payload", Json::object()), j.value("idempotency_key", ""));
  if (!e.ok()) return std::nullopt;
  return std::move(e.value());
}

// An event from a row of `SELECT seq, at_ms, actor, kind, payload, idempotency_key FROM events`.
Result<Event> event_from_row(SqliteStatement& q) {
  return read_event(q.integer(0), q.integer(1), q.text(2), q.text(3), Json::parse(q.text(4), nullptr, false),
                    q.text(5));
}

// The state rows an event sets ("key" -> the event) and clears: one member per kind, so that a
// kind added to EventBody and left out here does not compile (a state row forgotten loses that
// state on restart).
struct StateRows {
  const Event& e;
  std::vector<std::string>& set;
  std::vector<std::string>& clear;

  static std::string perf(const std::string& round, const std::string& contestant, const std::string& section) {
    return round + "|" + contestant + "|" + section;
  }
  void operator()(const ev::Mark& m) {
    const std::string mark = perf(m.round, m.contestant, m.section) + "|" + m.judge;
    set.push_back("mark|" + mark);
    clear.push_back("return|" + mark);
  }
  void operator()(const ev::Timing& t) { set.push_back("timing|" + perf(t.round, t.contestant, t.section)); }
  void operator()(const ev::Publish& p) { set.push_back("published|" + perf(p.round, p.contestant, p.section)); }
  void operator()(const ev::Reopen& r) { clear.push_back("published|" + perf(r.round, r.contestant, r.section)); }
  void operator()(const ev::Return& r) {
    set.push_back("return|" + perf(r.round, r.contestant, r.section) + "|" + r.judge);
  }
  void operator()(const ev::Decision& d) {
    set.push_back("decision|" + std::to_string(e.seq) + "|" + d.import_index.value_or(""));
  }
  void operator()(const ev::Stage& st) {
    set.push_back("stage|" + st.venue);
    if (!st.contestant.empty())  // remembered after the next call (late marks)
      set.push_back("called|" + st.venue + "|" + st.round + "|" + st.contestant);
    clear.push_back("clock|" + st.venue);
  }
  void operator()(const ev::Clock& k) { set.push_back("clock|" + k.venue); }
  void operator()(const ev::CallHeadJudge& h) { set.push_back("call|" + h.venue); }
  void operator()(const ev::TopicDraw& t) { set.push_back("topic|" + perf(t.round, t.contestant, t.section)); }
  // A redraw replaces the round's draw (its payload keeps the old one).
  void operator()(const ev::Draw& d) { set.push_back("draw|" + d.round + "|" + d.group); }
  void operator()(const ev::Advance& a) { set.push_back("advance|" + a.from); }
  // Roster fixes and topics added: every one stays, applied in order to the imported document
  // when the contest is loaded (load_contest).
  void operator()(const ev::RosterCorrect&) { document(); }
  void operator()(const ev::RosterAdd&) { document(); }
  void operator()(const ev::TopicAdd&) { document(); }
  // 缺赛 / 弃权: the latest one stands; a clearing removes it.
  void operator()(const ev::Absence& a) {
    std::string key = "absence|" + a.round + "|" + a.contestant;
    (a.status == "cleared" ? clear : set).push_back(key);
  }
  // The import's counts, a display's scene: no state.
  void operator()(const ev::Import&) {}
  void operator()(const ev::DisplayScene&) {}
  void operator()(const ev::UnknownEvent&) {}  // apply_event refuses it before this is asked

  void document() { set.push_back("document|" + std::to_string(e.seq)); }
};

void state_rows(const Event& e, std::vector<std::string>& set, std::vector<std::string>& clear) {
  std::visit(StateRows{e, set, clear}, e.body);
}

// Events equivalent to an imported document's marks, timings, decisions and published list.
// An Error names the record that does not read as its event.
Result<std::vector<Event>> import_events(const Json& doc, int64_t seq, int64_t at_ms) {
  std::vector<Event> out;
  auto add = [&](std::string_view kind, Json payload) -> Status {
    auto e = read_event(seq, at_ms, "import", kind, std::move(payload));
    if (!e.ok()) return e.status();
    out.push_back(std::move(e.value()));
    return {};
  };
  auto each = [&](const char* key, std::string_view kind) -> Status {
    if (!doc.contains(key) || !doc[key].is_array()) return {};
    size_t i = 0;
    for (Json record : doc[key]) {
      if (kind == ev::Decision::kKind) record["import_index"] = std::to_string(i++);
      LF_TRY(add(kind, std::move(record)));
    }
    return {};
  };
  LF_TRY(each("marks", ev::Mark::kKind));
  LF_TRY(each("timings", ev::Timing::kKind));
  LF_TRY(each("decisions", ev::Decision::kKind));
  LF_TRY(each("published", ev::Publish::kKind));
  // Draws and advancements made before the day (liangfen draw / advance) or carried by an
  // exported file: the live state's running orders start from them.
  LF_TRY(each("draws", ev::Draw::kKind));
  LF_TRY(each("advancements", ev::Advance::kKind));
  LF_TRY(each("absences", ev::Absence::kKind));
  return out;
}

}  // namespace

ContestStore::ContestStore(sqlite3* db, std::string path, int lock_fd)
    : db_(db), path_(std::move(path)), lock_fd_(lock_fd) {}

ContestStore::~ContestStore() {
  sqlite3_close_v2(db_);
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

void ContestStore::rollback() const {
  // Its result is not needed: the caller returns the error that made it roll back, and when
  // ROLLBACK itself fails SQLite has already ended the transaction (or ends it on close); the
  // next BEGIN IMMEDIATE reports a connection that is still stuck.
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status ContestStore::exec(const char* sql) const {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "原因不明";
    sqlite3_free(msg);
    return Error{"数据库", m};
  }
  return {};
}

Result<std::unique_ptr<ContestStore>> ContestStore::open(const std::string& path) {
  // One server per database: a second one would interleave two event logs.
  std::string lock_path = path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Error{path, std::string("无法创建锁文件：") + std::strerror(errno)};
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return Error{path, "数据库正由另一个 liangfen-server 使用（请先停止它）"};
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "内存不足";
    sqlite3_close_v2(db);
    close(fd);
    return Error{path, "无法打开数据库：" + m};
  }
  std::unique_ptr<ContestStore> store(new ContestStore(db, path, fd));
  sqlite3_busy_timeout(db, 5000);
  // The flock above makes this process the only writer. SQLite's own locking stays NORMAL
  // (not EXCLUSIVE, which would also shut out readers): `liangfen print` reads beside the
  // running server through the WAL's shared memory.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON"}) {
    if (auto s = store->exec(pragma); !s.ok()) return Result<std::unique_ptr<ContestStore>>(s);
  }
  // Migrate.
  int version = 0;
  {
    SqliteStatement q(db, "PRAGMA user_version");
    if (q.step() == SQLITE_ROW) version = int(q.integer(0));
  }
  if (version > kSchemaVersion)
    return Error{path, "数据库由更新版本的 liangfen 建立（数据格式第 " + std::to_string(version) +
                           " 版），请升级本程序"};
  for (int v = version; v < kSchemaVersion; ++v) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[v] +
                      "PRAGMA user_version=" + std::to_string(v + 1) + ";COMMIT;";
    if (auto s = store->exec(sql.c_str()); !s.ok()) {
      store->rollback();
      return Error{path, "无法准备数据库：" + s.errors()[0].message};
    }
  }
  return store;
}

Result<std::unique_ptr<ContestStore>> ContestStore::open_read_only(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "内存不足";
    sqlite3_close_v2(db);
    return Error{path, "无法打开数据库（文件是否存在？）：" + m};
  }
  std::unique_ptr<ContestStore> store(new ContestStore(db, path, -1));
  // A commit of the server holds the WAL's write lock only briefly; a reader waits that out.
  sqlite3_busy_timeout(db, 5000);
  int version = -1;
  {
    SqliteStatement q(db, "PRAGMA user_version");
    if (q.step() == SQLITE_ROW) version = int(q.integer(0));
  }
  if (version < 0) return Error{path, std::string("无法读取数据库：") + sqlite3_errmsg(db)};
  if (version > kSchemaVersion)
    return Error{path, "数据库由更新版本的 liangfen 建立（数据格式第 " + std::to_string(version) +
                           " 版），请升级本程序"};
  if (version < kSchemaVersion)
    return Error{path, "数据库是旧版本建立的，或不是比赛数据库；请先用 liangfen-server --db 打开它一次"};
  return store;
}

bool ContestStore::has_contest() const {
  SqliteStatement q(db_, "SELECT 1 FROM contest WHERE id = 1");
  return q.step() == SQLITE_ROW;
}

Status ContestStore::import_contest(const Json& document, int64_t at_ms) {
  if (has_contest()) return Error{path_, "这个数据库里已经有一场比赛"};
  auto loaded = load_contest_document(document);
  if (!loaded.ok()) return loaded.status();
  // Read before anything is written; seq 0 here, the import's own below.
  auto imported = import_events(document, 0, at_ms);
  if (!imported.ok()) return imported.status();
  if (auto s = exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  auto fail = [&](const std::string& what) {
    Error e = db_error(db_, what);
    rollback();
    return Status(e);
  };
  SqliteStatement ins(db_, "INSERT INTO contest(id, document) VALUES (1, ?)");
  ins.bind(1, dump_json(document));
  if (ins.step() != SQLITE_DONE) return fail("保存比赛");
  Json info = {{"contestants", loaded->contest.contestants.size()},
               {"marks", loaded->contest.marks.size()}};
  SqliteStatement import_row(db_, "INSERT INTO events(at_ms, actor, kind, payload) VALUES (?, 'import', 'import', ?)");
  import_row.bind(1, at_ms).bind(2, info.dump());
  if (import_row.step() != SQLITE_DONE) return fail("记录导入");
  int64_t seq = sqlite3_last_insert_rowid(db_);
  SqliteStatement st(db_, "INSERT OR REPLACE INTO state(key, seq, event) VALUES (?, ?, ?)");
  for (Event& e : imported.value()) {
    e.seq = seq;
    std::vector<std::string> set, clear;
    state_rows(e, set, clear);
    for (const auto& k : set) {
      st.bind(1, k).bind(2, seq).bind(3, event_json(e));
      if (st.step() != SQLITE_DONE) return fail("保存导入的成绩");
      st.reset();
    }
  }
  if (auto s = exec("COMMIT"); !s.ok()) return fail("提交导入");
  return {};
}

Result<ContestFile> ContestStore::load_contest() const {
  // One read transaction: the imported document and the changes made to it since, from the
  // same commit (a reader beside the running server).
  if (auto st = exec("BEGIN"); !st.ok()) return Result<ContestFile>(st);
  auto read = [&]() -> Result<ContestFile> {
    SqliteStatement q(db_, "SELECT document FROM contest WHERE id = 1");
    if (q.step() != SQLITE_ROW)
      return Error{path_, "这个数据库里还没有比赛（请先用 --import 导入比赛文件）"};
    std::string text = q.text(0);
    SqliteStatement changes(db_,
                            "SELECT event FROM state WHERE key LIKE 'document|%' ORDER BY seq");
    int rc = changes.step();
    if (rc == SQLITE_DONE) return lf::load_contest(text);  // as imported
    auto doc = parse_json(text);
    if (!doc.ok()) return Result<ContestFile>(doc.status());
    for (; rc == SQLITE_ROW; rc = changes.step()) {
      auto e = event_from_json(changes.text(0));
      if (!e) return Error{path_, "名单或题库的改动记录有一行无法读取"};
      if (auto st = apply_document_change(doc.value(), *e); !st.ok())
        return Result<ContestFile>(st);
    }
    if (rc != SQLITE_DONE)
      return db_error(db_, "读取名单和题库的改动");  // never a contest without some
    return load_contest_document(std::move(doc.value()));
  };
  auto out = read();
  if (Status ended = exec("COMMIT"); !ended.ok()) return Result<ContestFile>(ended);
  return out;
}

Result<std::vector<Event>> ContestStore::append(const Contest& contest, LiveState& state,
                                                std::vector<Event> events) {
  LiveState next = state;  // applied to a copy: all or nothing
  if (auto s = exec("BEGIN IMMEDIATE"); !s.ok()) return Result<std::vector<Event>>(s);
  auto fail = [&](Error e) {
    rollback();
    return Result<std::vector<Event>>(std::move(e));
  };
  SqliteStatement ins(db_,
           "INSERT INTO events(at_ms, actor, kind, payload, idempotency_key) VALUES (?,?,?,?,?)");
  SqliteStatement set(db_, "INSERT OR REPLACE INTO state(key, seq, event) VALUES (?, ?, ?)");
  SqliteStatement del(db_, "DELETE FROM state WHERE key = ?");
  for (Event& e : events) {
    ins.bind(1, e.at_ms).bind(2, e.actor).bind(3, e.kind()).bind(4, e.payload.dump());
    if (e.idempotency_key.empty()) ins.bind_null(5);
    else ins.bind(5, e.idempotency_key);
    if (ins.step() != SQLITE_DONE) return fail(db_error(db_, "追加比赛记录"));
    ins.reset();
    e.seq = sqlite3_last_insert_rowid(db_);
    if (auto s = apply_event(contest, e, next); !s.ok()) return fail(s.errors()[0]);
    std::vector<std::string> to_set, to_clear;
    state_rows(e, to_set, to_clear);
    for (const auto& k : to_clear) {
      del.bind(1, k);
      if (del.step() != SQLITE_DONE) return fail(db_error(db_, "更新当前成绩"));
      del.reset();
    }
    for (const auto& k : to_set) {
      set.bind(1, k).bind(2, e.seq).bind(3, event_json(e));
      if (set.step() != SQLITE_DONE) return fail(db_error(db_, "更新当前成绩"));
      set.reset();
    }
  }
  if (auto s = exec("COMMIT"); !s.ok()) return fail(s.errors()[0]);
  state = std::move(next);
  return events;
}

Result<std::vector<Event>> ContestStore::events_after(int64_t after, size_t limit) const {
  SqliteStatement q(db_,
         "SELECT seq, at_ms, actor, kind, payload, idempotency_key FROM events WHERE seq > ? "
         "ORDER BY seq LIMIT ?");
  q.bind(1, after).bind(2, int64_t(limit));
  std::vector<Event> out;
  while (q.step() == SQLITE_ROW) {
    auto e = event_from_row(q);
    if (!e.ok()) return Result<std::vector<Event>>(e.status());
    out.push_back(std::move(e.value()));
  }
  return out;
}

Result<std::vector<Event>> ContestStore::history_events() const {
  // One read transaction: the document, the import and the later events from the same commit.
  if (auto st = exec("BEGIN"); !st.ok()) return Result<std::vector<Event>>(st);
  auto read = [&]() -> Result<std::vector<Event>> {
    SqliteStatement q(db_, "SELECT document FROM contest WHERE id = 1");
    if (q.step() != SQLITE_ROW) return Error{path_, "这个数据库里还没有比赛"};
    Json doc = Json::parse(q.text(0), nullptr, false);
    auto imported = load_contest_document(doc);
    if (!imported.ok()) return imported.status();
    SqliteStatement first(db_, "SELECT seq, at_ms FROM events WHERE kind = 'import' ORDER BY seq LIMIT 1");
    if (first.step() != SQLITE_ROW) return Error{path_, "比赛记录中没有导入记录"};
    auto read_import = import_events(doc, first.integer(0), first.integer(1));
    if (!read_import.ok()) return read_import.status();
    std::vector<Event> out = std::move(read_import.value());
    SqliteStatement all(db_, "SELECT seq, at_ms, actor, kind, payload, idempotency_key FROM events "
                             "WHERE seq > ? ORDER BY seq");
    all.bind(1, first.integer(0));
    int rc;
    while ((rc = all.step()) == SQLITE_ROW) {
      auto e = event_from_row(all);
      if (!e.ok()) return e.status();
      out.push_back(std::move(e.value()));
    }
    if (rc != SQLITE_DONE) return db_error(db_, "读取比赛记录");  // never a shorter history
    return out;
  };
  auto out = read();
  // A read transaction: ending it loses nothing, but a connection that cannot end it is stuck.
  if (Status ended = exec("COMMIT"); !ended.ok()) return Result<std::vector<Event>>(ended);
  return out;
}

Result<std::optional<Event>> ContestStore::event_by_key(const std::string& key) const {
  SqliteStatement q(db_,
         "SELECT seq, at_ms, actor, kind, payload, idempotency_key FROM events "
         "WHERE idempotency_key = ?");
  q.bind(1, key);
  if (q.step() != SQLITE_ROW) return std::optional<Event>();
  auto e = event_from_row(q);
  if (!e.ok()) return Result<std::optional<Event>>(e.status());
  return std::optional<Event>(std::move(e.value()));
}

Result<LiveState> ContestStore::load_state(const Contest& contest) const {
  LiveState s;
  SqliteStatement q(db_, "SELECT event FROM state ORDER BY seq, key");
  while (q.step() == SQLITE_ROW) {
    auto e = event_from_json(q.text(0));
    if (!e) return Error{path_, "当前成绩中有一行无法读取"};
    if (auto st = apply_event(contest, *e, s); !st.ok()) return Result<LiveState>(st);
  }
  SqliteStatement last(db_, "SELECT COALESCE(MAX(seq), 0) FROM events");
  if (last.step() == SQLITE_ROW) s.last_seq = last.integer(0);
  return s;
}

Result<LiveState> ContestStore::rebuild_state(const Contest& contest) const {
  SqliteStatement q(db_, "SELECT document FROM contest WHERE id = 1");
  if (q.step() != SQLITE_ROW) return Error{path_, "这个数据库里还没有比赛"};
  Json doc = Json::parse(q.text(0), nullptr, false);
  // The imported document's own state first; load_contest_document re-reads it exactly.
  auto imported = load_contest_document(doc);
  if (!imported.ok()) return Result<LiveState>(imported.status());
  LiveState s;
  SqliteStatement first(db_, "SELECT seq, at_ms FROM events WHERE kind = 'import' ORDER BY seq LIMIT 1");
  if (first.step() != SQLITE_ROW) return Error{path_, "比赛记录中没有导入记录"};
  auto imported_events = import_events(doc, first.integer(0), first.integer(1));
  if (!imported_events.ok()) return Result<LiveState>(imported_events.status());
  for (const Event& e : imported_events.value())
    if (auto st = apply_event(contest, e, s); !st.ok()) return Result<LiveState>(st);
  SqliteStatement all(db_, "SELECT seq, at_ms, actor, kind, payload, idempotency_key FROM events "
                "WHERE seq > ? ORDER BY seq");
  all.bind(1, first.integer(0));
  while (all.step() == SQLITE_ROW) {
    auto e = event_from_row(all);
    if (!e.ok()) return Result<LiveState>(e.status());
    if (auto st = apply_event(contest, e.value(), s); !st.ok()) return Result<LiveState>(st);
  }
  s.last_seq = std::max(s.last_seq, first.integer(0));
  return s;
}

Status ContestStore::replace_people(const std::vector<PersonRecord>& people) {
  if (auto s = exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  // New codes log every device out and void every slip's link.
  for (const char* clear : {"DELETE FROM people", "DELETE FROM sessions", "DELETE FROM login_tickets"})
    if (Status s = exec(clear); !s.ok()) {
      rollback();
      return s;
    }
  SqliteStatement ins(db_, "INSERT INTO people(person, role, venue, name, code_hash) VALUES (?,?,?,?,?)");
  for (const auto& p : people) {
    ins.bind(1, p.person).bind(2, p.role).bind(3, p.venue).bind(4, p.name).bind(5, p.code_hash);
    if (ins.step() != SQLITE_DONE) {
      Error e = db_error(db_, "保存登录名单");
      rollback();
      return e;
    }
    ins.reset();
  }
  return exec("COMMIT");
}

Result<std::vector<PersonRecord>> ContestStore::people() const {
  SqliteStatement q(db_, "SELECT person, role, venue, name, code_hash FROM people ORDER BY rowid");
  std::vector<PersonRecord> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
  // A read that stops early is an error, not a shorter list: the server would start without
  // some people's codes and nobody would know why they cannot log in.
  if (rc != SQLITE_DONE) return db_error(db_, "读取人员名单");
  return out;
}

Status ContestStore::add_session(const std::string& token_hash, const std::string& person,
                                 int64_t at_ms) {
  SqliteStatement ins(db_, "INSERT OR REPLACE INTO sessions(token_hash, person, created_ms) VALUES (?,?,?)");
  ins.bind(1, token_hash).bind(2, person).bind(3, at_ms);
  if (ins.step() != SQLITE_DONE) return db_error(db_, "保存登录状态");
  return {};
}

Result<std::vector<ContestStore::SessionRecord>> ContestStore::sessions() const {
  SqliteStatement q(db_, "SELECT token_hash, person, created_ms FROM sessions ORDER BY created_ms, rowid");
  std::vector<SessionRecord> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.text(0), q.text(1), q.integer(2)});
  if (rc != SQLITE_DONE) return db_error(db_, "读取登录记录");
  return out;
}

Status ContestStore::replace_code(const std::string& person, const std::string& code_hash) {
  if (auto s = exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  SqliteStatement up(db_, "UPDATE people SET code_hash = ? WHERE person = ?");
  up.bind(1, code_hash).bind(2, person);
  if (up.step() != SQLITE_DONE || sqlite3_changes(db_) != 1) {
    Error e = sqlite3_changes(db_) == 0 ? Error{person, "没有这个人"} : db_error(db_, "更换登录码");
    rollback();
    return e;
  }
  for (const char* sql : {"DELETE FROM sessions WHERE person = ?", "DELETE FROM login_tickets WHERE person = ?"}) {
    SqliteStatement del(db_, sql);
    del.bind(1, person);
    if (del.step() != SQLITE_DONE) {
      Error e = db_error(db_, "结束登录");
      rollback();
      return e;
    }
  }
  return exec("COMMIT");
}

Status ContestStore::remove_session(const std::string& token_hash) {
  SqliteStatement del(db_, "DELETE FROM sessions WHERE token_hash = ?");
  del.bind(1, token_hash);
  if (del.step() != SQLITE_DONE) return db_error(db_, "结束登录");
  return {};
}

Status ContestStore::add_login_tickets(const std::vector<std::pair<std::string, std::string>>& hash_and_person) {
  if (auto s = exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  SqliteStatement ins(db_, "INSERT OR REPLACE INTO login_tickets(ticket_hash, person) VALUES (?, ?)");
  for (const auto& [hash, person] : hash_and_person) {
    ins.bind(1, hash).bind(2, person);
    if (ins.step() != SQLITE_DONE) {
      Error e = db_error(db_, "保存扫码登录链接");
      rollback();
      return e;
    }
    ins.reset();
  }
  return exec("COMMIT");
}

Result<std::optional<std::string>> ContestStore::take_login_ticket(const std::string& ticket_hash) {
  SqliteStatement take(db_, "DELETE FROM login_tickets WHERE ticket_hash = ? RETURNING person");
  take.bind(1, ticket_hash);
  int rc = take.step();
  if (rc == SQLITE_ROW) {
    std::string person = take.text(0);
    if (take.step() != SQLITE_DONE) return db_error(db_, "使用扫码登录链接");
    return std::optional<std::string>(person);
  }
  if (rc != SQLITE_DONE) return db_error(db_, "使用扫码登录链接");
  return std::optional<std::string>();
}

Result<int64_t> ContestStore::last_seq() const {
  SqliteStatement q(db_, "SELECT COALESCE(MAX(seq), 0) FROM events");
  if (q.step() != SQLITE_ROW) return db_error(db_, "读取比赛记录");
  return q.integer(0);
}

Result<std::string> ContestStore::code_salt() {
  {
    SqliteStatement q(db_, "SELECT value FROM meta WHERE key = 'code_salt'");
    if (q.step() == SQLITE_ROW) return q.text(0);
  }
  // 16 secure random bytes (std::random_device promised no security: it may be a PRNG).
  std::string salt = random_hex(16);
  SqliteStatement ins(db_, "INSERT INTO meta(key, value) VALUES ('code_salt', ?)");
  ins.bind(1, salt);
  if (ins.step() != SQLITE_DONE) return db_error(db_, "保存登录码密钥");
  return salt;
}

Result<std::optional<std::string>> ContestStore::meta_value(const std::string& key) const {
  SqliteStatement q(db_, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  int rc = q.step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(q.text(0));
  if (rc != SQLITE_DONE) return db_error(db_, "读取数据库设置");
  return std::optional<std::string>();
}

Status ContestStore::set_meta_value(const std::string& key, const std::string& value) {
  SqliteStatement up(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
  up.bind(1, key).bind(2, value);
  if (up.step() != SQLITE_DONE) return db_error(db_, "保存数据库设置");
  return {};
}

Status ContestStore::backup_to(const std::string& path) const {
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  sqlite3* dest = nullptr;
  if (sqlite3_open(tmp.c_str(), &dest) != SQLITE_OK) {
    sqlite3_close(dest);
    return Error{path, "无法创建备份文件"};
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", db_, "main");
  int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
  sqlite3_backup_finish(b);
  std::string err = sqlite3_errmsg(dest);
  sqlite3_close(dest);
  if (rc != SQLITE_DONE) {
    ::unlink(tmp.c_str());
    return Error{path, "备份失败：" + err};
  }
  // Replace the previous backup only once the new one is complete.
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return Error{path, std::string("无法把备份移到位：") + std::strerror(errno)};
  return {};
}

}  // namespace lf
