// The contest-day rules (scoring/live/live_rules.h), one row per rule and side: a setup of the
// live state, who sends what, and what the rules must answer (accepted with a payload, or the
// kind, a fragment of the Chinese message and the field of the refusal). Each row is its own
// ctest test, named after the rule. The advancement zones and the demo's settling, moved here
// from the display, are tested below the table.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "data/format/contest_file.h"
#include "data/roster/draw.h"
#include "scoring/live/advancement.h"
#include "scoring/live/live_rules.h"
#include "scoring/live/rehearsal.h"
#include "scoring/live/tie_stakes.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/visibility.h"
#include "tests/live/recorded_event.h"

namespace lf {
namespace {

using namespace protocol;
using live::Actor;

// Indexes into the contest below.
enum : int { kPrelim = 0, kFinal = 1 };
enum : int { kSpeech = 0, kTalent = 1 };
enum : int { kPRE = 0, kFIN = 1 };
enum : int { J01 = 0, J02 = 1, J03 = 2, J04 = 3 };
enum : int { C001 = 0, C002 = 1, C003 = 2, C004 = 3 };

// Two rounds of the primary group: a preliminary (2 advance) feeding the final. Speech is timed
// (3–5 min), talent is not. Marks in steps of 0.5. J01 comes from C002's school (回避); J04 sits
// on no panel; C003 has withdrawn; C004 is in the secondary group, which has no venue.
Contest make_contest() {
  Contest c;
  c.name = "测试赛";
  c.scale = Scale{1, 2, 5};
  c.sections = {{"speech", "德育故事演讲", 300, 180, 300, ""}, {"talent", "才艺展示", 100, {}, {}, ""}};
  c.groups = {{"primary", "小学组"}, {"secondary", "中学组"}};
  Round prelim{"prelim", "小学组预赛", {0}, {kSpeech, kTalent}, 2, {}, {}};
  Round final{"final", "全县决赛", {0}, {kSpeech, kTalent}, std::nullopt, {{0, kPrelim}}, {}};
  c.rounds = {prelim, final};
  c.venues = {{"PRE", "预赛赛场", kPrelim, 0, {kSpeech, kTalent}, {J01, J02, J03}},
              {"FIN", "决赛赛场", kFinal, 0, {kSpeech, kTalent}, {J01, J02, J03}}};
  c.judges = {{"J01", "评委一", "城关一小"}, {"J02", "评委二", ""}, {"J03", "评委三", ""}, {"J04", "评委四", ""}};
  c.contestants = {{"C001", "张三", "实验小学", 0, false},
                   {"C002", "李四", "城关一小", 0, false},
                   {"C003", "王五", "实验小学", 0, true},
                   {"C004", "赵六", "一中", 1, false}};
  return c;
}

// make_contest() as a contest file: the roster fixes check the changed document like any file.
const Json& contest_document() {
  static const Json doc = Json::parse(R"({
    "format": "liangfen.contest/1", "contest": {"name": "测试赛"},
    "sections": [{"key": "speech", "name": "德育故事演讲", "max_points": 30, "min_time_s": 180, "max_time_s": 300},
                 {"key": "talent", "name": "才艺展示", "max_points": 10}],
    "score_step": 0.5, "decimals": 2,
    "groups": [{"key": "primary", "name": "小学组"}, {"key": "secondary", "name": "中学组"}],
    "rounds": [{"key": "prelim", "name": "小学组预赛", "groups": ["primary"], "advance": 2},
               {"key": "final", "name": "全县决赛", "groups": ["primary"], "entrants_from": {"primary": "prelim"}}],
    "venues": [{"key": "PRE", "name": "预赛赛场", "round": "prelim", "group": "primary", "sections": ["speech", "talent"],
                "judges": ["J01", "J02", "J03"]},
               {"key": "FIN", "name": "决赛赛场", "round": "final", "group": "primary", "sections": ["speech", "talent"],
                "judges": ["J01", "J02", "J03"]}],
    "judges": [{"id": "J01", "name": "评委一", "school": "城关一小"}, {"id": "J02", "name": "评委二"},
               {"id": "J03", "name": "评委三"}, {"id": "J04", "name": "评委四"}],
    "contestants": [{"id": "C001", "name": "张三", "school": "实验小学", "group": "primary"},
                    {"id": "C002", "name": "李四", "school": "城关一小", "group": "primary"},
                    {"id": "C003", "name": "王五", "school": "实验小学", "group": "primary", "status": "withdrawn"},
                    {"id": "C004", "name": "赵六", "school": "一中", "group": "secondary"}]
  })");
  return doc;
}

const Actor kJudge1{"J01", role::kJudge, -1, J01};
const Actor kJudge2{"J02", role::kJudge, -1, J02};
const Actor kJudge4{"J04", role::kJudge, -1, J04};
const Actor kHeadPRE{"head:PRE", role::kHeadJudge, kPRE, -1};
const Actor kHeadFIN{"head:FIN", role::kHeadJudge, kFIN, -1};
const Actor kTimerPRE{"timer:PRE", role::kTimekeeper, kPRE, -1};
const Actor kTimerFIN{"timer:FIN", role::kTimekeeper, kFIN, -1};
const Actor kSteward{"steward", role::kSteward, -1, -1};
const Actor kOrganizer{"organizer", role::kOrganizer, -1, -1};

// ---- Setups: what has happened before the change ----
using Setup = std::function<void(LiveState&)>;
Setup nothing() { return [](LiveState&) {}; }
Setup on_stage(int venue, int round, int contestant) {
  return [=](LiveState& s) {
    s.stage[venue] = lf::StageCall{round, contestant, 0};
    s.called.insert({venue, round, contestant});
  };
}
Setup called_then_moved_on(int venue, int round, int contestant, int next) {
  return [=](LiveState& s) {
    s.called.insert({venue, round, contestant});
    s.stage[venue] = lf::StageCall{round, next, 0};
  };
}
Setup marked(int contestant, int section, std::vector<int> judges, int round = kPrelim) {
  return [=](LiveState& s) {
    for (int j : judges) s.marks[{round, contestant, section, j}] = LiveMark{275, 1};
  };
}
// One judge's mark at a given value, set by the event `seq`.
Setup marked_as(int contestant, int section, int judge, int64_t units, int64_t seq) {
  return [=](LiveState& s) { s.marks[{kPrelim, contestant, section, judge}] = LiveMark{units, seq}; };
}
Setup ruled(int64_t seq, int round, std::vector<int> order) {
  return [=](LiveState& s) { s.decisions.push_back({seq, TieDecision{round, 0, order}}); };
}
// The venue's clock for `contestant`'s performance of `section` in the preliminary.
Setup clock_running(int venue, int section, int64_t started_at_ms, int64_t elapsed_ms, int contestant = C001) {
  return [=](LiveState& s) { s.clocks[venue] = ClockState{true, section, started_at_ms, elapsed_ms, kPrelim, contestant}; };
}
Setup clock_stopped(int venue, int section, int64_t elapsed_ms, int contestant = C001) {
  return [=](LiveState& s) { s.clocks[venue] = ClockState{false, section, 0, elapsed_ms, kPrelim, contestant}; };
}
Setup timed(int contestant, int section, int round = kPrelim) {
  return [=](LiveState& s) { s.timings[{round, contestant, section}] = LiveTiming{"250", 250, 1}; };
}
Setup published(int contestant, int section, int round = kPrelim) {
  return [=](LiveState& s) { s.published.insert({round, contestant, section}); };
}
Setup returned(int contestant, int section, int judge) {
  return [=](LiveState& s) { s.returned[{kPrelim, contestant, section, judge}] = "请再看一下"; };
}
Setup drew(int contestant, int topic) {
  return [=](LiveState& s) { s.topic_draws[{kPrelim, contestant, kSpeech}] = {topic, 1}; };
}
// The preliminary marked (C001 ahead of C002; J01 stands aside for C002, 回避), timed and, with
// `publish`, published (亮分).
Setup finished_prelim(bool publish = true) {
  return [=](LiveState& s) {
    for (int ct : {C001, C002})
      for (int sec : {kSpeech, kTalent}) {
        for (int j : {J01, J02, J03})
          if (!(ct == C002 && j == J01))
            s.marks[{kPrelim, ct, sec, j}] = LiveMark{(sec == kSpeech ? 250 : 80) + (ct == C001 ? 10 : 0), 1};
        if (sec == kSpeech) s.timings[{kPrelim, ct, sec}] = LiveTiming{"250", 250, 1};
        if (publish) s.published.insert({kPrelim, ct, sec});
      }
  };
}
// C001 and C002 with equal totals in both rounds (every mark 26.0 and 9.0, the speech timed):
// a tie the tie-break (none set) does not tell apart, which a ruling may order.
Setup tied_rounds() {
  return [=](LiveState& s) {
    for (int r : {kPrelim, kFinal})
      for (int ct : {C001, C002})
        for (int sec : {kSpeech, kTalent}) {
          for (int j : {J01, J02, J03})
            if (!(ct == C002 && j == J01)) s.marks[{r, ct, sec, j}] = LiveMark{sec == kSpeech ? 260 : 90, 1};
          if (sec == kSpeech) s.timings[{r, ct, sec}] = LiveTiming{"250", 250, 1};
        }
  };
}
Setup advanced_from_prelim() {
  return [](LiveState& s) { s.advancements[kPrelim] = LiveAdvancement{{{0, {C001, C002}}}, "organizer", 1000, 2}; };
}
Setup drawn(int round, std::vector<int> order) {
  return [=](LiveState& s) {
    s.draws[{round, 0}] = LiveDraw{order, Json{{"method", "manual"}}, "organizer", 1000, 3};
  };
}
// `contestant` recorded 缺赛 (or 弃权) in `round`, and how often their absence was changed.
Setup absent_in(int round, int contestant, AbsenceKind kind = AbsenceKind::kAbsent) {
  return [=](LiveState& s) { s.absences[{round, contestant}] = LiveAbsence{kind, "本人未到场", "organizer", 1000, 4}; };
}
Setup absence_changed(int times) {
  return [=](LiveState& s) { s.absence_changes[{kPrelim, C001}] = times; };
}
// The preliminary with C001 marked, timed and published, C002 with nothing at all.
Setup only_c001_finished() {
  return [](LiveState& s) {
    for (int sec : {kSpeech, kTalent}) {
      for (int j : {J01, J02, J03}) s.marks[{kPrelim, C001, sec, j}] = LiveMark{sec == kSpeech ? 260 : 90, 1};
      if (sec == kSpeech) s.timings[{kPrelim, C001, sec}] = LiveTiming{"250", 250, 1};
      s.published.insert({kPrelim, C001, sec});
    }
  };
}
// Only these went on from the preliminary (确认晋级).
Setup advanced_only(std::vector<int> who) {
  return [=](LiveState& s) { s.advancements[kPrelim] = LiveAdvancement{{{0, who}}, "organizer", 1000, 2}; };
}
// ---- The counters of the bounds per person (live_rules.h) ----
Setup mark_corrected(int times) {
  return [=](LiveState& s) { s.mark_corrections[{kPrelim, C001, kSpeech, J01}] = times; };
}
Setup timing_corrected(int times) {
  return [=](LiveState& s) { s.timing_corrections[{kPrelim, C001, kSpeech}] = times; };
}
Setup returned_times(int times) {
  return [=](LiveState& s) { s.returns[{kPrelim, C001, kSpeech}] = times; };
}
Setup reopened_times(int times) {
  return [=](LiveState& s) { s.reopens[{kPrelim, C001, kSpeech}] = times; };
}
Setup ruled_times(int times) {
  return [=](LiveState& s) { s.rulings_made[{kPrelim, 0}] = times; };
}
Setup called_times(int judge, int contestant, int times) {
  return [=](LiveState& s) { s.head_judge_calls_made[{judge, kPRE, kPrelim, contestant}] = times; };
}
// `person` made `times` bounded changes at `at_ms` (the rows decide at now_ms 1234).
Setup busy(const std::string& person, int times, int64_t at_ms) {
  return [=](LiveState& s) { s.recent_bounded_ms[person] = std::vector<int64_t>(size_t(times), at_ms); };
}

Setup all(std::vector<Setup> steps) {
  return [=](LiveState& s) {
    for (const auto& f : steps) f(s);
  };
}

// ---- Changes, typed as the protocol decodes them ----
MarkSubmission mark(const std::string& contestant, const std::string& points, const std::string& judge = "J01",
                    const std::string& section = "speech", const std::string& round = "prelim") {
  MarkSubmission m;
  m.round = round, m.contestant = contestant, m.section = section, m.judge = judge;
  m.points_text = points;
  m.points = int64_t(std::stod(points) * 10 + 0.5);
  return m;
}
TimingSubmission timing(const std::string& contestant, const std::string& reason = "",
                        const std::string& round = "prelim") {
  TimingSubmission t;
  t.round = round, t.contestant = contestant, t.section = "speech";
  t.duration_text = "341.2", t.duration_tenths = 3412, t.reason = reason;
  return t;
}
// A clock change for C001's performance (the tablet's own reading in `elapsed_ms`).
ClockChange clock_start(const std::string& section = "speech", std::optional<int64_t> elapsed_ms = 0,
                        const std::string& contestant = "C001") {
  return ClockChange{true, elapsed_ms, section, contestant, ""};
}
ClockChange clock_stop(std::optional<int64_t> elapsed_ms, const std::string& section = "speech",
                       const std::string& contestant = "C001") {
  return ClockChange{false, elapsed_ms, section, contestant, ""};
}
protocol::StageCall stage(const std::string& venue, const std::string& contestant) {
  return protocol::StageCall{venue, contestant, ""};
}
PerformanceAction action(const std::string& kind, const std::string& contestant, const std::string& section = "speech",
                         const std::string& judge = "", const std::string& reason = "",
                         const std::string& round = "prelim") {
  PerformanceAction a;
  a.kind = kind, a.round = round, a.contestant = contestant, a.section = section;
  a.judge = judge, a.reason = reason, a.note = kind == "return" ? "请再看一下" : "";
  return a;
}
// A ruling; `shown` empty: the rows' runner names the tied block as the state shows it (as a
// screen does), so only the rows about a stale block set it.
TieRuling ruling(std::vector<std::string> order, const std::string& round = "prelim",
                 const std::string& group = "primary", const std::string& reason = "评审组合议",
                 const std::string& shown = "") {
  TieRuling d;
  d.round = round, d.group = group, d.order = std::move(order), d.reason = reason, d.shown = shown;
  return d;
}

// What a screen would send as `shown` for this order: the token of the tied block of exactly
// these contestants, as ties_at_stake reports it; "" when there is none.
std::string shown_for(const Contest& c, const LiveState& s, const TieRuling& d) {
  int r = find_round(c, d.round), g = find_group(c, d.group);
  if (r < 0 || g < 0) return "";
  ContestResult full = compute_results(contest_with_state(c, s, false));
  std::vector<std::string> want = d.order;
  std::sort(want.begin(), want.end());
  for (const TieAtStake& t : ties_at_stake(c, full, r, g)) {
    std::vector<std::string> ids;
    for (const Standing* st : t.standings) ids.push_back(c.contestants[size_t(st->contestant)].id);
    std::sort(ids.begin(), ids.end());
    if (ids == want) return t.shown;
  }
  return "";
}
AdvanceRequest advance(const std::string& from = "prelim") { return AdvanceRequest{from, ""}; }
DrawRequest draw_of(const std::string& round, const std::string& seed = "", std::vector<std::string> order = {},
                    bool redraw = false, const std::string& reason = "", const std::string& group = "primary") {
  return DrawRequest{round, group, seed, std::move(order), redraw, reason, ""};
}

// Two seeds: one sent by the organizer, one the "server" makes when none is sent.
const std::string kSeed = std::string(63, '0') + "7";
const std::string kServerSeed = std::string(64, 'a');
// The running order of the two active preliminary entrants (C001, C002) from a seed, exactly as
// `liangfen draw --seed` computes it: the entrant at index perm[k] draws number k + 1.
Json order_from(const std::string& seed) {
  auto perm = draw_order(seed, 2);
  Json ids = Json::array();
  for (int k : perm.value()) ids.push_back(k == 0 ? "C001" : "C002");
  return ids;
}
AbsenceChange absence(const std::string& contestant, const std::string& status = "absent",
                      const std::string& round = "prelim", const std::string& reason = "本人未到场") {
  return AbsenceChange{round, contestant, status, reason, ""};
}
RosterCorrection correct(const std::string& contestant, std::optional<std::string> name,
                         std::optional<std::string> school = std::nullopt) {
  return RosterCorrection{contestant, std::move(name), std::move(school), "报名表录入有误", ""};
}
RosterAddition substitute(const std::string& name, const std::string& school = "实验小学",
                          const std::string& group = "primary") {
  return RosterAddition{group, name, school, "原选手弃权，由替补参赛", ""};
}
TopicAddition topic(const std::string& text, const std::string& section = "speech") {
  return TopicAddition{section, text, ""};
}
Setup roster_corrected(int times) {
  return [=](LiveState& s) { s.roster_corrections["C001"] = times; };
}
Setup substitutes_entered(int times) {
  return [=](LiveState& s) { s.substitutes_added["primary"] = times; };
}
HeadJudgeCall call(const std::string& venue) { return HeadJudgeCall{venue, "第 3 号选手的分数", ""}; }
TopicDrawRequest draw(const std::string& contestant, const std::string& section = "speech",
                      const std::string& round = "prelim") {
  return TopicDrawRequest{round, contestant, section, ""};
}

struct Expect {
  bool accepted = false;
  ErrorKind kind = ErrorKind::invalid;  // refused: the kind
  std::string fragment;                 // refused: part of the message; accepted: ""
  std::string field;                    // refused: the field
  Json payload = Json::object();        // accepted: keys the payload must have, with values
};
Expect accepted(Json payload = Json::object()) { return Expect{true, ErrorKind::invalid, "", "", std::move(payload)}; }
Expect refused(ErrorKind kind, std::string fragment, std::string field = "") {
  return Expect{false, kind, std::move(fragment), std::move(field), Json::object()};
}

struct Row {
  const char* rule;  // the test's name
  Setup setup;
  Actor who;
  ChangeRequest change;
  Expect expect;
};

// Each pass through the topic bank of speech takes the last topic left (a deterministic
// "random" source that a wrong list of what is left would betray).
const Json kTopics = {{"speech", {"题一：诚信", "题二：友爱", "题三：责任"}}};

const std::vector<Row>& rows() {
  using K = ErrorKind;
  static const std::vector<Row> table = {
      // ---- mark (contest-file.md §3, §6) ----
      {"mark_for_contestant_on_stage_is_recorded", on_stage(kPRE, kPrelim, C001), kJudge1, mark("C001", "27.5"),
       accepted({{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}, {"judge", "J01"}, {"points", 27.5}})},
      {"mark_sent_under_another_judges_login_is_refused", on_stage(kPRE, kPrelim, C001), kJudge2, mark("C001", "27.5"),
       refused(K::forbidden, "重新登录", "judge")},
      {"mark_needs_a_judge", on_stage(kPRE, kPrelim, C001), kHeadPRE, mark("C001", "27.5"),
       refused(K::forbidden, "只有评委", "judge")},
      {"mark_unknown_round_is_not_found", nothing(), kJudge1, mark("C001", "27.5", "J01", "speech", "semi"),
       refused(K::not_found, "没有这一轮", "round")},
      {"mark_unknown_contestant_is_not_found", nothing(), kJudge1, mark("C999", "27.5"),
       refused(K::not_found, "没有这位选手", "contestant")},
      {"mark_unknown_section_is_not_found", nothing(), kJudge1, mark("C001", "27.5", "J01", "dance"),
       refused(K::not_found, "没有这个项目", "section")},
      {"mark_contestant_of_another_group_is_refused", nothing(), kJudge1, mark("C004", "27.5"),
       refused(K::invalid, "不参加", "contestant")},
      {"mark_above_the_section_maximum_is_refused", on_stage(kPRE, kPrelim, C001), kJudge1, mark("C001", "30.5"),
       refused(K::invalid, "满分 30", "points")},
      {"mark_at_the_section_maximum_is_recorded", on_stage(kPRE, kPrelim, C001), kJudge1, mark("C001", "30"),
       accepted({{"points", 30}})},
      {"mark_off_the_step_is_refused", on_stage(kPRE, kPrelim, C001), kJudge1, mark("C001", "27.3"),
       refused(K::invalid, "0.5 分的整数倍", "points")},
      {"mark_from_a_judge_not_on_the_panel_is_refused", on_stage(kPRE, kPrelim, C001), kJudge4, mark("C001", "27.5", "J04"),
       refused(K::forbidden, "评委席", "judge")},
      {"mark_from_a_conflicted_judge_is_refused", on_stage(kPRE, kPrelim, C002), kJudge1, mark("C002", "27.5"),
       refused(K::forbidden, "回避", "judge")},
      {"mark_after_publish_is_locked", all({on_stage(kPRE, kPrelim, C001), marked(C001, kSpeech, {J01}), published(C001, kSpeech)}),
       kJudge1, mark("C001", "28"), refused(K::conflict, "已锁定", "section")},
      {"first_mark_needs_the_contestant_on_stage", on_stage(kPRE, kPrelim, C002), kJudge1, mark("C001", "27.5"),
       refused(K::conflict, "还没有上预赛赛场的台", "contestant")},
      {"first_mark_for_a_contestant_called_earlier_is_recorded", called_then_moved_on(kPRE, kPrelim, C001, C002), kJudge1,
       mark("C001", "27.5"), accepted()},
      {"corrected_mark_needs_no_stage", marked(C001, kSpeech, {J01}), kJudge1, mark("C001", "28"), accepted({{"points", 28}})},
      // contest-file.md §6: every change keeps the value it replaced, with the revision (seq)
      // that set it.
      {"corrected_mark_records_the_points_it_replaces", marked_as(C001, kSpeech, J01, 265, 17), kJudge1,
       mark("C001", "28"), accepted({{"points", 28}, {"previous", {{"points", 26.5}, {"revision", 17}}}})},
      {"first_mark_replaces_nothing", on_stage(kPRE, kPrelim, C001), kJudge1, mark("C001", "27.5"),
       accepted({{"points", 27.5}, {"previous", nullptr}})},
      {"mark_replaces_only_the_senders_own_mark", all({on_stage(kPRE, kPrelim, C001), marked_as(C001, kSpeech, J02, 265, 17)}),
       kJudge1, mark("C001", "27.5"), accepted({{"previous", nullptr}})},

      // ---- timing (contest-file.md §2, §7) ----
      {"time_for_contestant_on_stage_is_recorded", on_stage(kPRE, kPrelim, C001), kTimerPRE, timing("C001"),
       accepted({{"contestant", "C001"}, {"duration_s", 341.2}})},
      {"time_of_another_venue_is_refused", on_stage(kPRE, kPrelim, C001), kTimerFIN, timing("C001"),
       refused(K::forbidden, "不是你的赛场", "section")},
      {"time_unknown_contestant_is_not_found", nothing(), kTimerPRE, timing("C999"),
       refused(K::not_found, "没有这位选手", "contestant")},
      {"time_after_publish_is_locked", all({timed(C001, kSpeech), published(C001, kSpeech)}), kTimerPRE,
       timing("C001", "看错了秒表"), refused(K::conflict, "已锁定", "section")},
      {"time_correction_needs_a_reason", timed(C001, kSpeech), kTimerPRE, timing("C001"),
       refused(K::invalid, "原因", "reason")},
      {"time_correction_with_a_reason_is_recorded", timed(C001, kSpeech), kTimerPRE, timing("C001", "看错了秒表"),
       accepted({{"reason", "看错了秒表"}})},
      {"time_correction_records_the_time_it_replaces", timed(C001, kSpeech), kTimerPRE, timing("C001", "看错了秒表"),
       accepted({{"duration_s", 341.2}, {"previous", {{"duration_s", 250}, {"revision", 1}}}})},
      {"first_time_replaces_nothing", on_stage(kPRE, kPrelim, C001), kTimerPRE, timing("C001"),
       accepted({{"previous", nullptr}})},
      {"first_time_needs_the_contestant_on_stage", nothing(), kTimerPRE, timing("C001"),
       refused(K::conflict, "还没有上", "contestant")},

      // ---- clock: it belongs to the performance on stage (contest-file.md §2, "计时器") ----
      // The rows decide at now_ms 1234.
      {"clock_start_records_the_servers_time", on_stage(kPRE, kPrelim, C001), kTimerPRE, clock_start(),
       accepted({{"venue", "PRE"}, {"round", "prelim"}, {"contestant", "C001"}, {"running", true},
                 {"started_at_ms", 1234}, {"elapsed_ms", 0}, {"section", "speech"}, {"previous", nullptr}})},
      {"clock_start_never_takes_the_tablets_elapsed_time", on_stage(kPRE, kPrelim, C001), kTimerPRE,
       clock_start("speech", 5300), accepted({{"running", true}, {"started_at_ms", 1234}, {"elapsed_ms", 0}})},
      {"clock_start_continues_the_servers_time_for_the_same_performance",
       all({on_stage(kPRE, kPrelim, C001), clock_stopped(kPRE, kSpeech, 5000)}), kTimerPRE, clock_start("speech", 99000),
       accepted({{"running", true}, {"started_at_ms", 1234}, {"elapsed_ms", 5000}})},
      {"clock_start_of_another_section_starts_at_zero",
       all({on_stage(kPRE, kPrelim, C001), clock_stopped(kPRE, kSpeech, 5000)}), kTimerPRE, clock_start("talent", 5000),
       accepted({{"section", "talent"}, {"elapsed_ms", 0}, {"started_at_ms", 1234}})},
      {"clock_left_by_another_contestant_is_not_continued",
       all({on_stage(kPRE, kPrelim, C001), clock_stopped(kPRE, kSpeech, 290000, C002)}), kTimerPRE, clock_start(),
       accepted({{"contestant", "C001"}, {"elapsed_ms", 0}, {"started_at_ms", 1234}})},
      {"clock_second_start_while_running_changes_nothing",
       all({on_stage(kPRE, kPrelim, C001), clock_running(kPRE, kSpeech, 1000, 4000)}), kTimerPRE, clock_start("speech", 0),
       accepted({{"running", true}, {"started_at_ms", 1000}, {"elapsed_ms", 4000}})},
      {"clock_start_without_a_section_keeps_the_clocks_section",
       all({on_stage(kPRE, kPrelim, C001), clock_stopped(kPRE, kTalent, 3000)}), kTimerPRE, clock_start(""),
       accepted({{"section", "talent"}, {"elapsed_ms", 3000}})},
      {"clock_of_another_section_while_running_is_refused",
       all({on_stage(kPRE, kPrelim, C001), clock_running(kPRE, kSpeech, 1000, 0)}), kTimerPRE, clock_start("talent"),
       refused(K::conflict, "请先停止", "section")},
      {"clock_stop_takes_the_tablets_reading_within_the_servers_measure",
       all({on_stage(kPRE, kPrelim, C001), clock_running(kPRE, kSpeech, 1000, 5000)}), kTimerPRE, clock_stop(5200),
       accepted({{"running", false}, {"elapsed_ms", 5200}, {"started_at_ms", 0}})},
      {"clock_stop_never_exceeds_the_servers_measure",
       all({on_stage(kPRE, kPrelim, C001), clock_running(kPRE, kSpeech, 1000, 5000)}), kTimerPRE, clock_stop(65000),
       accepted({{"running", false}, {"elapsed_ms", 5234}})},
      {"clock_stop_without_a_reading_takes_the_servers_measure",
       all({on_stage(kPRE, kPrelim, C001), clock_running(kPRE, kSpeech, 1000, 5000)}), kTimerPRE, clock_stop(std::nullopt),
       accepted({{"running", false}, {"elapsed_ms", 5234}})},
      {"clock_second_stop_changes_nothing", all({on_stage(kPRE, kPrelim, C001), clock_stopped(kPRE, kSpeech, 5200)}),
       kTimerPRE, clock_stop(5200), accepted({{"running", false}, {"elapsed_ms", 5200}, {"section", "speech"}})},
      {"clock_stop_at_zero_resets_it", all({on_stage(kPRE, kPrelim, C001), clock_stopped(kPRE, kSpeech, 5200)}),
       kTimerPRE, clock_stop(0), accepted({{"running", false}, {"elapsed_ms", 0}})},
      {"clock_stop_records_the_clock_it_replaces",
       all({on_stage(kPRE, kPrelim, C001), clock_running(kPRE, kSpeech, 1000, 5000)}), kTimerPRE, clock_stop(5100),
       accepted({{"running", false},
                 {"previous", {{"contestant", "C001"}, {"running", true}, {"started_at_ms", 1000}, {"elapsed_ms", 5000},
                               {"section", "speech"}}}})},
      {"clock_needs_the_contestant_named", on_stage(kPRE, kPrelim, C001), kTimerPRE, clock_start("speech", 0, ""),
       refused(K::conflict, "哪位选手", "contestant")},
      {"clock_for_a_contestant_not_on_stage_is_refused", on_stage(kPRE, kPrelim, C002), kTimerPRE, clock_stop(5000),
       refused(K::conflict, "已不在预赛赛场的台上", "contestant")},
      {"clock_with_nobody_on_stage_is_refused", nothing(), kTimerPRE, clock_start(),
       refused(K::conflict, "台上现在没有选手", "contestant")},
      {"clock_unknown_contestant_is_not_found", on_stage(kPRE, kPrelim, C001), kTimerPRE, clock_start("speech", 0, "C999"),
       refused(K::not_found, "没有这位选手", "contestant")},
      {"clock_unknown_section_is_not_found", on_stage(kPRE, kPrelim, C001), kTimerPRE, clock_start("dance"),
       refused(K::not_found, "没有这个项目", "section")},
      {"clock_needs_a_venue", on_stage(kPRE, kPrelim, C001), kOrganizer, clock_start(), refused(K::forbidden, "计时员", "venue")},

      // ---- stage (contest-file.md §4) ----
      {"stage_call_of_an_entrant_is_recorded", nothing(), kHeadPRE, stage("", "C001"),
       accepted({{"venue", "PRE"}, {"round", "prelim"}, {"contestant", "C001"}})},
      {"stage_cleared_is_recorded", on_stage(kPRE, kPrelim, C001), kHeadPRE, stage("PRE", ""),
       accepted({{"contestant", ""}, {"previous", {{"contestant", "C001"}}}})},
      {"stage_call_records_who_was_on", on_stage(kPRE, kPrelim, C001), kHeadPRE, stage("", "C002"),
       accepted({{"contestant", "C002"}, {"previous", {{"contestant", "C001"}}}})},
      {"stage_of_another_venue_is_refused_to_a_head_judge", nothing(), kHeadFIN, stage("PRE", "C001"),
       refused(K::forbidden, "另一个赛场", "venue")},
      {"stage_of_any_venue_for_the_organizer", nothing(), kOrganizer, stage("PRE", "C001"), accepted({{"venue", "PRE"}})},
      {"stage_without_a_venue_is_malformed", nothing(), kOrganizer, stage("", "C001"),
       refused(K::malformed, "请指明赛场", "venue")},
      {"stage_unknown_venue_is_not_found", nothing(), kOrganizer, stage("P9", "C001"),
       refused(K::not_found, "没有这个赛场", "venue")},
      {"stage_unknown_contestant_is_not_found", nothing(), kHeadPRE, stage("", "C999"),
       refused(K::not_found, "没有这位选手", "contestant")},
      {"stage_withdrawn_contestant_is_refused", nothing(), kHeadPRE, stage("", "C003"),
       refused(K::conflict, "已退赛", "contestant")},
      {"stage_non_entrant_is_refused", advanced_only({C002}), kHeadFIN, stage("", "C001"),
       refused(K::conflict, "不是全县决赛 · 小学组的参赛选手", "contestant")},

      // ---- publish (亮分), reopen, return (contest-file.md §6, §7) ----
      {"publish_complete_and_timed_is_recorded", all({marked(C001, kSpeech, {J01, J02, J03}), timed(C001, kSpeech)}),
       kHeadPRE, action("publish", "C001"), accepted({{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}})},
      {"publish_needs_every_panel_mark", all({marked(C001, kSpeech, {J01, J02}), timed(C001, kSpeech)}), kHeadPRE,
       action("publish", "C001"), refused(K::conflict, "缺评委三的分数")},
      {"publish_waits_for_a_returned_mark", all({marked(C001, kSpeech, {J01, J02, J03}), timed(C001, kSpeech), returned(C001, kSpeech, J02)}),
       kHeadPRE, action("publish", "C001"), refused(K::conflict, "评委二（已退回重打）")},
      {"publish_needs_the_time", marked(C001, kSpeech, {J01, J02, J03}), kHeadPRE, action("publish", "C001"),
       refused(K::conflict, "用时还没有记录")},
      {"publish_untimed_section_needs_no_time", marked(C001, kTalent, {J01, J02, J03}), kHeadPRE,
       action("publish", "C001", "talent"), accepted({{"section", "talent"}})},
      {"publish_reduced_panel_without_the_conflicted_judge", all({marked(C002, kSpeech, {J02, J03}), timed(C002, kSpeech)}),
       kHeadPRE, action("publish", "C002"), accepted()},
      {"publish_twice_is_refused", all({marked(C001, kSpeech, {J01, J02, J03}), timed(C001, kSpeech), published(C001, kSpeech)}),
       kHeadPRE, action("publish", "C001"), refused(K::conflict, "已经亮分")},
      {"publish_of_another_venue_is_refused", marked(C001, kSpeech, {J01, J02, J03}), kHeadFIN, action("publish", "C001"),
       refused(K::forbidden, "不是你的赛场", "section")},
      {"publish_unknown_section_is_not_found", nothing(), kHeadPRE, action("publish", "C001", "dance"),
       refused(K::not_found, "没有这个项目", "section")},
      {"reopen_published_with_a_reason_is_recorded", published(C001, kSpeech), kHeadPRE,
       action("reopen", "C001", "speech", "", "评委录错"), accepted({{"reason", "评委录错"}})},
      {"reopen_records_what_was_published",
       all({marked_as(C001, kSpeech, J01, 265, 4), marked_as(C001, kSpeech, J02, 280, 5), marked_as(C001, kSpeech, J03, 275, 9),
            marked_as(C001, kTalent, J01, 900, 6), timed(C001, kSpeech), published(C001, kSpeech)}),
       kHeadPRE, action("reopen", "C001", "speech", "", "评委录错"),
       accepted({{"previous",
                  {{"published", true}, {"marks", {26.5, 28, 27.5}}, {"duration_s", 250}}}})},
      {"reopen_needs_a_published_result", nothing(), kHeadPRE, action("reopen", "C001", "speech", "", "评委录错"),
       refused(K::conflict, "还没有亮分")},
      {"reopen_needs_a_reason", published(C001, kSpeech), kHeadPRE, action("reopen", "C001"),
       refused(K::invalid, "原因", "reason")},
      {"return_of_a_mark_is_recorded", marked(C001, kSpeech, {J02}), kHeadPRE, action("return", "C001", "speech", "J02"),
       accepted({{"judge", "J02"}, {"note", "请再看一下"}})},
      {"return_records_the_mark_returned", all({marked_as(C001, kSpeech, J01, 265, 4), marked_as(C001, kSpeech, J02, 245, 8)}),
       kHeadPRE, action("return", "C001", "speech", "J02"), accepted({{"previous", {{"points", 24.5}, {"revision", 8}}}})},
      {"return_needs_a_mark", nothing(), kHeadPRE, action("return", "C001", "speech", "J02"),
       refused(K::conflict, "无可退回", "judge")},
      {"return_unknown_judge_is_not_found", nothing(), kHeadPRE, action("return", "C001", "speech", "J99"),
       refused(K::not_found, "没有这位评委", "judge")},
      {"return_after_publish_is_refused", all({marked(C001, kSpeech, {J02}), published(C001, kSpeech)}), kHeadPRE,
       action("return", "C001", "speech", "J02"), refused(K::conflict, "已经亮分")},

      // ---- decision: a tie ruling (contest-file.md §5) ----
      {"ruling_of_own_round_and_group_is_recorded", tied_rounds(), kHeadPRE, ruling({"C002", "C001"}),
       accepted({{"kind", "tie_order"}, {"order", {"C002", "C001"}}, {"previous", nullptr}})},
      {"ruling_records_the_ruling_it_replaces", all({tied_rounds(), ruled(7, kPrelim, {C001, C002}), ruled(9, kFinal, {C002, C001})}),
       kHeadPRE, ruling({"C002", "C001"}), accepted({{"previous", {{"order", {"C001", "C002"}}, {"revision", 7}}}})},
      {"ruling_of_another_round_is_refused_to_a_head_judge", tied_rounds(), kHeadPRE, ruling({"C002", "C001"}, "final"),
       refused(K::forbidden, "本赛场", "group")},
      {"ruling_of_any_round_for_the_organizer", tied_rounds(), kOrganizer, ruling({"C002", "C001"}, "final"), accepted()},
      {"ruling_unknown_round_is_not_found", tied_rounds(), kOrganizer, ruling({"C002", "C001"}, "semi"),
       refused(K::not_found, "没有这一轮", "round")},
      {"ruling_unknown_group_is_not_found", tied_rounds(), kOrganizer, ruling({"C002", "C001"}, "prelim", "college"),
       refused(K::not_found, "没有这个组别", "group")},
      {"ruling_unknown_contestant_is_not_found", tied_rounds(), kHeadPRE, ruling({"C001", "C999"}),
       refused(K::not_found, "没有这位选手", "order[1]")},
      {"ruling_contestant_of_another_group_is_refused", tied_rounds(), kHeadPRE, ruling({"C001", "C004"}),
       refused(K::invalid, "不在小学组", "order[1]")},
      {"ruling_listing_a_contestant_twice_is_refused", tied_rounds(), kHeadPRE, ruling({"C001", "C002", "C001"}),
       refused(K::invalid, "列了两次", "order[2]")},

      {"ruling_needs_a_reason", tied_rounds(), kHeadPRE, ruling({"C002", "C001"}, "prelim", "primary", ""),
       refused(K::invalid, "裁决须写明理由", "reason")},
      {"ruling_records_its_reason", tied_rounds(), kHeadPRE, ruling({"C002", "C001"}), accepted({{"reason", "评审组合议"}})},
      // The block ruled is one tie, whole, as it was shown (issue 24 §4).
      {"ruling_of_contestants_not_tied_is_refused", finished_prelim(), kHeadPRE, ruling({"C002", "C001"}),
       refused(K::conflict, "李四、张三并不并列", "order")},
      {"ruling_of_a_contestant_without_a_total_is_refused", nothing(), kHeadPRE, ruling({"C002", "C001"}),
       refused(K::conflict, "并不并列", "order")},
      {"ruling_naming_others_than_the_tied_block_is_refused", tied_rounds(), kHeadPRE, ruling({"C001", "C003"}),
       refused(K::invalid, "须列出这组并列的全部选手，每人一次，不多不少：张三、李四", "order")},
      {"ruling_of_a_block_changed_since_shown_is_refused", tied_rounds(), kHeadPRE,
       ruling({"C002", "C001"}, "prelim", "primary", "评审组合议", "0123456789abcdef"),
       refused(K::conflict, "已有变化", "shown")},
      {"ruling_after_the_advancement_is_refused", advanced_from_prelim(), kOrganizer, ruling({"C002", "C001"}),
       refused(K::conflict, "晋级名单已经确认，不能再裁决", "round")},
      {"reopen_after_the_advancement_is_refused", all({published(C001, kSpeech), advanced_from_prelim()}), kHeadPRE,
       action("reopen", "C001", "speech", "", "评委录错"), refused(K::conflict, "晋级名单已经确认，成绩不能再撤回")},

      // ---- advance: who goes on from a round (contest-file.md §4, §5) ----
      {"advance_from_a_finished_published_round_is_recorded", finished_prelim(), kOrganizer, advance(),
       accepted({{"from", "prelim"}, {"groups", {{{"group", "primary"}, {"contestants", {"C001", "C002"}}}}}})},
      {"advance_with_an_incomplete_result_is_refused", marked(C001, kSpeech, {J01, J02, J03}), kOrganizer, advance(),
       refused(K::conflict, "小学组成绩还不完整：张三 · 实验小学、李四 · 城关一小", "from")},
      {"advance_with_an_unpublished_result_is_refused", finished_prelim(false), kOrganizer, advance(),
       refused(K::conflict, "小学组还没有亮分：张三 · 实验小学、李四 · 城关一小", "from")},
      {"advance_from_a_round_without_a_quota_is_refused", nothing(), kOrganizer, advance("final"),
       refused(K::invalid, "全县决赛不设晋级名额", "from")},
      {"advance_confirmed_twice_is_refused", all({finished_prelim(), advanced_from_prelim()}), kOrganizer, advance(),
       refused(K::conflict, "已经确认过（组委会", "from")},
      {"advance_unknown_round_is_not_found", nothing(), kOrganizer, advance("semi"),
       refused(K::not_found, "没有这一轮", "from")},

      // ---- draw: a group's running order in a round (contest-file.md §4) ----
      {"draw_with_the_organizers_seed_is_recorded", nothing(), kOrganizer, draw_of("prelim", kSeed),
       accepted({{"round", "prelim"}, {"group", "primary"}, {"method", "seeded"}, {"seed", kSeed}, {"order", order_from(kSeed)}})},
      {"draw_without_a_seed_takes_the_servers", nothing(), kOrganizer, draw_of("prelim"),
       accepted({{"method", "seeded"}, {"seed", kServerSeed}, {"order", order_from(kServerSeed)}})},
      {"draw_drawn_by_hand_is_recorded", nothing(), kOrganizer, draw_of("prelim", "", {"C002", "C001"}),
       accepted({{"method", "manual"}, {"order", {"C002", "C001"}}})},
      {"draw_of_a_round_whose_entrants_are_not_known_is_refused", finished_prelim(), kOrganizer, draw_of("final", kSeed),
       refused(K::conflict, "全县决赛 · 小学组的选手还没有确定：请先确认小学组预赛的晋级名单", "round")},
      {"draw_of_the_final_after_the_advancement_is_recorded", all({finished_prelim(), advanced_from_prelim()}), kOrganizer,
       draw_of("final", "", {"C002", "C001"}), accepted({{"round", "final"}, {"order", {"C002", "C001"}}})},
      {"draw_again_without_redraw_is_refused", drawn(kPrelim, {C001, C002}), kOrganizer, draw_of("prelim", kSeed),
       refused(K::conflict, "已经抽过签（组委会", "redraw")},
      {"redraw_needs_a_reason", drawn(kPrelim, {C001, C002}), kOrganizer, draw_of("prelim", kSeed, {}, true),
       refused(K::invalid, "重新抽签须写明原因", "reason")},
      {"redraw_with_a_reason_is_recorded", drawn(kPrelim, {C001, C002}), kOrganizer,
       draw_of("prelim", kSeed, {}, true, "签筒有误"), accepted({{"reason", "签筒有误"}, {"order", order_from(kSeed)}})},
      {"redraw_after_the_first_call_is_refused", all({drawn(kPrelim, {C001, C002}), on_stage(kPRE, kPrelim, C001)}),
       kOrganizer, draw_of("prelim", kSeed, {}, true, "签筒有误"), refused(K::conflict, "已经开始上台", "redraw")},
      {"draw_with_a_seed_and_an_order_is_malformed", nothing(), kOrganizer, draw_of("prelim", kSeed, {"C001", "C002"}),
       refused(K::malformed, "只能给一个", "order")},
      {"draw_with_a_bad_seed_is_refused", nothing(), kOrganizer, draw_of("prelim", "xyz"),
       refused(K::invalid, "64 位十六进制", "seed")},
      {"draw_by_hand_missing_an_entrant_is_refused", nothing(), kOrganizer, draw_of("prelim", "", {"C001"}),
       refused(K::invalid, "人工签序缺少：李四 · 城关一小", "order")},
      {"draw_by_hand_of_a_non_entrant_is_refused", nothing(), kOrganizer, draw_of("prelim", "", {"C001", "C003"}),
       refused(K::invalid, "C003 不是小学组预赛 · 小学组的参赛选手", "order[1]")},
      {"draw_by_hand_listing_one_twice_is_refused", nothing(), kOrganizer, draw_of("prelim", "", {"C001", "C001"}),
       refused(K::invalid, "列了两次", "order[1]")},
      {"draw_of_a_group_not_in_the_round_is_refused", nothing(), kOrganizer, draw_of("prelim", kSeed, {}, false, "", "secondary"),
       refused(K::invalid, "中学组不参加小学组预赛", "group")},
      {"draw_unknown_round_is_not_found", nothing(), kOrganizer, draw_of("semi", kSeed), refused(K::not_found, "没有这一轮", "round")},
      {"draw_unknown_group_is_not_found", nothing(), kOrganizer, draw_of("prelim", kSeed, {}, false, "", "college"),
       refused(K::not_found, "没有这个组别", "group")},

      // ---- call_head_judge ----
      {"call_from_a_judge_of_the_venue_is_recorded", nothing(), kJudge1, call("PRE"),
       accepted({{"venue", "PRE"}, {"judge", "J01"}, {"note", "第 3 号选手的分数"}})},
      {"call_to_a_venue_the_judge_does_not_sit_in_is_refused", nothing(), kJudge4, call("PRE"),
       refused(K::forbidden, "你不是预赛赛场的评委", "venue")},
      {"call_without_a_venue_is_malformed", nothing(), kJudge1, call(""), refused(K::malformed, "缺少", "venue")},
      {"call_unknown_venue_is_not_found", nothing(), kJudge1, call("P9"), refused(K::not_found, "没有这个赛场", "venue")},
      {"call_cleared_by_the_venues_head_judge", nothing(), kHeadPRE, call("PRE"), accepted({{"venue", "PRE"}, {"cleared", true}})},
      {"call_of_another_venue_is_not_cleared_by_a_head_judge", nothing(), kHeadPRE, call("FIN"),
       refused(K::forbidden, "另一个赛场", "venue")},

      // ---- topic_draw (contest-file.md §4) ----
      {"topic_draw_picks_from_the_bank", nothing(), kSteward, draw("C001"),
       accepted({{"contestant", "C001"}, {"topic", 2}, {"text", "题三：责任"}})},
      {"topic_drawn_by_another_is_not_drawn_again", drew(C002, 2), kSteward, draw("C001"),
       accepted({{"topic", 1}, {"text", "题二：友爱"}})},
      {"topic_draw_is_final", drew(C001, 0), kSteward, draw("C001"), refused(K::conflict, "已经抽过题：第 1 题", "contestant")},
      {"topic_draw_from_an_exhausted_bank_is_refused", all({drew(C002, 0), drew(C003, 1), drew(C004, 2)}), kSteward,
       draw("C001"), refused(K::conflict, "全部抽完", "section")},
      {"topic_draw_needs_a_bank", nothing(), kSteward, draw("C001", "talent"), refused(K::conflict, "题库", "section")},
      {"topic_draw_of_a_withdrawn_contestant_is_refused", nothing(), kSteward, draw("C003"),
       refused(K::conflict, "已退赛", "contestant")},
      {"topic_draw_of_a_non_entrant_is_refused", advanced_only({C002}), kSteward, draw("C001", "speech", "final"),
       refused(K::forbidden, "不是全县决赛的参赛选手", "contestant")},
      // Issue 23: a secondary-school teacher drew (and used up) a primary preliminary's topic.
      {"topic_draw_of_a_group_not_in_the_round_is_refused", nothing(), kSteward, draw("C004"),
       refused(K::invalid, "不参加小学组预赛", "contestant")},
      {"topic_draw_unknown_contestant_is_not_found", nothing(), kSteward, draw("C999"),
       refused(K::not_found, "没有这位选手", "contestant")},

      // ---- Bounds per person (issue 23; live_rules.h) ----
      {"mark_correction_within_the_bound_is_recorded", all({marked(C001, kSpeech, {J01}), mark_corrected(9)}), kJudge1,
       mark("C001", "28"), accepted({{"points", 28}})},
      {"mark_corrections_beyond_the_bound_are_refused", all({marked(C001, kSpeech, {J01}), mark_corrected(10)}), kJudge1,
       mark("C001", "28"), refused(K::conflict, "已达 10 次上限", "points")},
      {"another_judges_corrections_do_not_count", all({marked(C001, kSpeech, {J01, J02}), mark_corrected(10)}), kJudge2,
       mark("C001", "28", "J02"), accepted()},
      {"a_first_mark_is_never_held_back_by_the_minute_bound", all({on_stage(kPRE, kPrelim, C001), busy("J01", 30, 1000)}),
       kJudge1, mark("C001", "27.5"), accepted()},
      {"mark_corrections_over_the_minute_bound_are_429", all({marked(C001, kSpeech, {J01}), busy("J01", 30, 1000)}), kJudge1,
       mark("C001", "28"), refused(K::too_many, "每人每分钟最多 30 次", "")},
      {"changes_more_than_a_minute_ago_do_not_count", all({marked(C001, kSpeech, {J01}), busy("J01", 30, 1234 - 60000)}),
       kJudge1, mark("C001", "28"), accepted()},
      {"another_persons_minute_does_not_count", all({marked(C001, kSpeech, {J01}), busy("J02", 30, 1000)}), kJudge1,
       mark("C001", "28"), accepted()},
      {"timing_corrections_beyond_the_bound_are_refused", all({timed(C001, kSpeech), timing_corrected(10)}), kTimerPRE,
       timing("C001", "看错了秒表"), refused(K::conflict, "已达 10 次上限", "duration_s")},
      {"timing_corrections_over_the_minute_bound_are_429", all({timed(C001, kSpeech), busy("timer:PRE", 30, 1000)}),
       kTimerPRE, timing("C001", "看错了秒表"), refused(K::too_many, "每分钟", "")},
      {"returns_beyond_the_bound_are_refused", all({marked(C001, kSpeech, {J02}), returned_times(10)}), kHeadPRE,
       action("return", "C001", "speech", "J02"), refused(K::conflict, "已达 10 次上限", "judge")},
      {"reopens_beyond_the_bound_are_refused", all({published(C001, kSpeech), reopened_times(5)}), kHeadPRE,
       action("reopen", "C001", "speech", "", "成绩录错"), refused(K::conflict, "已达 5 次上限", "section")},
      // Three contestants in the primary group: 3 × 3 + 10 rulings.
      {"rulings_within_the_bound_are_recorded", all({tied_rounds(), ruled_times(18)}), kHeadPRE, ruling({"C002", "C001"}), accepted()},
      {"rulings_beyond_the_bound_are_refused", all({tied_rounds(), ruled_times(19)}), kHeadPRE, ruling({"C002", "C001"}),
       refused(K::conflict, "已达 19 次上限", "group")},
      {"rulings_over_the_minute_bound_are_429", all({tied_rounds(), busy("head:PRE", 30, 1000)}), kHeadPRE, ruling({"C002", "C001"}),
       refused(K::too_many, "每分钟", "")},
      {"calls_for_one_contestant_beyond_the_bound_are_refused", all({on_stage(kPRE, kPrelim, C001), called_times(J01, C001, 10)}),
       kJudge1, call("PRE"), refused(K::conflict, "已达 10 次上限", "venue")},
      {"calls_for_the_next_contestant_count_afresh", all({on_stage(kPRE, kPrelim, C002), called_times(J01, C001, 10)}),
       kJudge1, call("PRE"), accepted()},
      {"clearing_calls_over_the_minute_bound_is_429", busy("head:PRE", 30, 1000), kHeadPRE, HeadJudgeCall{"", "", ""},
       refused(K::too_many, "每分钟", "")},

      // ---- absence: 缺赛 / 弃权 in one round (contest-file.md §7) ----
      {"absence_recorded_by_the_organizer", nothing(), kOrganizer, absence("C001"),
       accepted({{"round", "prelim"}, {"contestant", "C001"}, {"status", "absent"}, {"reason", "本人未到场"},
                 {"previous", nullptr}})},
      {"absence_recorded_by_the_head_judge_of_the_round", nothing(), kHeadPRE, absence("C002", "withdrew"),
       accepted({{"status", "withdrew"}})},
      {"absence_in_another_round_is_refused_to_a_head_judge", nothing(), kHeadFIN, absence("C001"),
       refused(K::forbidden, "本赛场所赛轮次和组别", "contestant")},
      {"absence_is_refused_to_a_judge", nothing(), kJudge1, absence("C001"), refused(K::forbidden, "组委会或裁判长", "")},
      {"absence_unknown_round_is_not_found", nothing(), kOrganizer, absence("C001", "absent", "semi"),
       refused(K::not_found, "没有这一轮", "round")},
      {"absence_unknown_contestant_is_not_found", nothing(), kOrganizer, absence("C999"),
       refused(K::not_found, "没有这位选手", "contestant")},
      {"absence_of_a_group_not_in_the_round_is_refused", nothing(), kOrganizer, absence("C004"),
       refused(K::invalid, "赵六 · 一中（中学组）不参加小学组预赛", "contestant")},
      {"absence_of_a_withdrawn_contestant_is_refused", nothing(), kOrganizer, absence("C003"),
       refused(K::conflict, "已退赛", "contestant")},
      {"absence_of_a_non_entrant_is_refused", advanced_only({C002}), kOrganizer, absence("C001", "absent", "final"),
       refused(K::conflict, "不是全县决赛的参赛选手", "contestant")},
      // The teacher came: a published section says so; giving up midway is 弃权.
      {"absent_after_a_published_section_is_refused", published(C001, kSpeech), kOrganizer, absence("C001"),
       refused(K::conflict, "张三 · 实验小学在小学组预赛已有亮分的项目", "status")},
      {"withdrew_after_a_published_section_is_recorded", published(C001, kSpeech), kOrganizer, absence("C001", "withdrew"),
       accepted({{"status", "withdrew"}})},
      {"absence_recorded_twice_is_refused", absent_in(kPrelim, C001), kOrganizer, absence("C001"),
       refused(K::conflict, "已记为缺赛", "status")},
      {"absence_changed_records_what_it_replaces", absent_in(kPrelim, C001), kHeadPRE, absence("C001", "withdrew"),
       accepted({{"status", "withdrew"},
                 {"previous", {{"status", "absent"}, {"reason", "本人未到场"}, {"by", "organizer"}, {"revision", 4}}}})},
      {"absence_cleared_with_a_reason_is_recorded", absent_in(kPrelim, C001), kOrganizer,
       absence("C001", "cleared", "prelim", "本人迟到，已到场"),
       accepted({{"status", "cleared"}, {"reason", "本人迟到，已到场"}, {"previous", {{"status", "absent"}, {"reason", "本人未到场"}, {"by", "organizer"}, {"revision", 4}}}})},
      {"absence_cleared_when_none_is_refused", nothing(), kOrganizer, absence("C001", "cleared"),
       refused(K::conflict, "没有缺赛或弃权的记录", "status")},
      {"absence_after_the_advancement_is_refused", all({finished_prelim(), advanced_from_prelim()}), kOrganizer,
       absence("C001", "withdrew"), refused(K::conflict, "晋级名单已经确认", "round")},
      {"absence_changes_beyond_the_bound_are_refused", absence_changed(6), kOrganizer, absence("C001"),
       refused(K::conflict, "已达 6 次上限", "status")},
      {"absence_changes_over_the_minute_bound_are_429", busy("organizer", 30, 1000), kOrganizer, absence("C001"),
       refused(K::too_many, "每分钟", "")},
      // Not called, marked, timed or drawn in that round; named by name.
      {"stage_call_of_an_absent_contestant_is_refused", absent_in(kPrelim, C001), kHeadPRE, stage("", "C001"),
       refused(K::conflict, "张三 · 实验小学在小学组预赛已记为缺赛，不能呼叫上场", "contestant")},
      {"stage_call_of_one_absent_in_another_round_is_recorded", absent_in(kFinal, C001), kHeadPRE, stage("", "C001"),
       accepted({{"contestant", "C001"}})},
      {"first_mark_for_an_absent_contestant_is_refused", all({on_stage(kPRE, kPrelim, C001), absent_in(kPrelim, C001)}),
       kJudge1, mark("C001", "27.5"), refused(K::conflict, "这位选手在小学组预赛已记为缺赛，不能为其打分", "contestant")},
      {"first_time_for_a_withdrawn_in_round_contestant_is_refused",
       all({on_stage(kPRE, kPrelim, C001), absent_in(kPrelim, C001, AbsenceKind::kWithdrew)}), kTimerPRE, timing("C001"),
       refused(K::conflict, "已记为弃权，不能记录用时", "contestant")},
      {"topic_draw_of_an_absent_contestant_is_refused", absent_in(kPrelim, C001), kSteward, draw("C001"),
       refused(K::conflict, "不能抽题", "contestant")},
      {"draw_leaves_out_an_absent_contestant", absent_in(kPrelim, C002), kOrganizer, draw_of("prelim", "", {"C001"}),
       accepted({{"order", {"C001"}}})},
      {"draw_by_hand_listing_an_absent_contestant_is_refused", absent_in(kPrelim, C002), kOrganizer,
       draw_of("prelim", "", {"C001", "C002"}), refused(K::conflict, "李四 · 城关一小在小学组预赛已记为缺赛，不参加抽签", "order[1]")},
      // 确认晋级: a no-show no longer blocks the others.
      {"advance_with_an_entrant_unmarked_is_refused", only_c001_finished(), kOrganizer, advance(),
       refused(K::conflict, "小学组成绩还不完整：李四 · 城关一小", "from")},
      {"advance_with_the_unmarked_entrant_absent_is_recorded", all({only_c001_finished(), absent_in(kPrelim, C002)}),
       kOrganizer, advance(), accepted({{"groups", {{{"group", "primary"}, {"contestants", {"C001"}}}}}})},

      // ---- roster fixes on the running server (contest-file.md §10) ----
      {"roster_correct_records_the_new_and_the_old_name", nothing(), kOrganizer, correct("C001", "张珊"),
       accepted({{"contestant", "C001"}, {"name", "张珊"}, {"school", "实验小学"}, {"reason", "报名表录入有误"},
                 {"previous", {{"name", "张三"}, {"school", "实验小学"}}}})},
      {"roster_correct_trims_the_spaces_typed_around_a_name", nothing(), kOrganizer, correct("C001", "\u3000张珊 "),
       accepted({{"name", "张珊"}})},
      {"roster_correct_of_a_school_before_any_mark_is_recorded", nothing(), kOrganizer,
       correct("C001", std::nullopt, "城关一小"), accepted({{"name", "张三"}, {"school", "城关一小"}})},
      {"roster_correct_is_refused_to_a_head_judge", nothing(), kHeadPRE, correct("C001", "张珊"),
       refused(K::forbidden, "只有组委会", "")},
      {"roster_correct_is_refused_to_a_judge", nothing(), kJudge1, correct("C001", "张珊"),
       refused(K::forbidden, "只有组委会", "")},
      {"roster_correct_unknown_contestant_is_not_found", nothing(), kOrganizer, correct("C999", "张珊"),
       refused(K::not_found, "没有这位选手", "contestant")},
      {"roster_correct_with_neither_name_nor_school_is_refused", nothing(), kOrganizer, correct("C001", std::nullopt),
       refused(K::invalid, "姓名或学校", "name")},
      {"roster_correct_to_an_empty_name_is_refused", nothing(), kOrganizer, correct("C001", " \u3000 "),
       refused(K::invalid, "姓名不能为空", "name")},
      {"roster_correct_that_changes_nothing_is_refused", nothing(), kOrganizer, correct("C001", "张三"),
       refused(K::conflict, "无须更正", "name")},
      // A school that puts a judge in 回避 would drop their mark from the score: not once marked.
      {"roster_correct_of_a_school_that_moves_a_judge_into_recusal_after_a_mark_is_refused",
       marked(C001, kSpeech, {J02}), kOrganizer, correct("C001", std::nullopt, "城关一小"),
       refused(K::conflict, "评委一（城关一小）", "school")},
      {"roster_correct_of_a_school_that_moves_no_judge_after_a_mark_is_recorded", marked(C001, kSpeech, {J02}),
       kOrganizer, correct("C001", std::nullopt, "城关二小"), accepted({{"school", "城关二小"}})},
      {"roster_corrections_beyond_the_bound_are_refused", roster_corrected(6), kOrganizer, correct("C001", "张珊"),
       refused(K::conflict, "已达 6 次上限", "contestant")},
      {"roster_corrections_over_the_minute_bound_are_429", busy("organizer", 30, 1000), kOrganizer,
       correct("C001", "张珊"), refused(K::too_many, "每分钟", "")},
      {"substitute_is_entered_with_the_next_id", nothing(), kOrganizer, substitute("孙七"),
       accepted({{"contestant", "C005"}, {"group", "primary"}, {"name", "孙七"}, {"school", "实验小学"},
                 {"reason", "原选手弃权，由替补参赛"}})},
      {"substitute_with_the_name_and_school_of_one_in_the_group_is_refused", nothing(), kOrganizer,
       substitute("张三"), refused(K::conflict, "不能重复录入", "name")},
      {"substitute_with_a_name_in_the_group_from_another_school_is_entered", nothing(), kOrganizer,
       substitute("张三", "城关二小"), accepted({{"contestant", "C005"}})},
      {"substitute_in_an_unknown_group_is_not_found", nothing(), kOrganizer, substitute("孙七", "实验小学", "senior"),
       refused(K::not_found, "没有这个组别", "group")},
      {"substitute_without_a_school_is_refused", nothing(), kOrganizer, substitute("孙七", "  "),
       refused(K::invalid, "学校不能为空", "school")},
      {"substitute_of_a_group_that_enters_no_round_is_refused", nothing(), kOrganizer,
       substitute("孙七", "一中", "secondary"), refused(K::invalid, "没有直接报名参加的轮次", "group")},
      {"substitute_after_the_first_rounds_advancement_is_refused", advanced_from_prelim(), kOrganizer,
       substitute("孙七"), refused(K::conflict, "晋级名单已经确认", "group")},
      {"substitute_is_refused_to_a_steward", nothing(), kSteward, substitute("孙七"),
       refused(K::forbidden, "只有组委会", "")},
      {"substitutes_beyond_the_bound_are_refused", substitutes_entered(20), kOrganizer, substitute("孙七"),
       refused(K::conflict, "已达 20 次上限", "group")},
      {"topic_added_by_the_organizer_takes_the_next_place", nothing(), kOrganizer, topic("题四：勤奋"),
       accepted({{"section", "speech"}, {"topic", "题四：勤奋"}, {"index", 3}})},
      {"topic_added_to_a_section_without_a_bank_starts_it", nothing(), kOrganizer, topic("才艺题一", "talent"),
       accepted({{"section", "talent"}, {"index", 0}})},
      {"topic_already_in_the_bank_is_refused", nothing(), kOrganizer, topic(" 题二：友爱"),
       refused(K::conflict, "已有这道题", "topic")},
      {"topic_of_an_unknown_section_is_not_found", nothing(), kOrganizer, topic("题", "dance"),
       refused(K::not_found, "没有这个环节", "section")},
      {"topic_of_only_spaces_is_refused", nothing(), kOrganizer, topic("\u3000\u3000"),
       refused(K::invalid, "题目不能为空", "topic")},
      {"topic_is_refused_to_a_steward", nothing(), kSteward, topic("题四：勤奋"), refused(K::forbidden, "只有组委会", "")},

      // ---- display_scene ----
      {"display_scene_is_recorded", nothing(), kOrganizer, DisplaySceneChange{"*", "awards", ""},
       accepted({{"display", "*"}, {"scene", "awards"}})},
  };
  return table;
}

// A failing row prints its rule's name, not its bytes.
void PrintTo(const Row& row, std::ostream* os) { *os << row.rule; }

class LiveRule : public testing::TestWithParam<Row> {};

TEST_P(LiveRule, Decides) {
  const Row& row = GetParam();
  Contest c = make_contest();
  LiveState s;
  row.setup(s);
  live::RuleInputs in;
  in.now_ms = 1234;
  in.topics = &kTopics;
  in.document = &contest_document();
  in.random_below = [](uint64_t n) { return n - 1; };
  in.new_seed = [] { return Result<std::string>(kServerSeed); };
  ChangeRequest change = row.change;
  if (auto* d = std::get_if<TieRuling>(&change); d && d->shown.empty()) d->shown = shown_for(c, s, *d);
  live::Decision d = live::decide(c, s, row.who, change, in);
  const Expect& want = row.expect;
  if (want.accepted) {
    ASSERT_TRUE(d.ok()) << d.status().to_string();
    EXPECT_EQ(event_kind(d->body), live::change_kind(row.change));
    const Json payload = encode_event_body(d->body);
    for (auto it = want.payload.begin(); it != want.payload.end(); ++it)
      EXPECT_EQ(payload.value(it.key(), Json()), it.value()) << it.key() << " in " << payload.dump();
    return;
  }
  ASSERT_FALSE(d.ok()) << "accepted: " << encode_event_body(d->body).dump();
  const Error& e = d.errors().front();
  EXPECT_EQ(to_string(e.kind), std::string(to_string(want.kind))) << e.message;
  EXPECT_NE(e.message.find(want.fragment), std::string::npos) << e.message;
  EXPECT_EQ(e.path, want.field) << e.message;
}

INSTANTIATE_TEST_SUITE_P(Rules, LiveRule, testing::ValuesIn(rows()),
                         [](const testing::TestParamInfo<Row>& info) { return std::string(info.param.rule); });

// Every change kind of the protocol has at least one accepted and one refused row, so a new
// kind without its rule's rows fails here.
TEST(LiveRules, EveryChangeKindHasAcceptAndRefuseRows) {
  std::map<std::string, std::pair<int, int>> seen;
  for (const Row& r : rows()) {
    auto& [yes, no] = seen[live::change_kind(r.change)];
    (r.expect.accepted ? yes : no)++;
  }
  for (const RequestSpec& spec : request_specs()) {
    if (spec.kind == "login") continue;
    std::string kind(spec.kind);
    EXPECT_GT(seen[kind].first, 0) << kind << ": no accepted row";
    if (kind != "display_scene") {
      EXPECT_GT(seen[kind].second, 0) << kind << ": no refused row";
    }
  }
}

// A decision never changes the state it is given: the server applies the event itself.
TEST(LiveRules, DecideLeavesTheStateAlone) {
  Contest c = make_contest();
  LiveState s;
  on_stage(kPRE, kPrelim, C001)(s);
  LiveState before = s;
  ASSERT_TRUE(live::decide(c, s, kJudge1, mark("C001", "27.5")).ok());
  EXPECT_EQ(s.marks.size(), before.marks.size());
  EXPECT_EQ(s.stage.size(), before.stage.size());
}

// Two contestants in a row (issue 24): the first's clock stopped at 4:50 is gone at the second
// call, and a start for the second from a tablet that kept its count begins at 0, not 4:50.
TEST(LiveRules, TheClockStartsAtZeroForTheNextContestant) {
  Contest c = make_contest();
  LiveState s;
  int64_t seq = 0;
  auto apply = [&](const Actor& who, const ChangeRequest& change, int64_t now_ms) {
    live::RuleInputs in;
    in.now_ms = now_ms;
    live::Decision d = live::decide(c, s, who, change, in);
    ASSERT_TRUE(d.ok()) << d.status().to_string();
    ASSERT_TRUE(apply_event(c, make_event(++seq, now_ms, who.person, d->body), s).ok());
  };
  apply(kHeadPRE, stage("", "C001"), 0);
  apply(kTimerPRE, clock_start("speech", 0, "C001"), 1000);
  apply(kTimerPRE, clock_stop(290000, "speech", "C001"), 291000);
  ASSERT_EQ(s.clocks.at(kPRE).elapsed_ms, 290000);
  EXPECT_EQ(s.clocks.at(kPRE).contestant, C001);
  apply(kHeadPRE, stage("", "C002"), 300000);
  EXPECT_EQ(s.clocks.count(kPRE), 0u) << "the stage call resets the clock";
  // The first's reading cannot be put on the second's clock, by a start or by a stop.
  apply(kTimerPRE, clock_start("speech", 290000, "C002"), 301000);
  EXPECT_EQ(s.clocks.at(kPRE).elapsed_ms, 0);
  EXPECT_EQ(s.clocks.at(kPRE).started_at_ms, 301000);
  apply(kTimerPRE, clock_stop(295000, "speech", "C002"), 306000);
  EXPECT_EQ(s.clocks.at(kPRE).elapsed_ms, 5000);
  EXPECT_FALSE(live::decide(c, s, kTimerPRE, clock_stop(290000, "speech", "C001")).ok());
}

// The counters behind the bounds come from the log: replaying the same events counts the same,
// and the eleventh correction of one mark is refused whatever the time.
TEST(LiveRules, BoundsAreCountedFromTheLogAndAReplayCountsTheSame) {
  Contest c = make_contest();
  std::vector<Event> log;
  log.push_back(test_events::recorded(1, 0, "head:PRE", "stage", {{"venue", "PRE"}, {"round", "prelim"}, {"contestant", "C001"}}));
  for (int i = 0; i <= live::kMaxMarkCorrections; ++i)  // the first mark and ten corrections, a minute apart
    log.push_back(test_events::recorded(2 + i, int64_t(i) * 61000, "J01", "mark",
                        {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}, {"judge", "J01"}, {"points", 20 + i}}));
  LiveState s, replayed;
  for (const Event& e : log) ASSERT_TRUE(apply_event(c, e, s).ok());
  for (const Event& e : log) ASSERT_TRUE(apply_event(c, e, replayed).ok());
  EXPECT_EQ(s.mark_corrections, replayed.mark_corrections);
  EXPECT_EQ((s.mark_corrections[{kPrelim, C001, kSpeech, J01}]), live::kMaxMarkCorrections);
  EXPECT_EQ(s.recent_bounded_ms["J01"].size(), 1u);  // only the last minute is kept
  live::RuleInputs in;
  in.now_ms = 100 * 61000;
  auto d = live::decide(c, s, kJudge1, mark("C001", "28"), in);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.errors().front().kind, ErrorKind::conflict);
}

