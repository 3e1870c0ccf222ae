// Trust on first use for the server's self-signed certificate: the first TLS contact with a
// server address pins the SHA-256 fingerprint of its certificate; later contacts with another
// certificate are refused during the handshake, before any code or token is sent.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <mutex>
#include <string>

namespace lf {

class CertificatePin {
 public:
  // Pins for `address` ("https://host:port"), remembered in `file` (a JSON object: address ->
  // fingerprint, shared by every address the device has used). `file` empty: this process only.
  CertificatePin(std::string file, std::string address);

  std::string pinned() const;
  // The handshake shows a certificate with this fingerprint: true to go on. Nothing pinned
  // yet: pins it (and saves it) and goes on.
  bool accept(const std::string& fingerprint);
  // The fingerprint of the last refused certificate ("" when the last contact was accepted).
  std::string refused() const;

 private:
  const std::string file_, address_;
  mutable std::mutex mu_;
  std::string pinned_, refused_;
};

// What a person is told when the server's certificate is not the pinned one.
std::string certificate_changed_message(const std::string& fingerprint);

}  // namespace lf
