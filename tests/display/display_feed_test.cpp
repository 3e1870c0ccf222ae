// End to end: a real server on a loopback port, a display's LiveFeed logged in with its code,
// and a result published through the API: the display's snapshot shows it within one event.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "display/display_controller.h"
#include "display/display_feed.h"
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

}  // namespace
}  // namespace lf
