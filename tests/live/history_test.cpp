// One contestant's trail (data/live/history.h) from a log the rules themselves wrote: a day in
// one venue played through live::decide and apply_event, then read back line by line — every
// mark with the value it replaced, who and when; times, returns, publishes, reopens, rulings.
// The same log with the recorded old values stripped (a log written before they were
// recorded) reads the same.
#include <gtest/gtest.h>

#include "data/live/history.h"
#include "scoring/live/live_rules.h"
#include "scoring/live/tie_stakes.h"
#include "scoring/protocol/protocol.h"
#include "tests/live/recorded_event.h"

namespace lf {
namespace {

using namespace protocol;
using live::Actor;

// The preliminary of the primary group in one venue, three judges, marks in steps of 0.5.
Contest history_contest() {
  Contest c;
  c.name = "测试赛";
  c.scale = Scale{1, 2, 5};
  c.sections = {{"speech", "德育故事演讲", 300, 180, 300, ""}};
  c.groups = {{"primary", "小学组"}};
  c.rounds = {Round{"prelim", "小学组预赛", {0}, {0}, 1, {}, {}}};
  c.venues = {{"PRE", "预赛赛场", 0, 0, {0}, {0, 1, 2}}};
  c.judges = {{"J01", "评委一", ""}, {"J02", "评委二", ""}, {"J03", "评委三", ""}};
  c.contestants = {{"C001", "张三", "实验小学", 0, false}, {"C002", "李四", "城关一小", 0, false}};
  return c;
}

const Actor kJ1{"J01", role::kJudge, -1, 0}, kJ2{"J02", role::kJudge, -1, 1},
    kJ3{"J03", role::kJudge, -1, 2};
const Actor kHead{"head:PRE", role::kHeadJudge, 0, -1},
    kTimer{"timer:PRE", role::kTimekeeper, 0, -1};

const HistoryPeople kPeople = {{"head:PRE", {"王主任", role::kHeadJudge, "PRE"}},
                               {"timer:PRE", {"", role::kTimekeeper, "PRE"}},
                               {"J01", {"J01", role::kJudge, ""}},
                               {"J02", {"J02", role::kJudge, ""}},
                               {"J03", {"J03", role::kJudge, ""}}};

// 2026-08-15 09:00:00 Beijing time.
constexpr int64_t kNine = 1786755600000;

struct Day {
  Contest c = history_contest();
  LiveState s;
  std::vector<Event> log;
  // Each change a minute after the last, decided by the rules and applied as the server does.
  void act(const Actor& who, const ChangeRequest& change) {
    auto d = live::decide(c, s, who, change);
    ASSERT_TRUE(d.ok()) << d.status().to_string();
    Event e = make_event(int64_t(log.size() + 1), kNine + int64_t(log.size()) * 60000, who.person, d->body);
    ASSERT_TRUE(apply_event(c, e, s).ok());
    log.push_back(e);
  }
  void mark(const Actor& who, const std::string& contestant, const std::string& points) {
    MarkSubmission m;
    m.round = "prelim", m.contestant = contestant, m.section = "speech", m.judge = who.person;
    m.points_text = points;
    act(who, m);
  }
  void time(const std::string& seconds, const std::string& reason = "", const std::string& contestant = "C001") {
    TimingSubmission t;
    t.round = "prelim", t.contestant = contestant, t.section = "speech", t.duration_text = seconds,
    t.reason = reason;
    act(kTimer, t);
  }
  void head(const std::string& kind, const std::string& judge = "", const std::string& words = "") {
    PerformanceAction a;
    a.kind = kind, a.round = "prelim", a.contestant = "C001", a.section = "speech", a.judge = judge;
    (kind == "return" ? a.note : a.reason) = words;
    act(kHead, a);
  }
  // A ruling of the tie of C001 and C002, naming the block as the state shows it (as a screen
  // does: scoring/live/tie_stakes.h).
  void rule(std::vector<std::string> order, const std::string& reason) {
    ContestResult full = compute_results(contest_with_state(c, s, false));
    auto ties = ties_at_stake(c, full, 0, 0);
    ASSERT_EQ(ties.size(), 1u);
    act(kHead, TieRuling{"prelim", "primary", std::move(order), reason, ties[0].shown, ""});
  }
};

// The day: seq 1 stage; 2-4 first marks; 5 J01's correction; 6-7 time and its correction; 8 J02's
// mark sent back; 9 J02 again; 10 publish; 11 reopen; 12 J03's correction; 13 publish; 14 C002
// on stage; 15-17 C002's marks and 18 her time (27.50, as C001: a tie for the one place that
// goes on); 19-20 two rulings, the second replacing the first.
Day play() {
  Day d;
  d.act(kHead, protocol::StageCall{"", "C001", ""});
  d.mark(kJ1, "C001", "27.5");
  d.mark(kJ2, "C001", "27");
  d.mark(kJ3, "C001", "28");
  d.mark(kJ1, "C001", "28.5");
  d.time("250");
  d.time("260", "看错了秒表");
  d.head("return", "J02", "请再看一下");
  d.mark(kJ2, "C001", "26.5");
  d.head("publish");
  d.head("reopen", "", "评委三录错");
  d.mark(kJ3, "C001", "27.5");
  d.head("publish");
  d.act(kHead, protocol::StageCall{"", "C002", ""});
  d.mark(kJ2, "C002", "25");
  d.mark(kJ1, "C002", "28.5");
  d.mark(kJ3, "C002", "29");
  d.time("260", "", "C002");
  d.rule({"C001", "C002"}, "按演讲得分");
  d.rule({"C002", "C001"}, "更正：按用时");
  return d;
}

struct Want {
  int64_t seq;
  std::string who, what, before, after, note;
};

void expect_trail(const std::vector<HistoryLine>& got) {
  const std::vector<Want> want = {
      {1, "王主任（裁判长）", "上台：预赛赛场", "", "在台上", ""},
      {2, "评委一（评委）", "评分：小学组预赛 · 德育故事演讲", "", "27.5", ""},
      {3, "评委二（评委）", "评分：小学组预赛 · 德育故事演讲", "", "27.0", ""},
      {4, "评委三（评委）", "评分：小学组预赛 · 德育故事演讲", "", "28.0", ""},
      {5, "评委一（评委）", "改分：小学组预赛 · 德育故事演讲", "27.5", "28.5",
       "更正第 2 号记录"},
      {6, "计时员 · 预赛赛场", "记录用时：小学组预赛 · 德育故事演讲", "", "250 秒", ""},
      {7, "计时员 · 预赛赛场", "更正用时：小学组预赛 · 德育故事演讲", "250 秒", "260 秒",
       "原因：看错了秒表"},
      {8, "王主任（裁判长）", "退回重打：小学组预赛 · 德育故事演讲 · 评委二", "27.0", "待重打",
       "说明：请再看一下"},
      {9, "评委二（评委）", "改分：小学组预赛 · 德育故事演讲", "27.0", "26.5",
       "更正第 3 号记录"},
      {10, "王主任（裁判长）", "亮分：小学组预赛 · 德育故事演讲", "未亮分", "已亮分",
       "锁定：评委一 28.5、评委二 26.5、评委三 28.0；用时 260 秒"},
      {11, "王主任（裁判长）", "撤回亮分：小学组预赛 · 德育故事演讲",
       "已亮分（评委一 28.5、评委二 26.5、评委三 28.0；用时 260 秒）", "未亮分，可改分",
       "原因：评委三录错"},
      {12, "评委三（评委）", "改分：小学组预赛 · 德育故事演讲", "28.0", "27.5",
       "更正第 4 号记录"},
      {13, "王主任（裁判长）", "亮分：小学组预赛 · 德育故事演讲", "未亮分", "已亮分",
       "锁定：评委一 28.5、评委二 26.5、评委三 27.5；用时 260 秒"},
      {19, "王主任（裁判长）", "并列裁决：小学组预赛 · 小学组", "", "张三 > 李四",
       "理由：按演讲得分"},
      {20, "王主任（裁判长）", "并列裁决：小学组预赛 · 小学组", "张三 > 李四", "李四 > 张三",
       "理由：更正：按用时"},
  };
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i) + ", seq " + std::to_string(want[i].seq));
    EXPECT_EQ(got[i].seq, want[i].seq);
    EXPECT_EQ(got[i].who, want[i].who);
    EXPECT_EQ(got[i].what, want[i].what);
    EXPECT_EQ(got[i].before, want[i].before);
    EXPECT_EQ(got[i].after, want[i].after);
    EXPECT_EQ(got[i].note, want[i].note);
    EXPECT_EQ(got[i].when, "8月15日 09:" + std::string(want[i].seq <= 10 ? "0" : "") +
                               std::to_string(want[i].seq - 1) + ":00");
  }
}

