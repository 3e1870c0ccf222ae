// The console against the real server binary: a mark saved; the server killed; a correction
// typed while it is down waits in the outbox, survives the console being closed, and is sent
// by the next console once the server is back — stored exactly once.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "console_client.h"
#include "data/contest_store.h"
#include "data/test_files.h"
#include "server/child_server.h"
#include "server/known_people.h"

namespace lf {
namespace {

namespace fs = std::filesystem;

template <class F>
bool eventually(F f, int ms = 15000) {
  for (int i = 0; i < ms / 20; ++i) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return f();
}

TEST(ConsoleClient, AMarkTypedWhileTheServerIsDownIsSentLaterExactlyOnce) {
  fs::path dir = fs::temp_directory_path() / ("liangfen-console-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "tablet");
  std::string db = (dir / "contest.db").string();
  ASSERT_TRUE(test::create_contest_db(db, test::sample_without_results()).ok());
  test::ChildServer server({"--db", db, "--backup-minutes", "0"});
  ASSERT_TRUE(server.start());
  ServerAddress addr{"127.0.0.1", server.port()};
  ApiClient head(addr);
  ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());
  ASSERT_TRUE(head.post("/api/stage", {{"venue", "PRE"}, {"contestant", "C001"}}).ok());

  Json mark = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"}, {"points", 8.5}};
  {
    ConsoleClient tablet(addr, (dir / "tablet").string(), nullptr);
    tablet.start();
    tablet.login(test::code_of("J01"));
    ASSERT_TRUE(eventually([&] { return tablet.status().logged_in && tablet.view(); }));
    EXPECT_EQ(tablet.view()->role, "judge");
    ASSERT_TRUE(tablet.queue_change("/api/marks", mark).ok());
    ASSERT_TRUE(eventually([&] {
      auto v = tablet.view();
      return tablet.status().unsynced == 0 && v && v->my_marks.size() == 1 && v->my_marks[0].state == MarkState::kSaved;
    }));
    EXPECT_EQ(tablet.view()->my_marks[0].points, "8.5");
    EXPECT_EQ(tablet.view()->my_marks[0].contestant_label, "邱娟 · 机关幼儿园");

    server.kill_now();
    mark["points"] = 9.0;  // a correction, typed while the server is down
    ASSERT_TRUE(tablet.queue_change("/api/marks", mark).ok());
    EXPECT_EQ(tablet.status().unsynced, 1u);
    auto v = tablet.view();
    ASSERT_EQ(v->my_marks.size(), 1u);
    EXPECT_EQ(v->my_marks[0].state, MarkState::kWaiting);
    EXPECT_EQ(v->my_marks[0].points, "9.0");
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // it tries, and fails
    EXPECT_EQ(tablet.status().unsynced, 1u);
    EXPECT_FALSE(tablet.status().connected);
  }  // the console is closed with the mark unsent

  ASSERT_TRUE(server.start());
  ConsoleClient again(addr, (dir / "tablet").string(), nullptr);
  again.start();  // the remembered session: no code needed
  ASSERT_TRUE(eventually([&] {
    auto v = again.view();
    return again.status().logged_in && again.status().unsynced == 0 && v && v->my_marks.size() == 1 &&
           v->my_marks[0].state == MarkState::kSaved;
  }));
  EXPECT_EQ(again.view()->my_marks[0].points, "9.0");
  again.stop();
  server.kill_now();

  auto store = ContestStore::open(db);
  ASSERT_TRUE(store.ok());
  int marks = 0;
  auto events = store.value()->events_after(0, 100000);
  ASSERT_TRUE(events.ok());
  for (const Event& e : events.value())
    if (e.kind == "mark") ++marks;
  EXPECT_EQ(marks, 2);  // 8.5, then the correction: nothing twice
  fs::remove_all(dir);
}

TEST(ConsoleClient, AWrongCodeSaysSoAndAnUnreachableServerSaysSo) {
  ConsoleClient nowhere({"127.0.0.1", test::free_loopback_port()}, fs::temp_directory_path().string() + "/lf-nowhere", nullptr);
  nowhere.start();
  nowhere.login("12345678");
  ASSERT_TRUE(eventually([&] { return !nowhere.status().login_in_flight; }));
  EXPECT_FALSE(nowhere.status().logged_in);
  EXPECT_NE(nowhere.status().message.find("连不上服务器"), std::string::npos) << nowhere.status().message;
  nowhere.stop();
  fs::remove_all(fs::temp_directory_path().string() + "/lf-nowhere");
}

}  // namespace
}  // namespace lf