// The bounds are the rulebook's unless the caller raises them (only the load benchmark does):
// the same eleventh correction is then accepted, and the per-minute bound follows its value.
TEST(LiveRules, RaisedBoundsLetTheEleventhCorrectionThroughAndTheMinuteFollowsItsValue) {
  Contest c = make_contest();
  LiveState s;
  ASSERT_TRUE(apply_event(c, test_events::recorded(1, 0, "head:PRE", "stage", {{"venue", "PRE"}, {"round", "prelim"}, {"contestant", "C001"}}), s).ok());
  for (int i = 0; i <= live::kMaxMarkCorrections; ++i)  // the first mark and ten corrections in one second
    ASSERT_TRUE(apply_event(c, test_events::recorded(2 + i, 1000 + i, "J01", "mark",
                                     {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}, {"judge", "J01"}, {"points", 20 + i}}),
                            s).ok());
  live::RuleInputs in;
  in.now_ms = 2000;
  EXPECT_EQ(live::decide(c, s, kJudge1, mark("C001", "28"), in).errors().front().kind, ErrorKind::conflict);
  in.bounds = live::Bounds::unbounded();
  EXPECT_TRUE(live::decide(c, s, kJudge1, mark("C001", "28"), in).ok());
  in.bounds.per_minute = 10;  // ten bounded changes in this minute already
  auto d = live::decide(c, s, kJudge1, mark("C001", "28"), in);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.errors().front().kind, ErrorKind::too_many);
  EXPECT_NE(d.errors().front().message.find("每人每分钟最多 10 次"), std::string::npos) << d.errors().front().message;
}

