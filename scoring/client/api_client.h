// A liangfen client's calls to the server (console, display, benchmarks, tests): login with
// the API version check, authorized GET/POST of JSON. Blocking; callers run it off the UI
// thread.
//
// Thread-safety: login() and set_token() must not race other calls; get/post may be called
// from several threads at once (each call uses its own connection).
#pragma once

#include <httplib.h>

#include <string>

#include "data/json_text.h"
#include "engine/status.h"

namespace lf {

// What the server answered. status 0: no answer (unreachable, refused, timed out); then
// `error` says what happened to the connection.
struct ApiAnswer {
  int status = 0;
  Json body;        // the answer parsed as JSON ({} when it is not JSON, e.g. a PDF)
  std::string raw;  // the answer's bytes
  std::string error;
  bool ok() const { return status >= 200 && status < 300; }
  bool connected() const { return status != 0; }
  // The server's "error" text, or the connection problem.
  std::string message() const;
};

struct ServerAddress {
  std::string host;
  int port = 8080;
  std::string text() const { return "http://" + host + ":" + std::to_string(port); }
};
// "http://192.168.1.10:8080", "192.168.1.10:8080", "laptop" (port 8080).
Result<ServerAddress> parse_server_address(const std::string& text);

class ApiClient {
 public:
  explicit ApiClient(ServerAddress server) : server_(std::move(server)) {}

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
  httplib::Client connect() const;
  ApiAnswer answer(const httplib::Result& r) const;

  ServerAddress server_;
  std::string token_;
  int timeout_s_ = 5;
};

}  // namespace lf
