// Issue 15's walk, on the screens: the real console (every role) and the real projection display
// (every scene) in windows under Xvfb, against the real server on the sample contest in the middle
// of its preliminary — a teacher on stage, marks in, one section published (亮分), a 查分 trail —
// and not one key of the contest (round, group, venue, section, display, role) in the words on
// any screen. The words are the ones each program drew, read back from its draw lists by the
// shell's screenshot mode (NAME.txt beside NAME.png in build/screenshots/: look at the PNGs).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "scoring/client/api_client.h"
#include "tests/data/test_files.h"
#include "tests/organizer/contest_keys.h"
#include "tests/server/child_server.h"
#include "tests/server/first_marks.h"
#include "tests/server/known_people.h"
#include "tests/ui/program_shot.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class NamesOnScreens : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("liangfen-names-screens-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string db = (dir_ / "contest.db").string();
    document_ = test::sample_without_results();
    document_["topics"] = {{"qa", {"家长在班级群里质疑作业量过大，班主任如何回应？"}}};
    ASSERT_TRUE(test::create_contest_db(db, document_, /*as_people=*/true).ok());
    server_ = new test::ChildServer({"--db", db, "--backup-minutes", "0"});
    ASSERT_TRUE(server_->start());
    ServerAddress addr{"127.0.0.1", server_->port()};
    ApiClient head(addr);
    ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
    ASSERT_TRUE(head.post("/api/stage", {{"venue", "PRE"}, {"contestant", "C002"}}).ok());
    // The speech section marked by the whole panel, timed and published; the talent section
    // half marked, so the head judge's grid has missing marks too.
    ASSERT_EQ(test::save_first_marks(addr, "prelim", "C002", "speech",
                                     {{"J01", 27.5}, {"J02", 26.0}, {"J03", 24.0}, {"J04", 28.5}, {"J05", 25.5}}), "");
    ASSERT_EQ(test::save_first_marks(addr, "prelim", "C002", "talent", {{"J01", 8.5}, {"J02", 8.5}}), "");
    ApiClient timer(addr);
    ASSERT_TRUE(timer.login(test::code_of("timer:PRE")).ok());
    ApiAnswer t = timer.post("/api/timings", {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"},
                                              {"duration_s", 312}});
    ASSERT_TRUE(t.ok()) << t.raw;
    ApiAnswer p = head.post("/api/publish", {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"}});
    ASSERT_TRUE(p.ok()) << p.raw;
    // Issue 24 §1, §2: she performs the class meeting now, and J01's talent mark came back: the
    // judge's screen shows the 被退回 notice and the list of performances, each by name.
    ApiAnswer r = head.post("/api/return", {{"round", "prelim"}, {"contestant", "C002"}, {"section", "talent"},
                                            {"judge", "J01"}, {"note", "请核对"}});
    ASSERT_TRUE(r.ok()) << r.raw;
    ApiAnswer k = timer.post("/api/clock", {{"running", true}, {"section", "class_meeting"}, {"contestant", "C002"}});
    ASSERT_TRUE(k.ok()) << k.raw;
    ApiClient steward(addr);
    ASSERT_TRUE(steward.login(test::code_of("steward")).ok());
    ApiAnswer d = steward.post("/api/topic-draw", {{"round", "final"}, {"contestant", "C036"}, {"section", "qa"}});
    ASSERT_TRUE(d.ok()) << d.raw;
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(dir_);
  }

  // Shoots `program` and checks that it drew, and that no key stands in what it drew.
  static void expect_names_only(const std::string& program, const std::string& name, const std::string& args,
                                int w = 1280, int h = 800) {
    SCOPED_TRACE(name);
    auto s = test::shoot_program(program, "names-" + name, server_->port(), args, w, h, dir_);
    ASSERT_EQ(s.exit, 0) << s.log;
    EXPECT_EQ(s.png_check, 0);
    ASSERT_FALSE(s.text.empty()) << "no words read back from the screen";
    auto found = test::keys_in(s.text, test::contest_keys(document_));
    EXPECT_TRUE(found.empty()) << name << " shows " << test::joined(found) << ":\n" << s.text;
  }

  inline static fs::path dir_;
  inline static Json document_;
  inline static test::ChildServer* server_ = nullptr;
};

TEST_F(NamesOnScreens, TheConsoleOfEveryRoleShowsNamesOnly) {
  expect_names_only("liangfen-console", "console-login", "");
  expect_names_only("liangfen-console", "console-judge", "--code " + test::code_of("J01") + " --type 8.5");
  expect_names_only("liangfen-console", "console-judge-portrait", "--code " + test::code_of("J04"), 800, 1280);
  expect_names_only("liangfen-console", "console-head-judge", "--code " + test::code_of("head:PRE"));
  expect_names_only("liangfen-console", "console-timekeeper", "--code " + test::code_of("timer:PRE") + " --timer-ms 287400");
  expect_names_only("liangfen-console", "console-steward", "--code " + test::code_of("steward"));
  expect_names_only("liangfen-console", "console-organizer", "--code " + test::code_of("organizer"));
  expect_names_only("liangfen-console", "console-organizer-history", "--code " + test::code_of("organizer") + " --history C002");
}

TEST_F(NamesOnScreens, EveryDisplaySceneShowsNamesOnly) {
  for (const char* scene : {"leaderboard", "stage", "reveal", "awards"})
    expect_names_only("liangfen-display", std::string("display-") + scene,
                      "--code " + test::code_of("display:main") + " --scene " + scene, 1920, 1080);
}

// The check is not blind: the words read back from a screen hold what that screen shows, and
// a key planted in them is found.
TEST_F(NamesOnScreens, TheWordsReadBackAreTheScreensAndAKeyInThemIsFound) {
  auto s = test::shoot_program("liangfen-console", "names-console-head-judge-check", server_->port(),
                               "--code " + test::code_of("head:PRE"), 1280, 800, dir_);
  ASSERT_EQ(s.exit, 0) << s.log;
  EXPECT_NE(s.text.find("小学组预赛赛场"), std::string::npos) << s.text;  // the venue, by its name
  EXPECT_NE(s.text.find("裁判长1号"), std::string::npos) << s.text;      // the person, by name
  auto keys = test::contest_keys(document_);
  EXPECT_EQ(test::keys_in(s.text + "\n赛场 PRE\n", keys), std::set<std::string>{"PRE"});
}

}  // namespace
}  // namespace lf
