// One end for a session (issue 23): however a login ends — logout, a re-issued code, a 9th
// login of the same person, idle expiry, maximum age — its open live feeds get one last event
// naming the reason and are closed at once, and the token's 401 says the same reason. An open
// feed keeps its login alive while it is open. Over a real loopback server with a short feed
// keepalive and a clock the test moves on.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "scoring/protocol/protocol.h"
#include "scoring/protocol/session_end.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

using namespace std::chrono_literals;
namespace session_end = protocol::session_end;

constexpr auto kKeepalive = 100ms;
// How long a feed may take to close once its login has ended: far above a keepalive (which is
// the slowest way, for expiry), far below the client's 40 s read timeout.
constexpr auto kCloseBound = 5s;

// A live feed read raw on a thread: every byte the server sent, and whether it closed.
class RawFeed {
 public:
  RawFeed(int port, const std::string& token) {
    thread_ = std::thread([this, port, token] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(60, 0);
      {
        std::lock_guard lock(mu_);
        if (stop_) return;
        client_ = &c;
      }
      httplib::Headers h = {{"Authorization", "Bearer " + token}};
      c.Get(
          protocol::path::kEvents, h,
          [&](const httplib::Response& res) {
            std::lock_guard lock(mu_);
            status_ = res.status;
            return true;
          },
          [&](const char* data, size_t n) {
            std::lock_guard lock(mu_);
            text_.append(data, n);
            cv_.notify_all();
            return !stop_;
          });
      std::lock_guard lock(mu_);
      client_ = nullptr;
      closed_ = true;
      cv_.notify_all();
    });
  }
  ~RawFeed() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
      if (client_) client_->stop();
    }
    thread_.join();
  }
  bool wait_closed(std::chrono::milliseconds bound) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, bound, [&] { return closed_; });
  }
  // Waits until `what` has arrived `times` times in all.
  bool wait_for(const std::string& what, size_t times = 1, std::chrono::milliseconds bound = 10s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, bound, [&] { return count_locked(what) >= times; });
  }
  size_t count(const std::string& what) {
    std::lock_guard lock(mu_);
    return count_locked(what);
  }
  std::string text() {
    std::lock_guard lock(mu_);
    return text_;
  }
  bool closed() {
    std::lock_guard lock(mu_);
    return closed_;
  }
  // The data of the last event, `session_ended` (the feed's end).
  Json ended() {
    std::lock_guard lock(mu_);
    std::string marker = std::string("event: ") + session_end::kEvent + "\ndata: ";
    size_t at = text_.rfind(marker);
    if (at == std::string::npos) return Json();
    size_t from = at + marker.size();
    return Json::parse(text_.substr(from, text_.find('\n', from) - from), nullptr, false);
  }

 private:
  size_t count_locked(const std::string& what) const {
    size_t n = 0;
    for (size_t at = text_.find(what); at != std::string::npos;
         at = text_.find(what, at + what.size()))
      ++n;
    return n;
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::string text_;
  int status_ = 0;
  bool closed_ = false, stop_ = false;
  httplib::Client* client_ = nullptr;
  std::thread thread_;
};

class SessionEnd : public ::testing::Test {
 protected:
  test::LiveServer server{test::sample_without_results(), {.feed_keepalive = kKeepalive}};

  // A feed that is open: its first keepalive has arrived.
  std::unique_ptr<RawFeed> open_feed(const std::string& token) {
    auto feed = std::make_unique<RawFeed>(server.port(), token);
    EXPECT_TRUE(feed->wait_for(": keepalive")) << feed->text();
    return feed;
  }
  // The feed ended within the bound, with this reason, and the token's 401 says the same.
  void expect_ended(RawFeed& feed, const std::string& token, const char* reason) {
    ASSERT_TRUE(feed.wait_closed(kCloseBound)) << "still open: " << feed.text();
    Json last = feed.ended();
    ASSERT_TRUE(last.is_object()) << feed.text();
    EXPECT_EQ(last.value("reason", ""), reason);
    EXPECT_EQ(last.value("error", ""), session_end::message(reason));
    auto [status, body] = server.get(token, protocol::path::kState);
    EXPECT_EQ(status, 401);
    EXPECT_EQ(body.value("reason", ""), reason) << body.dump();
    EXPECT_EQ(body.value("error", "").rfind("登录已失效：", 0), 0u) << body.dump();
  }
  void call_stage(const std::string& head, const char* contestant) {
    ASSERT_EQ(
        server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", contestant}})
            .first,
        200);
  }
};

TEST_F(SessionEnd, ALogoutClosesItsOpenFeedAtOnceAndTheTokenSaysWhy) {
  std::string display = server.login("display:main");
  auto feed = open_feed(display);
  EXPECT_EQ(server.post(display, protocol::path::kLogout, Json::object()).first, 200);
  expect_ended(*feed, display, session_end::kLogout);
}

