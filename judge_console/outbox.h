// The console's outbox: every mark (and every other change a person makes on the tablet) is
// written here first, durably, and leaves only when the server answers "saved". It survives a
// crash or a restart of the console; each item keeps its idempotency key, so sending it again
// can never store it twice. An SQLite file in the user's data folder, one per person.
//
// Ownership: every item records the person who typed it (`owner`); a mark's body carries the
// same id as "judge". Items are only ever sent under their owner's login (OutboxSender checks).
//
// The newest wins (API v2): a mark carries "revision", the seq of the stored mark it replaces
// as the judge saw it. A correction typed while an earlier item for the same performance is
// still unsent refers to that item (`after_key`); when the earlier item is saved its seq is
// written into the correction's body in the same transaction (so chained offline corrections
// survive a restart), and when it is refused the correction inherits the earlier item's
// revision (and will be refused as stale if the server moved on). A saved mark stays as a
// receipt (`saved_seq`) until a newer one for the same performance is saved, so a correction
// typed against a view that had not caught up still refers to it.
//
// Thread-safety: all methods may be called from any thread (one connection, one mutex).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "data/format/json_text.h"
#include "scoring/engine/status.h"
#include "scoring/engine/mutex.h"

namespace lf {

// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct OutboxItem {
  int64_t id = 0;        // order of entry
  std::string key;       // idempotency key, sent with the request
  std::string path;      // API path, e.g. /api/marks
  Json body;             // the request, key included
  int64_t created_ms = 0;
  int attempts = 0;
  std::string refused;   // non-empty: the server refused it (reason); no longer sent
  std::string owner;     // the person who typed it
  std::string after_key; // a mark correcting an earlier unsent item: that item's key
  int64_t saved_seq = 0; // > 0: saved by the server with this seq (a receipt, not sent again)
};

inline constexpr const char* kMarksPath = "/api/marks";

class Outbox {
 public:
  // Opens (creating, or upgrading an older file) the outbox of `person`. Keys are made unique
  // across tablets and restarts from the person and a random tag stored in the file.
  static Result<std::unique_ptr<Outbox>> open(const std::string& path, const std::string& person);
  ~Outbox();

  const std::string& person() const { return person_; }

  // Durably stores a change to send; returns it with its key. The body gets "idempotency_key";
  // a mark gets "judge" (refused when it names someone else than the owner) and "revision"
  // (default 0; raised to a newer receipt of mine, or chained to an unsent item of mine).
  Result<OutboxItem> add(const std::string& path, Json body, int64_t now_ms);
  // Items still to send, oldest first (refused and saved ones excluded).
  std::vector<OutboxItem> pending() const;
  // Unsent and refused items, oldest first (for the screen; receipts excluded).
  std::vector<OutboxItem> all() const;
  // The server said saved with `seq`: a mark becomes a receipt and the items chained to it get
  // `seq` as their revision; anything else is removed.
  Status mark_saved(const std::string& key, int64_t seq);
  Status remove(const std::string& key);
  // The server said no: kept, visible, never resent; chained items inherit its revision.
  Status refuse(const std::string& key, const std::string& reason);
  Status count_attempt(const std::string& key);
  size_t pending_count() const;
  size_t refused_count() const;

 private:
  Outbox(sqlite3* db, std::string person, std::string prefix)
      : db_(db), person_(std::move(person)), prefix_(std::move(prefix)) {}
  std::vector<OutboxItem> query(const char* where) const;

  mutable Mutex mu_;
  sqlite3* db_ LF_PT_GUARDED_BY(mu_);
  std::string person_;
  std::string prefix_;
};

// The folder for the console's files: $XDG_DATA_HOME/liangfen (or ~/.local/share/liangfen).
std::string console_data_dir();
// The outbox file of `person` in `dir`.
std::string outbox_path(const std::string& dir, const std::string& person);

// Unsent items of people other than `except_person` in the outbox files of `dir`, per owner
// (owners with nothing unsent are left out), sorted by person.
struct OthersUnsent {
  std::string person;
  size_t count = 0;
  bool operator==(const OthersUnsent&) const = default;
};
std::vector<OthersUnsent> scan_other_outboxes(const std::string& dir, const std::string& except_person);

}  // namespace lf
