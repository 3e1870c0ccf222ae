// The prep room's topic and case draw (contest-file.md §4): a contestant draws once per section and
// round, never a topic already drawn in the round; only the steward (or the organizer) draws;
// the draw survives a restart.
#include <gtest/gtest.h>

#include <set>

#include "tests/server/server_fixture.h"

namespace lf {
namespace {

Json with_topics() {
  Json d = test::sample_without_results();
  d["topics"] = {{"class_meeting", {"如何开好第一次家长会", "班级里的“小团体”", "手机进校园"}}};
  return d;
}

Json draw_for(const char* contestant) {
  return {{"round", "prelim"}, {"contestant", contestant}, {"section", "class_meeting"}};
}

TEST(TopicDraw, EachContestantDrawsOnceAndNoTopicTwiceInARound) {
  test::LiveServer server(with_topics());
  std::string steward = server.login("steward");
  std::set<int> drawn;
  for (const char* c : {"C001", "C002", "C003"}) {
    auto [status, body] = server.post(steward, protocol::path::kTopicDraw, draw_for(c));
    ASSERT_EQ(status, 200) << body.dump();
  }
  auto [status, state] = server.get(steward, protocol::path::kState);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(state["topic_draws"].size(), 3u);
  for (const Json& d : state["topic_draws"]) {
    drawn.insert(d["topic"].get<int>());
    EXPECT_FALSE(d["text"].get<std::string>().empty());
  }
  EXPECT_EQ(drawn.size(), 3u);  // three different topics
  EXPECT_EQ(state["topic_banks"]["class_meeting"], 3);
  auto again = server.post(steward, protocol::path::kTopicDraw, draw_for("C001"));
  EXPECT_EQ(again.first, 409);
  EXPECT_NE(again.second["error"].get<std::string>().find("已经抽过题"), std::string::npos);
  auto none_left = server.post(steward, protocol::path::kTopicDraw, draw_for("C004"));
  EXPECT_EQ(none_left.first, 409);
  auto no_bank = server.post(steward, protocol::path::kTopicDraw,
                             {{"round", "prelim"}, {"contestant", "C004"}, {"section", "qa"}});
  EXPECT_EQ(no_bank.first, 409);
}

TEST(TopicDraw, OnlyTheStewardOrTheOrganizerDraws) {
  test::LiveServer server(with_topics());
  for (const char* who : {"J01", "head:PRE", "timer:PRE", "display:main"})
    EXPECT_EQ(server.post(server.login(who), protocol::path::kTopicDraw, draw_for("C001")).first, 403) << who;
  EXPECT_EQ(server.post(server.login("organizer"), protocol::path::kTopicDraw, draw_for("C001")).first, 200);
  // A judge's state carries no draws.
  EXPECT_FALSE(server.get(server.login("J01"), protocol::path::kState).second.contains("topic_draws"));
}

TEST(TopicDraw, TheDrawSurvivesARestart) {
  test::LiveServer server(with_topics());
  std::string steward = server.login("steward");
  ASSERT_EQ(server.post(steward, protocol::path::kTopicDraw, draw_for("C002")).first, 200);
  Json before = server.get(steward, protocol::path::kState).second["topic_draws"];
  server.restart();
  steward = server.login("steward");
  EXPECT_EQ(server.get(steward, protocol::path::kState).second["topic_draws"], before);
  EXPECT_EQ(server.post(steward, protocol::path::kTopicDraw, draw_for("C002")).first, 409);
}

}  // namespace
}  // namespace lf
