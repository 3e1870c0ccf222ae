// The console's logic without a window: mark entry, the outbox (surviving a crash between
// write and send; owners; chained corrections; receipts), the sender's decisions (whose
// items, stale refusals), the view over the outbox, the timer face, the head judge's review.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "judge_console/console_view.h"
#include "judge_console/mark_entry.h"
#include "judge_console/outbox.h"
#include "judge_console/outbox_sender.h"
#include "judge_console/panel_review.h"
#include "judge_console/timer_model.h"
#include "tests/data/faulty_disk.h"

namespace lf {
namespace {

MarkEntry thirty() { return MarkEntry(MarkRules{300, 1, 1}); }

TEST(MarkEntry, TypesAMarkWithOneDecimal) {
  MarkEntry e = thirty();
  for (int d : {2, 7}) e.press_digit(d);
  e.press_point();
  e.press_digit(5);
  e.press_digit(9);  // a second decimal is not allowed: ignored
  EXPECT_EQ(e.text(), "27.5");
  MarkCheck c = e.check();
  EXPECT_TRUE(c.ok);
  EXPECT_EQ(c.units, 275);
}

TEST(MarkEntry, AboveTheMaximumCannotBeSent) {
  MarkEntry e = thirty();
  for (int d : {3, 1}) e.press_digit(d);
  EXPECT_FALSE(e.check().ok);
  EXPECT_EQ(e.check().problem, MarkProblem::kAboveMax);
}

TEST(MarkEntry, OffTheStepCannotBeSent) {
  MarkEntry e(MarkRules{300, 5, 1});  // steps of 0.5
  e.press_digit(8);
  e.press_point();
  e.press_digit(3);
  EXPECT_EQ(e.check().problem, MarkProblem::kOffStep);
  e.backspace();
  e.press_digit(5);
  EXPECT_TRUE(e.check().ok);
}

TEST(MarkEntry, AnUnfinishedDecimalCannotBeSent) {
  MarkEntry e = thirty();
  e.press_point();
  EXPECT_EQ(e.text(), "0.");
  EXPECT_EQ(e.check().problem, MarkProblem::kUnfinished);
  EXPECT_EQ(MarkEntry(MarkRules{300, 1, 1}).check().problem, MarkProblem::kEmpty);
}

TEST(MarkEntry, NudgesStayInsideTheRange) {
  MarkEntry e = thirty();
  e.nudge(5);
  EXPECT_EQ(e.text(), "0.5");
  e.nudge(-10);
  EXPECT_EQ(e.text(), "0.0");
  e.set_units(298);
  e.nudge(5);
  EXPECT_EQ(e.text(), "30.0");
  e.nudge(-1);
  EXPECT_EQ(e.text(), "29.9");
}

TEST(MarkEntry, NoLeadingZerosAndAtMostThreeWholeDigits) {
  MarkEntry e = thirty();
  for (int d : {0, 7}) e.press_digit(d);
  EXPECT_EQ(e.text(), "7");
  for (int d : {1, 2, 3}) e.press_digit(d);
  EXPECT_EQ(e.text(), "712");
}

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest() {
    dir_ = std::filesystem::temp_directory_path() / ("liangfen-outbox-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "outbox.db").string();
  }
  ~OutboxTest() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<Outbox> open() { return std::move(Outbox::open(path_, "J01").value()); }
  std::filesystem::path dir_;
  std::string path_;
};

Json mark(double points) { return {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"}, {"points", points}}; }

TEST_F(OutboxTest, AChangeIsKeptWithItsKeyUntilSaved) {
  auto box = open();
  auto a = box->add("/api/marks", mark(8.5), 1);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->body["idempotency_key"], a->key);
  auto pending = box->pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].key, a->key);
  EXPECT_TRUE(box->remove(a->key).ok());
  EXPECT_EQ(box->pending_count(), 0u);
}

TEST_F(OutboxTest, SurvivesACrashBetweenWriteAndSend) {
  std::string key;
  pid_t child = ::fork();
  if (child == 0) {  // the console: writes a mark, then dies before sending it
    auto box = Outbox::open(path_, "J01");
    auto item = box.value()->add("/api/marks", mark(9.1), 42);
    ::_exit(item.ok() ? 0 : 1);  // no destructor, no close: as a crash
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto box = open();  // the console restarted
  auto pending = box->pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].body["points"], 9.1);
  EXPECT_EQ(pending[0].body["idempotency_key"], pending[0].key);  // the same key is resent
  EXPECT_EQ(pending[0].created_ms, 42);
}

