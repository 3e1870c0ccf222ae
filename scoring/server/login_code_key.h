// The secret key behind the login codes' stored hashes.
//
// A code is stored as HMAC-SHA256(key, code) ("hmac-sha256:" and 64 hex digits), the key 32
// random bytes in a file beside the database (`<db>.secret`, mode 0600), never in the database
// and never in a copy made by ContestStore::backup_to. Whoever holds only the database (a
// backup on a USB stick) cannot check a guessed code: each guess needs the 256-bit key too.
// The database keeps a short check value of the key (meta `code_key_check`), so a missing or
// wrong key file is a clear error at start-up, never a silent new key that no code matches.
//
// Databases made before the key hold salted SHA-256 hashes (64 hex digits, no prefix, the salt
// in the database): those codes still log in (legacy_hash) until they are re-issued; they
// cannot be re-hashed without the codes themselves. docs/security.md has the costs.
//
// Thread-safety: a LoginCodeKey is an immutable value once opened; hash() is safe from any
// thread. open() writes the key file and the database: one thread, with the store's writer.
#pragma once

#include <string>
#include <string_view>

#include "data/store/contest_store.h"

namespace lf {

class LoginCodeKey {
 public:
  static constexpr size_t kKeyBytes = 32;

  // The key of `store` (its file is `<store.path()>.secret`): read and checked against the
  // database; made (O_EXCL, 0600, synced) when there is no file and the database never had a
  // key. `new_codes_for_everyone`: the caller is about to replace every code (liangfen
  // credentials), so a lost key file is replaced by a new key instead of refused.
  static Result<LoginCodeKey> open(ContestStore& store, bool new_codes_for_everyone = false);
  // A key from its 32 bytes and the database's legacy salt (tests, a restore).
  LoginCodeKey(std::string key, std::string legacy_salt);

  // The stored form of `code` under this key.
  std::string hash(std::string_view code) const;
  // The stored form of `code` in a database made before keys: SHA-256 of the salt and the code.
  std::string legacy_hash(std::string_view code) const;
  // Whether a stored hash is of the keyed form (false: a legacy salted hash).
  static bool is_keyed(std::string_view stored);
  // The key's own 32 bytes (for the sealed restore bundle; never logged or stored in the DB).
  const std::string& key_bytes() const { return key_; }
  // The check value kept in the database: HMAC of a fixed text, 16 hex digits.
  std::string check_value() const;

  // `<db>.secret`
  static std::string file_of(const std::string& db_path) { return db_path + ".secret"; }

 private:
  std::string key_;
  std::string legacy_salt_;
};

// Writes `bytes` to a new file at `path` readable by its owner only (0600, O_EXCL: never over
// an existing file), synced before it returns; on failure nothing is left at `path`.
Status write_private_file(const std::string& path, std::string_view bytes);

}  // namespace lf
