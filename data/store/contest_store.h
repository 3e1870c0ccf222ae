// The contest database: one SQLite file per contest, the single source of truth on contest
// day.
//
// Durability contract: `append` writes a batch of events to the append-only `events` table and
// the affected rows of the current state (`state`) in ONE transaction, committed with WAL and
// synchronous=FULL, so when it returns OK every event of the batch survives a crash or power
// loss, and no event is ever half applied. Batching several requests into one `append` (group
// commit) is how the server shares one fsync among many judges.
//
// The current state can always be rebuilt from the log (`rebuild_state`); `load_state` reads
// the state rows instead, which is faster.
//
// Thread-safety: a ContestStore is used by one thread at a time (the server's writer thread
// writes; readers take the service's snapshot, not the store). A second writer process on the
// same file is refused at open (an exclusive lock file beside the database). Other processes
// may read while the server runs (`open_read_only`: `liangfen print`, `export`): WAL gives each
// read statement a consistent snapshot of the last commit, and the writer never waits for them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/format/contest_file.h"
#include "data/live/live_state.h"

struct sqlite3;

namespace lf {

inline constexpr int kSchemaVersion = 2;

// One login: a person and what they may do. Only the hash of the code is stored.
struct PersonRecord {
  std::string person;  // "organizer", "head:P1", "J07", "timer:P1", "display:main"
  std::string role;    // organizer | head_judge | judge | timekeeper | display
  std::string venue;   // venue key for head judges and timekeepers; "" otherwise
  std::string name;    // shown on screens
  std::string code_hash;
};

class ContestStore {
 public:
  // Opens (creating and migrating as needed) the database at `path` as its one writer.
  static Result<std::unique_ptr<ContestStore>> open(const std::string& path);
  // Opens an existing database to read only, beside a running server or not: no lock file is
  // taken and nothing is created or migrated (a database of another schema version is
  // refused). Every method that writes fails on such a store.
  static Result<std::unique_ptr<ContestStore>> open_read_only(const std::string& path);
  ~ContestStore();

  bool has_contest() const;
  // Stores a validated contest document as the starting point, with an "import" event.
  Status import_contest(const Json& document, int64_t at_ms);
  Result<ContestFile> load_contest() const;

  // Appends events (seq is assigned: the returned events carry it) and applies each to the
  // state rows, in one durable transaction. All or nothing.
  Result<std::vector<Event>> append(const Contest& contest, LiveState& state,
                                    std::vector<Event> events);

  // Events with seq > after, oldest first, at most `limit`.
  Result<std::vector<Event>> events_after(int64_t after, size_t limit) const;
  // The whole log as people read it (the history, data/live/history.h): the imported document's
  // marks, timings, rulings and published list as events of the import (actor "import", the
  // import's seq and time), then every later event, oldest first; one consistent snapshot, also
  // on a read-only store beside the running server. O(events).
  Result<std::vector<Event>> history_events() const;
  // The event stored under a client's idempotency key, if any.
  Result<std::optional<Event>> event_by_key(const std::string& key) const;

  Result<LiveState> load_state(const Contest& contest) const;
  // Replays the whole log from the imported document.
  Result<LiveState> rebuild_state(const Contest& contest) const;

  // People and their hashed login codes (replacing all existing ones).
  Status replace_people(const std::vector<PersonRecord>& people);
  Result<std::vector<PersonRecord>> people() const;
  // Logged-in devices, oldest first.
  struct SessionRecord {
    std::string token_hash;
    std::string person;
    int64_t created_ms = 0;
  };
  Status add_session(const std::string& token_hash, const std::string& person, int64_t at_ms);
  Result<std::vector<SessionRecord>> sessions() const;
  Status remove_session(const std::string& token_hash);
  // A new code for one person: their code hash replaced and every session of theirs ended,
  // in one transaction. Everyone else keeps their code and their logins.
  Status replace_code(const std::string& person, const std::string& code_hash);
  // One-time login tickets (the slips' QR links): stored hashed, each for one person. Taking
  // one deletes it in the same statement, so it logs in once. replace_people ends every
  // ticket, replace_code the person's.
  Status add_login_tickets(const std::vector<std::pair<std::string, std::string>>& hash_and_person);
  // The person of the ticket with this hash, deleted now; nullopt when there is none.
  Result<std::optional<std::string>> take_login_ticket(const std::string& ticket_hash);
  // The seq of the newest event (0 for an empty log).
  Result<int64_t> last_seq() const;

  // A per-database random salt for code hashes, created on first use. Codes issued since the
  // login code key (scoring/server/login_code_key.h) no longer use it; it stays for the salted
  // hashes of databases made before.
  Result<std::string> code_salt();

  // One row of the `meta` table (small settings of this database): nullopt when absent.
  Result<std::optional<std::string>> meta_value(const std::string& key) const;
  // Sets (inserts or replaces) one row of `meta`, durably.
  Status set_meta_value(const std::string& key, const std::string& value);

  // A consistent copy of the whole database to `path` (SQLite online backup).
  Status backup_to(const std::string& path) const;

  const std::string& path() const { return path_; }

 private:
  ContestStore(sqlite3* db, std::string path, int lock_fd);
  Status exec(const char* sql) const;
  // Ends a write transaction that failed (the caller returns the first error).
  void rollback() const;

  sqlite3* db_;
  std::string path_;
  int lock_fd_;
};

}  // namespace lf
