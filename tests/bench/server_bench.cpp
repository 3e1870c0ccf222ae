// Load on the scoring server over loopback: N judges submitting marks at once (each waits for
// "saved" before the next, as a tablet does), and L displays listening to the live feed while
// head judges publish. Prints throughput and p50/p99 latency, and the raw SQLite rate of
// single-row durable commits on the same disk for comparison. Then the hostile connections
// scenario (issue 11): one judge's durable mark, quietly and then with S slow or silent
// connections and H live-feed listeners hanging on the server. Not a test: figures go to
// docs/performance.md.
//
//   liangfen-bench-server [--judges 10,100,300] [--listeners 200] [--seconds 5]
//                         [--publishes 40] [--pace-ms 100] [--dir DIR]
//                         [--hostile-slow 1000] [--hostile-listeners 1000] [--hostile-marks 200]
//                         [--insider-connections 200] [--insider-marks 200] [--history-flood 20000]
//                         [--only-insiders 1]
//
// The insider scenarios (issue 23): the judge's durable mark quietly and, in the same run on
// the same server, while one login hammers an expensive answer over many connections (the
// display's results, a flooded contestant's history, a timekeeper's state).
#include <netinet/in.h>
#include <poll.h>
#include <httplib.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "scoring/client/api_client.h"
#include "scoring/client/event_stream.h"
#include "data/format/contest_file.h"
#include "data/store/contest_store.h"
#include "scoring/protocol/protocol.h"
#include "scoring/server/contest_service.h"
#include "scoring/server/http_api.h"
#include "tests/data/test_files.h"
#include "tests/server/known_people.h"  // tests/server: known login codes
#include "tests/server/raw_socket.h"

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

