// liangfen-bench-memory: the server's memory does not grow with the length of its log.
//
// A timekeeper floods the server with clock changes (the cheapest event to send, and the one a
// hostile timekeeper would repeat); the resident memory of the service is read after 1,000
// events and after N (default 1,000,000), and then a fresh process opens the same database and
// reports its memory (a restart must not need memory in proportion to the database).
//
//   liangfen-bench-memory [--events N] [--threads T] [--dir DIR]
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "tests/data/test_files.h"
#include "scoring/protocol/protocol.h"
#include "scoring/server/contest_service.h"
#include "tests/server/known_people.h"

namespace {

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

std::unique_ptr<lf::ContestService> open_service(const std::string& db, const lf::Clock& clock) {
  auto store = lf::ContestStore::open(db);
  if (!store.ok()) {
    std::cerr << store.status().to_string() << "\n";
    std::exit(2);
  }
  auto svc = lf::ContestService::open(std::move(store.value()), clock);
  if (!svc.ok()) {
    std::cerr << svc.status().to_string() << "\n";
    std::exit(2);
  }
  return std::move(svc.value());
}

// Sends clock changes from `threads` timekeepers until `total` events are in the log.
void flood(lf::ContestService& svc, int64_t total, int threads) {
  lf::Session timer{"timer:PRE", lf::protocol::role::kTimekeeper, "timer", 0, -1};
  std::atomic<int64_t> left{total};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      int64_t i = 0;
      while (left.fetch_sub(1) > 0) {
        lf::Json body = {{"running", (i++ % 2) == 0}, {"elapsed_ms", (t * 7919 + i) % 100000}, {"section", "speech"}};
        lf::Reply r = svc.change(timer, "clock", body);
        if (!r.ok()) {
          std::cerr << "refused: " << r.body.dump() << "\n";
          std::exit(2);
        }
      }
    });
  for (auto& th : ts) th.join();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = 1000000;
  int threads = 64;
  std::string dir = std::filesystem::temp_directory_path() / "liangfen-bench-memory";
  std::string open_only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--events" && i + 1 < argc) events = std::atoll(argv[++i]);
    else if (a == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (a == "--dir" && i + 1 < argc) dir = argv[++i];
    else if (a == "--open-only" && i + 1 < argc) open_only = argv[++i];
    else {
      std::cerr << "usage: liangfen-bench-memory [--events N] [--threads T] [--dir DIR]\n";
      return 1;
    }
  }
  lf::SystemClock clock;
  if (!open_only.empty()) {  // the restart, in a fresh process
    long before = rss_kib();
    auto t0 = std::chrono::steady_clock::now();
    auto svc = open_service(open_only, clock);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("restart: opened a log of %lld events in %.0f ms; RSS %ld KiB (process before: %ld KiB)\n",
                static_cast<long long>(svc->last_seq()), ms, rss_kib(), before);
    return 0;
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = dir + "/memory.db";
  if (auto s = lf::test::create_contest_db(db, lf::test::sample_without_results()); !s.ok()) {
    std::cerr << s.to_string() << "\n";
    return 2;
  }
  long start_rss;
  {
    auto svc = open_service(db, clock);
    start_rss = rss_kib();
    flood(*svc, 1000, threads);
    long rss_1k = rss_kib();
    auto t0 = std::chrono::steady_clock::now();
    flood(*svc, events - 1000, threads);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    long rss_n = rss_kib();
    std::printf("service open: RSS %ld KiB\n", start_rss);
    std::printf("after %lld events: RSS %ld KiB\n", 1000LL, rss_1k);
    std::printf("after %lld events: RSS %ld KiB (%.2fx the 1k figure); %.0f durable events/s with %d threads\n",
                static_cast<long long>(svc->last_seq()), rss_n, double(rss_n) / double(rss_1k),
                double(events - 1000) / s, threads);
  }
  std::printf("database: %.1f MiB\n", double(std::filesystem::file_size(db)) / (1024.0 * 1024.0));
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execl("/proc/self/exe", argv[0], "--open-only", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::filesystem::remove_all(dir);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
