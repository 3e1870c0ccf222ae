// The HTTP/JSON API (docs/api.md) over a ContestService, with cpp-httplib. Maps routes to
// service calls, bearer tokens to sessions, and Reply values to responses; holds no state of
// its own beyond the listening socket.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "server/contest_service.h"

namespace lf {

struct HttpOptions {
  int threads = 512;  // each SSE listener holds a thread while connected
  std::string backup_dir;  // where POST /api/backup writes; empty: beside the database
  std::string certificate_template = LF_CERTIFICATE_TEMPLATE;  // for GET /api/print/certificates
  std::function<void(const std::string&)> log = [](const std::string&) {};
};

class HttpApi {
 public:
  HttpApi(ContestService& service, HttpOptions options);
  // Binds to host:port (port 0 picks a free one). Returns the port, or an error that says why
  // (port in use, permission).
  Result<int> bind(const std::string& host, int port);
  // Serves until stop(); blocks.
  void serve();
  void stop();
  bool ready() const { return ready_; }

 private:
  void routes();
  std::optional<Session> authorize(const httplib::Request& req, httplib::Response& res);
  void raise_backlog();

  ContestService& service_;
  HttpOptions options_;
  httplib::Server server_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopping_{false};
  socket_t listen_socket_ = INVALID_SOCKET;
};

}  // namespace lf
