// liangfen-server: the live contest over the venue's network. Wiring only: options, the
// store, the service, the HTTP API, backups, signals, logs.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "data/format/resource_files.h"
#include "data/store/contest_store.h"
#include "scoring/server/contest_service.h"
#include "scoring/server/http_api.h"
#include "scoring/server/log_file.h"
#include "scoring/server/tls_certificate.h"

namespace {

// The text log beside the database; it reopens itself after a failed write (a full disk).
std::unique_ptr<lf::LogFile> g_log;

void log_line(const std::string& what) {
  if (g_log) g_log->write(what);
  else std::cerr << what << "\n";
}

lf::HttpApi* g_api = nullptr;
std::mutex stop_mu;
std::condition_variable stop_cv;
std::atomic<bool> stop_requested{false};  // lock-free: safe to set from a signal handler

void on_signal(int) {
  // Only async-signal-safe work here: a flag; a watcher thread does the rest.
  stop_requested = true;
}

std::string default_data_dir() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  std::string dir = xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share";
  return dir + "/liangfen";
}

// Every connection is a file descriptor: raise the soft limit (often 1024) to the hard one so
// the HTTP layer's connection caps, not the kernel, decide who is refused.
void raise_open_file_limit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
}

int usage() {
  std::cerr << "usage: liangfen-server [--db FILE.db] [--import FILE.contest.json]\n"
               "                       [--listen HOST:PORT] [--threads N] [--backup-minutes N]\n"
               "                       [--session-idle-hours H] [--session-max-hours H] [--plain-http]\n"
               "  --plain-http: no TLS (only on a trusted wired network: anyone on the network can\n"
               "                read codes, tokens and marks). Default: HTTPS with a self-signed\n"
               "                certificate kept beside the database (DB.crt, DB.key)\n"
               "  --session-idle-hours: a login unused this long ends (default 8)\n"
               "  --session-max-hours:  a login ends this long after it began (default 24)\n"
               "With no --db, serves the bundled sample contest from "
            << default_data_dir() << "/sample.db\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, import, listen = "0.0.0.0:8080";
  // Handlers mostly wait for the writer's commit; more of them share one fsync. Idle and slow
  // connections take none (the HTTP layer is event-driven).
  int threads = 128, backup_minutes = 5;
  double idle_hours = 8, max_hours = 24;
  bool plain_http = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") db = next();
    else if (a == "--import") import = next();
    else if (a == "--listen") listen = next();
    else if (a == "--threads") threads = std::atoi(next().c_str());
    else if (a == "--backup-minutes") backup_minutes = std::atoi(next().c_str());
    else if (a == "--session-idle-hours") idle_hours = std::atof(next().c_str());
    else if (a == "--session-max-hours") max_hours = std::atof(next().c_str());
    else if (a == "--plain-http") plain_http = true;
    else return usage();
  }
  if (db.empty()) {
    std::string dir = default_data_dir();
    std::error_code ec;  // a failure shows at opening the database, with its path
    std::filesystem::create_directories(dir, ec);
    db = dir + "/sample.db";
    if (import.empty()) import = lf::resource_path("samples/county-2026.contest.json");
  }
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || threads < 4 || !(idle_hours > 0) || !(max_hours > 0)) return usage();
  std::string host = listen.substr(0, colon);
  int port = std::atoi(listen.c_str() + colon + 1);

  raise_open_file_limit();
  g_log = std::make_unique<lf::LogFile>(db + ".log");
  auto store = lf::ContestStore::open(db);
  if (!store.ok()) {
    log_line("error: " + store.status().to_string());
    return 2;
  }
  if (!store.value()->has_contest()) {
    if (import.empty()) {
      log_line("error: " + db + " holds no contest yet; start with --import FILE.contest.json");
      return 2;
    }
    auto file = lf::load_contest_file(import);
    if (!file.ok()) {
      log_line("error: " + import + " refused:\n" + file.status().to_string());
      return 2;
    }
    lf::SystemClock clock;
    if (auto s = store.value()->import_contest(file->document, clock.now_ms()); !s.ok()) {
      log_line("error: import failed: " + s.to_string());
      return 2;
    }
    log_line("imported " + import + " into " + db);
  } else if (!import.empty()) {
    log_line("note: " + db + " already holds a contest; --import ignored, carrying on where it stopped");
  }
  static lf::SystemClock clock;
  auto service = lf::ContestService::open(std::move(store.value()), clock);
  if (!service.ok()) {
    log_line("error: " + service.status().to_string());
    return 2;
  }
  service.value()->set_session_limits({int64_t(idle_hours * 3600 * 1000), int64_t(max_hours * 3600 * 1000)});
  lf::HttpOptions options;
  options.threads = threads;
  options.backup_dir = std::filesystem::path(db).parent_path().string();
  options.log = log_line;
  if (plain_http) {
    log_line("WARNING: --plain-http: 未加密！同一网络上的任何人都能看到登录码、令牌和未公布的分数，也能伪造请求。"
             "只在可信的有线网络上这样用。 — NOT ENCRYPTED: anyone on this network can read login codes, "
             "tokens and unpublished marks, and forge requests. Use only on a trusted wired network.");
  } else {
    auto identity = lf::load_or_create_tls_identity(db, service.value()->contest().name);
    if (!identity.ok()) {
      log_line("error: " + identity.status().to_string());
      return 2;
    }
    options.tls = true;
    options.tls_certificate_file = identity->certificate_file;
    options.tls_key_file = identity->key_file;
    log_line(std::string(identity->created ? "made a new TLS certificate " : "TLS certificate ") +
             identity->certificate_file + "; SHA-256 fingerprint " + identity->fingerprint +
             " (code sheet: " + lf::short_fingerprint(identity->fingerprint) + ")");
  }
  // Owned here so that it ends before the service it listens to (it unhooks itself from it).
  auto api = std::make_unique<lf::HttpApi>(*service.value(), options);
  auto bound = api->bind(host, port);
  if (!bound.ok()) {
    log_line("error: " + bound.status().to_string());
    return 2;
  }
  g_api = api.get();
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);

  // Watches for a stop signal and takes a rotating backup every few minutes.
  std::thread watcher([&] {
    auto next_backup = std::chrono::steady_clock::now() + std::chrono::minutes(backup_minutes);
    int slot = 0;
    while (!stop_requested) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (backup_minutes > 0 && std::chrono::steady_clock::now() >= next_backup) {
        lf::Session organizer{"organizer", "organizer", "", -1, -1};
        std::string path = db + ".backup" + std::to_string(1 + slot);
        slot = 1 - slot;
        try {  // the watcher must outlive a failed backup
          auto r = service.value()->backup(organizer, path);
          log_line(r.ok() ? "backup written to " + path : "error: backup failed: " + r.body.dump());
        } catch (const std::exception& e) {
          log_line(std::string("error: backup failed: ") + e.what());
        }
        next_backup += std::chrono::minutes(backup_minutes);
      }
    }
    log_line("stopping (signal received)");
    api->stop();
  });
  log_line("liangfen-server: contest \"" + service.value()->contest().name + "\" on " + (plain_http ? "http://" : "https://") + host +
           ":" + std::to_string(bound.value()) + " (database " + db + ")");
  api->serve();
  stop_requested = true;
  watcher.join();
  api.reset();              // the HTTP layer first: it still refers to the service
  service.value().reset();  // finishes queued changes
  log_line("stopped");
  return 0;
}