TEST_F(OutboxTest, KeysAreNeverReusedAfterRemovalOrRestart) {
  std::set<std::string> keys;
  for (int round = 0; round < 2; ++round) {
    auto box = open();
    for (int i = 0; i < 3; ++i) {
      auto a = box->add("/api/marks", mark(1), 0);
      EXPECT_TRUE(keys.insert(a->key).second) << a->key;
      ASSERT_TRUE(box->remove(a->key).ok());
    }
  }
}

TEST_F(OutboxTest, SenderRemovesSavedKeepsUnansweredAndKeepsOrder) {
  auto box = open();
  auto first = box->add("/api/marks", mark(1), 0).value();
  auto second = box->add("/api/marks", mark(2), 0).value();
  std::vector<std::string> sent;
  bool server_up = false;
  OutboxSender sender(*box, "J01", [&](const std::string&, const Json& body) {
    sent.push_back(body["idempotency_key"]);
    ApiAnswer a;
    if (server_up) a.status = 200;
    return a;  // status 0: no answer
  });
  auto pass = sender.send_pending();
  EXPECT_TRUE(pass.stalled);
  EXPECT_EQ(sent, std::vector<std::string>{first.key});  // stopped at the first: order kept
  EXPECT_EQ(box->pending_count(), 2u);
  server_up = true;
  pass = sender.send_pending();
  EXPECT_FALSE(pass.stalled);
  EXPECT_EQ(pass.saved, 2);
  EXPECT_EQ(sent, (std::vector<std::string>{first.key, first.key, second.key}));  // same key again
  EXPECT_EQ(box->pending_count(), 0u);
}

TEST_F(OutboxTest, ARefusalIsKeptVisibleAndNotResent) {
  auto box = open();
  ASSERT_TRUE(box->add("/api/marks", mark(99), 0).ok());
  int calls = 0;
  OutboxSender sender(*box, "J01", [&](const std::string&, const Json&) {
    ++calls;
    ApiAnswer a;
    a.status = 422;
    a.body = {{"error", "99 is above the maximum 10"}};
    return a;
  });
  auto pass = sender.send_pending();
  EXPECT_EQ(pass.refused, 1);
  EXPECT_EQ(box->pending_count(), 0u);
  ASSERT_EQ(box->all().size(), 1u);
  EXPECT_EQ(box->all()[0].refused, "99 is above the maximum 10");
  sender.send_pending();
  EXPECT_EQ(calls, 1);
}

TEST_F(OutboxTest, ALostSessionStallsAndAsksForALogin) {
  auto box = open();
  ASSERT_TRUE(box->add("/api/marks", mark(1), 0).ok());
  OutboxSender sender(*box, "J01", [](const std::string&, const Json&) {
    ApiAnswer a;
    a.status = 401;
    return a;
  });
  auto pass = sender.send_pending();
  EXPECT_TRUE(pass.need_login);
  EXPECT_EQ(box->pending_count(), 1u);
}

ApiAnswer answer(int status, Json body) {
  ApiAnswer a;
  a.status = status;
  a.body = std::move(body);
  return a;
}

TEST_F(OutboxTest, AMarkCarriesItsOwnerAsJudgeAndARevision) {
  auto box = open();
  auto a = box->add("/api/marks", mark(8.5), 0);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->owner, "J01");
  EXPECT_EQ(a->body["judge"], "J01");
  EXPECT_EQ(a->body["revision"], 0);
  Json other = mark(8.5);
  other["judge"] = "J02";
  EXPECT_FALSE(box->add("/api/marks", other, 0).ok());  // never someone else's mark in my outbox
  EXPECT_EQ(box->pending_count(), 1u);
}

TEST_F(OutboxTest, AnItemIsOnlySentUnderItsOwnersLogin) {
  ASSERT_TRUE(open()->add("/api/marks", mark(8.5), 0).ok());
  // The same file opened by someone else (J02 logged in on the tablet): J01's item stays.
  auto box = std::move(Outbox::open(path_, "J02").value());
  int calls = 0;
  OutboxSender sender(*box, "J02", [&](const std::string&, const Json&) {
    ++calls;
    return answer(200, {{"saved", true}, {"seq", 1}});
  });
  auto pass = sender.send_pending();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(pass.foreign, 1);
  EXPECT_EQ(box->pending_count(), 1u);
  auto mine = open();
  OutboxSender owner(*mine, "J01", [&](const std::string&, const Json& body) {
    ++calls;
    EXPECT_EQ(body["judge"], "J01");
    return answer(200, {{"saved", true}, {"seq", 1}});
  });
  EXPECT_EQ(owner.send_pending().saved, 1);
  EXPECT_EQ(calls, 1);
}

