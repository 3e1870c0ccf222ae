// End to end: a real server on a loopback port, a display's LiveFeed logged in with its code,
// and a result published through the API: the display's snapshot shows it within one event.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "display/display_controller.h"
#include "display/display_feed.h"
#include "display/display_strings.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

TEST(DisplayFeed, APublishedResultReachesTheSnapshotAndNothingBefore) {
  test::LiveServer server(test::sample_without_results());
  ServerAddress addr{"127.0.0.1", server.port()};
  std::atomic<int> wakes{0};
  LiveFeed feed(addr, test::code_of("display:main"), "main", [&] { ++wakes; });
  feed.start();
  ASSERT_TRUE(feed.wait_for_seq(0, 10000));
  EXPECT_TRUE(feed.snapshot()->boards.size() == 3u);

  std::string head = server.login("head:PRE"), timer = server.login("timer:PRE");
  ASSERT_EQ(server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C009"}}).first, 200);
  int64_t seq = 0;
  for (const char* j : {"J01", "J02", "J03", "J04", "J05"}) {
    auto [status, body] = server.post(server.login(j), protocol::path::kMarks,
                                      {{"round", "prelim"}, {"contestant", "C009"},
                                       {"section", "talent"}, {"points", 9.0},
                                       {"judge", j}, {"revision", 0}});
    ASSERT_EQ(status, 200);
    seq = body["seq"].get<int64_t>();
  }
  ASSERT_EQ(server.post(timer, protocol::path::kTimings,
                        {{"round", "prelim"}, {"contestant", "C009"}, {"section", "talent"},
                         {"duration_s", 200.5}}).first, 200);
  // Marks are not published: the display knows of the stage call only.
  ASSERT_TRUE(feed.wait_for_seq(1, 10000));
  auto before = feed.snapshot();
  EXPECT_FALSE(before->reveal);
  for (const LeaderRow& r : before->boards[0].rows) {
    if (r.contestant == "C009") {
      EXPECT_EQ(r.section_scores[3], "");  // talent is the 4th
    }
  }

  auto [status, body] = server.post(head, protocol::path::kPublish,
                                    {{"round", "prelim"}, {"contestant", "C009"}, {"section", "talent"}});
  ASSERT_EQ(status, 200);
  int64_t publish_seq = body["seq"].get<int64_t>();
  EXPECT_GT(publish_seq, seq);
  ASSERT_TRUE(feed.wait_for_seq(publish_seq, 10000));
  // A refresh already under way may finish at this seq before the publish event itself has
  // arrived on the live feed; the reveal follows with the event's own refresh.
  auto after = feed.snapshot();
  for (int i = 0; i < 1000 && !(after->reveal && after->reveal->seq == publish_seq); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    after = feed.snapshot();
  }
  ASSERT_TRUE(after->reveal);
  EXPECT_EQ(after->reveal->seq, publish_seq);
  EXPECT_EQ(after->reveal->contestant_name, "孙雅");
  EXPECT_EQ(after->reveal->marks.size(), 5u);
  EXPECT_EQ(after->reveal->average, "9.00");
  bool found = false;
  for (const LeaderRow& r : after->boards[0].rows) {
    if (r.contestant != "C009") continue;
    found = true;
    EXPECT_EQ(r.section_scores[3], "9.00");
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(feed.status().connected);
  EXPECT_GT(wakes.load(), 0);
  feed.stop();
}

// Issue 24: the projector's clock is the server's clock of the performance on stage. Stopped at
// 4:50 for one teacher, it reads 00:00 and stopped when the next is called, and a start from a
// tablet that kept its own count begins at 0.
TEST(DisplayFeed, TheStageClockReadsZeroAfterTheNextCall) {
  test::LiveServer server(test::sample_without_results());
  LiveFeed feed(ServerAddress{"127.0.0.1", server.port()}, test::code_of("display:main"), "main", [] {});
  feed.start();
  ASSERT_TRUE(feed.wait_for_seq(0, 10000));
  std::string head = server.login("head:PRE"), timer = server.login("timer:PRE");
  // The stage once the display's snapshot shows `arrived` (the snapshot's last_seq may run
  // ahead of its state: results are fetched after the state, so the event is waited for by what
  // it changes; the stage and its clock come from the same answer).
  auto stage_when = [&](const std::function<bool(const StageView&)>& arrived) {
    for (int i = 0; i < 1000; ++i) {
      // Held for the loop: a range-for over `feed.snapshot()->stages` frees the snapshot, which
      // the feed thread may replace at any moment, before the body reads it.
      std::shared_ptr<const DisplaySnapshot> shown = feed.snapshot();
      for (const StageView& v : shown->stages)
        if (!v.contestant_name.empty() && arrived(v)) return v;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the display never showed the change";
    return StageView{};
  };
  ASSERT_EQ(server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C009"}}).first, 200);
  ASSERT_EQ(server.post(timer, protocol::path::kClock, {{"running", true}, {"section", "talent"}, {"contestant", "C009"}}).first,
            200);
  stage_when([](const StageView& v) { return v.clock_running; });
  server.advance_clock(290'000);
  ASSERT_EQ(server.post(timer, protocol::path::kClock,
                        {{"running", false}, {"section", "talent"}, {"contestant", "C009"}, {"elapsed_ms", 290'000}})
                .first,
            200);
  StageView first = stage_when([](const StageView& v) { return !v.clock_running; });
  EXPECT_EQ(first.contestant_name, "孙雅");
  EXPECT_EQ(first.elapsed_ms, 290'000);

  ASSERT_EQ(server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C010"}}).first, 200);
  StageView next = stage_when([](const StageView& v) { return v.contestant_name == "武梓"; });
  EXPECT_FALSE(next.clock_running);
  EXPECT_EQ(next.elapsed_ms, 0);
  ASSERT_EQ(server.post(timer, protocol::path::kClock,
                        {{"running", true}, {"section", "talent"}, {"contestant", "C010"}, {"elapsed_ms", 290'000}})
                .first,
            200);
  StageView running = stage_when([](const StageView& v) { return v.clock_running; });
  EXPECT_LT(running.elapsed_ms, 60'000) << "the last teacher's 4:50 carried over";
  feed.stop();
}

// The display takes what an event carries (issue 25 §3): a clock is applied as it comes, with
// neither document read again; a stage call reads the state only (it changes no result); a
// publish reads both. Measured by the feed's own count of reads.
TEST(DisplayFeed, AClockIsTakenFromItsEventAndAStageCallReadsOnlyTheState) {
  test::LiveServer server(test::sample_without_results());
  LiveFeed feed(ServerAddress{"127.0.0.1", server.port()}, test::code_of("display:main"), "main", [] {});
  feed.start();
  ASSERT_TRUE(feed.wait_for_seq(0, 10000));
  std::string head = server.login("head:PRE"), timer = server.login("timer:PRE");
  auto shown_when = [&](const std::function<bool(const StageView&)>& arrived) {
    for (int i = 0; i < 1000; ++i) {
      std::shared_ptr<const DisplaySnapshot> shown = feed.snapshot();  // held: see above
      for (const StageView& v : shown->stages)
        if (!v.contestant_name.empty() && arrived(v)) return v;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the display never showed the change";
    return StageView{};
  };
  // Settled: the stream's first connection replays the log and reads both once more.
  LiveFeed::Reads start = feed.reads();
  for (int quiet = 0; quiet < 5;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const LiveFeed::Reads now = feed.reads();
    quiet = now.state == start.state && now.results == start.results ? quiet + 1 : 0;
    start = now;
  }
  ASSERT_EQ(server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C009"}}).first, 200);
  shown_when([](const StageView& v) { return v.contestant_name == "孙雅"; });
  const LiveFeed::Reads called = feed.reads();
  EXPECT_GE(called.state, start.state + 1);
  EXPECT_EQ(called.results, start.results) << "a stage call read the results again";

  auto [status, body] = server.post(timer, protocol::path::kClock,
                                    {{"running", true}, {"section", "talent"}, {"contestant", "C009"}});
  ASSERT_EQ(status, 200) << body.dump();
  StageView running = shown_when([](const StageView& v) { return v.clock_running; });
  EXPECT_EQ(running.section_name, "才艺展示");
  ASSERT_TRUE(feed.wait_for_seq(body["seq"].get<int64_t>(), 10000));
  server.advance_clock(61'000);
  ASSERT_EQ(server.post(timer, protocol::path::kClock,
                        {{"running", false}, {"section", "talent"}, {"contestant", "C009"}, {"elapsed_ms", 61'000}})
                .first,
            200);
  StageView stopped = shown_when([](const StageView& v) { return !v.clock_running && v.elapsed_ms == 61'000; });
  EXPECT_EQ(stopped.contestant_name, "孙雅");
  const LiveFeed::Reads clocked = feed.reads();
  EXPECT_EQ(clocked.state, called.state) << "a clock read the state again";
  EXPECT_EQ(clocked.results, called.results) << "a clock read the results again";

  // The next call resets the clock (the state read after it knows no clock of the new teacher,
  // and the clocks carried before it are older than that state).
  ASSERT_EQ(server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C010"}}).first, 200);
  StageView next = shown_when([](const StageView& v) { return v.contestant_name == "武梓"; });
  EXPECT_FALSE(next.clock_running);
  EXPECT_EQ(next.elapsed_ms, 0);
  feed.stop();
}

// A display started (or restarted) after two results were published: switched to the reveal
// scene, it shows the latest of them, not "尚无公布的成绩"; following the contest, it does not
// replay either as if just published.
TEST(DisplayFeed, TheRevealSwitchedToLaterShowsTheLatestPublish) {
  test::LiveServer server(test::sample_without_results());
  std::string head = server.login("head:PRE"), timer = server.login("timer:PRE");
  int64_t publish_seq = 0;
  for (const char* who : {"C009", "C003"}) {
    ASSERT_EQ(server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", who}}).first, 200);
    for (const char* j : {"J01", "J02", "J03", "J04", "J05"})
      ASSERT_EQ(server.post(server.login(j), protocol::path::kMarks,
                            {{"round", "prelim"}, {"contestant", who}, {"section", "talent"},
                             {"points", 8.5}, {"judge", j}, {"revision", 0}}).first, 200);
    ASSERT_EQ(server.post(timer, protocol::path::kTimings,
                          {{"round", "prelim"}, {"contestant", who}, {"section", "talent"},
                           {"duration_s", 200}}).first, 200);
    auto [status, body] = server.post(head, protocol::path::kPublish,
                                      {{"round", "prelim"}, {"contestant", who}, {"section", "talent"}});
    ASSERT_EQ(status, 200) << body.dump();
    publish_seq = body["seq"].get<int64_t>();
  }
  // A scene command from before the display connected is not obeyed later.
  ASSERT_EQ(server.post(server.login("organizer"), protocol::path::kDisplayScene,
                        {{"display", "main"}, {"scene", "awards"}}).first, 200);

  LiveFeed feed({"127.0.0.1", server.port()}, test::code_of("display:main"), "main", nullptr);
  feed.start();
  ASSERT_TRUE(feed.wait_for_seq(publish_seq, 10000));
  DisplayController controller;
  auto snap = feed.snapshot();
  controller.on_snapshot(*snap, 0);
  for (int i = 0; i < 1000 && !snap->reveal; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    snap = feed.snapshot();
    controller.on_snapshot(*snap, 1);
  }
  ASSERT_TRUE(snap->reveal) << "the reveal scene would say 尚无公布的成绩";
  EXPECT_EQ(snap->reveal->seq, publish_seq);
  EXPECT_EQ(snap->reveal->contestant_name, "潘杰勇");  // C003, published last
  EXPECT_EQ(snap->reveal->marks.size(), 5u);
  EXPECT_EQ(controller.scene(), Scene::kLeaderboard);  // old news: neither replayed nor commanded
  EXPECT_TRUE(controller.follow());
  controller.on_key(DisplayKey::k3, *snap, 2);
  EXPECT_EQ(controller.scene(), Scene::kReveal);
  feed.stop();
}

TEST(DisplayFeed, TheOrganizerSwitchesThisDisplaysSceneAndNotAnothers) {
  test::LiveServer server(test::sample_without_results());
  LiveFeed feed({"127.0.0.1", server.port()}, test::code_of("display:main"), "main", nullptr);
  feed.start();
  ASSERT_TRUE(feed.wait_for_seq(0, 10000));
  std::string organizer = server.login("organizer");
  auto lobby = server.post(organizer, protocol::path::kDisplayScene, {{"display", "lobby"}, {"scene", "awards"}});
  ASSERT_EQ(lobby.first, 200);
  auto main = server.post(organizer, protocol::path::kDisplayScene, {{"display", "main"}, {"scene", "stage"}});
  ASSERT_EQ(main.first, 200);
  ASSERT_TRUE(feed.wait_for_seq(main.second["seq"].get<int64_t>(), 10000));
  auto s = feed.snapshot();
  ASSERT_TRUE(s->command);
  EXPECT_EQ(s->command->scene, "stage");
  EXPECT_EQ(s->command->seq, main.second["seq"].get<int64_t>());
  // Only the organizer may, and only known scenes.
  EXPECT_EQ(server.post(server.login("head:PRE"), protocol::path::kDisplayScene,
                        {{"display", "main"}, {"scene", "stage"}}).first, 403);
  EXPECT_EQ(server.post(organizer, protocol::path::kDisplayScene, {{"display", "main"}, {"scene", "party"}}).first, 400);  // not a scene: the decoder refuses it
  feed.stop();
}

// Stage call, five marks, the time and the publish of `who`'s talent section, each person
// logging in afresh: the publish's seq.
int64_t publish_talent(test::LiveServer& server, const char* who) {
  std::string head = server.login("head:PRE"), timer = server.login("timer:PRE");
  EXPECT_EQ(server.post(head, protocol::path::kStage, {{"venue", "PRE"}, {"contestant", who}}).first, 200);
  for (const char* j : {"J01", "J02", "J03", "J04", "J05"})
    EXPECT_EQ(server.post(server.login(j), protocol::path::kMarks,
                          {{"round", "prelim"}, {"contestant", who}, {"section", "talent"},
                           {"points", 8.5}, {"judge", j}, {"revision", 0}}).first, 200);
  EXPECT_EQ(server.post(timer, protocol::path::kTimings,
                        {{"round", "prelim"}, {"contestant", who}, {"section", "talent"},
                         {"duration_s", 200}}).first, 200);
  auto [status, body] = server.post(head, protocol::path::kPublish,
                                    {{"round", "prelim"}, {"contestant", who}, {"section", "talent"}});
  EXPECT_EQ(status, 200) << body.dump();
  return body.value("seq", int64_t{-1});
}

// Waits up to 20 s for `done` to hold, checking every 10 ms.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 2000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

size_t logins_in_log(test::LiveServer& server) {
  size_t n = 0;
  for (const std::string& line : server.log_lines()) n += line.find(protocol::path::kLogin) != std::string::npos;
  return n;
}

// Issue 23: the projector of a two-day preliminary. Overnight its login ends (9 h > the 8 h
// idle limit while the laptop slept; then 25 h > the 24 h maximum): it logs in again with the
// code it was started with and the first 亮分 of the next day appears.
TEST(DisplayFeed, AcrossANightAndADayItLogsInAgainAndShowsTheNextReveal) {
  test::LiveServer server(test::sample_without_results(), {.feed_keepalive = std::chrono::milliseconds(100)});
  LiveFeed feed({"127.0.0.1", server.port()}, test::code_of("display:main"), "main", nullptr);
  feed.start();
  ASSERT_TRUE(feed.wait_for_seq(0, 10000));
  const std::pair<int64_t, const char*> days[] = {{9, "C009"}, {25, "C003"}};
  for (auto [hours, who] : days) {
    const size_t logins_before = logins_in_log(server);
    server.advance_clock(hours * 3600 * 1000);
    int64_t seq = publish_talent(server, who);
    ASSERT_TRUE(eventually([&] {
      auto s = feed.snapshot();
      return s && s->reveal && s->reveal->seq == seq;
    })) << "after " << hours << " h: " << feed.status().message;
    EXPECT_EQ(feed.snapshot()->reveal->contestant_name, std::string(who) == "C009" ? "孙雅" : "潘杰勇");
    ASSERT_TRUE(eventually([&] { return feed.status().connected; })) << feed.status().message;
    EXPECT_EQ(feed.status().login_problem, "");
    // Seven logins for the publish; the eighth is the display's own.
    EXPECT_GE(logins_in_log(server), logins_before + 8);
  }
  feed.stop();
}

// A re-issued display code: the display says so (not "无法连接服务器"), keeps its last picture,
// and does not try the dead code again and again (each try would count as a wrong code).
TEST(DisplayFeed, AfterItsCodeIsReissuedItSaysSoAndDoesNotSpin) {
  test::LiveServer server(test::sample_without_results(), {.feed_keepalive = std::chrono::milliseconds(100)});
  LiveFeed feed({"127.0.0.1", server.port()}, test::code_of("display:main"), "main", nullptr);
  feed.start();
  ASSERT_TRUE(feed.wait_for_seq(0, 10000));
  ASSERT_EQ(server.post(server.login("organizer"), protocol::path::kReissueCode, {{"person", "display:main"}}).first,
            200);
  const DisplayStrings& words = display_strings();
  ASSERT_TRUE(eventually([&] { return feed.status().login_problem == words.code_reissued; }))
      << feed.status().message;
  FeedStatus st = feed.status();
  EXPECT_FALSE(st.connected);
  EXPECT_EQ(st.message.find("无法连接"), std::string::npos) << st.message;
  EXPECT_EQ(std::string(words.code_reissued).rfind("登录已失效：", 0), 0u);
  ASSERT_TRUE(feed.snapshot());  // the last picture stays up
  const size_t logins = logins_in_log(server);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(logins_in_log(server), logins) << "the display tried its dead code again";
  EXPECT_EQ(feed.status().login_problem, words.code_reissued);
  feed.stop();
}

// A display started with a code that opens no login: the same, without a picture.
TEST(DisplayFeed, AWrongCodeIsTriedOnceAndNamed) {
  test::LiveServer server(test::sample_without_results());
  LiveFeed feed({"127.0.0.1", server.port()}, "1234567890", "main", nullptr);
  feed.start();
  const DisplayStrings& words = display_strings();
  ASSERT_TRUE(eventually([&] { return feed.status().login_problem == words.code_refused; })) << feed.status().message;
  const size_t logins = logins_in_log(server);
  EXPECT_EQ(logins, 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(logins_in_log(server), logins);
  EXPECT_FALSE(feed.snapshot());
  feed.stop();
}

}  // namespace
}  // namespace lf