// A view shows the rulings in force, not every one ever made: a ruling replaced by a later one
// of the same contestants is left out (the history keeps it).
TEST(LiveRules, RulingsInForceLeaveOutTheOnesALaterRulingReplaced) {
  LiveState s;
  s.decisions = {{1, TieDecision{kPrelim, 0, {C001, C002}}}, {2, TieDecision{kPrelim, 0, {C002, C001}}},
                 {3, TieDecision{kPrelim, 0, {C003, C004}}}, {4, TieDecision{kFinal, 0, {C001, C002}}}};
  EXPECT_EQ(rulings_in_force(s), (std::vector<size_t>{1, 2, 3}));
}

// A tie across the advancement line blocks the advancement, naming who is tied; the ruling
// (with its reason) lets it through, and the list is the ruled one.
TEST(LiveRules, AdvanceWaitsForTheTieAtTheLineThenTakesTheRuling) {
  Contest c = make_contest();
  c.contestants[C003].withdrawn = false;  // three active entrants, two go on
  LiveState s;
  for (int ct : {C001, C002, C003})
    for (int sec : {kSpeech, kTalent}) {
      for (int j : {J01, J02, J03})
        if (!(ct == C002 && j == J01))
          s.marks[{kPrelim, ct, sec, j}] = LiveMark{(sec == kSpeech ? 250 : 80) + (ct == C001 ? 10 : 0), 1};
      if (sec == kSpeech) s.timings[{kPrelim, ct, sec}] = LiveTiming{"250", 250, 1};
      s.published.insert({kPrelim, ct, sec});
    }
  auto refused = live::decide(c, s, kOrganizer, advance());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.errors().front().message.find("晋级线上并列待裁决：李四 · 城关一小、王五 · 实验小学"), std::string::npos)
      << refused.errors().front().message;
  TieRuling order = ruling({"C003", "C002"}, "prelim", "primary", "比较现场表现，评审组合议");
  order.shown = shown_for(c, s, order);
  auto ruled = live::decide(c, s, kHeadPRE, order);
  ASSERT_TRUE(ruled.ok()) << ruled.status().to_string();
  ASSERT_TRUE(apply_event(c, make_event(7, 5000, "head:PRE", ruled->body), s).ok());
  ASSERT_EQ(s.ruling_notes.size(), 1u);
  EXPECT_EQ(s.ruling_notes[0].by, "head:PRE");
  EXPECT_EQ(s.ruling_notes[0].at_ms, 5000);
  EXPECT_EQ(s.ruling_notes[0].reason, "比较现场表现，评审组合议");
  auto accepted = live::decide(c, s, kOrganizer, advance());
  ASSERT_TRUE(accepted.ok()) << accepted.status().to_string();
  EXPECT_EQ(encode_event_body(accepted->body)["groups"][0]["contestants"], Json({"C001", "C003"}));
}