TEST_F(OutboxTest, AChainedCorrectionGetsTheSeqOfTheMarkItCorrectsEvenAfterARestart) {
  {
    auto box = open();
    Json first = mark(8.5);
    first["revision"] = 5;
    auto a = box->add("/api/marks", first, 0).value();
    auto b = box->add("/api/marks", mark(9.0), 0).value();  // typed while 8.5 waits
    EXPECT_EQ(b.after_key, a.key);
    auto c = box->add("/api/marks", mark(9.5), 0).value();
    EXPECT_EQ(c.after_key, b.key);
    // Only the first goes; the answer comes, then the console dies before sending the next.
    std::vector<Json> sent;
    int answered = 0;
    OutboxSender sender(*box, "J01", [&](const std::string&, const Json& body) {
      sent.push_back(body);
      return answered++ == 0 ? answer(200, {{"saved", true}, {"seq", 12}}) : answer(0, {});
    });
    auto pass = sender.send_pending();
    EXPECT_EQ(pass.saved, 1);
    EXPECT_TRUE(pass.stalled);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0]["revision"], 5);
    EXPECT_EQ(sent[1]["revision"], 12);  // 9.0 replaces the 8.5 just saved
  }
  auto box = open();  // restarted
  auto pending = box->pending();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].body["revision"], 12);
  EXPECT_TRUE(pending[0].after_key.empty());
  EXPECT_EQ(pending[1].after_key, pending[0].key);  // 9.5 still waits for 9.0's seq
  std::vector<int64_t> revisions;
  int64_t seq = 20;
  OutboxSender sender(*box, "J01", [&](const std::string&, const Json& body) {
    revisions.push_back(body["revision"]);
    return answer(200, {{"saved", true}, {"seq", ++seq}});
  });
  EXPECT_EQ(sender.send_pending().saved, 2);
  EXPECT_EQ(revisions, (std::vector<int64_t>{12, 21}));
  EXPECT_TRUE(box->all().empty());  // only the receipt of 9.5 remains, not shown
}

TEST_F(OutboxTest, ACorrectionTypedAgainstAViewThatHadNotCaughtUpRefersToMyLatestSavedMark) {
  auto box = open();
  auto a = box->add("/api/marks", mark(8.5), 0).value();
  ASSERT_TRUE(box->mark_saved(a.key, 7).ok());
  auto b = box->add("/api/marks", mark(9.0), 0).value();  // the screen still showed no mark
  EXPECT_EQ(b.body["revision"], 7);
  EXPECT_TRUE(b.after_key.empty());
  Json newer = mark(9.5);
  newer["revision"] = 30;  // the screen showed a newer mark from another device: that one counts
  EXPECT_EQ(box->add("/api/marks", newer, 0)->body["revision"], 30);
}

TEST_F(OutboxTest, AStaleRefusalSaysWhatTheServerHoldsAndWhatFollowedItIsStaleToo) {
  auto box = open();
  Json first = mark(8.5);
  first["revision"] = 5;
  ASSERT_TRUE(box->add("/api/marks", first, 0).ok());
  ASSERT_TRUE(box->add("/api/marks", mark(9.0), 0).ok());
  std::vector<int64_t> revisions;
  OutboxSender sender(*box, "J01", [&](const std::string&, const Json& body) {
    revisions.push_back(body["revision"]);
    return answer(409, {{"error", "stale"}, {"field", "revision"}, {"current", {{"points", 9.5}, {"revision", 9}}}});
  });
  auto pass = sender.send_pending();
  EXPECT_EQ(pass.refused, 2);
  EXPECT_EQ(pass.stale, 2);
  EXPECT_EQ(revisions, (std::vector<int64_t>{5, 5}));  // 9.0 was typed over the same stored mark
  auto all = box->all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].refused, "这个分数已在另一台设备上改为 9.5，本机的修改未保存");
  EXPECT_EQ(box->pending_count(), 0u);
  EXPECT_EQ(box->refused_count(), 2u);
}

