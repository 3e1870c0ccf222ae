// Load on the scoring server over loopback: N judges submitting marks at once (each waits for
// "saved" before the next, as a tablet does), and L displays listening to the live feed while
// head judges publish. Prints throughput and p50/p99 latency, and the raw SQLite rate of
// single-row durable commits on the same disk for comparison. Not a test: figures go to
// docs/performance.md.
//
//   liangfen-bench-server [--judges 10,100,300] [--listeners 200] [--seconds 5]
//                         [--publishes 40] [--pace-ms 100] [--dir DIR]
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "client/api_client.h"
#include "client/event_stream.h"
#include "data/contest_file.h"
#include "data/contest_store.h"
#include "protocol/protocol.h"
#include "server/contest_service.h"
#include "server/http_api.h"
#include "server/known_people.h"  // tests/server: known login codes

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using lf::Json;

const char* kSections[] = {"speech", "class_meeting", "qa", "talent"};

// One group per 10 judges; each group has one venue running all four sections with a panel
// of 10 and 60 contestants.
Json generate_contest(int judges) {
  int groups = (judges + 9) / 10;
  Json d = {{"format", "liangfen.contest/1"},
            {"contest", {{"name", "load"}}},
            {"sections", Json::parse(R"([
              {"key":"speech","name":"a","max_points":30,"min_time_s":180,"max_time_s":300},
              {"key":"class_meeting","name":"b","max_points":30,"min_time_s":300,"max_time_s":480},
              {"key":"qa","name":"c","max_points":30,"max_time_s":300},
              {"key":"talent","name":"d","max_points":10,"min_time_s":180,"max_time_s":300}])")},
            {"tie_break", {"qa", "class_meeting", "speech", "talent"}}};
  Json group_list = Json::array(), group_keys = Json::array(), venues = Json::array(),
       judge_list = Json::array(), contestants = Json::array();
  for (int g = 0; g < groups; ++g) {
    std::string gk = "g" + std::to_string(g);
    group_list.push_back({{"key", gk}, {"name", gk}});
    group_keys.push_back(gk);
    Json panel = Json::array();
    for (int j = 0; j < 10; ++j) {
      std::string id = "J" + std::to_string(g * 10 + j);
      judge_list.push_back({{"id", id}, {"name", "评委" + id}});
      panel.push_back(id);
    }
    venues.push_back({{"key", "V" + std::to_string(g)}, {"round", "final"}, {"group", gk},
                      {"sections", {"speech", "class_meeting", "qa", "talent"}}, {"judges", panel}});
    for (int c = 0; c < 60; ++c)
      contestants.push_back({{"id", "C" + std::to_string(g) + "_" + std::to_string(c)},
                             {"name", "选手"}, {"school", "学校"}, {"group", gk}});
  }
  d["groups"] = group_list;
  d["rounds"] = Json::array({{{"key", "final"}, {"name", "F"}, {"groups", group_keys}}});
  d["venues"] = venues;
  d["judges"] = judge_list;
  d["contestants"] = contestants;
  return d;
}

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
};
Percentiles percentiles(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(q * double(v.size())))]; };
  return {at(0.50), at(0.99), v.back()};
}
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Single-row INSERT transactions, WAL + synchronous=FULL, for `seconds`: the disk's durable
// commit rate, which bounds any server that commits each mark on its own.
struct RawRate {
  double per_s = 0;
  double p50 = 0, p99 = 0;
};
RawRate raw_commit_rate(const std::string& path, double seconds) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "CREATE TABLE t(id INTEGER PRIMARY KEY, payload TEXT NOT NULL);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(payload) VALUES(?)", -1, &st, nullptr);
  const std::string payload(160, 'x');  // about one mark event
  int n = 0;
  std::vector<double> each;
  auto start = Clock::now();
  while (ms_since(start) < seconds * 1000) {
    auto t0 = Clock::now();
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_bind_text(st, 1, payload.c_str(), int(payload.size()), SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    each.push_back(ms_since(t0));
    ++n;
  }
  double rate = n / (ms_since(start) / 1000);
  sqlite3_finalize(st);
  sqlite3_close(db);
  Percentiles p = percentiles(each);
  return {rate, p.p50, p.p99};
}

struct Server {
  std::unique_ptr<lf::ContestService> service;
  std::unique_ptr<lf::HttpApi> api;
  std::thread thread;
  int port = 0;
  ~Server() {
    api->stop();
    thread.join();
  }
};