// A redraw keeps the record it replaced (who, when, how), and the applied draw gives each
// entrant their number in that round only.
TEST(LiveRules, RedrawKeepsWhatItReplacedAndNumbersAreRoundByRound) {
  Contest c = make_contest();
  LiveState s;
  live::RuleInputs in;
  in.new_seed = [] { return Result<std::string>(kServerSeed); };
  auto first = live::decide(c, s, kOrganizer, draw_of("prelim", "", {"C002", "C001"}), in);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(apply_event(c, make_event(5, 1000, "organizer", first->body), s).ok());
  EXPECT_EQ(draw_number(c, s, kPrelim, C002, 9), 1);
  EXPECT_EQ(draw_number(c, s, kPrelim, C001, 9), 2);
  // Drawn in the preliminary: the file's number means nothing in the final, which has no draw yet.
  EXPECT_EQ(draw_number(c, s, kFinal, C001, 9), std::nullopt);
  // Never drawn here: the file's number stands.
  EXPECT_EQ(draw_number(c, s, kPrelim, C004, 9), 9);
  auto again = live::decide(c, s, kOrganizer, draw_of("prelim", kSeed, {}, true, "签筒有误"), in);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  const Json old = encode_event_body(again->body)["replaces"];
  EXPECT_EQ(old["method"], "manual");
  EXPECT_EQ(old["order"], Json({"C002", "C001"}));
  EXPECT_EQ(old["by"], "organizer");
  EXPECT_EQ(old["at_ms"], 1000);
}