TEST_F(OutboxTest, AFileFromBeforeOwnershipIsUpgradedAsItsPersons) {
  std::string path = outbox_path(dir_.string(), "J01");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
                         "INSERT INTO meta VALUES('tag', 'abc');"
                         "CREATE TABLE items(id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, path TEXT NOT NULL,"
                         " body TEXT NOT NULL, created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                         " refused TEXT NOT NULL DEFAULT '');"
                         "INSERT INTO items(key, path, body, created_ms) VALUES('J01-abc-1', '/api/marks',"
                         " '{\"round\":\"prelim\",\"contestant\":\"C001\",\"section\":\"talent\",\"points\":8.5,"
                         "\"idempotency_key\":\"J01-abc-1\"}', 1);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(scan_other_outboxes(dir_.string(), ""), (std::vector<OthersUnsent>{{"J01", 1}}));  // named by the file
  auto box = std::move(Outbox::open(path, "J01").value());
  auto pending = box->pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].owner, "J01");
  auto next = box->add("/api/marks", mark(9.0), 0).value();
  EXPECT_EQ(next.after_key, "J01-abc-1");  // chained to the old item of the same performance
}

TEST_F(OutboxTest, OtherPeoplesUnsentItemsAreCountedPerPerson) {
  auto j01 = std::move(Outbox::open(outbox_path(dir_.string(), "J01"), "J01").value());
  auto j02 = std::move(Outbox::open(outbox_path(dir_.string(), "J02"), "J02").value());
  ASSERT_TRUE(j01->add("/api/marks", mark(1), 0).ok());
  ASSERT_TRUE(j01->add("/api/marks", mark(2), 0).ok());
  auto refused = j02->add("/api/marks", mark(3), 0).value();
  ASSERT_TRUE(j02->refuse(refused.key, "no").ok());
  auto saved = j02->add("/api/marks", mark(4), 0).value();
  ASSERT_TRUE(j02->mark_saved(saved.key, 3).ok());
  ASSERT_TRUE(j02->add("/api/timings", {{"duration_s", 200}}, 0).ok());
  EXPECT_EQ(scan_other_outboxes(dir_.string(), "J02"), (std::vector<OthersUnsent>{{"J01", 2}}));
  EXPECT_EQ(scan_other_outboxes(dir_.string(), ""), (std::vector<OthersUnsent>{{"J01", 2}, {"J02", 1}}));
  EXPECT_TRUE(scan_other_outboxes((dir_ / "nowhere").string(), "").empty());
}

