// Issue 11, "the server never dies or stalls": a real server on loopback keeps answering a
// judge while hundreds of connections hang on it (silent, dribbling one header byte a second,
// or listening to the live feed); refuses an oversized body with 413 JSON; keeps at most four
// live feeds per login and eight per person; answers 429 to a login flooding a busy server;
// and a second liangfen-server on a taken port exits at once with a message saying so.
// Issue 23: 4,096 hostile idle or half-open TLS connections from several addresses, or one
// code holding feeds, do not keep a judge from logging in and saving. No timing assertions
// beyond generous client timeouts.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "tests/server/child_server.h"
#include "data/store/contest_store.h"
#include "scoring/client/api_client.h"
#include "scoring/live/live_rules.h"
#include "tests/data/test_files.h"
#include "tests/server/known_people.h"
#include "tests/server/raw_socket.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

// The soft limit of open files raised to the hard one; false when even that is too few for
// `needed` (the test then skips rather than failing on the machine's configuration).
bool enough_file_descriptors(rlim_t needed) {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return false;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
  return r.rlim_cur >= needed;
}

using test::connect_raw;

bool send_all(int fd, const std::string& s) {
  size_t sent = 0;
  while (sent < s.size()) {
    ssize_t n = ::send(fd, s.data() + sent, s.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += size_t(n);
  }
  return true;
}

// Reads until `marker` is in what was read, the peer closes, or 5 s pass (SO_RCVTIMEO).
std::string read_until(int fd, const std::string& marker) {
  std::string got;
  char buf[4096];
  while (got.find(marker) == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
  }
  return got;
}

// True when the peer has closed: recv returns 0 or an error other than a timeout (5 s).
bool closed_by_peer(int fd) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

// Still open: nothing says the peer closed it (data may be waiting; it is read and dropped).
bool still_open(int fd) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return false;
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

std::string live_feed_request(const std::string& token) {
  return "GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

httplib::Client client_5s(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(5, 0);
  c.set_write_timeout(5, 0);
  return c;
}

Json mark(const char* contestant, double points) {
  return {{"round", "prelim"}, {"contestant", contestant}, {"section", "talent"},
          {"points", points},  {"judge", "J01"},          {"revision", 0}};
}

// A mark of J01 for C001 sent over `c` is saved (200).
void expect_mark_saved(httplib::Client& c, const std::string& judge) {
  auto saved = c.Post(protocol::path::kMarks, {{"Authorization", "Bearer " + judge}},
                      mark("C001", 8.5).dump(), "application/json");
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 200) << saved->body;
}

struct Fds {
  std::vector<int> fds;
  ~Fds() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
};

TEST(HostileConnections, AJudgeIsSavedWhileHundredsOfConnectionsHangOn) {
  if (!enough_file_descriptors(4000)) GTEST_SKIP() << "needs 4000 open files (ulimit -n)";
  test::LiveServer server(test::sample_without_results());
  const int port = server.port();
  std::string head = server.login("head:PRE"), judge = server.login("J01");

  // Eight live-feed listeners, four per login of the projection display (a person's most).
  Fds listeners, silent, slow;
  for (int l = 0; l < 2; ++l) {
    std::string token = server.login("display:main");
    ASSERT_FALSE(token.empty());
    for (int k = 0; k < 4; ++k) {
      int fd = connect_raw(port);
      ASSERT_GE(fd, 0);
      listeners.fds.push_back(fd);
      ASSERT_TRUE(send_all(fd, live_feed_request(token)));
    }
  }
  for (int fd : listeners.fds) ASSERT_EQ(read_until(fd, "\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u);

  // 600 connections that never send a byte, 600 that send one header byte a second, each
  // kind from its own address (one address may hold a quarter of the server's connections).
  for (int i = 0; i < 600; ++i) {
    silent.fds.push_back(connect_raw(port, "127.0.0.2"));
    ASSERT_GE(silent.fds.back(), 0) << "connection " << i;
    slow.fds.push_back(connect_raw(port, "127.0.0.3"));
    ASSERT_GE(slow.fds.back(), 0) << "connection " << i;
  }
  const std::string dribble = "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
  std::atomic<bool> stop_dribbling{false};
  std::thread dribbler([&] {
    for (size_t i = 0; i < dribble.size() && !stop_dribbling; ++i) {
      for (int fd : slow.fds) ::send(fd, &dribble[i], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      for (int t = 0; t < 10 && !stop_dribbling; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(2));

  // The judge's day goes on, on its own connections, with a 5 s client timeout.
  auto c = client_5s(port);
  httplib::Headers as_head = {{"Authorization", "Bearer " + head}};
  httplib::Headers as_judge = {{"Authorization", "Bearer " + judge}};
  auto staged = c.Post(protocol::path::kStage, as_head, Json{{"venue", "PRE"}, {"contestant", "C001"}}.dump(),
                       "application/json");
  ASSERT_TRUE(staged) << httplib::to_string(staged.error());
  ASSERT_EQ(staged->status, 200) << staged->body;
  auto saved = c.Post(protocol::path::kMarks, as_judge, mark("C001", 8.5).dump(), "application/json");
  ASSERT_TRUE(saved) << httplib::to_string(saved.error());
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json::parse(saved->body)["saved"], true);
  for (int i = 0; i < 3; ++i) {
    auto health = client_5s(port).Get(protocol::path::kHealth);
    ASSERT_TRUE(health) << httplib::to_string(health.error());
    EXPECT_EQ(health->status, 200);
  }
  // The listeners got the stage event (and no mark: a display does not see marks).
  for (size_t i = 0; i < listeners.fds.size(); ++i) {
    std::string got = read_until(listeners.fds[i], "event: stage");
    EXPECT_NE(got.find("event: stage"), std::string::npos) << "listener " << i;
    EXPECT_EQ(got.find("event: mark"), std::string::npos);
  }

  // The dribblers are cut off by the request deadline (10 s after their first byte); the
  // silent ones stay until their idle timeout, but hold no thread meanwhile.
  stop_dribbling = true;
  dribbler.join();
  int cut = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  for (int fd : slow.fds) {
    while (std::chrono::steady_clock::now() < deadline && !closed_by_peer(fd)) {
    }
    if (std::chrono::steady_clock::now() < deadline) ++cut;
  }
  EXPECT_EQ(cut, 600) << "slow requests must be cut off";
  auto health = client_5s(port).Get(protocol::path::kHealth);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

// Hostile connections held open from `addresses`, `per_address` from each, re-opened as fast
// as the server closes them (so that its time-outs alone do not clear them): silent ones and
// half-open TLS handshakes (a ClientHello's first bytes, then nothing).
class HostileCrowd {
 public:
  HostileCrowd(int port, std::vector<std::string> addresses, int per_address)
      : port_(port), addresses_(std::move(addresses)), per_address_(per_address) {
    for (const auto& a : addresses_)
      for (int i = 0; i < per_address_; ++i) open(a, i);
    refill_ = std::thread([this] {
      while (!stop_) {
        for (auto& [slot, fd] : fds_) {
          if (stop_) break;
          if (fd >= 0 && still_open(fd)) continue;
          if (fd >= 0) ::close(fd);
          fd = -1;
          open(slot.first, slot.second);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
  }
  ~HostileCrowd() {
    stop_ = true;
    refill_.join();
    for (auto& [slot, fd] : fds_)
      if (fd >= 0) ::close(fd);
  }
  size_t opened() const { return opened_; }

 private:
  void open(const std::string& address, int i) {
    int fd = connect_raw(port_, address.c_str());
    fds_[{address, i}] = fd;
    if (fd < 0) return;
    ++opened_;
    // Every other one starts a TLS handshake and stops: a record header and half a hello.
    if (i % 2) send_all(fd, std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  }
  int port_;
  std::vector<std::string> addresses_;
  int per_address_;
  std::map<std::pair<std::string, int>, int> fds_;
  std::atomic<bool> stop_{false};
  std::atomic<size_t> opened_{0};
  std::thread refill_;
};

// A judge on the venue's HTTPS server logs in, saves a mark and reads the state while
// `addresses` hold 4,096 hostile idle or half-open connections between them.
void a_judge_saves_among_hostile_connections(const std::vector<std::string>& addresses) {
  if (!enough_file_descriptors(12000)) GTEST_SKIP() << "needs 12000 open files (ulimit -n)";
  test::LiveServer server(test::sample_without_results(), {.tls = true});
  ServerAddress where{"127.0.0.1", server.port(), true, nullptr};
  // The consoles' 5 s would make this a timing test, and under ThreadSanitizer (5-15x slower,
  // beside another test on the second core) the server's accept loop, busy closing and taking
  // the crowd's re-opened connections, was seen to take the judge's login past 5 s (CI, stop
  // 31). What is asserted here is that the judge gets through at all; how fast is measured by
  // liangfen-bench-server's hostile scenario (docs/performance.md).
  constexpr int kPatientSeconds = 60;
  ApiClient head_login(where);
  head_login.set_timeout_s(kPatientSeconds);
  ASSERT_EQ(head_login.login(test::code_of("head:PRE")).status, 200);
  std::string head = head_login.token();
  HostileCrowd crowd(server.port(), addresses, int(4096 / addresses.size()));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  for (int round = 0; round < 3; ++round) {
    // A new console each round: a new connection, a new TLS handshake, a login.
    ApiClient judge(where), head_judge(where);
    judge.set_timeout_s(kPatientSeconds);
    head_judge.set_timeout_s(kPatientSeconds);
    head_judge.set_token(head);
    ApiAnswer in = judge.login(test::code_of("J01"));
    ASSERT_EQ(in.status, 200) << "round " << round << ": " << in.message();
    std::string contestant = "C00" + std::to_string(round + 1);
    ApiAnswer staged =
        head_judge.post(protocol::path::kStage, {{"venue", "PRE"}, {"contestant", contestant}});
    ASSERT_EQ(staged.status, 200) << "round " << round << ": " << staged.message();
    ApiAnswer saved = judge.post(protocol::path::kMarks, mark(contestant.c_str(), 8.5));
    ASSERT_EQ(saved.status, 200) << "round " << round << ": " << saved.message();
    EXPECT_EQ(saved.body["saved"], true);
    EXPECT_EQ(judge.get(protocol::path::kState).status, 200);
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  EXPECT_GE(crowd.opened(), 4096u);
  EXPECT_EQ(server.service().live_state().marks.size(), 3u);
}

TEST(HostileConnections, AJudgeSavesWith4096HostileConnectionsFromThreeAddresses) {
  a_judge_saves_among_hostile_connections({"127.0.0.2", "127.0.0.3", "127.0.0.4"});
}

// Eight addresses fill the total (512 each): the hostile ones that sent nothing are the first
// closed to make room for the judge.
TEST(HostileConnections, AJudgeSavesWhenHostileConnectionsFromEightAddressesFillTheServer) {
  a_judge_saves_among_hostile_connections({"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5",
                                           "127.0.0.6", "127.0.0.7", "127.0.0.8", "127.0.0.9"});
}

// One display code logging in again and again and opening four feeds each time holds at most
// eight feeds in all (per person, not per token); a judge saves meanwhile.
TEST(HostileConnections, OneCodeHoldingFeedsCannotBlockAJudge) {
  if (!enough_file_descriptors(4000)) GTEST_SKIP() << "needs 4000 open files (ulimit -n)";
  test::LiveServer server(test::sample_without_results());
  std::string head = server.login("head:PRE"), judge = server.login("J01");
  Fds feeds;
  for (int l = 0; l < 100; ++l) {
    std::string token = server.login("display:main");
    ASSERT_FALSE(token.empty());
    for (int k = 0; k < 4; ++k) {
      int fd = connect_raw(server.port(), "127.0.0.5");
      ASSERT_GE(fd, 0);
      feeds.fds.push_back(fd);
      ASSERT_TRUE(send_all(fd, live_feed_request(token)));
      ASSERT_EQ(read_until(fd, "\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u) << l << "/" << k;
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int open = 0;
  for (int fd : feeds.fds) open += still_open(fd);
  EXPECT_LE(open, 8) << "feeds of one person";
  EXPECT_GE(open, 1);
  auto c = client_5s(server.port());
  auto staged = c.Post(protocol::path::kStage, {{"Authorization", "Bearer " + head}},
                       Json{{"venue", "PRE"}, {"contestant", "C001"}}.dump(), "application/json");
  ASSERT_TRUE(staged);
  ASSERT_EQ(staged->status, 200) << staged->body;
  expect_mark_saved(c, judge);
}

// One login over a raw connection from `from`: the answer's status, 0 when none came (the
// client's 5 s timeout, or the connection closed).
int raw_login(int port, const char* from, const std::string& code) {
  int fd = connect_raw(port, from);
  if (fd < 0) return 0;
  timeval tv{70, 0};  // a login may wait up to a minute for its turn
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string body = Json{{"code", code}, {"api_version", protocol::kApiVersion}}.dump();
  send_all(fd,
           "POST /api/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
           "application/json\r\n"
           "Content-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  std::string got = read_until(fd, "\r\n\r\n");
  ::close(fd);
  if (got.rfind("HTTP/1.1 ", 0) != 0) {
    if (std::getenv("LF_DEBUG_RAW"))
      std::fprintf(stderr, "raw login from %s: %d bytes, errno %d\n", from, int(got.size()), errno);
    return 0;
  }
  return std::atoi(got.c_str() + 9);
}

// 40 addresses send wrong codes as fast as they are answered (four at a time each); judges
// from a clean address log in with right codes meanwhile, and all get in.
TEST(HostileConnections, RightCodesGetInWhileFortyAddressesSendWrongOnes) {
  test::LiveServer server(test::sample_without_results());
  std::atomic<bool> stop{false};
  std::atomic<int> checked{0}, refused{0};
  std::vector<std::thread> attackers;
  const auto started = std::chrono::steady_clock::now();
  for (int a = 0; a < 40; ++a)
    for (int k = 0; k < 4; ++k)
      attackers.emplace_back([&, a, k] {
        std::string from = "127.0.1." + std::to_string(a + 1);
        for (int64_t guess = 1000000000 + a * 1000000 + k * 100000; !stop; ++guess) {
          int status = raw_login(server.port(), from.c_str(), std::to_string(guess));
          if (status == 401) ++checked;
          if (status == 429) ++refused;
        }
      });
  std::this_thread::sleep_for(std::chrono::seconds(3));  // the budget is spent by now
  int in = 0;
  for (const char* person : {"J01", "J02", "J03", "J04", "J05", "head:PRE"}) {
    int status = raw_login(server.port(), "127.0.0.1", test::code_of(person));
    EXPECT_EQ(status, 200) << person;
    in += status == 200;
  }
  stop = true;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (in != 6)
    for (const auto& line : server.log_lines())
      if (line.find("错误") != std::string::npos) ADD_FAILURE() << line;
  server.stop();  // closes the attackers' waiting logins
  const double all_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (auto& t : attackers) t.join();
  EXPECT_EQ(in, 6);
  // The pacer's promise, over the run: 10 at once, then 1.5 a second.
  EXPECT_LE(checked.load(), 10 + int(1.5 * all_seconds) + 2)
      << checked << " wrong codes in " << all_seconds << " s";
  EXPECT_GE(checked.load(), int(seconds)) << "the budget is used";
}

TEST(HostileConnections, ASecondServerOnATakenPortExitsSayingSo) {
  auto dir = std::filesystem::temp_directory_path() / ("liangfen-port-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string first_db = (dir / "first.db").string(), second_db = (dir / "second.db").string();
  ASSERT_TRUE(test::create_contest_db(first_db, test::sample_without_results()).ok());
  ASSERT_TRUE(test::create_contest_db(second_db, test::sample_without_results()).ok());
  test::ChildServer first({"--db", first_db, "--backup-minutes", "0"});
  ASSERT_TRUE(first.start());

  std::string port = std::to_string(first.port());
  std::string command = "timeout 60 " + std::string(LF_BIN_DIR) + "/liangfen-server --db " + second_db +
                        " --backup-minutes 0 --listen 127.0.0.1:" + port + " 2>&1; echo \"exit=$?\"";
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  auto at = out.rfind("exit=");
  ASSERT_NE(at, std::string::npos) << out;
  int status = std::atoi(out.c_str() + at + 5);
  EXPECT_NE(status, 0) << out;
  EXPECT_NE(status, 124) << "still running after 60 s:\n" << out;  // timeout(1) killed it
  EXPECT_NE(out.find("port " + port + " is in use by another program"), std::string::npos) << out;
  EXPECT_NE(out.find("端口 " + port), std::string::npos) << out;

  // The first one still serves.
  auto health = client_5s(first.port()).Get(protocol::path::kHealth);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  first.kill_now();
  std::filesystem::remove_all(dir);
}

TEST(HostileConnections, ABodyOverTheLimitIs413Json) {
  test::LiveServer server(test::sample_without_results());
  std::string judge = server.login("J01");
  auto c = client_5s(server.port());
  std::string big = "{\"x\":\"" + std::string(protocol::kMaxBodyBytes + 1000, 'a') + "\"}";
  auto r = c.Post(protocol::path::kMarks, {{"Authorization", "Bearer " + judge}}, big, "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  Json body = Json::parse(r->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r->body;
  EXPECT_TRUE(body["error"].is_string());
  EXPECT_EQ(body["field"], "");
  // Nothing was stored, and the server answers the next request.
  auto health = client_5s(server.port()).Get(protocol::path::kHealth);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST(HostileConnections, AFifthLiveFeedOfOneLoginClosesTheOldest) {
  test::LiveServer server(test::sample_without_results());
  std::string display = server.login("display:main"), other = server.login("display:main");
  Fds feeds;
  auto open_feed = [&](const std::string& token) {
    int fd = connect_raw(server.port());
    EXPECT_GE(fd, 0);
    feeds.fds.push_back(fd);
    EXPECT_TRUE(send_all(fd, live_feed_request(token)));
    EXPECT_EQ(read_until(fd, "\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u);
    return fd;
  };
  int other_feed = open_feed(other);
  std::vector<int> mine;
  for (int i = 0; i < 4; ++i) mine.push_back(open_feed(display));
  for (int fd : mine) EXPECT_TRUE(still_open(fd));
  mine.push_back(open_feed(display));  // the 5th
  EXPECT_TRUE(closed_by_peer(mine[0])) << "the oldest feed of the login must be closed";
  for (size_t i = 1; i < mine.size(); ++i) EXPECT_TRUE(still_open(mine[i])) << "feed " << i;
  EXPECT_TRUE(still_open(other_feed)) << "another login's feed is not touched";
}

// The fixture's server with a pool of 4 workers, so that 16 clients make it busy.
// The head judge of PRE calls `contestant` on stage (marks are taken for the one called).
template <class AnyServer>
void call_on_stage(AnyServer& server, const char* contestant) {
  auto staged = client_5s(server.port())
                    .Post(protocol::path::kStage, {{"Authorization", "Bearer " + server.login("head:PRE")}},
                          Json{{"venue", "PRE"}, {"contestant", contestant}}.dump(), "application/json");
  ASSERT_TRUE(staged);
  ASSERT_EQ(staged->status, 200) << staged->body;
}

class SmallServer {
 public:
  SmallServer() {
    dir_ = std::filesystem::temp_directory_path() / ("liangfen-small-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::string db = (dir_ / "contest.db").string();
    auto store = ContestStore::open(db);
    EXPECT_TRUE(store.ok());
    EXPECT_TRUE(store.value()->import_contest(test::sample_without_results(), clock_.now_ms()).ok());
    EXPECT_TRUE(test::add_known_people(*store.value()).ok());
    service_ = std::move(ContestService::open(std::move(store.value()), clock_).value());
    HttpOptions opt;
    opt.threads = 4;
    api_ = std::make_unique<HttpApi>(*service_, opt);
    port_ = api_->bind("127.0.0.1", 0).value();
    thread_ = std::thread([this] { api_->serve(); });
    while (!api_->ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~SmallServer() {
    api_->stop();
    thread_.join();
    api_.reset();
    service_.reset();
    std::filesystem::remove_all(dir_);
  }
  int port() const { return port_; }
  std::string login(const std::string& person) {
    Json body = {{"code", test::code_of(person)}, {"api_version", protocol::kApiVersion}};
    auto r = client_5s(port_).Post(protocol::path::kLogin, body.dump(), "application/json");
    return r && r->status == 200 ? Json::parse(r->body)["token"].get<std::string>() : "";
  }

 private:
  SystemClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<ContestService> service_;
  std::unique_ptr<HttpApi> api_;
  std::thread thread_;
  int port_ = 0;
};

// Marks (changes) are rationed only while the server is busy: 16 connections of one login
// sending them on 4 workers make it busy.
TEST(HostileConnections, ALoginFloodingABusyServerGets429AndOthersDoNot) {
  SmallServer server;
  call_on_stage(server, "C001");
  std::string judge = server.login("J01"), other = server.login("J02");
  ASSERT_FALSE(judge.empty());
  std::atomic<int> too_many{0}, failed{0};
  std::mutex mu;
  Json refusal;
  std::vector<std::thread> flood;
  for (int t = 0; t < 16; ++t)
    flood.emplace_back([&] {
      auto c = client_5s(server.port());
      c.set_keep_alive(true);
      // Each connection stops at its first refusal (a refusal is held a second).
      for (int i = 0; i < 150; ++i) {
        // The same mark again and again: stored once, then answered as a stale revision (409).
        auto r = c.Post(protocol::path::kMarks, {{"Authorization", "Bearer " + judge}},
                        mark("C001", 8.5).dump(), "application/json");
        if (!r || (r->status != 200 && r->status != 409 && r->status != 429)) {
          ++failed;
        } else if (r->status == 429) {
          ++too_many;
          std::lock_guard lock(mu);
          refusal = Json::parse(r->body, nullptr, false);
          break;
        }
      }
    });
  for (auto& t : flood) t.join();
  EXPECT_EQ(failed.load(), 0);
  ASSERT_GT(too_many.load(), 0) << "16 connections of one login flooding 4 workers must be refused";
  // Refused by the login's rate while the server is busy, or by its share of the workers.
  EXPECT_TRUE(refusal == Json({{"error", "请求太频繁，请稍后再试"}, {"field", ""}}) ||
              refusal == Json({{"error", "同一登录同时进行的请求太多，请稍后再试"}, {"field", ""}}))
      << refusal.dump();
  auto r =
      client_5s(server.port()).Get(protocol::path::kState, {{"Authorization", "Bearer " + other}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

// A console emptying its outbox after a night offline: its marks back to back, each waiting for
// its commit, on an idle server. None is refused (changes are rationed only when the server is
// busy); the per-person bounds of a day are lifted so that 300 corrections of one mark can go.
TEST(HostileConnections, OneConsoleSendingMarksBackToBackOnAnIdleServerIsNotRefused) {
  test::LiveServer server(test::sample_without_results());
  server.service().set_bounds(live::Bounds::unbounded());
  call_on_stage(server, "C001");
  std::string judge = server.login("J01");
  auto c = client_5s(server.port());
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);  // a body after its headers: no 40 ms of Nagle per mark
  int64_t revision = 0;
  for (int i = 0; i < 300; ++i) {
    Json body = mark("C001", 5 + (i % 50) / 10.0);
    body["revision"] = revision;
    body["idempotency_key"] = "outbox-" + std::to_string(i);
    auto r = c.Post(protocol::path::kMarks, {{"Authorization", "Bearer " + judge}}, body.dump(),
                    "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << "mark " << i << ": " << r->body;
    revision = Json::parse(r->body, nullptr, false).value("seq", int64_t(0));
    ASSERT_GT(revision, 0) << r->body;
  }
}

// One login reading its state in a loop (an insider's code, or a client gone wrong) is answered
// at the login's rate: its burst, then 429 with the words, on an idle server too. Another
// login's read and a judge's mark are answered at once meanwhile.
TEST(HostileConnections, ALoginReadingInALoopIsRationedAndOthersAreNot) {
  test::LiveServer server(test::sample_without_results());
  call_on_stage(server, "C001");
  std::string insider = server.login("timer:PRE"), judge = server.login("J01");
  auto c = client_5s(server.port());
  c.set_keep_alive(true);
  int answered = 0;
  std::optional<httplib::Result> refusal;
  // 2000 reads: the 60-read burst and 20 a second are gone long before, however slow the
  // machine (a sanitizer build answers in milliseconds, not the 50 ms that refills a read).
  for (int i = 0; i < 2000 && !refusal; ++i) {
    auto r = c.Get(protocol::path::kState, {{"Authorization", "Bearer " + insider}});
    ASSERT_TRUE(r);
    if (r->status == 429) {
      refusal = std::move(r);
    } else {
      ASSERT_EQ(r->status, 200) << r->body;
      ++answered;
    }
  }
  ASSERT_TRUE(refusal) << "2000 reads of one login back to back were all answered";
  EXPECT_GE(answered, 60) << "a login's burst is 60 reads";
  EXPECT_EQ(Json::parse((*refusal)->body, nullptr, false),
            Json({{"error", "请求太频繁，请稍后再试"}, {"field", ""}}));
  auto other = client_5s(server.port());
  auto state = other.Get(protocol::path::kState, {{"Authorization", "Bearer " + judge}});
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, 200) << state->body;
  expect_mark_saved(other, judge);
}

TEST(HostileConnections, UnknownPathsWrongMethodsAndGarbageGetJsonAndHarmNothing) {
  test::LiveServer server(test::sample_without_results());
  auto c = client_5s(server.port());
  auto missing = c.Get("/api/nothing-here");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(Json::parse(missing->body, nullptr, false)["error"].is_string()) << missing->body;
  auto wrong = c.Get(protocol::path::kMarks);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_TRUE(Json::parse(wrong->body, nullptr, false)["error"].is_string()) << wrong->body;
  // Not HTTP at all, and a header over 8 KiB.
  Fds raw;
  int fd = connect_raw(server.port());
  raw.fds.push_back(fd);
  const char not_http[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n";  // a TLS hello's start
  send_all(fd, std::string(not_http, sizeof not_http - 1));
  EXPECT_TRUE(closed_by_peer(fd));
  fd = connect_raw(server.port());
  raw.fds.push_back(fd);
  send_all(fd, "GET /api/health HTTP/1.1\r\nX-Big: " + std::string(9000, 'b') + "\r\n\r\n");
  std::string answer = read_until(fd, "}");
  EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer;
  auto health = client_5s(server.port()).Get(protocol::path::kHealth);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace lf
