// A backup that restores as the same server: the contest's secrets sealed inside the database.
//
// A copy of the database alone serves no tablet (they pin the server's certificate) and checks
// no code (the code key is not in it, login_code_key.h). So `liangfen credentials` seals the
// three secrets — the login code key, the TLS private key and the certificate — into the
// database's `meta` row `restore_bundle`: AES-256-GCM under a key derived with scrypt
// (N = 2^15, r = 8, p = 1: 32 MiB and about 0.1 s per try) from a restore passphrase of
// kRestorePassphraseDigits random digits printed only on the organizer's slip. Every backup of
// the database carries the bundle; `liangfen restore` asks for the passphrase and writes the
// database, `<db>.secret`, `<db>.key` and `<db>.crt`, so a server started on the restored
// copy serves the same certificate and takes the same codes.
//
// Why a passphrase of its own and not the organizer's code: the code has 10 digits and is typed
// on tablets every day; sealed under it, a stolen backup would cost 10^10 scrypt tries to open.
// 20 digits (66 bits) cost 10^20 tries: the bundle adds no way to the codes. It is renewed,
// and the bundle sealed again, whenever the organizer's code is re-issued from the CLI.
//
// Thread-safety: free functions on their arguments; the store ones follow ContestStore's rule.
#pragma once

#include <string>

#include "data/store/contest_store.h"
#include "scoring/engine/status.h"

namespace lf {

inline constexpr size_t kRestorePassphraseDigits = 20;

struct ContestSecrets {
  std::string code_key;         // LoginCodeKey's 32 bytes
  std::string tls_key_pem;      // the server's private key (PEM)
  std::string tls_certificate;  // the server's certificate (PEM)
};

// kRestorePassphraseDigits secure random digits.
std::string new_restore_passphrase();
// "1234 5678 9012 3456 7890", as printed.
std::string grouped_passphrase(const std::string& passphrase);

// `secrets` sealed under `passphrase` (digits; spaces are dropped), as the JSON text kept in
// meta: {"version":1,"kdf":"scrypt","n":…,"r":…,"p":…,"salt":hex,"nonce":hex,"sealed":hex}.
Result<std::string> seal_secrets(const ContestSecrets& secrets, const std::string& passphrase);
// The secrets from `sealed` (seal_secrets' text). A wrong passphrase or a changed byte: an
// error saying so (kind unauthenticated), nothing else.
Result<ContestSecrets> open_sealed_secrets(const std::string& sealed,
                                           const std::string& passphrase);

// Seals the secrets of the database `store` (its `<db>.secret`, `<db>.key`, `<db>.crt`) under
// `passphrase` into its meta row, replacing the row before.
Status seal_store_secrets(ContestStore& store, const std::string& passphrase);

// Restores the backup `from` as a new database `db` beside its secrets: refused (nothing
// written) when `from` has no bundle, the passphrase is wrong, or `db` or one of its side files
// exists. On a failure half way, what was written is removed.
Status restore_backup(const std::string& from, const std::string& db,
                      const std::string& passphrase);

}  // namespace lf