TEST(ConsoleViewOutbox, AWaitingMarkKeepsTheStoredRevisionAndARefusalDoesNotHideTheStoredValue) {
  Json state = {{"me", {{"person", "J01"}, {"role", "judge"}}},
                {"my_marks", Json::array({{{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"},
                                           {"judge", "J01"}, {"points", 9.5}, {"status", "saved"}, {"revision", 9}}})}};
  OutboxItem refused{1, "k1", "/api/marks", mark(8.5), 0, 1, "这个分数已在另一台设备上改为 9.5，本机的修改未保存", "J01"};
  ConsoleView v = build_console_view(state, {refused}).value();
  ASSERT_EQ(v.my_marks.size(), 2u);
  EXPECT_EQ(v.my_marks[0].points, "9.5");
  EXPECT_EQ(v.my_marks[0].state, MarkState::kSaved);
  EXPECT_EQ(v.my_marks[0].revision, 9);
  EXPECT_EQ(v.my_marks[1].state, MarkState::kRefused);
  EXPECT_EQ(v.my_marks[1].points, "8.5");
  OutboxItem waiting{2, "k2", "/api/marks", mark(9.0), 0, 0, "", "J01"};
  v = build_console_view(state, {refused, waiting}).value();
  ASSERT_EQ(v.my_marks.size(), 2u);
  EXPECT_EQ(v.my_marks[0].state, MarkState::kWaiting);
  EXPECT_EQ(v.my_marks[0].points, "9.0");
  EXPECT_EQ(v.my_marks[0].revision, 9);
}

// The server names the venue's judges who may not mark whoever is on stage (回避): the judge's
// own console knows before anything is typed, and another judge's does not think it is theirs.
TEST(ConsoleViewRecusal, TheServersRecusedListReachesTheVenueAndOnlyTheNamedJudgeIsRecused) {
  Json state = {{"me", {{"person", "J03"}, {"role", "judge"}, {"name", "J03"}}},
                {"venues", {{{"key", "PRE"}, {"name", "小学组预赛赛场"}, {"round", "prelim"}, {"group", "primary"},
                             {"judges", {{{"id", "J01"}, {"name", "评委邹东"}}, {{"id", "J03"}, {"name", "评委王芳"}}}},
                             {"stage", {{"round", "prelim"}, {"contestant", {{"id", "C002"}, {"draw", 7}}},
                                        {"recused", {"J03"}}}}}}}};
  auto v = build_console_view(state, {});
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  const VenueView* pre = v->venue_view("PRE");
  ASSERT_NE(pre, nullptr);
  EXPECT_TRUE(v->recused(*pre, "J03"));
  EXPECT_FALSE(v->recused(*pre, "J01"));
  EXPECT_EQ(pre->on_stage->label(), "7 号选手");
  // A login that carries only the id: the status bar still says the judge's name.
  EXPECT_EQ(v->display_name(), "评委王芳");
}

TEST(ConsoleViewDecoding, AStateOfTheWrongShapeIsRefusedWithItsPathNotThrown) {
  Json state = {{"me", {{"person", "J01"}, {"role", "judge"}}},
                {"venues", {{{"key", "PRE"}, {"stage", {{"round", "prelim"}, {"contestant", {{"id", "C1"}, {"draw", "一"}}}}}}}}};
  auto v = build_console_view(state, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.errors().front().path, "venues[0].stage.contestant.draw");
  // The role-specific parts too: a panel's contestant of the wrong shape.
  Json panels = {{"me", {{"person", "head:PRE"}, {"role", "head_judge"}}},
                 {"panels", {{{"round", "prelim"}, {"contestant", "C1"}, {"marks", 3}}}}};
  auto h = build_console_view(panels, {});
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.errors().front().path, "panels[0].contestant");
  // Missing members are not an error (an older server): an empty view.
  EXPECT_TRUE(build_console_view(Json::object(), {}).ok());
}

// contest-file.md §2's tiers, in hundredths.
const std::vector<PenaltyTier> kTiers = {{1, 100}, {31, 200}, {61, 300}};

TEST(TimerFace, NeutralThenGreenThenAmberThenRed) {
  auto at = [](int64_t s) { return timer_face(s * 1000, 180, 300, kTiers); };
  EXPECT_EQ(at(100).phase, ClockPhase::kNeutral);
  EXPECT_EQ(at(180).phase, ClockPhase::kEnough);
  EXPECT_EQ(at(270).phase, ClockPhase::kNearMax);
  EXPECT_EQ(at(300).phase, ClockPhase::kNearMax);  // exactly the maximum is on time
  EXPECT_EQ(at(301).phase, ClockPhase::kOver);
  EXPECT_EQ(at(301).overtime_s, 1);
  EXPECT_EQ(at(301).penalty_units, 100);
  EXPECT_EQ(at(331).penalty_units, 200);
  EXPECT_EQ(at(361).penalty_units, 300);
}

