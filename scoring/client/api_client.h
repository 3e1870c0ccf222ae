// A liangfen client's calls to the server (console, display, benchmarks, tests): login with
// the API version check, authorized GET/POST of JSON. Blocking; callers run it off the UI
// thread.
//
// Thread-safety: login() and set_token() must not race other calls; get/post may be called
// from several threads at once (each call in progress has its own connection; finished calls
// leave theirs open for the next, so a console keeps one connection alive, not one per
// request). Copies share those connections.
//
// cpp-httplib stays inside lf_client (scoring/client/http_client.h): this header does not
// include it, so the console, the display and their tests do not parse it.
#pragma once

#include <memory>
#include <string>

#include "scoring/client/certificate_pin.h"
#include "data/format/json_text.h"
#include "scoring/engine/status.h"

namespace lf {

// What the server answered. status 0: no answer (unreachable, refused, timed out); then
// `error` says what happened to the connection.
// NOLINTNEXTLINE(bugprone-exception-escape): false alarm; nlohmann::json moves are noexcept
struct ApiAnswer {
  int status = 0;
  Json body;        // the answer parsed as JSON ({} when it is not JSON, e.g. a PDF)
  std::string raw;  // the answer's bytes
  std::string error;
  bool ok() const { return status >= 200 && status < 300; }
  bool connected() const { return status != 0; }
  // The server's "error" text, or the connection problem.
  std::string message() const;
  // The answer as an error value, for callers to switch on its kind: ok() for a 2xx answer;
  // otherwise one Error of kind protocol::refusal_kind(status) (no answer: unavailable), with
  // message() as its message and the server's "field" as its path.
  Status refusal() const;
};

struct ServerAddress {
  std::string host;
  int port = 8080;
  // HTTPS: the server's certificate must match `pin` (trust on first use; CA checks are off,
  // the certificate is self-signed). false: plain HTTP (a `--plain-http` server).
  bool tls = false;
  // Shared by every client of this address (API calls, live feed). tls without a pin: the
  // ApiClient/EventStream makes one for this process only.
  std::shared_ptr<CertificatePin> pin;
  // The certificate fingerprint the person was given on paper (the slip's 16 hex digits, or
  // all 64), lower case; "" when none. A certificate matching it is trusted even where the
  // device trusted another (certificate_pin.h).
  std::string fingerprint;
  std::string text() const { return (tls ? "https://" : "http://") + host + ":" + std::to_string(port); }
};
// "https://192.168.1.10:8080", "http://192.168.1.10:8080" (plain), "192.168.1.10:8080" and
// "laptop" (https, port 8080); any of them may end in "#" and the certificate's fingerprint
// from the slip ("https://192.168.1.10:8080#ab12 cd34 ef56 7890").
Result<ServerAddress> parse_server_address(const std::string& text);

// `server` with its pins remembered in `pin_file` (when it is https and has no pin yet), and
// its `fingerprint` from paper as the pin's expected one.
ServerAddress with_pin_file(ServerAddress server, const std::string& pin_file);

class ApiClient {
 public:
  explicit ApiClient(ServerAddress server);

  // POST /api/login; on success keeps the token for later calls. The body is the server's
  // {token, person, role, name, venue, api_version}.
  ApiAnswer login(const std::string& code);
  ApiAnswer get(const std::string& path) const;
  ApiAnswer post(const std::string& path, const Json& body) const;

  const std::string& token() const { return token_; }
  void set_token(std::string token) { token_ = std::move(token); }
  const ServerAddress& server() const { return server_; }
  // Seconds to wait for an answer before calling the server unreachable.
  void set_timeout_s(int s) { timeout_s_ = s; }

 private:
  struct Connections;
  template <class Send>
  ApiAnswer call(Send&& send) const;
  ServerAddress server_;
  std::string token_;
  int timeout_s_ = 5;
  std::shared_ptr<Connections> connections_;
};

}  // namespace lf