TEST(History, EveryChangeOfOneContestantWithTheValueItReplacedWhoAndWhen) {
  Day d = play();
  expect_trail(contestant_history(d.c, d.log, 0, kPeople));
}

TEST(History, ALogWithoutRecordedOldValuesReadsTheSame) {
  Day d = play();
  int recorded = 0;
  for (Event& e : d.log) {
    recorded += e.payload.contains("previous");
    e.payload.erase("previous");
  }
  // 5, 7, 8, 9, 11, 12: marks, times, the return and the reopen; 14: who was on stage; 20: the
  // ruling replaced.
  EXPECT_EQ(recorded, 8);
  expect_trail(contestant_history(d.c, d.log, 0, kPeople));
}

TEST(History, AnotherContestantSeesOnlyTheirOwnLinesAndTheRulingsThatNameThem) {
  Day d = play();
  auto lines = contestant_history(d.c, d.log, 1, kPeople);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0].what, "上台：预赛赛场");
  EXPECT_EQ(lines[1].what, "评分：小学组预赛 · 德育故事演讲");
  EXPECT_EQ(lines[1].after, "25.0");
  EXPECT_EQ(lines[4].after, "260 秒");
  EXPECT_EQ(lines[6].before, "张三 > 李四");
  EXPECT_TRUE(contestant_history(d.c, d.log, 7, kPeople).empty());  // no such contestant
}

