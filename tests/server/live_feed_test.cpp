// The live feed over a real socket: a client's EventStream receives every event it may see,
// resumes after a disconnect from its last number, and reconnects by itself when the server
// is killed and comes back, with nothing missed and nothing twice.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>

#include "tests/server/child_server.h"
#include "scoring/client/api_client.h"
#include "scoring/client/event_stream.h"
#include "tests/data/test_files.h"
#include "tests/server/known_people.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

// Collects what a stream delivers, for the test thread to wait on.
struct Received {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<SseEvent> events;
  int connects = 0, drops = 0;

  EventStream::EventHandler on_event() {
    return [this](const SseEvent& e) {
      std::lock_guard lock(mu);
      events.push_back(e);
      cv.notify_all();
    };
  }
  EventStream::ConnectionHandler on_connection() {
    return [this](bool up, const std::string&) {
      std::lock_guard lock(mu);
      (up ? connects : drops)++;
      cv.notify_all();
    };
  }
  bool wait_for_count(size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(20), [&] { return events.size() >= n; });
  }
  std::vector<int64_t> ids() {
    std::lock_guard lock(mu);
    std::vector<int64_t> out;
    for (auto& e : events) out.push_back(e.id);
    return out;
  }
};

// The last event number the display can know of now.
int64_t base_seq(ApiClient& display) { return display.get(protocol::path::kResults).body["last_seq"].get<int64_t>(); }

std::vector<int64_t> seqs(int64_t base, std::vector<int64_t> offsets) {
  for (auto& o : offsets) o += base;
  return offsets;
}

// Calls C001..C00n on stage in PRE: each call is one event every role sees.
void call_stage(ApiClient& head, int from, int to) {
  for (int i = from; i <= to; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "C%03d", i);
    ASSERT_EQ(head.post(protocol::path::kStage, {{"venue", "PRE"}, {"contestant", id}}).status, 200);
  }
}

TEST(LiveFeed, ResumesFromTheLastNumberAfterADisconnect) {
  test::LiveServer server(test::sample_without_results());
  ServerAddress addr{"127.0.0.1", server.port()};
  ApiClient head(addr), display(addr);
  ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
  ASSERT_TRUE(display.login(test::code_of("display:main")).ok());

  const int64_t base = base_seq(display);
  Received got;
  auto stream = std::make_unique<EventStream>(addr, display.token(), 0, got.on_event());
  stream->start();
  call_stage(head, 1, 3);
  ASSERT_TRUE(got.wait_for_count(3));
  int64_t last = stream->last_seq();
  stream.reset();  // the display is switched off

  call_stage(head, 4, 6);  // happens while nobody listens

  Received resumed;
  EventStream again(addr, display.token(), last, resumed.on_event());
  again.start();
  call_stage(head, 7, 7);
  ASSERT_TRUE(resumed.wait_for_count(4));
  EXPECT_EQ(resumed.ids(), seqs(base, {4, 5, 6, 7}));
  EXPECT_EQ(got.ids(), seqs(base, {1, 2, 3}));
}

TEST(LiveFeed, ADisplaySeesNoMarksOnItsFeed) {
  test::LiveServer server(test::sample_without_results());
  ServerAddress addr{"127.0.0.1", server.port()};
  ApiClient head(addr), display(addr), judge(addr);
  ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
  ASSERT_TRUE(display.login(test::code_of("display:main")).ok());
  ASSERT_TRUE(judge.login(test::code_of("J01")).ok());
  const int64_t base = base_seq(display);
  Received got;
  EventStream stream(addr, display.token(), 0, got.on_event());
  stream.start();
  call_stage(head, 1, 1);
  ASSERT_EQ(judge.post(protocol::path::kMarks, {{"round", "prelim"}, {"contestant", "C001"},
                                                {"section", "talent"}, {"points", 8.5},
                                                {"judge", "J01"}, {"revision", 0}}).status, 200);
  call_stage(head, 2, 2);
  ASSERT_TRUE(got.wait_for_count(2));
  for (const SseEvent& e : got.events) EXPECT_EQ(e.event, "stage");
  EXPECT_EQ(got.ids(), seqs(base, {1, 3}));  // base + 2 was the mark
}

TEST(LiveFeed, ReconnectsByItselfWhenTheServerIsKilledAndComesBack) {
  auto dir = std::filesystem::temp_directory_path() / ("liangfen-feed-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "contest.db").string();
  ASSERT_TRUE(test::create_contest_db(db, test::sample_without_results()).ok());
  test::ChildServer server({"--db", db, "--backup-minutes", "0"});
  ASSERT_TRUE(server.start());
  ServerAddress addr{"127.0.0.1", server.port()};
  ApiClient head(addr), display(addr);
  ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
  ASSERT_TRUE(display.login(test::code_of("display:main")).ok());

  const int64_t base = base_seq(display);
  Received got;
  EventStream stream(addr, display.token(), 0, got.on_event(), got.on_connection());
  stream.start();
  call_stage(head, 1, 2);
  ASSERT_TRUE(got.wait_for_count(2));
  server.kill_now();
  ASSERT_TRUE(server.start());
  call_stage(head, 3, 5);  // sessions survive the restart: same tokens
  ASSERT_TRUE(got.wait_for_count(5));
  EXPECT_EQ(got.ids(), seqs(base, {1, 2, 3, 4, 5}));
  std::lock_guard lock(got.mu);
  EXPECT_GE(got.drops, 1);
  EXPECT_GE(got.connects, 2);
  stream.stop();
  server.kill_now();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lf