// The export carries draws, advancements and each ruling's who, when and why; a file read back
// gives the same state (what a re-import starts from).
TEST(LiveRules, ExportCarriesDrawsAdvancementsAndRulingsAndReadsBack) {
  Contest c = make_contest();
  Json doc = {{"contestants", Json::array()}};
  for (size_t i = 0; i < c.contestants.size(); ++i) doc["contestants"].push_back({{"id", c.contestants[i].id}});
  LiveState s;
  finished_prelim()(s);
  ASSERT_TRUE(apply_event(c, test_events::recorded(10, 1000, "organizer", "draw", {{"round", "prelim"}, {"group", "primary"}, {"method", "seeded"}, {"seed", kSeed}, {"order", {"C002", "C001"}}}), s).ok());
  ASSERT_TRUE(apply_event(c, test_events::recorded(11, 2000, "head:PRE", "decision", {{"kind", "tie_order"}, {"round", "prelim"}, {"group", "primary"}, {"order", {"C001", "C002"}}, {"reason", "评审组合议"}}), s).ok());
  ASSERT_TRUE(apply_event(c, test_events::recorded(12, 3000, "organizer", "advance", {{"from", "prelim"}, {"groups", {{{"group", "primary"}, {"contestants", {"C001", "C002"}}}}}}), s).ok());
  ASSERT_TRUE(apply_event(c, test_events::recorded(13, 4000, "organizer", "draw", {{"round", "final"}, {"group", "primary"}, {"method", "manual"}, {"order", {"C001", "C002"}}}), s).ok());
  Json out = export_document(c, doc, s);
  ASSERT_EQ(out["draws"].size(), 2u);
  EXPECT_EQ(out["draws"][0]["round"], "prelim");  // in the order they were made
  EXPECT_EQ(out["draws"][0]["seed"], kSeed);
  EXPECT_EQ(out["draws"][1]["round"], "final");
  EXPECT_EQ(out["draws"][1]["by"], "organizer");
  EXPECT_EQ(out["draws"][1]["at_ms"], 4000);
  // Each contestant's `draw`: their number in the latest round drawn (the final).
  EXPECT_EQ(out["contestants"][C001]["draw"], 1);
  EXPECT_EQ(out["contestants"][C002]["draw"], 2);
  ASSERT_EQ(out["advancements"].size(), 1u);
  EXPECT_EQ(out["advancements"][0]["groups"][0]["contestants"], Json({"C001", "C002"}));
  EXPECT_EQ(out["decisions"][0]["reason"], "评审组合议");
  EXPECT_EQ(out["decisions"][0]["by"], "head:PRE");
  EXPECT_EQ(out["decisions"][0]["at_ms"], 2000);
  c.decisions = {TieDecision{kPrelim, 0, {C001, C002}}};  // as the loader reads decisions[]
  auto back = state_from_document(c, out);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(back->ruling_notes.at(0).reason, "评审组合议");
  EXPECT_EQ(back->ruling_notes.at(0).by, "head:PRE");
  EXPECT_EQ(back->draws.at({kPrelim, 0}).order, (std::vector<int>{C002, C001}));
  EXPECT_EQ(back->draws.at({kFinal, 0}).at_ms, 4000);
  EXPECT_EQ(back->advancements.at(kPrelim).groups.at(0), (std::vector<int>{C001, C002}));
}