// threads = 0: the server's default worker pool. rate_limit = false: no per-login limit (the
// flat-out scenarios have every judge send back to back, far above it, on purpose).
// bounded = false: the rules' bounds per person raised out of reach (live::Bounds): the load
// scenarios have each judge correct one mark thousands of times a minute, which a day never
// allows (ten corrections per mark, thirty changes a minute), to measure the store.
std::unique_ptr<Server> start_server(const std::string& db, const Json& contest, int threads,
                                     bool rate_limit = true, bool bounded = true) {
  static lf::SystemClock clock;
  auto store = lf::ContestStore::open(db);
  if (!store.ok()) throw std::runtime_error(store.status().to_string());
  if (auto s = store.value()->import_contest(contest, 0); !s.ok()) throw std::runtime_error(s.to_string());
  if (auto s = lf::test::add_known_people(*store.value()); !s.ok()) throw std::runtime_error(s.to_string());
  auto server = std::make_unique<Server>();
  server->service = std::move(lf::ContestService::open(std::move(store.value()), clock).value());
  if (!bounded) server->service->set_bounds(lf::live::Bounds::unbounded());
  lf::HttpOptions opt;
  if (threads > 0) opt.threads = threads;
  if (!rate_limit) opt.session_requests_per_s = 0;
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
  auto server = start_server(db, contest, 0, pace_ms > 0, /*bounded=*/false);
  int venues = (judges + 9) / 10;
  for (int v = 0; v < venues; ++v) {
    auto head = logged_in(server->port, "head:V" + std::to_string(v));
    require(head.post(lf::protocol::path::kStage,
                      {{"venue", "V" + std::to_string(v)}, {"contestant", "C" + std::to_string(v) + "_0"}}),
            "stage");
  }
  // Every judge logs in first, one after another, as tablets do over a morning: 300 logins
  // at once from this one address would overflow its queue at the login pacer (64 waiting).
  std::vector<std::string> tokens;
  for (int j = 0; j < judges; ++j) tokens.push_back(logged_in(server->port, "J" + std::to_string(j)).token());
  std::vector<std::vector<double>> latencies{size_t(judges)};
  std::atomic<int> errors{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int j = 0; j < judges; ++j) {
    threads.emplace_back([&, j] {
      std::string id = "J" + std::to_string(j);
      httplib::Client c("127.0.0.1", server->port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      c.set_read_timeout(30, 0);
      c.set_bearer_token_auth(tokens[size_t(j)]);
      std::string contestant = "C" + std::to_string(j / 10) + "_0";
      int64_t revision[4] = {0, 0, 0, 0};  // the seq of this judge's stored mark per section
      while (!go) std::this_thread::yield();
      // Paced judges start spread over one period, as a hall's do, not all in one instant.
      if (pace_ms > 0) std::this_thread::sleep_for(std::chrono::microseconds(pace_ms * 1000 * j / judges));
      auto start = Clock::now();
      for (int i = 0; ms_since(start) < seconds * 1000; ++i) {
        int s = i % 4;
        Json body = {{"round", "final"}, {"contestant", contestant}, {"section", kSections[s]},
                     {"points", Json::parse(mark_points(s, i + j))}, {"judge", id},
                     {"revision", revision[s]}, {"idempotency_key", id + "-" + std::to_string(i)}};
        auto t0 = Clock::now();
        auto r = c.Post(lf::protocol::path::kMarks, body.dump(), "application/json");
        if (!r || r->status != 200) {
          ++errors;
          continue;
        }
        latencies[size_t(j)].push_back(ms_since(t0));
        revision[s] = Json::parse(r->body, nullptr, false).value("seq", int64_t(0));
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

// `count` logins spread over `people` (round robin; a person keeps at most 8 logins).
std::vector<std::string> listener_tokens(int port, const std::vector<std::string>& people, int count) {
  std::vector<std::string> tokens;
  for (int i = 0; i < count; ++i) tokens.push_back(logged_in(port, people[size_t(i) % people.size()]).token());
  return tokens;
}

// L display listeners on the live feed; a head judge completes and publishes sections one by
// one; each publish is timed from just before the POST to each listener's receipt.
void publish_to_listeners(const std::string& dir, int listeners, int publishes) {
  std::string db = dir + "/listen.db";
  Json contest = generate_contest(10);
  auto server = start_server(db, contest, 0);
  int port = server->port;
  // The listeners' logins first (at most 4 live feeds per login; people who all see every
  // publish of V0), so the logins that post below are each person's newest.
  std::vector<std::string> people = {"display:main", "organizer", "head:V0"};
  for (int j = 0; j < 10; ++j) people.push_back("J" + std::to_string(j));
  std::vector<std::string> feed_tokens = listener_tokens(port, people, (listeners + 3) / 4);
  auto head = logged_in(port, "head:V0");
  auto timer = logged_in(port, "timer:V0");
  std::vector<lf::ApiClient> judges;
  for (int j = 0; j < 10; ++j) judges.push_back(logged_in(port, "J" + std::to_string(j)));

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::vector<Clock::time_point>> received{size_t(listeners)};
  int connected = 0;
  std::vector<std::unique_ptr<lf::EventStream>> streams;
  for (int l = 0; l < listeners; ++l) {
    streams.push_back(std::make_unique<lf::EventStream>(
        lf::ServerAddress{"127.0.0.1", port}, feed_tokens[size_t(l / 4)], 0,
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
        m["judge"] = "J" + std::to_string(j);
        m["revision"] = 0;
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

// ---- Hostile connections (issue 11) ----

// One judge (J01 of the sample contest, venue PRE) enters `count` marks one after another,
// `pace_ms` apart, each a durable event (first marks, then corrections); returns each
// latency from send to "saved".
std::vector<double> judge_marks(int port, const std::string& token, int count, int pace_ms, int& errors,
                                int64_t revision[4], int& sequence) {
  static const char* sections[] = {"speech", "class_meeting", "qa", "talent"};
  static const int max_tenths[] = {300, 300, 300, 100};
  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(5, 0);
  c.set_bearer_token_auth(token);
  std::vector<double> out;
  for (int i = 0; i < count; ++i, ++sequence) {
    int s = sequence % 4;
    int t = max_tenths[s] / 2 + (sequence * 7) % (max_tenths[s] / 2);
    Json body = {{"round", "prelim"}, {"contestant", "C001"}, {"section", sections[s]},
                 {"points", Json::parse(std::to_string(t / 10) + "." + std::to_string(t % 10))},
                 {"judge", "J01"}, {"revision", revision[s]},
                 {"idempotency_key", "hostile-" + std::to_string(sequence)}};
    auto t0 = Clock::now();
    auto r = c.Post(lf::protocol::path::kMarks, body.dump(), "application/json");
    double ms = ms_since(t0);
    if (!r || r->status != 200) {
      ++errors;
      if (errors <= 3)
        std::fprintf(stderr, "  mark refused: %s\n", r ? (std::to_string(r->status) + " " + r->body).c_str()
                                                       : httplib::to_string(r.error()).c_str());
    } else {
      out.push_back(ms);
      revision[s] = Json::parse(r->body, nullptr, false).value("seq", int64_t(0));
    }
    std::this_thread::sleep_until(t0 + std::chrono::milliseconds(pace_ms));
  }
  return out;
}

// Hundreds of client connections in one process: the soft limit on open files up to the hard one.
void raise_open_files_limit() {
  rlimit r{};
  ::getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = r.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &r);
}

// In one run: a judge's marks quietly, then with `slow` connections (half silent, half sending
// one header byte a second and reconnecting when the server cuts them off) and `listeners`
// live-feed connections (at most 4 per login, spread over the sample contest's people, read
// by one thread) open on the same server.
void hostile_connections(const std::string& dir, int slow, int listeners, int marks) {
  raise_open_files_limit();
  std::string db = dir + "/hostile.db";
  // One judge corrects C001's marks 400 times (the rules allow ten per mark): bounds raised.
  auto server = start_server(db, lf::test::sample_without_results(), 0, true, /*bounded=*/false);
  const int port = server->port;
  auto document = lf::load_contest_document(lf::test::sample_without_results());
  if (!document.ok()) throw std::runtime_error(document.status().to_string());
  const lf::Contest& contest = document->contest;

  // Listener logins first, so the judge's and the head judge's own logins are their newest.
  std::vector<std::string> people = {"organizer", "display:main", "steward"};
  for (const auto& v : contest.venues) {
    people.push_back("head:" + v.key);
    people.push_back("timer:" + v.key);
  }
  for (const auto& j : contest.judges) people.push_back(j.id);
  std::vector<std::string> tokens = listener_tokens(port, people, (listeners + 3) / 4);
  auto head = logged_in(port, "head:PRE");
  require(head.post(lf::protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C001"}}), "stage");
  auto judge = logged_in(port, "J01");

  int errors = 0, sequence = 0;
  int64_t revision[4] = {0, 0, 0, 0};
  const int pace_ms = 50;
  judge_marks(port, judge.token(), 20, pace_ms, errors, revision, sequence);  // warm up
  Percentiles quiet = percentiles(judge_marks(port, judge.token(), marks, pace_ms, errors, revision, sequence));

  // The hostile crowd.
  std::vector<int> feeds, silent, dribbling;
  for (int l = 0; l < listeners; ++l) {
    int fd = lf::test::connect_raw(port);
    if (fd < 0) throw std::runtime_error("listener " + std::to_string(l) + " could not connect");
    std::string get = "GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tokens[size_t(l / 4)] + "\r\n\r\n";
    ::send(fd, get.data(), get.size(), MSG_NOSIGNAL);
    feeds.push_back(fd);
  }
  for (int i = 0; i < slow; ++i) {
    int fd = lf::test::connect_raw(port);
    if (fd < 0) throw std::runtime_error("slow connection " + std::to_string(i) + " could not connect");
    (i % 2 ? dribbling : silent).push_back(fd);
  }
  std::atomic<bool> done{false};
  std::atomic<long> feed_bytes{0}, feeds_closed{0}, dribblers_cut{0};
  // Reads every listener (a display reads what it is sent).
  std::thread reader([&] {
    std::vector<pollfd> p;
    for (int fd : feeds) p.push_back({fd, POLLIN, 0});
    char buf[65536];
    while (!done) {
      if (::poll(p.data(), p.size(), 100) <= 0) continue;
      for (auto& e : p) {
        if (e.fd < 0 || !(e.revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t n = ::recv(e.fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
          feed_bytes += n;
        } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
          ++feeds_closed;
          e.fd = -1;
        }
      }
    }
  });
  // One header byte a second on each dribbling connection; when the server cuts one off (its
  // 10 s request deadline), another takes its place.
  std::thread dribbler([&] {
    const std::string request = "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 's') + "\r\n\r\n";
    std::vector<size_t> sent(dribbling.size(), 0);
    while (!done) {
      for (size_t i = 0; i < dribbling.size(); ++i) {
        char probe;
        bool gone = ::recv(dribbling[i], &probe, 1, MSG_DONTWAIT) == 0 ||
                    ::send(dribbling[i], &request[sent[i] % request.size()], 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0;
        if (gone) {
          ++dribblers_cut;
          ::close(dribbling[i]);
          dribbling[i] = lf::test::connect_raw(port);
          sent[i] = 0;
        } else {
          ++sent[i];
        }
      }
      for (int t = 0; t < 10 && !done; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(3));  // all connected, feeds caught up
  long bytes_before = feed_bytes;
  Percentiles loud = percentiles(judge_marks(port, judge.token(), marks, pace_ms, errors, revision, sequence));
  long bytes_during = feed_bytes - bytes_before;
  auto t0 = Clock::now();
  httplib::Client hc("127.0.0.1", port);
  hc.set_connection_timeout(5, 0);
  hc.set_read_timeout(5, 0);
  auto health = hc.Get(lf::protocol::path::kHealth);
  double health_ms = ms_since(t0);
  done = true;
  reader.join();
  dribbler.join();
  for (int fd : feeds) ::close(fd);
  for (int fd : silent) ::close(fd);
  for (int fd : dribbling)
    if (fd >= 0) ::close(fd);

  std::printf("hostile connections: one judge, a durable mark every %d ms, %d marks each phase, errors=%d\n"
              "  quiet:                                     p50=%.2f ms p99=%.2f ms max=%.1f ms\n"
              "  with %d slow/silent + %d live-feed conns: p50=%.2f ms p99=%.2f ms max=%.1f ms  (p99 %.2f x quiet)\n"
              "  meanwhile: %ld bytes of live feed read, %ld feeds closed by the server, %ld dribblers cut and replaced;\n"
              "  /api/health then: %s in %.1f ms\n",
              pace_ms, marks, errors, quiet.p50, quiet.p99, quiet.max, slow, listeners, loud.p50, loud.p99, loud.max,
              loud.p99 / quiet.p99, bytes_during, feeds_closed.load(), dribblers_cut.load(),
              health ? std::to_string(health->status).c_str() : "no answer", health_ms);
  std::fflush(stdout);
}

// ---- Insider scenarios (issue 23): one login's many connections against everyone else ----

// `connections` clients, each on its own keep-alive connection, sending `path` as `token`
// (round robin over `tokens`) back to back until stopped. A 429 is retried after 20 ms: on
// this 2-core machine a client spinning on refusals would measure its own CPU, not the server.
class Hammer {
 public:
  Hammer(int port, std::vector<std::string> tokens, std::string path, int connections) {
    for (int i = 0; i < connections; ++i)
      threads_.emplace_back([this, port, token = tokens[size_t(i) % tokens.size()], path] {
        httplib::Client c("127.0.0.1", port);
        c.set_keep_alive(true);
        c.set_tcp_nodelay(true);
        c.set_connection_timeout(5, 0);
        c.set_read_timeout(30, 0);
        c.set_bearer_token_auth(token);
        while (!stop_) {
          auto r = c.Get(path);
          if (!r) {
            ++dropped_;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          } else if (r->status == 200) {
            ++ok_;
            bytes_ += long(r->body.size());
          } else {
            ++refused_;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
        }
      });
  }
  ~Hammer() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::string summary(double seconds) const {
    char out[200];
    std::snprintf(out, sizeof out, "%.0f answered/s (%.1f MB/s), %.0f refused 429/s, %ld dropped", double(ok_) / seconds,
                  double(bytes_) / seconds / 1e6, double(refused_) / seconds, dropped_.load());
    return out;
  }

 private:
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<long> ok_{0}, refused_{0}, dropped_{0}, bytes_{0};
};

// The timekeeper's corrections of C001's talent time, each with a 200-character reason, from
// 8 connections, until `events` are stored or refused: the flood an insider could leave in the
// log. Returns how many were stored.
int flood_history(int port, int events) {
  auto timer = logged_in(port, "timer:PRE");
  std::atomic<int> stored{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; stored + refused < events; i += 8) {
        Json body = {{"round", "prelim"},  {"contestant", "C001"}, {"section", "talent"},
                     {"duration_s", 200 + i % 100}, {"reason", std::string(200, 'x')},
                     {"idempotency_key", "flood-" + std::to_string(i)}};
        auto a = timer.post(lf::protocol::path::kTimings, body);
        if (a.ok()) ++stored;
        else if (++refused <= 3) std::fprintf(stderr, "  timing refused: %d %s\n", a.status, a.message().c_str());
      }
    });
  for (auto& t : threads) t.join();
  return stored;
}

// In one run: a judge's durable marks quietly, then with each insider load on the same server
// (the default 32 workers and limits): the display's code asking for the results in a loop
// (8 logins, `connections` connections), the organizer and the head judge reading a flooded
// contestant's history, a timekeeper's code reading its state over `connections` connections.
void insider_scenarios(const std::string& dir, int marks, int connections, int flood_events) {
  raise_open_files_limit();
  auto server = start_server(dir + "/insider.db", lf::test::sample_without_results(), 0);
  const int port = server->port;
  auto head = logged_in(port, "head:PRE");
  require(head.post(lf::protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C001"}}), "stage");
  // The flood under the rulebook's bounds: what an insider's timekeeper code can leave in
  // one contestant's history now (ten corrections per performance, thirty changes a minute).
  auto flood_start = Clock::now();
  int flooded = flood_history(port, flood_events);
  double flood_s = ms_since(flood_start) / 1000;
  // The judge below corrects one mark hundreds of times (a day allows ten): bounds raised for
  // the rest of the run, which only the judge's marks reach (the insiders only read).
  server->service->set_bounds(lf::live::Bounds::unbounded());
  auto judge = logged_in(port, "J01");
  int errors = 0, sequence = 0;
  int64_t revision[4] = {0, 0, 0, 0};
  const int pace_ms = 50;
  judge_marks(port, judge.token(), 20, pace_ms, errors, revision, sequence);  // warm up
  Percentiles quiet = percentiles(judge_marks(port, judge.token(), marks, pace_ms, errors, revision, sequence));
  std::printf("insider scenarios: one judge, a durable mark every %d ms, %d marks each phase (default workers)\n"
              "  history flood first (rulebook bounds): %d timing corrections of C001 stored of %d sent, in %.1f s\n"
              "  quiet:                                                   p50=%.2f ms p99=%.2f ms max=%.1f ms\n",
              pace_ms, marks, flooded, flood_events, flood_s, quiet.p50, quiet.p99, quiet.max);
  std::fflush(stdout);
  struct Scenario {
    std::string name, person, path;
    int logins;
  };
  const std::vector<Scenario> scenarios = {
      {"results loop, display code (8 logins)", "display:main", lf::protocol::path::kResults, 8},
      {"history of the flooded C001, organizer", "organizer", std::string(lf::protocol::path::kHistory) + "?contestant=C001", 2},
      {"history of the flooded C001, head judge", "head:PRE", std::string(lf::protocol::path::kHistory) + "?contestant=C001", 2},
      {"state loop, timekeeper code", "timer:PRE", lf::protocol::path::kState, 1},
  };
  for (const Scenario& sc : scenarios) {
    std::vector<std::string> tokens;
    for (int i = 0; i < sc.logins; ++i) tokens.push_back(logged_in(port, sc.person).token());
    int errors_before = errors;
    auto t0 = Clock::now();
    Hammer hammer(port, tokens, sc.path, connections);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    Percentiles loud = percentiles(judge_marks(port, judge.token(), marks, pace_ms, errors, revision, sequence));
    hammer.stop();
    double seconds = ms_since(t0) / 1000;
    std::printf("  %-40s x%-4d p50=%.2f ms p99=%.2f ms max=%.1f ms  (p99 %.2f x quiet; marks refused %d)\n"
                "      the insider: %s\n",
                sc.name.c_str(), connections, loud.p50, loud.p99, loud.max, loud.p99 / quiet.p99,
                errors - errors_before, hammer.summary(seconds).c_str());
    std::fflush(stdout);
    // The judge's login stays valid: the insider's refreshed logins are other people's.
    judge_marks(port, judge.token(), 5, pace_ms, errors, revision, sequence);
  }
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
  int hostile_slow = 1000, hostile_listeners = 1000, hostile_marks = 200;
  int insider_connections = 200, insider_marks = 200, history_flood = 20000;
  double seconds = 5;
  bool only_insiders = false;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--judges") judge_counts = parse_list(v);
    else if (a == "--listeners") listeners = std::atoi(v.c_str());
    else if (a == "--seconds") seconds = std::atof(v.c_str());
    else if (a == "--publishes") publishes = std::atoi(v.c_str());
    else if (a == "--dir") dir = v;
    else if (a == "--pace-ms") pace_ms = std::atoi(v.c_str());
    else if (a == "--hostile-slow") hostile_slow = std::atoi(v.c_str());
    else if (a == "--hostile-listeners") hostile_listeners = std::atoi(v.c_str());
    else if (a == "--hostile-marks") hostile_marks = std::atoi(v.c_str());
    else if (a == "--insider-connections") insider_connections = std::atoi(v.c_str());
    else if (a == "--insider-marks") insider_marks = std::atoi(v.c_str());
    else if (a == "--history-flood") history_flood = std::atoi(v.c_str());
    else if (a == "--only-insiders") only_insiders = v == "1";
  }
  bool temp = dir.empty();
  if (temp) dir = (fs::temp_directory_path() / ("liangfen-bench-" + std::to_string(::getpid()))).string();
  fs::create_directories(dir);
  try {
    if (only_insiders) {
      insider_scenarios(dir, insider_marks, insider_connections, history_flood);
      if (temp) fs::remove_all(dir);
      return 0;
    }
    RawRate r = raw_commit_rate(dir + "/raw.db", seconds);
    double raw = r.per_s;
    std::printf("raw SQLite single-row commits (WAL, synchronous=FULL) in %s: %.0f commits/s "
                "(each: p50=%.2f ms p99=%.2f ms)\n", dir.c_str(), raw, r.p50, r.p99);
    for (int n : judge_counts) submission_load(dir, n, seconds, raw, 0);
    for (int n : judge_counts) submission_load(dir, n, seconds, raw, pace_ms);
    if (listeners > 0) publish_to_listeners(dir, listeners, publishes);
    if (hostile_marks > 0) hostile_connections(dir, hostile_slow, hostile_listeners, hostile_marks);
    if (insider_marks > 0) insider_scenarios(dir, insider_marks, insider_connections, history_flood);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench failed: %s\n", e.what());
    if (temp) fs::remove_all(dir);
    return 1;
  }
  if (temp) fs::remove_all(dir);
  return 0;
}