std::unique_ptr<Server> start_server(const std::string& db, const Json& contest, int threads) {
  static lf::SystemClock clock;
  auto store = lf::ContestStore::open(db);
  if (!store.ok()) throw std::runtime_error(store.status().to_string());
  if (auto s = store.value()->import_contest(contest, 0); !s.ok()) throw std::runtime_error(s.to_string());
  if (auto s = lf::test::add_known_people(*store.value()); !s.ok()) throw std::runtime_error(s.to_string());
  auto server = std::make_unique<Server>();
  server->service = std::move(lf::ContestService::open(std::move(store.value()), clock).value());
  lf::HttpOptions opt;
  opt.threads = threads;
  server->api = std::make_unique<lf::HttpApi>(*server->service, opt);
  server->port = server->api->bind("127.0.0.1", 0).value();
  server->thread = std::thread([s = server.get()] { s->api->serve(); });
  while (!server->api->ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return server;
}

lf::ApiClient logged_in(int port, const std::string& person) {
  lf::ApiClient c({"127.0.0.1", port});
  c.set_timeout_s(30);
  auto a = c.login(lf::test::code_of(person));
  if (!a.ok()) throw std::runtime_error(person + ": " + a.message());
  return c;
}

void require(const lf::ApiAnswer& a, const std::string& what) {
  if (!a.ok()) throw std::runtime_error(what + ": " + std::to_string(a.status) + " " + a.message());
}

std::string mark_points(int section, int i) {
  int max_tenths = section == 3 ? 100 : 300;
  int t = max_tenths / 2 + (i * 7) % (max_tenths / 2);
  return std::to_string(t / 10) + "." + std::to_string(t % 10);
}

// N judges, each on a keep-alive connection, submitting marks one after another for the
// contestant on stage in their venue (the first mark, then corrections: each one a durable
// event), for `seconds`. pace_ms = 0: each sends the next as soon as the last is saved (the
// server's ceiling); otherwise each waits pace_ms between marks (a busy but paced hall; a
// real judge enters one mark every half minute or so).
void submission_load(const std::string& dir, int judges, double seconds, double raw_rate,
                     int pace_ms) {
  std::string db = dir + "/load-" + std::to_string(judges) + "-" + std::to_string(pace_ms) + ".db";
  Json contest = generate_contest(judges);
  auto server = start_server(db, contest, judges + 64);
  int venues = (judges + 9) / 10;
  for (int v = 0; v < venues; ++v) {
    auto head = logged_in(server->port, "head:V" + std::to_string(v));
    require(head.post(lf::protocol::path::kStage,
                      {{"venue", "V" + std::to_string(v)}, {"contestant", "C" + std::to_string(v) + "_0"}}),
            "stage");
  }
  std::vector<std::vector<double>> latencies{size_t(judges)};
  std::atomic<int> errors{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int j = 0; j < judges; ++j) {
    threads.emplace_back([&, j] {
      std::string id = "J" + std::to_string(j);
      lf::ApiClient login = logged_in(server->port, id);
      httplib::Client c("127.0.0.1", server->port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      c.set_read_timeout(30, 0);
      c.set_bearer_token_auth(login.token());
      std::string contestant = "C" + std::to_string(j / 10) + "_0";
      while (!go) std::this_thread::yield();
      // Paced judges start spread over one period, as a hall's do, not all in one instant.
      if (pace_ms > 0) std::this_thread::sleep_for(std::chrono::microseconds(pace_ms * 1000 * j / judges));
      auto start = Clock::now();
      for (int i = 0; ms_since(start) < seconds * 1000; ++i) {
        int s = i % 4;
        Json body = {{"round", "final"}, {"contestant", contestant}, {"section", kSections[s]},
                     {"points", Json::parse(mark_points(s, i + j))},
                     {"idempotency_key", id + "-" + std::to_string(i)}};
        auto t0 = Clock::now();
        auto r = c.Post(lf::protocol::path::kMarks, body.dump(), "application/json");
        if (!r || r->status != 200) {
          ++errors;
          continue;
        }
        latencies[size_t(j)].push_back(ms_since(t0));
        if (pace_ms > 0) std::this_thread::sleep_until(t0 + std::chrono::milliseconds(pace_ms));
      }
    });
  }
  auto start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  double elapsed = ms_since(start) / 1000;
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  Percentiles p = percentiles(all);
  double rate = double(all.size()) / elapsed;
  std::string mode = pace_ms > 0 ? "paced 1 per " + std::to_string(pace_ms) + " ms" : "flat out";
  std::printf("judges=%-4d %-18s marks=%-7zu errors=%d  %6.0f durable marks/s (%.2f x raw)  "
              "latency p50=%.2f ms p99=%.2f ms max=%.1f ms\n",
              judges, mode.c_str(), all.size(), errors.load(), rate, rate / raw_rate, p.p50, p.p99,
              p.max);
  std::fflush(stdout);
}

// L display listeners on the live feed; a head judge completes and publishes sections one by
// one; each publish is timed from just before the POST to each listener's receipt.
void publish_to_listeners(const std::string& dir, int listeners, int publishes) {
  std::string db = dir + "/listen.db";
  Json contest = generate_contest(10);
  auto server = start_server(db, contest, listeners + 64);
  int port = server->port;
  auto head = logged_in(port, "head:V0");
  auto timer = logged_in(port, "timer:V0");
  std::vector<lf::ApiClient> judges;
  for (int j = 0; j < 10; ++j) judges.push_back(logged_in(port, "J" + std::to_string(j)));
  auto display = logged_in(port, "display:main");

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::vector<Clock::time_point>> received{size_t(listeners)};
  int connected = 0;
  std::vector<std::unique_ptr<lf::EventStream>> streams;
  for (int l = 0; l < listeners; ++l) {
    streams.push_back(std::make_unique<lf::EventStream>(
        lf::ServerAddress{"127.0.0.1", port}, display.token(), 0,
        [&, l](const lf::SseEvent& e) {
          if (e.event != "publish") return;
          auto now = Clock::now();
          std::lock_guard lock(mu);
          received[size_t(l)].push_back(now);
          cv.notify_all();
        },
        [&](bool up, const std::string&) {
          std::lock_guard lock(mu);
          if (up) ++connected;
          cv.notify_all();
        }));
    streams.back()->start();
  }
  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return connected >= listeners; });
  }
  std::vector<double> latency, publish_reply;
  int done = 0;
  for (int c = 0; done < publishes && c < 60; ++c) {
    std::string ct = "C0_" + std::to_string(c);
    require(head.post(lf::protocol::path::kStage, {{"venue", "V0"}, {"contestant", ct}}), "stage");
    for (int s = 0; s < 4 && done < publishes; ++s) {
      Json key = {{"round", "final"}, {"contestant", ct}, {"section", kSections[s]}};
      for (int j = 0; j < 10; ++j) {
        Json m = key;
        m["points"] = Json::parse(mark_points(s, j + c));
        require(judges[size_t(j)].post(lf::protocol::path::kMarks, m), "mark");
      }
      Json t = key;
      t["duration_s"] = 200;
      require(timer.post(lf::protocol::path::kTimings, t), "timing");
      auto t0 = Clock::now();
      require(head.post(lf::protocol::path::kPublish, key), "publish");
      publish_reply.push_back(ms_since(t0));
      ++done;
      std::unique_lock lock(mu);
      bool all = cv.wait_for(lock, std::chrono::seconds(10), [&] {
        for (auto& r : received)
          if (int(r.size()) < done) return false;
        return true;
      });
      if (!all) throw std::runtime_error("a listener missed publish " + std::to_string(done));
      for (auto& r : received) latency.push_back(std::chrono::duration<double, std::milli>(r[size_t(done - 1)] - t0).count());
    }
  }
  for (auto& s : streams) s->stop();
  Percentiles p = percentiles(latency), q = percentiles(publish_reply);
  std::printf("listeners=%d publishes=%d deliveries=%zu  publish -> listener p50=%.2f ms "
              "p99=%.2f ms max=%.1f ms  (publish answered: p50=%.2f ms p99=%.2f ms)\n",
              listeners, done, latency.size(), p.p50, p.p99, p.max, q.p50, q.p99);
}

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::atoi(item.c_str()));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> judge_counts = {10, 100, 300};
  int listeners = 200, publishes = 40, pace_ms = 100;
  double seconds = 5;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--judges") judge_counts = parse_list(v);
    else if (a == "--listeners") listeners = std::atoi(v.c_str());
    else if (a == "--seconds") seconds = std::atof(v.c_str());
    else if (a == "--publishes") publishes = std::atoi(v.c_str());
    else if (a == "--dir") dir = v;
    else if (a == "--pace-ms") pace_ms = std::atoi(v.c_str());
  }
  bool temp = dir.empty();
  if (temp) dir = (fs::temp_directory_path() / ("liangfen-bench-" + std::to_string(::getpid()))).string();
  fs::create_directories(dir);
  try {
    RawRate r = raw_commit_rate(dir + "/raw.db", seconds);
    double raw = r.per_s;
    std::printf("raw SQLite single-row commits (WAL, synchronous=FULL) in %s: %.0f commits/s "
                "(each: p50=%.2f ms p99=%.2f ms)\n", dir.c_str(), raw, r.p50, r.p99);
    for (int n : judge_counts) submission_load(dir, n, seconds, raw, 0);
    for (int n : judge_counts) submission_load(dir, n, seconds, raw, pace_ms);
    if (listeners > 0) publish_to_listeners(dir, listeners, publishes);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench failed: %s\n", e.what());
    if (temp) fs::remove_all(dir);
    return 1;
  }
  if (temp) fs::remove_all(dir);
  return 0;
}
