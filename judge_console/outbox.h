// The console's outbox: every mark (and every other change a person makes on the tablet) is
// written here first, durably, and removed only when the server answers "saved". It survives a
// crash or a restart of the console; each item keeps its idempotency key, so sending it again
// can never store it twice. An SQLite file in the user's data folder, one per person.
//
// Thread-safety: all methods may be called from any thread (one connection, one mutex).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "data/json_text.h"
#include "engine/status.h"

namespace lf {

struct OutboxItem {
  int64_t id = 0;        // order of entry
  std::string key;       // idempotency key, sent with the request
  std::string path;      // API path, e.g. /api/marks
  Json body;             // the request, key included
  int64_t created_ms = 0;
  int attempts = 0;
  std::string refused;   // non-empty: the server refused it (reason); no longer sent
};

class Outbox {
 public:
  // Opens (creating) the outbox file. `key_prefix` makes keys unique across tablets and
  // restarts (person + a random tag stored in the file).
  static Result<std::unique_ptr<Outbox>> open(const std::string& path, const std::string& person);
  ~Outbox();

  // Durably stores a change to send; returns it with its key. The body gets "idempotency_key".
  Result<OutboxItem> add(const std::string& path, Json body, int64_t now_ms);
  // Items still to send, oldest first (refused ones excluded).
  std::vector<OutboxItem> pending() const;
  // Everything, refused included, oldest first (for the screen).
  std::vector<OutboxItem> all() const;
  Status remove(const std::string& key);            // the server said saved
  Status refuse(const std::string& key, const std::string& reason);  // the server said no
  Status count_attempt(const std::string& key);
  size_t pending_count() const;

 private:
  Outbox(sqlite3* db, std::string prefix) : db_(db), prefix_(std::move(prefix)) {}
  std::vector<OutboxItem> query(bool refused_too) const;

  mutable std::mutex mu_;
  sqlite3* db_;
  std::string prefix_;
  int64_t counter_ = 0;
};

// The folder for the console's files: $XDG_DATA_HOME/liangfen (or ~/.local/share/liangfen).
std::string console_data_dir();

}  // namespace lf
