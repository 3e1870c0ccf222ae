// The server's TLS identity: a private key and a self-signed certificate beside the database
// (`<db>.key`, mode 0600, and `<db>.crt`), made on first start and reused after, so the
// fingerprint the clients pinned and the code sheet printed stays the same all contest.
#pragma once

#include <string>

#include "scoring/engine/status.h"

namespace lf {

struct TlsIdentity {
  std::string certificate_file;  // PEM
  std::string key_file;          // PEM, 0600
  std::string fingerprint;       // SHA-256 of the certificate (DER), 64 lowercase hex digits
  bool created = false;          // made just now (first start)
};

// Loads `<db>.crt` and `<db>.key`, or makes them when neither exists: an EC P-256 key and a
// certificate (CN `common_name`, SAN: this machine's host name and addresses, localhost,
// 127.0.0.1, ::1; valid 20 years). One file without the other is refused (nothing is
// overwritten).
Result<TlsIdentity> load_or_create_tls_identity(const std::string& db_path, const std::string& common_name);

// The SHA-256 fingerprint of the PEM certificate in `certificate_file`, or an error.
Result<std::string> certificate_file_fingerprint(const std::string& certificate_file);

// The fingerprint as people compare it: "ab12 cd34 ef56 7890" (its first 16 hex digits).
std::string short_fingerprint(const std::string& fingerprint);

}  // namespace lf
