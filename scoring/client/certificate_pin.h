// Which contest servers a device trusts: by their certificate, not by their address.
//
// The server's certificate is self-signed, so a device remembers the SHA-256 fingerprints of
// the contest servers it trusts (a pin file shared by every address). A server at any address
// that shows a trusted certificate is accepted; any other certificate, at an address met before
// or a new one, is refused inside the TLS handshake, before a code or token is sent, unless it
// matches the fingerprint the person was given on paper (`expected`: the 16 hex digits on the
// slip, or all 64), which then joins the trusted ones. A device that trusts no server yet
// takes the first it meets (trust on first use), or only `expected` when one is given.
//
// A pin file that exists but cannot be read or is not a pin file is never taken as empty
// (that would trust anything again): every certificate not matching `expected` is refused and
// the message names the file. Files of the earlier form ({"https://host:port": fingerprint})
// are read as that list of fingerprints.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include "scoring/engine/mutex.h"

namespace lf {

class CertificatePin {
 public:
  // For the server at `address` ("https://host:port", kept beside the fingerprint it showed),
  // remembered in `file`; `file` empty: this process only. `expected`: a fingerprint or its
  // first 16 hex digits, spaces allowed ("ab12 cd34 ef56 7890"); empty: none given.
  CertificatePin(std::string file, std::string address, std::string expected = "");

  // The fingerprint this address showed when it was last accepted ("" when never).
  std::string pinned() const;
  // The handshake shows a certificate with this fingerprint: true to go on (see above).
  bool accept(const std::string& fingerprint);
  // The fingerprint of the last refused certificate ("" when the last contact was accepted).
  std::string refused() const;
  // What to tell the person about the last refusal ("" when the last contact was accepted).
  std::string refusal_message() const;

 private:
  bool expected_matches(const std::string& fingerprint) const;
  void remember(const std::string& fingerprint) LF_REQUIRES(mu_);

  const std::string file_, address_, expected_;
  mutable Mutex mu_;
  std::set<std::string> trusted_ LF_GUARDED_BY(mu_);
  std::string pinned_ LF_GUARDED_BY(mu_), refused_ LF_GUARDED_BY(mu_);
  bool file_unreadable_ LF_GUARDED_BY(mu_) = false;
};

// What a person is told when the server's certificate is not one this device trusts.
std::string certificate_changed_message(const std::string& fingerprint);

// A fingerprint as typed from a slip: lower-case hex digits with spaces and colons dropped;
// "" when anything else is in it or it is not 16 or 64 digits long.
std::string normalized_fingerprint(const std::string& typed);

}  // namespace lf