// ---- Who sees which event on the live feed (contest-file.md §6), one row per rule ----

struct SeeRow {
  const char* rule;
  Actor who;
  const char* kind;
  Json payload;
  bool sees;
};

TEST(LiveFeedVisibility, EachRoleSeesItsPart) {
  const Json perf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}};
  Json mark_j1 = perf, mark_j2 = perf;
  mark_j1["judge"] = "J01", mark_j2["judge"] = "J02";
  const Json fin = {{"round", "final"}, {"contestant", "C001"}, {"section", "speech"}};
  const SeeRow table[] = {
      {"organizer_sees_every_mark", kOrganizer, "mark", mark_j1, true},
      {"stage_is_public", kTimerFIN, "stage", {{"venue", "PRE"}}, true},
      {"clock_is_public", kSteward, "clock", {{"venue", "PRE"}}, true},
      {"steward_sees_topic_draws", kSteward, "topic_draw", perf, true},
      {"steward_sees_no_marks", kSteward, "mark", mark_j1, false},
      {"display_sees_publish", Actor{"display:main", role::kDisplay, -1, -1}, "publish", perf, true},
      {"display_sees_no_marks", Actor{"display:main", role::kDisplay, -1, -1}, "mark", mark_j1, false},
      {"head_judge_sees_own_venues_marks", kHeadPRE, "mark", mark_j1, true},
      {"head_judge_sees_no_other_venues_marks", kHeadFIN, "mark", mark_j1, false},
      {"head_judge_sees_rulings_of_own_round", kHeadPRE, "decision", {{"round", "prelim"}, {"group", "primary"}}, true},
      {"head_judge_sees_no_rulings_of_another_round", kHeadPRE, "decision", {{"round", "final"}, {"group", "primary"}}, false},
      {"timekeeper_sees_own_venues_times", kTimerPRE, "timing", perf, true},
      {"timekeeper_sees_no_marks", kTimerPRE, "mark", mark_j1, false},
      {"timekeeper_sees_no_other_venues_times", kTimerPRE, "timing", fin, false},
      {"judge_sees_own_mark", kJudge1, "mark", mark_j1, true},
      {"judge_sees_no_other_judges_mark", kJudge1, "mark", mark_j2, false},
      {"judge_sees_publish_of_own_panel", kJudge1, "publish", perf, true},
      {"judge_off_the_panel_sees_no_publish", kJudge4, "publish", perf, false},
      {"head_judge_sees_a_draw", kHeadFIN, "draw", {{"round", "final"}, {"group", "primary"}}, true},
      {"head_judge_sees_an_advancement", kHeadFIN, "advance", {{"from", "prelim"}}, true},
      {"display_sees_a_draw", Actor{"display:main", role::kDisplay, -1, -1}, "draw", {{"round", "final"}}, true},
      {"judge_sees_no_draw_event", kJudge1, "draw", {{"round", "final"}}, false},
      {"timekeeper_sees_no_advancement", kTimerPRE, "advance", {{"from", "prelim"}}, false},
  };
  for (const SeeRow& r : table) {
    EXPECT_EQ(protocol::may_see(make_contest(), protocol::Viewer{r.who.role, r.who.venue, r.who.judge},
                                test_events::recorded(1, 0, "organizer", r.kind, r.payload)),
              r.sees)
        << r.rule;
  }
}

