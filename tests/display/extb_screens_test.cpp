// A teacher named 𠀀明华 (U+20000, CJK Extension B) from 𪚥岭小学 (U+2A6A5) on stage, drawn by
// the real programs in real windows under Xvfb: the projection display's stage scene and the
// judge console's mark-entry screen and head judge's grid. Each program bakes both characters
// as stand-ins from a font that has them (LF_GLYPH_LOG lists them) and reports nothing it
// cannot draw. The pictures land in build/screenshots/*-extb.png: look at them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "data/store/contest_store.h"
#include "scoring/client/api_client.h"
#include "tests/data/test_files.h"
#include "tests/server/child_server.h"
#include "tests/server/known_people.h"
#include "tests/ui/program_shot.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class ExtBScreens : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("liangfen-extb-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string db = (dir_ / "contest.db").string();
    Json doc = test::sample_without_results();
    bool renamed = false;
    for (Json& c : doc["contestants"])
      if (c["id"] == "C002") {
        c["name"] = "𠀀明华";
        c["school"] = "𪚥岭小学";
        renamed = true;
      }
    ASSERT_TRUE(renamed);
    ASSERT_TRUE(test::create_contest_db(db, doc).ok());
    server_ = new test::ChildServer({"--db", db, "--backup-minutes", "0"});
    ASSERT_TRUE(server_->start());
    ApiClient head(ServerAddress{"127.0.0.1", server_->port()});
    ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
    ASSERT_TRUE(head.post("/api/stage", {{"venue", "PRE"}, {"contestant", "C002"}}).ok());
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(dir_);
  }

  using Shot = test::ProgramShot;
  // Runs `program` (with `args`) for a screenshot at w x h into build/screenshots/NAME.png.
  Shot shoot(const std::string& program, const std::string& name, const std::string& args, int w,
             int h) {
    return test::shoot_program(program, name, server_->port(), args, w, h, dir_, "LF_GLYPH_LOG=1");
  }

  // Both rare characters were baked from a font that has them, and nothing was reported as
  // undrawable.
  static void expect_baked(const Shot& s) {
    std::istringstream lines(s.log);  // what was baked, for the test's output
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("glyph ", 0) == 0) std::printf("  %s\n", line.c_str());
    EXPECT_EQ(s.exit, 0) << s.log;
    EXPECT_EQ(s.png_check, 0);
    EXPECT_NE(s.log.find("glyph U+20000 as U+E"), std::string::npos) << s.log;
    EXPECT_NE(s.log.find("glyph U+2A6A5 as U+E"), std::string::npos) << s.log;
    EXPECT_EQ(s.log.find("无法显示"), std::string::npos) << s.log;
  }

  inline static fs::path dir_;
  inline static test::ChildServer* server_ = nullptr;
};

TEST_F(ExtBScreens, DisplayStageSceneDrawsTheName) {
  Shot s = shoot("liangfen-display", "display-stage-extb",
                 "--code " + test::code_of("display:main") + " --scene stage", 1280, 720);
  expect_baked(s);
}

TEST_F(ExtBScreens, ConsoleJudgeScreenDrawsTheName) {
  Shot s =
      shoot("liangfen-console", "console-judge-extb", "--code " + test::code_of("J01"), 1280, 800);
  expect_baked(s);
}

TEST_F(ExtBScreens, ConsoleHeadJudgeGridDrawsTheName) {
  Shot s = shoot("liangfen-console", "console-head-judge-extb",
                 "--code " + test::code_of("head:PRE"), 1280, 800);
  expect_baked(s);
}

}  // namespace
}  // namespace lf
