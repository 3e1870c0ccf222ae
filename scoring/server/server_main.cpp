// liangfen-server: the live contest over the venue's network. Wiring only: options, the
// store, the service, the HTTP API, backups, signals, logs.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "data/format/resource_files.h"
#include "data/store/contest_store.h"
#include "scoring/server/contest_service.h"
#include "scoring/server/http_api.h"
#include "scoring/server/lan_announcer.h"
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
  std::cerr << "用法：liangfen-server [--db 数据库.db] [--import 比赛文件.contest.json]\n"
               "                      [--listen 地址:端口] [--threads 线程数] [--backup-minutes 分钟]\n"
               "                      [--session-idle-hours 小时] [--session-max-hours 小时] [--plain-http]\n"
               "                      [--no-announce]\n"
               "  --listen：在哪个地址和端口上服务（默认 0.0.0.0:8080，即本机所有网卡）\n"
               "  --backup-minutes：每隔多少分钟备份一次数据库（默认 5；0 为不备份）\n"
               "  --plain-http：不加密（只可用于可信的有线网络：同一网络上的人能看到登录码、令牌和分数）。\n"
               "                默认用 HTTPS，自签名证书存放在数据库旁（数据库.crt、数据库.key）\n"
               "  --session-idle-hours：登录后闲置这么久即失效（默认 8）\n"
               "  --session-max-hours：登录后这么久即失效（默认 24）\n"
               "  --no-announce：不在局域网上公布本服务器（默认公布，评委终端的登录页据此列出服务器；\n"
               "                 须本机运行 avahi-daemon，没有时照常运行）\n"
               "不给 --db 时，运行自带的示例比赛，数据库在 "
            << default_data_dir() << "/sample.db\n";
  return 1;
}

// The command line, read and checked.
struct ServerOptions {
  std::string db, import, host;
  int port = 0;
  // Handlers mostly wait for the writer's commit; 32 of them share one fsync. Idle and slow
  // connections take none (the HTTP layer is event-driven), and one login holds at most a
  // quarter of them (http_server.h), so a flood by one insider leaves the rest to the others.
  int threads = 32, backup_minutes = 5;
  double idle_hours = 8, max_hours = 24;
  bool plain_http = false, no_announce = false;
};

// nullopt when the usage text should be shown. Without --db: the bundled sample in the data
// folder.
std::optional<ServerOptions> read_options(int argc, char** argv) {
  ServerOptions o;
  std::string listen = "0.0.0.0:8080";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db")
      o.db = next();
    else if (a == "--import")
      o.import = next();
    else if (a == "--listen") listen = next();
    else if (a == "--threads")
      o.threads = std::atoi(next().c_str());
    else if (a == "--backup-minutes")
      o.backup_minutes = std::atoi(next().c_str());
    else if (a == "--session-idle-hours")
      o.idle_hours = std::atof(next().c_str());
    else if (a == "--session-max-hours")
      o.max_hours = std::atof(next().c_str());
    else if (a == "--plain-http")
      o.plain_http = true;
    else if (a == "--no-announce")
      o.no_announce = true;
    else
      return std::nullopt;
  }
  if (o.db.empty()) {
    std::string dir = default_data_dir();
    std::error_code ec;  // a failure shows at opening the database, with its path
    std::filesystem::create_directories(dir, ec);
    o.db = dir + "/sample.db";
    if (o.import.empty()) o.import = lf::resource_path("samples/county-2026.contest.json");
  }
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || o.threads < 4 || !(o.idle_hours > 0) || !(o.max_hours > 0))
    return std::nullopt;
  o.host = listen.substr(0, colon);
  o.port = std::atoi(listen.c_str() + colon + 1);
  return o;
}

// The database, with the contest imported on first start; null (said in the log) when it
// cannot be opened or has no contest to run.
std::unique_ptr<lf::ContestStore> open_store(const ServerOptions& o) {
  const std::string& db = o.db;
  const std::string& import = o.import;
  auto store = lf::ContestStore::open(db);
  if (!store.ok()) {
    log_line("错误：" + store.status().to_string());
    return nullptr;
  }
  if (!store.value()->has_contest()) {
    if (import.empty()) {
      log_line("错误：数据库 " + db + " 里还没有比赛；第一次启动请加 --import 比赛文件.contest.json");
      return nullptr;
    }
    auto file = lf::load_contest_file(import);
    if (!file.ok()) {
      log_line("错误：比赛文件 " + import + " 有误，未导入：\n" + file.status().to_string());
      return nullptr;
    }
    lf::SystemClock clock;
    if (auto s = store.value()->import_contest(file->document, clock.now_ms()); !s.ok()) {
      log_line("错误：导入失败：" + s.to_string());
      return nullptr;
    }
    log_line("已将比赛文件 " + import + " 导入数据库 " + db);
  } else if (!import.empty()) {
    log_line("注意：数据库 " + db + " 里已有比赛，未再导入 " + import + "，从上次停下的地方继续");
  }
  return std::move(store.value());
}

