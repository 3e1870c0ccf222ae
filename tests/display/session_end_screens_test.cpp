// Issue 23 on the screens, the real programs under Xvfb against the real server: the display
// whose code the organizer re-issues keeps its last picture under a banner saying so (not
// "与服务器的连接已断开"), and a console that starts with a remembered login whose code was
// re-issued shows its login screen with the reason. Pictures: build/screenshots/
// session-ended-*.png — look at them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "display/display_strings.h"
#include "scoring/client/api_client.h"
#include "scoring/protocol/session_end.h"
#include "tests/data/test_files.h"
#include "tests/server/child_server.h"
#include "tests/server/known_people.h"
#include "tests/ui/program_shot.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

class SessionEndScreens : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("liangfen-ended-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "contest.db").string();
    ASSERT_TRUE(test::create_contest_db(db_, test::sample_without_results()).ok());
    server_ = std::make_unique<test::ChildServer>(
        std::vector<std::string>{"--db", db_, "--backup-minutes", "0"});
    ASSERT_TRUE(server_->start());
    organizer_ = ApiClient(address());
    ASSERT_TRUE(organizer_.login(test::code_of("organizer")).ok());
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }
  ServerAddress address() const { return {"127.0.0.1", server_->port()}; }
  void reissue(const std::string& person) {
    ApiAnswer a = organizer_.post(protocol::path::kReissueCode, {{"person", person}});
    ASSERT_TRUE(a.ok()) << a.raw;
  }
  // How many lines of the server's log (<db>.log) contain `what`.
  size_t logged(const std::string& what) const {
    std::ifstream in(db_ + ".log");
    size_t n = 0;
    for (std::string line; std::getline(in, line);) n += line.find(what) != std::string::npos;
    return n;
  }

  fs::path dir_;
  std::string db_;
  std::unique_ptr<test::ChildServer> server_;
  ApiClient organizer_{ServerAddress{}};
};

TEST_F(SessionEndScreens, TheDisplayKeepsItsPictureAndSaysItsCodeWasReissued) {
  // The display takes its picture 8 s after its first one; meanwhile its code is re-issued.
  auto shot = std::async(std::launch::async, [&] {
    return test::shoot_program(
        "liangfen-display", "session-ended-display", server_->port(),
        "--code " + test::code_of("display:main") + " --scene leaderboard --shot-delay-ms 8000",
        1280, 720, dir_);
  });
  // The display has logged in and fetched its first picture (nobody else asks for results).
  bool fetched = false;
  for (int i = 0; i < 400 && !(fetched = logged("GET /api/results") > 0); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fetched);
  reissue("display:main");
  test::ProgramShot s = shot.get();
  ASSERT_EQ(s.exit, 0) << s.log;
  EXPECT_EQ(s.png_check, 0);
  EXPECT_NE(s.text.find(display_strings().code_reissued), std::string::npos) << s.text;
  EXPECT_EQ(s.text.find("无法连接"), std::string::npos) << s.text;
  EXPECT_EQ(s.text.find("连接已断开"), std::string::npos) << s.text;
  EXPECT_NE(s.text.find(display_strings().rank), std::string::npos)
      << "the last picture stays: " << s.text;
}

TEST_F(SessionEndScreens, TheConsoleStartsAtItsLoginScreenSayingTheCodeWasReissued) {
  ApiClient j04(address());
  ASSERT_TRUE(j04.login(test::code_of("J04")).ok());
  // The console remembers J04's login from yesterday; overnight the code was re-issued.
  fs::path data = dir_ / "home-session-ended-console" / "liangfen";
  fs::create_directories(data);
  std::ofstream(data / "console-session.json")
      << Json{{"server", address().text()}, {"token", j04.token()}, {"person", "J04"}}.dump();
  reissue("J04");
  test::ProgramShot s = test::shoot_program("liangfen-console", "session-ended-console",
                                            server_->port(), "", 1280, 800, dir_);
  ASSERT_EQ(s.exit, 0) << s.log;
  EXPECT_EQ(s.png_check, 0);
  EXPECT_NE(s.text.find(protocol::session_end::message(protocol::session_end::kReissued)),
            std::string::npos)
      << s.text;
  EXPECT_FALSE(fs::exists(data / "console-session.json")) << "the dead token is forgotten";
}

}  // namespace
}  // namespace lf