// ---- Generated from the tables: every role × every event kind × own or other venue × anonymous
// judging on or off (scoring/protocol/visibility.h). Each test states one rule of §6 that must
// hold for every cell, whatever the audience table says. ----

// The contest above with the final's panel J02–J04, so that J01 sits on the preliminary's panel
// only: "another venue" is then another panel for a judge too.
Contest visibility_contest() {
  Contest c = make_contest();
  c.venues[kFIN].judges = {J02, J03, J04};
  return c;
}

// The viewer of each role: head judge and timekeeper of PRE, judge J01 (on PRE's panel).
protocol::Viewer viewer_of(std::string_view role) {
  if (role == role::kHeadJudge || role == role::kTimekeeper) return {role, kPRE, -1};
  if (role == role::kJudge) return {role, -1, J01};
  return {role, -1, -1};
}

// An event of `kind` at `venue` (PRE: the viewer's own, FIN: another), a judge's part being the
// viewer's own (J01) at PRE and another judge's (J02) at FIN.
Event placed_event(const std::string& kind, int venue) {
  const bool own = venue == kPRE;
  const std::string round = own ? "prelim" : "final", venue_key = own ? "PRE" : "FIN", judge = own ? "J01" : "J02";
  const Json perf = {{"round", round}, {"contestant", "C001"}, {"section", "speech"}};
  auto with = [&](Json extra) {
    Json p = perf;
    p.update(extra);
    return p;
  };
  std::map<std::string, Json> payload = {
      {"import", {{"contestants", 4}}},
      {"mark", with({{"judge", judge}, {"points", 27.5}})},
      {"timing", with({{"duration_s", 250}})},
      {"publish", perf},
      {"reopen", with({{"reason", "输错"}})},
      {"return", with({{"judge", judge}, {"note", "复核"}})},
      {"decision", {{"round", round}, {"group", "primary"}, {"order", {"C001", "C002"}}, {"reason", "合议"}}},
      {"advance", {{"from", round}, {"groups", Json::array()}}},
      {"draw", {{"round", round}, {"group", "primary"}, {"method", "manual"}, {"order", {"C001", "C002"}}}},
      {"stage", {{"venue", venue_key}, {"round", round}, {"contestant", "C001"}}},
      {"clock", {{"venue", venue_key}, {"round", round}, {"contestant", "C001"}, {"running", true}}},
      {"call_head_judge", {{"venue", venue_key}, {"judge", judge}}},
      {"topic_draw", with({{"topic", 0}, {"text", "诚信"}})},
      {"absence", {{"round", round}, {"contestant", "C001"}, {"status", "absent"}, {"reason", "病假"}}},
      {"roster_correct", {{"contestant", "C001"}, {"name", "张三"}, {"school", "实验小学"}, {"reason", "错字"}}},
      {"roster_add", {{"contestant", "C009"}, {"group", "primary"}, {"name", "孙七"}, {"school", "二小"}, {"reason", "替补"}}},
      {"topic_add", {{"section", "speech"}, {"topic", "新题"}, {"index", 3}}},
      {"display_scene", {{"display", "main"}, {"scene", "stage"}}},
  };
  EXPECT_TRUE(payload.count(kind)) << "no placed event for the kind " << kind;
  return test_events::recorded(1, 0, "organizer", kind, payload[kind]);
}

// Calls `check(role, kind, venue, sees)` for every cell of the matrix.
template <class Check>
void for_every_cell(Check check) {
  const Contest c = visibility_contest();
  for (std::string_view role : protocol::all_roles())
    for (const std::string& kind : known_event_kinds())
      for (int venue : {int(kPRE), int(kFIN)})
        check(role, kind, venue, protocol::may_see(c, viewer_of(role), placed_event(kind, venue)));
}

TEST(FeedVisibilityMatrix, TheOrganizerSeesEveryEvent) {
  for_every_cell([](std::string_view role, const std::string& kind, int venue, bool sees) {
    if (role == role::kOrganizer) {
      EXPECT_TRUE(sees) << kind << " at " << venue;
    }
  });
}

TEST(FeedVisibilityMatrix, EveryKindReachesSomeoneBesidesTheOrganizer) {
  std::set<std::string> reached;
  for_every_cell([&](std::string_view role, const std::string& kind, int, bool sees) {
    if (sees && role != role::kOrganizer) reached.insert(kind);
  });
  for (const std::string& kind : known_event_kinds())
    if (kind != "import") {  // the import's counts are the organizer's
      EXPECT_TRUE(reached.count(kind)) << kind << " has no audience row (protocol::event_audience)";
    }
}

// §6: nobody but the organizer learns a venue's unpublished marks, times, calls or topics
// from another venue.
TEST(FeedVisibilityMatrix, NoUnpublishedPartOfAnotherVenueReachesAnyoneButTheOrganizer) {
  const std::set<std::string> unpublished = {"mark", "timing", "return", "call_head_judge", "topic_draw"};
  for_every_cell([&](std::string_view role, const std::string& kind, int venue, bool sees) {
    if (role != role::kOrganizer && role != role::kSteward && venue == kFIN && unpublished.count(kind)) {
      EXPECT_FALSE(sees) << role << " sees " << kind << " of another venue";
    }
  });
}