// The HTTP layer's options: HTTPS with the certificate beside the database (made on first
// start), or --plain-http with its warning. False (said in the log) when there is no identity.
bool http_options(const ServerOptions& o, const lf::ContestService& service,
                  lf::HttpOptions& options) {
  options.threads = o.threads;
  options.backup_dir = std::filesystem::path(o.db).parent_path().string();
  options.log = log_line;
  if (o.plain_http) {
    log_line(
        "警告：--plain-http "
        "未加密！同一网络上的任何人都能看到登录码、令牌和未公布的分数，也能伪造请求。"
        "只在可信的有线网络上这样用。");
    return true;
  }
  auto identity = lf::load_or_create_tls_identity(o.db, service.contest()->name);
  if (!identity.ok()) {
    log_line("错误：" + identity.status().to_string());
    return false;
  }
  options.tls = true;
  options.tls_certificate_file = identity->certificate_file;
  options.tls_key_file = identity->key_file;
  log_line(std::string(identity->created ? "已生成新的服务器证书 " : "服务器证书 ") +
           identity->certificate_file + "；SHA-256 指纹 " + identity->fingerprint +
           "（登录码单上印的是 " + lf::short_fingerprint(identity->fingerprint) + "）");
  return true;
}

// The watcher thread: waits for a stop signal, taking a rotating backup every few minutes,
// then stops the HTTP layer.
void watch_for_stop(const ServerOptions& o, lf::ContestService& service, lf::HttpApi& api) {
  const int backup_minutes = o.backup_minutes;
  auto next_backup = std::chrono::steady_clock::now() + std::chrono::minutes(backup_minutes);
  int slot = 0;
  while (!stop_requested) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (backup_minutes > 0 && std::chrono::steady_clock::now() >= next_backup) {
      lf::Session organizer{"organizer", "organizer", "", -1, -1};
      std::string path = o.db + ".backup" + std::to_string(1 + slot);
      slot = 1 - slot;
      try {  // the watcher must outlive a failed backup
        auto r = service.backup(organizer, path);
        log_line(r.ok() ? "已备份到 " + path
                        : "错误：备份失败：" + r.body.value("error", r.body.dump()));
      } catch (const std::exception& e) {
        log_line(std::string("错误：备份失败：") + e.what());
      }
      next_backup += std::chrono::minutes(backup_minutes);
    }
  }
  log_line("收到停止信号，正在停止");
  api.stop();
}

}  // namespace

int main(int argc, char** argv) {
  auto read = read_options(argc, argv);
  if (!read) return usage();
  const ServerOptions& o = *read;
  raise_open_file_limit();
  g_log = std::make_unique<lf::LogFile>(o.db + ".log");
  auto store = open_store(o);
  if (!store) return 2;
  static lf::SystemClock clock;
  auto service = lf::ContestService::open(std::move(store), clock);
  if (!service.ok()) {
    log_line("错误：" + service.status().to_string());
    return 2;
  }
  service.value()->set_session_limits(
      {int64_t(o.idle_hours * 3600 * 1000), int64_t(o.max_hours * 3600 * 1000)});
  lf::HttpOptions options;
  if (!http_options(o, *service.value(), options)) return 2;
  // Owned here so that it ends before the service it listens to (it unhooks itself from it).
  auto api = std::make_unique<lf::HttpApi>(*service.value(), options);
  auto bound = api->bind(o.host, o.port);
  if (!bound.ok()) {
    log_line("错误：" + bound.status().to_string());
    return 2;
  }
  g_api = api.get();
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  std::thread watcher([&] { watch_for_stop(o, *service.value(), *api); });
  log_line("liangfen-server：比赛“" + service.value()->contest()->name + "”在 " +
           (o.plain_http ? "http://" : "https://") + o.host + ":" + std::to_string(bound.value()) +
           " 上运行（数据库 " + o.db + "）");
  // Found by the consoles on the LAN (not when it listens on loopback only: nobody else could
  // reach it). Ends before the HTTP layer, below.
  std::unique_ptr<lf::LanAnnouncer> announcer;
  if (o.host.rfind("127.", 0) != 0 && o.host != "localhost" && !o.no_announce) {
    announcer = lf::make_avahi_announcer(log_line);
    lf::announce_on_lan(
        *announcer,
        lf::liangfen_service(service.value()->contest()->name, bound.value(), !o.plain_http),
        log_line);
  }
  api->serve();
  stop_requested = true;
  watcher.join();
  announcer.reset();        // unannounced before the server stops answering
  api.reset();              // the HTTP layer first: it still refers to the service
  service.value().reset();  // finishes queued changes
  log_line("已停止");
  return 0;
}