TEST_F(SessionEnd, AReissuedCodeClosesEveryFeedOfThatPersonAndNoOneElses) {
  std::string organizer = server.login("organizer");
  std::string lost = server.login("head:PRE"), spare = server.login("head:PRE");
  std::string judge = server.login("J01");
  auto lost_feed = open_feed(lost), spare_feed = open_feed(spare), judge_feed = open_feed(judge);
  call_stage(spare, "C001");
  ASSERT_TRUE(judge_feed->wait_for("event: stage"));
  ASSERT_TRUE(lost_feed->wait_for("event: stage"));

  auto [status, body] =
      server.post(organizer, protocol::path::kReissueCode, {{"person", "head:PRE"}});
  ASSERT_EQ(status, 200) << body.dump();
  expect_ended(*lost_feed, lost, session_end::kReissued);
  expect_ended(*spare_feed, spare, session_end::kReissued);
  // Nothing after the end: the lost tablet's feed stopped at the first stage call.
  EXPECT_EQ(lost_feed->count("event: stage"), 1u) << lost_feed->text();

  // The judge's feed goes on and sees the next call by the head judge's new login.
  std::string fresh = server.login_with_code(body["code"].get<std::string>());
  ASSERT_FALSE(fresh.empty());
  call_stage(fresh, "C002");
  EXPECT_TRUE(judge_feed->wait_for("event: stage", 2)) << judge_feed->text();
  EXPECT_FALSE(judge_feed->closed());
  EXPECT_EQ(server.get(judge, protocol::path::kState).first, 200);
}

TEST_F(SessionEnd, TheNinthLoginOfAPersonClosesTheFirstLoginsFeed) {
  std::string first = server.login("display:main");
  auto feed = open_feed(first);
  std::vector<std::string> later;
  for (size_t i = 1; i < kMaxSessionsPerPerson; ++i) later.push_back(server.login("display:main"));
  EXPECT_FALSE(feed->wait_closed(300ms)) << "8 logins are allowed";
  later.push_back(server.login("display:main"));  // the 9th
  expect_ended(*feed, first, session_end::kReplaced);
  auto [status, body] = server.get(first, protocol::path::kState);
  EXPECT_EQ(body.value("error", ""),
            "登录已失效：同一身份在别处登录的设备过多，本机已退出，请重新登录");
  EXPECT_EQ(body.value("error", "").find("过期"), std::string::npos) << "nothing expired";
  for (const std::string& t : later) EXPECT_EQ(server.get(t, protocol::path::kState).first, 200);
}

TEST_F(SessionEnd, AnOpenFeedKeepsItsLoginAliveThroughTheNightAndAnIdleOneExpires) {
  std::string display = server.login("display:main"), judge = server.login("J01");
  auto feed = open_feed(display);
  // Nine hours, an hour at a time, each followed by two keepalives (so at least one touched
  // the login after the clock moved): the 8 h idle limit never sees the feed's login unused.
  for (int hour = 0; hour < 9; ++hour) {
    server.advance_clock(3600 * 1000);
    size_t seen = feed->count(": keepalive");
    ASSERT_TRUE(feed->wait_for(": keepalive", seen + 2)) << hour;
  }
  EXPECT_FALSE(feed->closed());
  EXPECT_EQ(server.get(display, protocol::path::kState).first, 200);
  auto [status, body] = server.get(judge, protocol::path::kState);
  EXPECT_EQ(status, 401);
  EXPECT_EQ(body.value("reason", ""), session_end::kExpired) << body.dump();

  // A feed that could not keep it alive (the laptop slept 9 h): the next keepalive ends it.
  server.advance_clock(9 * 3600 * 1000);
  expect_ended(*feed, display, session_end::kExpired);
}

TEST_F(SessionEnd, AnOpenFeedIsClosedWhenItsLoginReachesTheMaximumAge) {
  std::string display = server.login("display:main");
  auto feed = open_feed(display);
  for (int hour = 0; hour < 23; ++hour) {
    server.advance_clock(3600 * 1000);
    size_t seen = feed->count(": keepalive");
    ASSERT_TRUE(feed->wait_for(": keepalive", seen + 2)) << hour;
  }
  EXPECT_FALSE(feed->closed()) << "23 h old, used all along";
  server.advance_clock(2 * 3600 * 1000);
  expect_ended(*feed, display, session_end::kExpired);
}

TEST_F(SessionEnd, AMadeUpTokenIsRefusedWithTheUnknownReason) {
  for (const std::string& token :
       {std::string(""), std::string("not-a-token"), std::string(64, 'a')}) {
    auto [status, body] = server.get(token, protocol::path::kState);
    EXPECT_EQ(status, 401);
    EXPECT_EQ(body.value("reason", ""), session_end::kUnknown) << body.dump();
    EXPECT_EQ(body.value("error", ""), session_end::message(session_end::kUnknown));
  }
  // A feed with a made-up token is refused the same way, before anything is streamed.
  RawFeed feed(server.port(), "not-a-token");
  ASSERT_TRUE(feed.wait_closed(kCloseBound));
  EXPECT_EQ(Json::parse(feed.text(), nullptr, false).value("reason", ""), session_end::kUnknown)
      << feed.text();
}

}  // namespace
}  // namespace lf