TEST(TimerFace, TheDurationIsTruncatedToTenths) {
  TimerFace f = timer_face(287'469, 180, 300, kTiers);
  EXPECT_EQ(f.clock, "04:47");
  EXPECT_EQ(f.duration_text, "287.4");
}

TEST(Stopwatch, PausesAndResumes) {
  Stopwatch w;
  w.start(1000);
  w.stop(3500);
  EXPECT_EQ(w.elapsed_ms(9999), 2500);
  w.start(10'000);
  EXPECT_EQ(w.elapsed_ms(10'500), 3000);
  w.reset();
  EXPECT_EQ(w.elapsed_ms(20'000), 0);
}

// Issue 24: the clock belongs to the performance on stage.
TEST(PerformanceClock, ANewPerformanceStartsAtZeroAndStopped) {
  PerformanceClock k;
  k.follow("prelim|C001|100", std::nullopt, 0);
  ASSERT_TRUE(k.start(1000));
  ASSERT_TRUE(k.stop(6300));
  EXPECT_TRUE(k.stopped_with_time(7000));
  EXPECT_TRUE(k.follow("prelim|C002|200", std::nullopt, 8000));
  EXPECT_FALSE(k.running());
  EXPECT_EQ(k.elapsed_ms(9000), 0);
  EXPECT_FALSE(k.stopped_with_time(9000));
  // The same teacher called again: a new call, a new performance.
  ASSERT_TRUE(k.start(9000));
  EXPECT_TRUE(k.follow("prelim|C002|300", std::nullopt, 9500));
  EXPECT_EQ(k.elapsed_ms(9500), 0);
}

TEST(PerformanceClock, ADoubleTapChangesNothing) {
  PerformanceClock k;
  k.follow("p", std::nullopt, 0);
  EXPECT_FALSE(k.stop(500)) << "停止 while stopped: nothing to send";
  EXPECT_TRUE(k.start(1000));
  EXPECT_FALSE(k.start(1200)) << "开始 while running: nothing to send";
  EXPECT_TRUE(k.stop(4000));
  EXPECT_FALSE(k.stop(4100));
  EXPECT_EQ(k.elapsed_ms(9000), 3000);
  EXPECT_TRUE(k.reset("talent", 9000));
  EXPECT_EQ(k.elapsed_ms(9000), 0);
  EXPECT_EQ(k.section(), "talent");
}

TEST(PerformanceClock, FollowsTheServerButNotBeforeItAnswersATap) {
  PerformanceClock k;
  k.follow("p", ServerClockReading{true, 4000, "speech"}, 10'000);  // a reload: taken over
  EXPECT_TRUE(k.running());
  EXPECT_EQ(k.elapsed_ms(11'000), 5000);
  EXPECT_EQ(k.section(), "speech");
  ASSERT_TRUE(k.stop(12'000));  // 6000 on this tablet
  // The server has not seen the stop yet: the tap shows, not the server's running clock.
  k.follow("p", ServerClockReading{true, 6100, "speech"}, 12'100);
  EXPECT_FALSE(k.running());
  EXPECT_EQ(k.elapsed_ms(12'100), 6000);
  // The server agrees (it keeps what it measured, at most the tablet's reading): that shows.
  k.follow("p", ServerClockReading{false, 5900, "speech"}, 12'200);
  EXPECT_EQ(k.elapsed_ms(13'000), 5900);
  // Another tablet starts it again: followed.
  k.follow("p", ServerClockReading{true, 5900, "speech"}, 20'000);
  EXPECT_TRUE(k.running());
  // A tap the server never agrees with is given up after kAnswerWaitMs: the server's clock shows.
  ASSERT_TRUE(k.stop(21'000));
  k.follow("p", ServerClockReading{true, 6900, "speech"}, 21'000 + PerformanceClock::kAnswerWaitMs);
  EXPECT_TRUE(k.running());
}

TEST(TypedReading, MinutesAndSecondsToTenths) {
  EXPECT_EQ(typed_reading_tenths("5", "46").value(), 3460);
  EXPECT_EQ(typed_reading_tenths(" 5 ", "46.3").value(), 3463);
  EXPECT_EQ(typed_reading_tenths("", "59.9").value(), 599);
  EXPECT_EQ(typed_reading_tenths("99", "0").value(), 59'400);
  for (auto [m, s] : std::vector<std::pair<std::string, std::string>>{
           {"5", "60"}, {"5", "46.35"}, {"5", ""}, {"-1", "5"}, {"100", "0"}, {"5", "4a"}, {"0", "0"}, {"5", ".5"}}) {
    Result<int64_t> r = typed_reading_tenths(m, s);
    EXPECT_FALSE(r.ok()) << m << ":" << s;
  }
  EXPECT_EQ(typed_reading_tenths("5", "61").status().errors().front().path, "seconds");
  EXPECT_EQ(typed_reading_tenths("x", "1").status().errors().front().path, "minutes");
  EXPECT_EQ(typed_reading_tenths("0", "0.0").status().errors().front().path, "total");
  EXPECT_EQ(minutes_seconds_text(3460), "5:46");
  EXPECT_EQ(minutes_seconds_text(3463), "5:46.3");
  EXPECT_EQ(minutes_seconds_text(53), "0:05.3");
  EXPECT_EQ(duration_text_of(3463), "346.3");
  EXPECT_EQ(duration_tenths_of("346.3"), 3463);
  EXPECT_EQ(duration_tenths_of("346"), 3460);
  EXPECT_FALSE(duration_tenths_of("346.35"));
}

TEST(PanelReview, FlagsMarksFarFromTheMedianAndAWidePanel) {
  ReviewSettings s = ReviewSettings::for_section(300);  // 1.5 from the median, 3.0 spread
  auto r = review_panel({276, 215, 217, 195, std::nullopt}, s);
  EXPECT_EQ(r.missing, 1);
  EXPECT_TRUE(r.wide);
  EXPECT_EQ(r.spread, 81);
  // median of 195, 215, 217, 276 is 216: 276 is 6.0 away, 195 is 2.1 away, the others close.
  EXPECT_TRUE(r.far[0]);
  EXPECT_FALSE(r.far[1]);
  EXPECT_FALSE(r.far[2]);
  EXPECT_TRUE(r.far[3]);
  EXPECT_FALSE(r.far[4]);
}

TEST(PanelReview, AnAgreeingPanelIsQuiet) {
  auto r = review_panel({270, 272, 268, 271, 269}, ReviewSettings::for_section(300));
  EXPECT_FALSE(r.wide);
  for (bool f : r.far) EXPECT_FALSE(f);
}

// ---- A tablet that cannot write its outbox never spins (issue 23) ----

ApiAnswer saved_with_seq(int64_t seq) {
  ApiAnswer a;
  a.status = 200;
  a.body = {{"saved", true}, {"seq", seq}};
  return a;
}

TEST_F(OutboxTest, AReadOnlyOutboxStopsThePassBeforeSendingAndLosesNothing) {
  std::string key;
  {
    auto box = open();
    key = box->add("/api/marks", mark(8.5), 1).value().key;
  }
  test::FaultyDisk disk(path_);
  disk.read_only();
  auto box = open();  // a file without write permission still opens, and reads
  ASSERT_EQ(box->pending_count(), 1u);
  int posts = 0;
  OutboxSender sender(*box, "J01", [&](const std::string&, const Json&) {
    ++posts;
    return saved_with_seq(7);
  });
  auto pass = sender.send_pending();
  EXPECT_TRUE(pass.storage_error);
  EXPECT_TRUE(pass.stalled);
  EXPECT_NE(pass.error.find("本机存储出错"), std::string::npos) << pass.error;
  EXPECT_EQ(posts, 0);  // the answer could not be recorded: nothing is sent
  auto added = box->add("/api/marks", mark(9), 2);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().kind(), ErrorKind::unavailable);  // storage, not the content
  box.reset();

  disk.heal();
  box = open();
  ASSERT_EQ(box->pending().size(), 1u);  // the mark typed before is there, unchanged
  EXPECT_EQ(box->pending()[0].key, key);
  EXPECT_EQ(box->pending()[0].body["points"], 8.5);
  OutboxSender healed(*box, "J01", [&](const std::string&, const Json&) {
    ++posts;
    return saved_with_seq(7);
  });
  pass = healed.send_pending();
  EXPECT_FALSE(pass.storage_error);
  EXPECT_EQ(pass.saved, 1);
  EXPECT_EQ(posts, 1);
  EXPECT_EQ(box->pending_count(), 0u);
}

TEST_F(OutboxTest, ADiskThatFillsWhileAMarkIsOutIsNotResentInALoop) {
  test::FaultyDisk disk(path_);
  auto box = open();
  const std::string key = box->add("/api/marks", mark(8.5), 1).value().key;
  int posts = 0;
  OutboxSender sender(*box, "J01", [&](const std::string&, const Json& body) {
    EXPECT_EQ(body["idempotency_key"], key);
    // The first time, the server saves it while the tablet's disk fills up, so the receipt
    // cannot be written.
    if (++posts == 1) disk.fail_writes(SQLITE_FULL);
    // Before issue 23 the sender sent it again at once, forever; this ends such a loop as a
    // failure instead of a hang.
    if (posts > 5) {
      ApiAnswer a;
      a.status = 401;
      return a;
    }
    return saved_with_seq(7);
  });
  auto pass = sender.send_pending();
  EXPECT_TRUE(pass.storage_error);
  EXPECT_NE(pass.error.find("本机存储出错"), std::string::npos) << pass.error;
  EXPECT_EQ(posts, 1);
  EXPECT_GT(disk.refused_writes(), 0);
  EXPECT_EQ(box->pending_count(), 1u);  // kept: sent again later with the same key

  disk.heal();  // space freed: the next pass sends it again (the server answers the same seq)
  pass = sender.send_pending();
  EXPECT_FALSE(pass.storage_error);
  EXPECT_EQ(pass.saved, 1);
  EXPECT_EQ(posts, 2);
  EXPECT_EQ(box->pending_count(), 0u);
}

}  // namespace
}  // namespace lf
