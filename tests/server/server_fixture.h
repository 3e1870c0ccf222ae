// A real liangfen server on a loopback port, in process, with known login codes.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "data/store/contest_store.h"
#include "tests/data/test_files.h"
#include "tests/server/known_people.h"
#include "scoring/protocol/protocol.h"
#include "scoring/server/contest_service.h"
#include "scoring/server/http_api.h"
#include "scoring/server/tls_certificate.h"

namespace lf::test {

struct LiveServerOptions {
  bool tls = false;  // HTTPS with a certificate made beside the database (plain HTTP otherwise)
  int port = 0;      // 0: a free port
  std::chrono::milliseconds feed_keepalive{15000};  // HttpOptions::feed_keepalive
  std::string host = "127.0.0.1";  // another loopback address is "another machine"
  std::string backup_dir;          // POST /api/backup writes here; empty: the database's folder
  double costly_reads_per_s = 10, costly_burst = 30;  // HttpOptions' (the server's defaults)
};

// The system's clock, moved on by a test (a night, a day) without waiting. Thread-safe.
class OffsetClock final : public Clock {
 public:
  int64_t now_ms() const override { return SystemClock().now_ms() + offset_ms_.load(); }
  void advance(int64_t ms) { offset_ms_ += ms; }

 private:
  std::atomic<int64_t> offset_ms_{0};
};

class LiveServer {
 public:
  // Imports `document` into a fresh database under a temp dir and starts serving.
  explicit LiveServer(const Json& document, LiveServerOptions options = {}) : options_(options) {
    dir_ = std::filesystem::temp_directory_path() /
           ("liangfen-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "contest.db").string();
    auto store = ContestStore::open(db_);
    EXPECT_TRUE(store.ok());
    EXPECT_TRUE(store.value()->import_contest(document, clock_.now_ms()).ok());
    EXPECT_TRUE(add_known_people(*store.value()).ok());
    start(std::move(store.value()));
  }
  ~LiveServer() {
    stop();
    std::filesystem::remove_all(dir_);
  }

  void start(std::unique_ptr<ContestStore> store) {
    auto svc = ContestService::open(std::move(store), clock_);
    ASSERT_TRUE(svc.ok()) << svc.status().to_string();
    service_ = std::move(svc.value());
    HttpOptions opt;
    opt.threads = 64;
    opt.backup_dir = options_.backup_dir.empty() ? dir_.string() : options_.backup_dir;
    opt.feed_keepalive = options_.feed_keepalive;
    opt.costly_reads_per_s = options_.costly_reads_per_s;
    opt.costly_burst = options_.costly_burst;
    opt.log = [this](const std::string& line) {
      std::lock_guard lock(log_mu_);
      log_.push_back(line);
    };
    if (options_.tls) {
      auto identity = load_or_create_tls_identity(db_, "liangfen test");
      ASSERT_TRUE(identity.ok()) << identity.status().to_string();
      opt.tls = true;
      opt.tls_certificate_file = identity->certificate_file;
      opt.tls_key_file = identity->key_file;
      fingerprint_ = identity->fingerprint;
    }
    api_ = std::make_unique<HttpApi>(*service_, opt);
    auto port = api_->bind(options_.host, options_.port);
    ASSERT_TRUE(port.ok()) << port.status().to_string();
    port_ = port.value();
    thread_ = std::thread([this] { api_->serve(); });
    while (!api_->ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void stop() {
    if (!api_) return;
    api_->stop();
    thread_.join();
    api_.reset();
    service_.reset();
  }
  void restart() {
    stop();
    auto store = ContestStore::open(db_);
    ASSERT_TRUE(store.ok());
    start(std::move(store.value()));
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }
  // Logs in with the code of `person` and returns the token.
  std::string login(const std::string& person) { return login_with_code(code_of(person)); }
  // Logs in with `code` (a re-issued one) and returns the token ("" when refused).
  std::string login_with_code(const std::string& code) {
    auto c = client();
    Json body = {{"code", code}, {"api_version", protocol::kApiVersion}};
    auto r = c.Post(protocol::path::kLogin, body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200) << code << ": " << (r ? r->body : "no answer");
    if (!r || r->status != 200) return "";
    return Json::parse(r->body)["token"].get<std::string>();
  }
  // POST with a bearer token; returns status and parsed body.
  std::pair<int, Json> post(const std::string& token, const char* path, const Json& body) {
    auto c = client();
    httplib::Headers h = {{"Authorization", "Bearer " + token}};
    auto r = c.Post(path, h, body.dump(), "application/json");
    if (!r) return {0, Json()};
    return {r->status, Json::parse(r->body, nullptr, false)};
  }
  std::pair<int, Json> get(const std::string& token, const char* path) {
    auto c = client();
    httplib::Headers h = {{"Authorization", "Bearer " + token}};
    auto r = c.Get(path, h);
    if (!r) return {0, Json()};
    return {r->status, Json::parse(r->body, nullptr, false)};
  }
  static std::string code_of(const std::string& person) { return test::code_of(person); }
  const std::string& db_path() const { return db_; }
  int port() const { return port_; }
  ContestService& service() { return *service_; }
  // The server's clock jumps forward (session expiry; the service is told nothing else).
  void advance_clock(int64_t ms) { clock_.advance(ms); }
  // TLS: the SHA-256 fingerprint of the server's certificate.
  const std::string& fingerprint() const { return fingerprint_; }
  // Every line the server logged (one per request: "http POST /api/login 200 from ...").
  std::vector<std::string> log_lines() {
    std::lock_guard lock(log_mu_);
    return log_;
  }

 private:
  LiveServerOptions options_;
  std::string fingerprint_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
  inline static int counter_ = 0;
  OffsetClock clock_;
  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<ContestService> service_;
  std::unique_ptr<HttpApi> api_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace lf::test
