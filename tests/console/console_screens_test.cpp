// The console in a real window under Xvfb, logged in to the real server as each role, written
// to PNG and checked (size, not blank). The pictures land in build/screenshots/ to look at.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "scoring/client/api_client.h"
#include "scoring/client/join_link.h"
#include "data/store/contest_store.h"
#include "tests/data/test_files.h"
#include "tests/server/child_server.h"
#include "tests/server/first_marks.h"
#include "tests/server/known_people.h"
#include "tests/ui/program_shot.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class ConsoleScreens : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("liangfen-screens-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string db = (dir_ / "contest.db").string();
    Json doc = test::sample_without_results();
    doc["topics"] = {{"class_meeting", {"如何开好第一次家长会：请以新接手的初一班级为例，设计一次主题班会"}},
                     {"qa", {"家长在班级群里质疑作业量过大，班主任如何回应？"}}};
    ASSERT_TRUE(test::create_contest_db(db, doc).ok());
    server_ = new test::ChildServer({"--db", db, "--backup-minutes", "0"});
    ASSERT_TRUE(server_->start());
    // The preliminary's running order drawn by the organizer (35 teachers, shown as a table
    // between rounds). No tie here to rule (nothing is marked yet: a ruling of teachers who are
    // not tied is refused, issue 24 §4); the ruling screens are drawn by ConsolePanels and
    // BetweenRoundsPanel, and in the browser by the web test.
    ServerAddress addr{"127.0.0.1", server_->port()};
    ApiClient organizer(addr);
    ASSERT_TRUE(organizer.login(test::code_of("organizer")).ok());
    ASSERT_TRUE(
        organizer
            .post("/api/draw",
                  {{"round", "prelim"}, {"group", "primary"}, {"seed", std::string(64, '7')}})
            .ok());
    ApiClient head(addr);
    ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
    // A contestant on stage with four of five marks in, one far from the others.
    ASSERT_TRUE(head.post("/api/stage", {{"venue", "PRE"}, {"contestant", "C002"}}).ok());
    ApiClient steward(addr);
    ASSERT_TRUE(steward.login(test::code_of("steward")).ok());
    ASSERT_TRUE(steward.post("/api/topic-draw", {{"round", "final"}, {"contestant", "C036"}, {"section", "class_meeting"}}).ok());
    ASSERT_EQ(test::save_first_marks(addr, "prelim", "C002", "speech",
                                     {{"J02", 27.6}, {"J03", 21.5}, {"J04", 21.7}, {"J05", 19.5}}), "");
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(dir_);
  }

  // Runs the console for a screenshot; returns the png_check exit status.
  int shoot(const std::string& name, const std::string& args, int w, int h) {
    auto s = test::shoot_program("liangfen-console", "console-" + name, server_->port(), args, w, h, dir_);
    return s.exit == 0 ? s.png_check : -1;
  }

  inline static fs::path dir_;
  inline static test::ChildServer* server_ = nullptr;
};

TEST_F(ConsoleScreens, Login) { EXPECT_EQ(shoot("login", "", 1280, 800), 0); }

TEST_F(ConsoleScreens, JudgeTyping) {
  EXPECT_EQ(shoot("judge", "--code " + test::code_of("J01") + " --type 8.5", 1280, 800), 0);
}

TEST_F(ConsoleScreens, HeadJudgeGrid) {
  EXPECT_EQ(shoot("head-judge", "--code " + test::code_of("head:PRE"), 1280, 800), 0);
}

TEST_F(ConsoleScreens, TimekeeperNearTheMaximum) {
  EXPECT_EQ(shoot("timekeeper", "--code " + test::code_of("timer:PRE") + " --timer-ms 287400", 1280, 800), 0);
}