TEST(History, ImportedValuesAndUnknownIdsAreReadNotTrusted) {
  Contest c = history_contest();
  const Json perf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}};
  auto with = [&](Json extra) {
    Json p = perf;
    p.update(extra);
    return p;
  };
  std::vector<Event> log = {
      test_events::recorded(1, kNine, "import", "mark", with({{"judge", "J01"}, {"points", 26}})),
      test_events::recorded(2, kNine, "J01", "mark", with({{"judge", "J09"}, {"points", 26}})),  // no such judge
      // A "previous" that is not a value the history can read: the earlier event says it.
      test_events::recorded(3, kNine, "J01", "mark", with({{"judge", "J01"}, {"points", 27}, {"previous", "bad"}})),
      test_events::recorded(4, kNine, "J01", "topic_draw", with({{"topic", 0}, {"text", "题一：诚信"}})),
  };
  auto lines = contestant_history(c, log, 0, {});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].who, "导入的比赛文件");
  EXPECT_EQ(lines[0].after, "26.0");
  EXPECT_EQ(lines[1].before, "26.0");  // the old value from the earlier event
  EXPECT_EQ(lines[1].after, "27.0");
  EXPECT_EQ(lines[1].who, "评委一（评委）");
  EXPECT_EQ(lines[2].after, "第 1 题：题一：诚信");
}

// A recorded event whose fields have the wrong type never reaches the history (or the state):
// reading it back from the log refuses it, naming the event and the field.
TEST(History, ARecordedEventOfTheWrongShapeIsRefusedWhereItIsRead) {
  const Json perf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}, {"judge", "J01"}};
  Json not_a_number = perf;
  not_a_number["points"] = "x";
  auto e = read_event(3, kNine, "J01", "mark", not_a_number);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.errors().front().path, "events[seq 3].payload.points");
  EXPECT_NE(e.errors().front().message.find("比赛记录第 3 条（mark）"), std::string::npos) << e.status().to_string();
  Json topic = perf;
  topic["topic"] = "one";
  auto t = read_event(4, kNine, "J01", "topic_draw", topic);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.errors().front().path, "events[seq 4].payload.topic");
  auto list = read_event(5, kNine, "organizer", "mark", Json::array());
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.errors().front().path, "events[seq 5].payload");
}

TEST(History, LinesRoundTripThroughTheirJson) {
  Day d = play();
  auto lines = contestant_history(d.c, d.log, 0, kPeople);
  auto back = history_from_json(history_json(lines));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  ASSERT_EQ(back->size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(back.value()[i].seq, lines[i].seq);
    EXPECT_EQ(back.value()[i].at_ms, lines[i].at_ms);
    EXPECT_EQ(back.value()[i].before, lines[i].before);
    EXPECT_EQ(back.value()[i].note, lines[i].note);
  }
  auto bad = history_from_json(Json::array({Json::object(), 3}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.errors().front().path, "lines[1]");
}

TEST(History, TimesAreBeijingTimeAndRolesAreSaidInChinese) {
  EXPECT_EQ(beijing_time_text(0), "1月1日 08:00:00");
  EXPECT_EQ(beijing_time_text(kNine + 3599000), "8月15日 09:59:59");
  EXPECT_EQ(role_in_chinese(role::kHeadJudge), "裁判长");
  EXPECT_EQ(role_in_chinese(role::kTimekeeper), "计时员");
  EXPECT_EQ(history_heading(history_contest(), 0), "C001 张三 · 实验小学 · 小学组");
}

}  // namespace
}  // namespace lf
