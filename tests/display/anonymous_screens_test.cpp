// Issue 17 §2–§4 in real windows under Xvfb, from a real server: the sample contest under
// anonymous judging, C002 (陆兰桂 · 实验小学, draw 7) on stage in PRE, J03 sharing C002's school
// (回避), C002's 德育故事演讲 published 12 s over time (under the first tier: no penalty) and
// 才艺展示 marked, not yet published.
// The projector's stage and reveal scenes, the recused judge's console, and a judge's console on
// a portrait and a landscape tablet are written to build/screenshots/anonymous-*.png — look at
// them. What the scenes draw is asserted on the same server's answers in a null ImGui context
// (tests/display/anonymous_scenes_test.cpp, tests/console/panels_smoke_test.cpp); here each
// program must run, write its picture and report nothing it cannot draw.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "data/store/contest_store.h"
#include "scoring/client/api_client.h"
#include "tests/data/test_files.h"
#include "tests/server/child_server.h"
#include "tests/server/first_marks.h"
#include "tests/server/known_people.h"
#include "tests/ui/program_shot.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class AnonymousScreens : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("liangfen-anon-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string db = (dir_ / "contest.db").string();
    Json doc = test::sample_without_results();
    doc["contest"]["anonymous_judging"] = true;
    for (Json& c : doc["contestants"])
      if (c["id"] == "C002") c["draw"] = 7;
    for (Json& j : doc["judges"])
      if (j["id"] == "J03") j["school"] = "实验小学";
    ASSERT_TRUE(test::create_contest_db(db, doc).ok());
    server_ = new test::ChildServer({"--db", db, "--backup-minutes", "0"});
    ASSERT_TRUE(server_->start());
    ServerAddress addr{"127.0.0.1", server_->port()};
    ApiClient head(addr);
    ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
    ASSERT_TRUE(head.post("/api/stage", {{"venue", "PRE"}, {"contestant", "C002"}}).ok());
    ASSERT_EQ(test::save_first_marks(addr, "prelim", "C002", "speech",
                                     {{"J01", 27.5}, {"J02", 26.0}, {"J04", 28.5}, {"J05", 25.5}}), "");
    // 才艺展示 marked but not yet published: the head judge's grid opens on it, complete.
    ASSERT_EQ(test::save_first_marks(addr, "prelim", "C002", "talent",
                                     {{"J01", 8.5}, {"J02", 9.0}, {"J04", 7.5}, {"J05", 8.8}}), "");
    // J03 is recused: the server refuses, in Chinese, without naming the school.
    ApiClient j03(addr);
    ASSERT_TRUE(j03.login(test::code_of("J03")).ok());
    ApiAnswer refused = j03.post("/api/marks", {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"},
                                                {"points", 20.0}, {"judge", "J03"}, {"revision", 0}});
    ASSERT_FALSE(refused.ok());
    refusal_ = refused.message();
    ApiClient timer(addr);
    ASSERT_TRUE(timer.login(test::code_of("timer:PRE")).ok());
    ApiAnswer t = timer.post("/api/timings", {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"},
                                              {"duration_s", 312}});
    ASSERT_TRUE(t.ok()) << t.raw;
    ApiAnswer p = head.post("/api/publish", {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"}});
    ASSERT_TRUE(p.ok()) << p.raw;
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(dir_);
  }

  using Shot = test::ProgramShot;
  Shot shoot(const std::string& program, const std::string& name, const std::string& args, int w, int h) {
    return test::shoot_program(program, name, server_->port(), args, w, h, dir_);
  }
  static void expect_drawn(const Shot& s) {
    EXPECT_EQ(s.exit, 0) << s.log;
    EXPECT_EQ(s.png_check, 0);
    EXPECT_EQ(s.log.find("无法显示"), std::string::npos) << s.log;
  }

  inline static fs::path dir_;
  inline static test::ChildServer* server_ = nullptr;
  inline static std::string refusal_;
};

// Who is recused tells their school: under anonymous judging only that judge (and the head
// judge, who runs the panel) is told; another judge and the projector are not.
TEST_F(AnonymousScreens, OnlyTheRecusedJudgeAndTheHeadJudgeAreToldWhoIsRecused) {
  ServerAddress addr{"127.0.0.1", server_->port()};
  auto recused_seen_by = [&](const std::string& person) {
    ApiClient client(addr);
    EXPECT_TRUE(client.login(test::code_of(person)).ok()) << person;
    ApiAnswer a = client.get("/api/state");
    EXPECT_TRUE(a.ok()) << a.raw;
    for (const Json& v : a.body["venues"])
      if (v["key"] == "PRE") return v["stage"]["recused"];
    return Json();
  };
  EXPECT_EQ(recused_seen_by("J03"), Json::array({"J03"}));
  EXPECT_EQ(recused_seen_by("head:PRE"), Json::array({"J03"}));
  EXPECT_EQ(recused_seen_by("J01"), Json::array());
  EXPECT_EQ(recused_seen_by("display:main"), Json::array());
}

TEST_F(AnonymousScreens, TheRecusedJudgesRefusalIsChineseAndNamesNoSchool) {
  EXPECT_TRUE(test::has_chinese(refusal_)) << refusal_;
  EXPECT_NE(refusal_.find("回避"), std::string::npos) << refusal_;
  EXPECT_EQ(refusal_.find("实验小学"), std::string::npos) << refusal_;
  EXPECT_EQ(refusal_.find("陆兰桂"), std::string::npos) << refusal_;
}

TEST_F(AnonymousScreens, ProjectorStageScene) {
  expect_drawn(shoot("liangfen-display", "anonymous-display-stage",
                     "--code " + test::code_of("display:main") + " --scene stage", 1280, 720));
}

TEST_F(AnonymousScreens, ProjectorRevealScene) {
  expect_drawn(shoot("liangfen-display", "anonymous-display-reveal",
                     "--code " + test::code_of("display:main") + " --scene reveal --at 30", 1280, 720));
}

TEST_F(AnonymousScreens, RecusedJudgesConsole) {
  expect_drawn(shoot("liangfen-console", "anonymous-console-recused", "--code " + test::code_of("J03"), 1280, 800));
}

// The head judge's grid: J03's cell says 回避 (the four others' marks are averaged: a panel
// reduced to four drops nothing, contest-file.md §6).
TEST_F(AnonymousScreens, HeadJudgesGridWithDroppedMarksAndTheRecusedJudge) {
  expect_drawn(shoot("liangfen-console", "anonymous-console-head-judge", "--code " + test::code_of("head:PRE"), 1280, 800));
}

TEST_F(AnonymousScreens, JudgesConsolePortraitAndLandscape) {
  expect_drawn(shoot("liangfen-console", "anonymous-console-portrait", "--code " + test::code_of("J01") + " --type 8.5",
                     800, 1280));
  expect_drawn(shoot("liangfen-console", "anonymous-console-landscape", "--code " + test::code_of("J02") + " --type 8.5",
                     1280, 800));
}

}  // namespace
}  // namespace lf