// §6: a judge sees a mark, a returned mark or a call only when it is their own.
TEST(FeedVisibilityMatrix, AJudgeSeesNoOtherJudgesMarkReturnOrCall) {
  for_every_cell([](std::string_view role, const std::string& kind, int venue, bool sees) {
    if (role != role::kJudge || (kind != "mark" && kind != "return" && kind != "call_head_judge")) return;
    EXPECT_EQ(sees, venue == kPRE) << kind << (venue == kPRE ? ": their own" : ": another judge's");
  });
  // A panel-mate's, at the judge's own venue.
  for (const char* kind : {"mark", "return", "call_head_judge"}) {
    Event e = placed_event(kind, kPRE);
    Json mate = e.payload;
    mate["judge"] = "J02";
    EXPECT_FALSE(protocol::may_see(visibility_contest(), viewer_of(role::kJudge),
                                   test_events::recorded(2, 0, "J02", kind, mate)))
        << kind << " of a panel-mate";
  }
}

// §6: the projector shows what is published: no mark, time, return, call or prep-room topic
// before it is.
TEST(FeedVisibilityMatrix, TheProjectorSeesNothingUnpublished) {
  const std::set<std::string> unpublished = {"mark", "timing", "return", "call_head_judge", "topic_draw", "topic_add"};
  for_every_cell([&](std::string_view role, const std::string& kind, int, bool sees) {
    if (role == role::kDisplay && unpublished.count(kind)) {
      EXPECT_FALSE(sees) << kind;
    }
  });
}

// Under anonymous judging a judge learns no name or school: no event a judge sees carries one,
// on or off (the feed is the same for both; the names are in the state's rules below).
TEST(FeedVisibilityMatrix, NoEventAJudgeSeesCarriesANameOrSchool) {
  const Contest c = visibility_contest();
  for (const std::string& kind : known_event_kinds())
    for (int venue : {int(kPRE), int(kFIN)}) {
      Event e = placed_event(kind, venue);
      if (!protocol::may_see(c, viewer_of(role::kJudge), e)) continue;
      const std::string text = e.payload.dump();
      for (const Contestant& x : c.contestants) {
        EXPECT_EQ(text.find(x.name), std::string::npos) << kind << " tells a judge " << x.name;
        EXPECT_EQ(text.find(x.school), std::string::npos) << kind << " tells a judge " << x.school;
      }
    }
}

// A timekeeper's screen is the clock: nothing about marks or their publishing.
TEST(FeedVisibilityMatrix, ATimekeeperSeesNoMarkOrItsPublishing) {
  for_every_cell([](std::string_view role, const std::string& kind, int, bool sees) {
    if (role == role::kTimekeeper && (kind == "mark" || kind == "return" || kind == "publish" ||
                                      kind == "reopen" || kind == "decision")) {
      EXPECT_FALSE(sees) << kind;
    }
  });
}

// What a head judge or timekeeper sees of a venue, they see of their own and not of another.
TEST(FeedVisibilityMatrix, AVenuesPartReachesItsOwnDeskAndNotAnothers) {
  for (const protocol::Audience& a : protocol::event_audience()) {
    if (a.reach == protocol::Reach::kAnywhere || a.reach == protocol::Reach::kOwnJudge) continue;
    const Contest c = visibility_contest();
    const protocol::Viewer v = viewer_of(a.role);
    EXPECT_TRUE(protocol::may_see(c, v, placed_event(std::string(a.kind), kPRE))) << a.role << " " << a.kind;
    EXPECT_FALSE(protocol::may_see(c, v, placed_event(std::string(a.kind), kFIN))) << a.role << " " << a.kind;
  }
}

// The state's parts, for every role with anonymous judging on and off.
TEST(ViewRulesMatrix, NamesAndResultsAreWithheldFromJudgesOnlyUnderAnonymity) {
  for (std::string_view role : protocol::all_roles())
    for (bool anonymous : {false, true}) {
      const protocol::ViewRules r = protocol::view_rules(viewer_of(role), anonymous);
      const bool hidden = anonymous && role == role::kJudge;
      EXPECT_EQ(r.names, !hidden) << role << (anonymous ? " anonymous" : "");
      EXPECT_EQ(r.may_read_results, !hidden && protocol::scope_of(role, "results") != Scope::kNothing) << role;
      // Only the organizer reads what is not yet published.
      EXPECT_EQ(r.unpublished_results, role == role::kOrganizer) << role;
      // Every 回避 only at the desk under anonymity (that J03 may not mark her tells J03's school).
      EXPECT_EQ(r.every_recusal, !anonymous || role == role::kOrganizer || role == role::kHeadJudge) << role;
      // Every judge's marks only at the desk; a judge their own.
      EXPECT_EQ(r.desk, role == role::kOrganizer || role == role::kHeadJudge) << role;
      EXPECT_EQ(r.own_marks, role == role::kJudge) << role;
      EXPECT_EQ(r.desk_covers_venue(kFIN, viewer_of(role).venue), role == role::kOrganizer) << role;
    }
}

// ---- Advancement zones (moved from the display) ----

ZoneInput zone_row(std::optional<int> rank, bool complete, int64_t total, int64_t best) {
  return ZoneInput{rank, complete, total, best};
}

TEST(AdvanceZones, TopRowsOutOfReachAreCertain) {
  // Two go on. Rank 1 (80) and rank 2 (70) are complete; the unfinished row can reach 65 at most.
  auto z = advance_zones({zone_row(1, true, 8000, 8000), zone_row(2, true, 7000, 7000), zone_row(std::nullopt, false, 4000, 6500)}, 2);
  EXPECT_EQ(z, (std::vector<AdvanceZone>{AdvanceZone::kCertain, AdvanceZone::kCertain, AdvanceZone::kNone}));
}

TEST(AdvanceZones, RowAnUnfinishedOneCanReachIsAtRisk) {
  // The unfinished row can still reach 70.00 exactly: a tie could put it past rank 2.
  auto z = advance_zones({zone_row(1, true, 8000, 8000), zone_row(2, true, 7000, 7000), zone_row(std::nullopt, false, 4000, 7000)}, 2);
  EXPECT_EQ(z[0], AdvanceZone::kCertain);
  EXPECT_EQ(z[1], AdvanceZone::kAtRisk);
  EXPECT_EQ(z[2], AdvanceZone::kNone);
}

TEST(AdvanceZones, IncompleteRowInTheTopIsAtRiskAndBelowTheCutIsNone) {
  auto z = advance_zones({zone_row(1, false, 8000, 9000), zone_row(2, true, 7000, 7000), zone_row(3, true, 6000, 6000)}, 2);
  EXPECT_EQ(z, (std::vector<AdvanceZone>{AdvanceZone::kAtRisk, AdvanceZone::kCertain, AdvanceZone::kNone}));
}

// ---- The demo's settling (moved from the display) ----

TEST(Rehearsal, MissingMarkTakesThePanelMedian) {
  Contest c = make_contest();
  c.rounds[kFinal].entrants_from.clear();  // the final's entrants: the group's contestants
  LiveState s;
  // J03 forgot C001's speech in the final; J01 gave 25.0, J02 26.0: the upper middle is 26.0.
  s.timings[{kFinal, C001, kSpeech}] = LiveTiming{"250", 250, 1};
  s.marks[{kFinal, C001, kSpeech, J01}] = LiveMark{250, 1};
  s.marks[{kFinal, C001, kSpeech, J02}] = LiveMark{260, 2};
  s.last_seq = 10;
  settle_for_rehearsal(c, s);
  ASSERT_TRUE(s.marks.count({kFinal, C001, kSpeech, J03}));
  EXPECT_EQ(s.marks.at({kFinal, C001, kSpeech, J03}).points, 260);
  EXPECT_GT(s.marks.at({kFinal, C001, kSpeech, J03}).seq, 10);
  EXPECT_EQ(s.last_seq, 10);
  // A section nobody marked is not invented.
  EXPECT_FALSE(s.marks.count({kFinal, C001, kTalent, J01}));
}

TEST(Rehearsal, RoundThatFeedsAnotherIsLeftAlone) {
  Contest c = make_contest();  // the preliminary feeds the final
  LiveState s;
  s.timings[{kPrelim, C001, kSpeech}] = LiveTiming{"250", 250, 1};
  s.marks[{kPrelim, C001, kSpeech, J01}] = LiveMark{250, 1};
  settle_for_rehearsal(c, s);
  EXPECT_FALSE(s.marks.count({kPrelim, C001, kSpeech, J02}));
  EXPECT_EQ(s.marks.size(), 1u);
}

TEST(Rehearsal, UnresolvedTieIsRuledInListedOrder) {
  Contest c = make_contest();
  c.rounds[kFinal].awards = {{"一等奖", 1}, {"优秀奖", std::nullopt}};
  c.rounds[kFinal].entrants_from.clear();  // the final's entrants: the group's contestants
  LiveState s;
  for (int ct : {C001, C002})
    for (int sec : {kSpeech, kTalent}) {
      s.timings[{kFinal, ct, sec}] = LiveTiming{"250", 250, 1};
      for (int j : {J02, J03}) s.marks[{kFinal, ct, sec, j}] = LiveMark{sec == kSpeech ? 250 : 80, 1};
      if (ct == C001) s.marks[{kFinal, ct, sec, J01}] = LiveMark{sec == kSpeech ? 250 : 80, 1};
    }
  settle_for_rehearsal(c, s);
  ASSERT_EQ(s.decisions.size(), 1u);
  EXPECT_EQ(s.decisions[0].second.round, kFinal);
  EXPECT_EQ(s.decisions[0].second.order.size(), 2u);
  // Settled: nothing is left unresolved.
  auto r = compute_results(contest_with_state(c, s, false));
  for (const auto& rs : r.rounds) {
    if (rs.round != kFinal) continue;
    for (const auto& gs : rs.groups) EXPECT_TRUE(gs.unresolved.empty());
  }
}

// 缺赛 / 弃权 travel with the export, with who, when and why; a cleared one does not; the file
// read back gives the same absences (contest-file.md §7: absences[]).
TEST(LiveRules, ExportCarriesAbsencesWithWhoWhenAndWhyAndReadsBack) {
  Contest c = make_contest();
  Json doc = {{"contestants", Json::array()}};
  for (size_t i = 0; i < c.contestants.size(); ++i) doc["contestants"].push_back({{"id", c.contestants[i].id}});
  LiveState s;
  auto absence = [&](int64_t seq, const char* who, const char* contestant, const char* status, const char* reason) {
    return apply_event(c, test_events::recorded(seq, seq * 1000, who, "absence", {{"round", "prelim"}, {"contestant", contestant},
                                                                 {"status", status}, {"reason", reason}}), s);
  };
  ASSERT_TRUE(absence(10, "head:PRE", "C001", "absent", "本人未到场").ok());
  ASSERT_TRUE(absence(11, "organizer", "C002", "withdrew", "身体不适").ok());
  ASSERT_TRUE(absence(12, "organizer", "C002", "cleared", "本人已到场").ok());
  ASSERT_TRUE(absence(13, "organizer", "C002", "withdrew", "中途放弃").ok());
  Json out = export_document(c, doc, s);
  ASSERT_EQ(out["absences"].size(), 2u) << out["absences"].dump();
  EXPECT_EQ(out["absences"][0], (Json{{"round", "prelim"}, {"contestant", "C001"}, {"status", "absent"},
                                      {"reason", "本人未到场"}, {"by", "head:PRE"}, {"at_ms", 10000}}));
  EXPECT_EQ(out["absences"][1]["status"], "withdrew");
  EXPECT_EQ(out["absences"][1]["reason"], "中途放弃");
  auto back = state_from_document(c, out);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  ASSERT_EQ(back->absences.size(), 2u);
  const LiveAbsence* a = absence_of(back.value(), kPrelim, C001);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind, AbsenceKind::kAbsent);
  EXPECT_EQ(a->by, "head:PRE");
  EXPECT_EQ(a->at_ms, 10000);
  EXPECT_EQ(a->reason, "本人未到场");
  EXPECT_EQ(absence_of(back.value(), kPrelim, C002)->kind, AbsenceKind::kWithdrew);
  EXPECT_TRUE(back->absence_changes.empty());  // a file's absences are the start, not changes
  // Cleared: nothing to export.
  ASSERT_TRUE(absence(14, "organizer", "C001", "cleared", "本人已到场").ok());
  ASSERT_TRUE(absence(15, "organizer", "C002", "cleared", "本人已到场").ok());
  EXPECT_FALSE(export_document(c, out, s).contains("absences"));
}

}  // namespace
}  // namespace lf