// Issue 24, in the real program against the real server (venue S1, so the other screens keep
// PRE as it is): a stopped clock offers 提交用时; after the next call the timekeeper's screen
// reads 00:00 with nothing to send.
TEST_F(ConsoleScreens, TimekeeperAfterANewCallShowsZeroAndNoSubmit) {
  ServerAddress addr{"127.0.0.1", server_->port()};
  ApiClient head(addr), timer(addr);
  ASSERT_TRUE(head.login(test::code_of("head:S1")).ok());
  ASSERT_TRUE(timer.login(test::code_of("timer:S1")).ok());
  ASSERT_TRUE(head.post("/api/stage", {{"venue", "S1"}, {"contestant", "C036"}}).ok());
  ASSERT_TRUE(timer.post("/api/clock", {{"running", true}, {"section", "talent"}, {"contestant", "C036"}}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the server's clock is real here
  ASSERT_TRUE(timer.post("/api/clock", {{"running", false}, {"section", "talent"}, {"contestant", "C036"}}).ok());
  auto stopped = test::shoot_program("liangfen-console", "console-timekeeper-stopped", server_->port(),
                                     "--code " + test::code_of("timer:S1"), 1280, 800, dir_);
  ASSERT_EQ(stopped.exit, 0) << stopped.log;
  EXPECT_NE(stopped.text.find("00:01"), std::string::npos) << stopped.text;
  EXPECT_NE(stopped.text.find("提交用时 0:01"), std::string::npos) << stopped.text;

  ASSERT_TRUE(head.post("/api/stage", {{"venue", "S1"}, {"contestant", "C037"}}).ok());
  auto next = test::shoot_program("liangfen-console", "console-timekeeper-new-call", server_->port(),
                                  "--code " + test::code_of("timer:S1"), 1280, 800, dir_);
  ASSERT_EQ(next.exit, 0) << next.log;
  EXPECT_EQ(next.png_check, 0);
  EXPECT_NE(next.text.find("当前选手：崔斌飞"), std::string::npos) << next.text;
  EXPECT_NE(next.text.find("00:00"), std::string::npos) << next.text;
  EXPECT_EQ(next.text.find("提交用时"), std::string::npos) << next.text;
}

TEST_F(ConsoleScreens, OrganizerOverview) {
  EXPECT_EQ(shoot("organizer", "--code " + test::code_of("organizer"), 1280, 800), 0);
}

// Between rounds on a portrait tablet: the drawn order as a table that scrolls in its own
// space, the next 抽签 buttons below it on the screen.
TEST_F(ConsoleScreens, OrganizerBetweenRoundsPortrait) {
  EXPECT_EQ(shoot("organizer-portrait", "--code " + test::code_of("organizer"), 800, 1280), 0);
}

// 手动排序 open on the preliminary's order, the second teacher moved up, a reason chosen.
TEST_F(ConsoleScreens, OrganizerEntersTheOrderByHand) {
  EXPECT_EQ(
      shoot("organizer-manual-order",
            "--code " + test::code_of("organizer") + " --manual-order prelim/primary", 1280, 800),
      0);
}

// The organizer's 查分 of C002: the trail of their speech marks, read from the server.
TEST_F(ConsoleScreens, OrganizerHistoryOfOneContestant) {
  EXPECT_EQ(shoot("organizer-history", "--code " + test::code_of("organizer") + " --history C002", 1280, 800), 0);
}

// What a phone's camera reads from a screenshot: every QR code's text, one per line (zbarimg).
std::string qr_text_in(const std::string& png) {
  std::string out;
  FILE* p = ::popen(("zbarimg --raw -q --nodbus " + png + " 2>/dev/null").c_str(), "r");
  char buf[512];
  for (size_t n; p && (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (p) ::pclose(p);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The venue's join code on the organizer's screen and on the projector between contestants, as
// a phone reads it: the server these programs reach at 127.0.0.1 at this machine's LAN address.
TEST_F(ConsoleScreens, TheVenuesJoinCodeOnTheOrganizerAndTheDisplayOpensThisServerFromTheLan) {
  auto ip = first_lan_ipv4();
  if (!ip) GTEST_SKIP() << "this machine has no LAN address";
  const std::string want = "http://" + *ip + ":" + std::to_string(server_->port()) + "/";
  ASSERT_EQ(shoot("organizer-join", "--code " + test::code_of("organizer"), 1280, 800), 0);
  EXPECT_EQ(qr_text_in(std::string(LF_BIN_DIR) + "/../screenshots/console-organizer-join.png"), want);
  // The stage scene of the second venue (nobody on stage there; the first has C002).
  std::string args = "--code " + test::code_of("display:main") + " --scene stage --board 1";
  auto on = test::shoot_program("liangfen-display", "display-stage-join", server_->port(), args, 1920, 1080, dir_);
  ASSERT_EQ(on.exit, 0) << on.log;
  EXPECT_EQ(qr_text_in(std::string(LF_BIN_DIR) + "/../screenshots/display-stage-join.png"), want);
  auto off = test::shoot_program("liangfen-display", "display-stage-no-join", server_->port(), args + " --no-join-qr",
                                 1920, 1080, dir_);
  ASSERT_EQ(off.exit, 0) << off.log;
  EXPECT_EQ(qr_text_in(std::string(LF_BIN_DIR) + "/../screenshots/display-stage-no-join.png"), "");  // --no-join-qr
}

TEST_F(ConsoleScreens, StewardAfterADraw) {
  EXPECT_EQ(shoot("steward", "--code " + test::code_of("steward"), 1280, 800), 0);
}

TEST_F(ConsoleScreens, JudgeOnALargeScreen) {
  EXPECT_EQ(shoot("judge-1080p", "--code " + test::code_of("J02"), 1920, 1080), 0);
}

}  // namespace
}  // namespace lf
