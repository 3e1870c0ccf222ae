#include "scoring/live/live_rules.h"

#include <algorithm>
#include <optional>
#include <set>
#include <variant>

#include "data/format/contest_file.h"
#include "data/roster/draw.h"
#include "scoring/engine/section_score.h"
#include "scoring/live/tie_stakes.h"
#include "scoring/protocol/access.h"
#include "scoring/protocol/protocol.h"

namespace lf::live {

namespace {

namespace role = protocol::role;

Decision refuse(ErrorKind kind, std::string message, std::string field = "") {
  return Error{std::move(field), std::move(message), kind};
}

Json number(const std::string& decimal_text) { return Json::parse(decimal_text, nullptr, false); }

std::string quoted(const std::string& s) { return "“" + s + "”"; }

// A teacher as people call her in a refusal: "张三 · 实验小学" (the school tells two of one name
// apart), never the roster's id (issue 24: no id in any message a person reads).
std::string contestant_label(const Contest& c, int ct) {
  const Contestant& x = c.contestants[size_t(ct)];
  if (x.name.empty()) return "这位选手";
  return x.school.empty() ? x.name : x.name + " · " + x.school;
}

const char* absence_word(AbsenceKind k) { return k == AbsenceKind::kAbsent ? "缺赛" : "弃权"; }

// contest-file.md §7: a contestant recorded 缺赛 or 弃权 in a round is not called, drawn, marked or
// timed there; `what` says what was refused ("不能呼叫上场"). `name_her` false: "这位选手" (a
// judge's refusal: under anonymous judging a judge does not learn a name).
std::optional<Error> absent_in_round(const Contest& c, const LiveState& s, int round, int ct,
                                     const std::string& what, std::string field, bool name_her = true) {
  const LiveAbsence* a = absence_of(s, round, ct);
  if (!a) return std::nullopt;
  return Error{std::move(field),
               (name_her ? contestant_label(c, ct) : std::string("这位选手")) + "在" + c.rounds[size_t(round)].name + "已记为" + absence_word(a->kind) +
                   "，" + what + "；如本人已到场，请组委会或裁判长先撤销" + absence_word(a->kind),
               ErrorKind::conflict};
}

// A judge as the head judge knows them: "评委三", with `more` in brackets ("评委二（已退回重打）").
std::string judge_label(const Judge& j, const std::string& more = "") {
  std::string who = j.name.empty() ? "评委 " + j.id : j.name;  // the id only when no name is known
  return more.empty() ? who : who + "（" + more + "）";
}

// A performance named by ids, resolved; the venue that runs it.
struct Perf {
  int round = -1, contestant = -1, section = -1, venue = -1;
};

// Every id must exist (not_found, naming the field).
std::optional<Error> resolve_ids(const Contest& c, const std::string& round,
                                 const std::string& contestant, const std::string& section,
                                 Perf& p) {
  p.round = find_round(c, round);
  p.contestant = find_contestant(c, contestant);
  p.section = find_section(c, section);
  if (p.round < 0) return Error{"round", "本次比赛没有这一轮：" + quoted(round), ErrorKind::not_found};
  if (p.contestant < 0)
    return Error{"contestant", "没有这位选手：" + quoted(contestant), ErrorKind::not_found};
  if (p.section < 0) return Error{"section", "没有这个项目：" + quoted(section), ErrorKind::not_found};
  return std::nullopt;
}

// The ids, then the venue that runs the section for the contestant's group in that round
// (`no_venue` is the kind when none does).
std::optional<Error> resolve_performance(const Contest& c, const std::string& round,
                                         const std::string& contestant, const std::string& section,
                                         ErrorKind no_venue, Perf& p) {
  if (auto e = resolve_ids(c, round, contestant, section, p)) return e;
  const Round& r = c.rounds[size_t(p.round)];
  const Contestant& ct = c.contestants[size_t(p.contestant)];
  if (std::find(r.groups.begin(), r.groups.end(), ct.group) == r.groups.end())
    return Error{"contestant",
                 ct.id + "（" + c.groups[size_t(ct.group)].name + "）不参加" + r.name,
                 ErrorKind::invalid};
  if (std::find(r.sections.begin(), r.sections.end(), p.section) == r.sections.end())
    return Error{"section", r.name + "不比" + c.sections[size_t(p.section)].name, ErrorKind::invalid};
  auto v = venue_for(c, p.round, ct.group, p.section);
  if (!v)
    return Error{"section",
                 "没有赛场承办" + r.name + " · " + c.groups[size_t(ct.group)].name + "的" +
                     c.sections[size_t(p.section)].name,
                 no_venue};
  p.venue = *v;
  return std::nullopt;
}

// A performance of the sender's own venue (the timekeeper's, the head judge's).
std::optional<Error> resolve_own_venue(const Contest& c, const Actor& who, const std::string& round,
                                       const std::string& contestant, const std::string& section, Perf& p) {
  if (auto e = resolve_performance(c, round, contestant, section, ErrorKind::conflict, p)) return e;
  if (p.venue != who.venue)
    return Error{"section", "这一项属于" + venue_name(c, p.venue) + "，不是你的赛场", ErrorKind::forbidden};
  return std::nullopt;
}

bool on_stage(const LiveState& s, int venue, int round, int contestant) {
  auto it = s.stage.find(venue);
  return it != s.stage.end() && it->second.round == round && it->second.contestant == contestant;
}

// A first mark or time needs the contestant on stage, or once called there: what was typed
// while they were on stage may arrive after the next contestant was called.
bool on_stage_or_called(const LiveState& s, const Perf& p) {
  return on_stage(s, p.venue, p.round, p.contestant) || s.called.count({p.venue, p.round, p.contestant});
}

Decision not_on_stage(const Contest& c, const Perf& p) {
  const Contestant& ct = c.contestants[size_t(p.contestant)];
  return refuse(ErrorKind::conflict,
                "选手 " + ct.id + " 还没有上" + venue_name(c, p.venue) + "的台，不能记录",
                "contestant");
}

Decision locked(const char* what) {
  return refuse(ErrorKind::conflict,
                std::string("裁判长已亮分，这一项已锁定，") + what + "；如需改动，请裁判长先撤回亮分",
                "section");
}

// The ids an event records for a performance.
struct PerfIds {
  std::string round, contestant, section;
};
PerfIds perf_ids(const Contest& c, const Perf& p) {
  return {c.rounds[size_t(p.round)].key, c.contestants[size_t(p.contestant)].id, c.sections[size_t(p.section)].key};
}

// The contestants of a round and group: none when the group is not in the round; its
// registered ones; or those who advanced from the round that feeds it (the provisional top N
// while that round runs: the day's sample runs the final before every preliminary tie is ruled,
// so a confirmed advancement cannot be required here yet).
std::vector<int> entrants(const Contest& c, const LiveState& s, const RuleInputs& in, int round,
                          int group) {
  const Round& r = c.rounds[size_t(round)];
  if (std::find(r.groups.begin(), r.groups.end(), group) == r.groups.end()) return {};
  std::shared_ptr<const ContestResult> full;
  if (in.standings) full = in.standings();
  if (!full) full = std::make_shared<const ContestResult>(compute_results(contest_with_state(c, s, false)));
  return entrants_of(c, full->rounds, round, group);
}

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// ---- Bounds per person (live_rules.h) ----

// The per-minute bound: `who` has made in.bounds.per_minute bounded changes in the minute before
// `now_ms` (a time in the future of the log, a clock set back, counts as now).
std::optional<Error> too_often(const LiveState& s, const Actor& who, const RuleInputs& in) {
  const int64_t now_ms = in.now_ms;
  const int limit = in.bounds.per_minute;
  auto it = s.recent_bounded_ms.find(who.person);
  if (it == s.recent_bounded_ms.end()) return std::nullopt;
  const int recent = int(std::count_if(it->second.begin(), it->second.end(),
                                       [&](int64_t t) { return t > now_ms - kRecentWindowMs; }));
  if (recent < limit) return std::nullopt;
  return Error{"",
               "操作太频繁：每人每分钟最多 " + std::to_string(limit) +
                   " 次改分、改用时、退回、撤回、裁决、呼叫裁判长或记录缺赛弃权，请稍等一分钟再试",
               ErrorKind::too_many};
}

// The bound per performance (or per tie): `done` of `limit` already.
std::optional<Error> used_up(int done, int limit, const std::string& what, std::string field) {
  if (done < limit) return std::nullopt;
  return Error{std::move(field), what + "已达 " + std::to_string(limit) + " 次上限，不能再改；如确有需要，请联系组委会",
               ErrorKind::conflict};
}

template <class Map, class Key>
int count_of(const Map& m, const Key& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

// ---- What a change replaces (contest-file.md §6: every change is kept with its old value) ----
// Each accepted change that replaces a value records it under "previous", so the log alone says
// old -> new (the history, `liangfen print history`) without replaying it.

Json mark_points(const Contest& c, int64_t units) { return number(plain_decimal(units, c.scale.mark_decimals)); }

// A stored mark: its points and the seq of the event that set it (its revision).
std::optional<Json> previous_mark(const Contest& c, const LiveState& s, const MarkKey& k) {
  auto it = s.marks.find(k);
  if (it == s.marks.end()) return std::nullopt;
  return Json{{"points", mark_points(c, it->second.points)}, {"revision", it->second.seq}};
}

// What a published performance showed: its marks, in the panel's order, and its time. Not whose
// mark each was: a reopen goes to the panel's judges (may_see), and no judge learns another's
// mark from it (contest-file.md §6); the history names them from the marks' own events.
Json published_values(const Contest& c, const LiveState& s, const Perf& p) {
  Json marks = Json::array();
  for (const auto& [k, m] : s.marks)
    if (std::get<0>(k) == p.round && std::get<1>(k) == p.contestant && std::get<2>(k) == p.section)
      marks.push_back(mark_points(c, m.points));
  Json out = {{"published", true}, {"marks", marks}};
  if (auto t = s.timings.find({p.round, p.contestant, p.section}); t != s.timings.end())
    out["duration_s"] = number(t->second.duration_text);
  return out;
}

// ---- One function per change kind ----

// contest-file.md §3, §6: a judge's own mark, on their panel, not conflicted, in range and on the
// step, not locked, and (a first mark) for the contestant on stage.
Decision decide_mark(const Contest& c, const LiveState& s, const Actor& who,
                     const protocol::MarkSubmission& m, const RuleInputs& in) {
  if (who.judge < 0) return refuse(ErrorKind::forbidden, "只有评委可以录入分数", "judge");
  const Judge& me = c.judges[size_t(who.judge)];
  // The console sends whose mark it is: a mark typed by one judge is never stored under
  // another judge's login (a shared tablet, a handover).
  if (m.judge != me.id)
    return refuse(ErrorKind::forbidden,
                  "这条分数是评委 " + m.judge + " 录入的，不能用评委 " + me.id + " 的登录发送；请 " +
                      m.judge + " 在这台设备上重新登录后发送",
                  "judge");
  Perf p;
  if (auto e = resolve_performance(c, m.round, m.contestant, m.section, ErrorKind::invalid, p))
    return *e;
  const Section& sec = c.sections[size_t(p.section)];
  const Contestant& ct = c.contestants[size_t(p.contestant)];
  if (m.points > sec.max_points)
    return refuse(ErrorKind::invalid,
                  m.points_text + " 超过了" + sec.name + "的满分 " +
                      plain_decimal(sec.max_points, c.scale.mark_decimals),
                  "points");
  if (m.points < 0 || m.points % c.scale.step != 0)
    return refuse(ErrorKind::invalid,
                  m.points_text + " 不是 " + plain_decimal(c.scale.step, c.scale.mark_decimals) +
                      " 分的整数倍",
                  "points");
  const Venue& venue = c.venues[size_t(p.venue)];
  if (!contains(venue.judges, who.judge))
    return refuse(ErrorKind::forbidden,
                  "评委 " + me.id + " 不在" + venue_name(c, p.venue) + "的评委席上，不能为这一项打分",
                  "judge");
  if (is_conflicted(me, ct))
    return refuse(ErrorKind::forbidden,
                  // No school in the words: under anonymous judging it would name the contestant.
                  judge_label(me) + "与这位选手应当回避（比赛规则第 6 条），不能为其打分",
                  "judge");
  if (s.published.count({p.round, p.contestant, p.section})) return locked("不能再改分");
  const MarkKey key{p.round, p.contestant, p.section, who.judge};
  bool first = !s.marks.count(key);
  if (first)
    if (auto e = absent_in_round(c, s, p.round, p.contestant, "不能为其打分", "contestant", false)) return *e;
  if (first && !on_stage_or_called(s, p)) return not_on_stage(c, p);
  if (!first) {
    if (auto e = used_up(count_of(s.mark_corrections, key), in.bounds.mark_corrections, "这一项你的改分", "points")) return *e;
    if (auto e = too_often(s, who, in)) return *e;
  }
  auto [round, contestant, section] = perf_ids(c, p);
  ev::Mark mark{round, contestant, section, me.id, DecimalText{m.points_text}, Json()};
  if (auto old = previous_mark(c, s, {p.round, p.contestant, p.section, who.judge})) mark.previous = *old;
  return Accepted{mark};
}

// contest-file.md §2, §6, §7: the timekeeper of the venue that runs it; not locked; a correction
// says why; a first time for the contestant on stage.
Decision decide_timing(const Contest& c, const LiveState& s, const Actor& who,
                       const protocol::TimingSubmission& t, const RuleInputs& in) {
  Perf p;
  if (auto e = resolve_own_venue(c, who, t.round, t.contestant, t.section, p)) return *e;
  if (s.published.count({p.round, p.contestant, p.section})) return locked("不能再改用时");
  bool correction = s.timings.count({p.round, p.contestant, p.section}) > 0;
  if (correction && t.reason.empty())
    return refuse(ErrorKind::invalid, "改正已记录的用时，须写明原因", "reason");
  if (!correction)
    if (auto e = absent_in_round(c, s, p.round, p.contestant, "不能记录用时", "contestant")) return *e;
  if (!correction && !on_stage_or_called(s, p)) return not_on_stage(c, p);
  if (correction) {
    if (auto e = used_up(count_of(s.timing_corrections, PerformanceKey{p.round, p.contestant, p.section}),
                         in.bounds.timing_corrections, "这一项的用时更正", "duration_s"))
      return *e;
    if (auto e = too_often(s, who, in)) return *e;
  }
  auto [round, contestant, section] = perf_ids(c, p);
  ev::Timing timing{round, contestant, section, DecimalText{t.duration_text}, std::nullopt, Json()};
  if (!t.reason.empty()) timing.reason = t.reason;
  if (auto old = s.timings.find({p.round, p.contestant, p.section}); old != s.timings.end())
    timing.previous = Json{{"duration_s", number(old->second.duration_text)}, {"revision", old->second.seq}};
  return Accepted{timing};
}

// A contestant as a timekeeper reads them: the name, or the id when the file has none.
std::string person_label(const Contestant& ct) { return ct.name.empty() ? ct.id : ct.name; }

// A clock as its event records it (the venue and round are the caller's).
ev::Clock clock_event(const Contest& c, const ClockState& k) {
  return ev::Clock{k.contestant >= 0 ? c.contestants[size_t(k.contestant)].id : "",
                   k.running,
                   k.started_at_ms,
                   k.elapsed_ms,
                   k.section >= 0 ? c.sections[size_t(k.section)].key : "",
                   "",
                   "",
                   Json()};
}

// The contestant a clock change is for: named, and the one on stage in the timekeeper's venue
// (the clock belongs to the performance; a stage call resets it, data/live/live_state.cpp).
std::optional<Error> clock_contestant(const Contest& c, const LiveState& s, const Actor& who,
                                      const protocol::ClockChange& k, int& contestant) {
  const std::string where = venue_name(c, who.venue);
  if (k.contestant.empty())
    return Error{"contestant", "计时须写明是哪位选手的表演：请刷新计时页面后再操作", ErrorKind::conflict};
  contestant = find_contestant(c, k.contestant);
  if (contestant < 0)
    return Error{"contestant", "没有这位选手：" + quoted(k.contestant), ErrorKind::not_found};
  auto on = s.stage.find(who.venue);
  if (on == s.stage.end() || on->second.contestant < 0)
    return Error{"contestant", where + "台上现在没有选手，计时器不能操作", ErrorKind::conflict};
  if (on->second.contestant != contestant)
    return Error{"contestant",
                 person_label(c.contestants[size_t(contestant)]) + "已不在" + where +
                     "的台上（裁判长已呼叫" + person_label(c.contestants[size_t(on->second.contestant)]) +
                     "），计时器不能再为其计时；其用时请直接提交",
                 ErrorKind::conflict};
  return std::nullopt;
}

// The venue's clock, for the performance on stage (contest-file.md §2, "计时器"). The server
// decides its value, never the tablet, so no time carries over from another performance: a
// start continues from what the server holds for this contestant and section (0 for anything
// else); a start while running changes nothing; a stop takes the tablet's reading (its own
// count, without the network's delay) but never more than the server measured, so a second
// stop changes nothing and a stop at 0 resets; another section while one runs is refused.
Decision decide_clock(const Contest& c, const LiveState& s, const Actor& who, const protocol::ClockChange& k,
                      const RuleInputs& in) {
  if (who.venue < 0) return refuse(ErrorKind::forbidden, "只有赛场的计时员可以操作计时器", "venue");
  int section = -1;
  if (!k.section.empty() && (section = find_section(c, k.section)) < 0)
    return refuse(ErrorKind::not_found, "没有这个项目：" + quoted(k.section), "section");
  const Venue& venue = c.venues[size_t(who.venue)];
  if (section >= 0 && !contains(venue.sections, section))
    return refuse(ErrorKind::invalid, venue_name(c, who.venue) + "不比" + c.sections[size_t(section)].name, "section");
  int contestant = -1;
  if (auto e = clock_contestant(c, s, who, k, contestant)) return *e;
  const int round = s.stage.at(who.venue).round;
  auto old = s.clocks.find(who.venue);
  const ClockState* mine = old != s.clocks.end() && old->second.contestant == contestant && old->second.round == round
                               ? &old->second
                               : nullptr;
  if (section < 0 && mine) section = mine->section;
  const bool same = mine && mine->section == section;
  if (mine && mine->running && !same)
    return refuse(ErrorKind::conflict,
                  "计时器正在为" + (mine->section >= 0 ? c.sections[size_t(mine->section)].name : std::string("另一项")) +
                      "计时，请先停止",
                  "section");
  const int64_t measured =
      same ? mine->elapsed_ms + (mine->running ? std::max<int64_t>(0, in.now_ms - mine->started_at_ms) : 0) : 0;
  ClockState next{k.running, section, 0, 0, round, contestant};
  if (k.running && same && mine->running) {
    next = *mine;  // a second start: the clock runs on, untouched
  } else if (k.running) {
    next.started_at_ms = in.now_ms, next.elapsed_ms = measured;
  } else {
    next.elapsed_ms = std::min(k.elapsed_ms.value_or(measured), measured);
  }
  ev::Clock clock = clock_event(c, next);
  clock.venue = venue.key;
  clock.round = c.rounds[size_t(round)].key;
  if (old != s.clocks.end()) {  // the clock it replaces, in the clock's own fields
    clock.previous = encode_event_body(clock_event(c, old->second));
    clock.previous.erase("venue"), clock.previous.erase("round");
  }
  return Accepted{clock};
}

// contest-file.md §4: who is on stage. A head judge calls only in their venue; the contestant must
// be an entrant of the venue's round and group, and not withdrawn. "" clears the stage.
Decision decide_stage(const Contest& c, const LiveState& s, const Actor& who,
                      const protocol::StageCall& call, const RuleInputs& in) {
  int venue = call.venue.empty() ? who.venue : find_venue(c, call.venue);
  if (venue < 0)
    return call.venue.empty() ? refuse(ErrorKind::malformed, "请指明赛场", "venue")
                              : refuse(ErrorKind::not_found, "没有这个赛场：" + quoted(call.venue), "venue");
  if (who.role == role::kHeadJudge && venue != who.venue)
    return refuse(ErrorKind::forbidden, "你是另一个赛场的裁判长，不能安排这个赛场", "venue");
  const Venue& v = c.venues[size_t(venue)];
  ev::Stage stage{v.key, c.rounds[size_t(v.round)].key, call.contestant, Json()};
  if (auto old = s.stage.find(venue); old != s.stage.end()) {
    const StageCall& o = old->second;
    stage.previous = Json{{"contestant", o.contestant >= 0 ? c.contestants[size_t(o.contestant)].id : ""}};
  }
  if (call.contestant.empty()) return Accepted{stage};  // clears the stage
  int ct = find_contestant(c, call.contestant);
  if (ct < 0) return refuse(ErrorKind::not_found, "没有这位选手：" + quoted(call.contestant), "contestant");
  if (c.contestants[size_t(ct)].withdrawn)
    return refuse(ErrorKind::conflict, "选手 " + call.contestant + " 已退赛", "contestant");
  if (!contains(entrants(c, s, in, v.round, v.group), ct))
    return refuse(ErrorKind::conflict,
                  "选手 " + call.contestant + " 不是" + c.rounds[size_t(v.round)].name + " · " +
                      c.groups[size_t(v.group)].name + "的参赛选手",
                  "contestant");
  if (auto e = absent_in_round(c, s, v.round, ct, "不能呼叫上场", "contestant")) return *e;
  return Accepted{stage};
}

// contest-file.md §6, §7: the head judge of the performance's venue publishes (亮分: every panel
// judge has marked, none is sent back, the time is recorded), reopens (a published result, with a
// reason) or sends one judge's mark back (an unpublished mark that exists).
Decision decide_performance(const Contest& c, const LiveState& s, const Actor& who,
                            const protocol::PerformanceAction& a, const RuleInputs& in) {
  Perf p;
  if (auto e = resolve_own_venue(c, who, a.round, a.contestant, a.section, p)) return *e;
  PerformanceKey key{p.round, p.contestant, p.section};
  auto [round, contestant, section] = perf_ids(c, p);
  if (a.kind == "reopen") {
    if (!s.published.count(key)) return refuse(ErrorKind::conflict, "这一项还没有亮分，无需撤回");
    if (s.advancements.count(p.round))  // the next round's entrants were fixed from these results
      return refuse(ErrorKind::conflict, c.rounds[size_t(p.round)].name + "的晋级名单已经确认，成绩不能再撤回");
    if (a.reason.empty()) return refuse(ErrorKind::invalid, "撤回已亮分的成绩，须写明原因", "reason");
    if (auto e = used_up(count_of(s.reopens, key), in.bounds.reopens, "这一项的撤回亮分", "section")) return *e;
    if (auto e = too_often(s, who, in)) return *e;
    return Accepted{ev::Reopen{round, contestant, section, a.reason, published_values(c, s, p)}};
  }
  if (s.published.count(key)) return refuse(ErrorKind::conflict, "这一项已经亮分");
  if (a.kind == "return") {
    int j = find_judge(c, a.judge);
    if (j < 0) return refuse(ErrorKind::not_found, "没有这位评委：" + quoted(a.judge), "judge");
    if (!s.marks.count({p.round, p.contestant, p.section, j}))
      return refuse(ErrorKind::conflict, judge_label(c.judges[size_t(j)]) + "在这一项还没有分数，无可退回", "judge");
    if (auto e = used_up(count_of(s.returns, key), in.bounds.returns, "这一项的退回重打", "judge")) return *e;
    if (auto e = too_often(s, who, in)) return *e;
    return Accepted{ev::Return{round, contestant, section, c.judges[size_t(j)].id, a.note,
                               *previous_mark(c, s, {p.round, p.contestant, p.section, j})}};  // checked above
  }
  std::string missing;
  for (int j : panel_for(c, p.round, p.contestant, p.section)) {
    const Judge& judge = c.judges[size_t(j)];
    if (!s.marks.count({p.round, p.contestant, p.section, j}))
      missing += (missing.empty() ? "" : "、") + judge_label(judge);
    else if (s.returned.count({p.round, p.contestant, p.section, j}))
      missing += (missing.empty() ? "" : "、") + judge_label(judge, "已退回重打");
  }
  if (!missing.empty()) return refuse(ErrorKind::conflict, "还不能亮分：缺" + missing + "的分数");
  if (needs_timing(c.sections[size_t(p.section)]) && !s.timings.count(key))
    return refuse(ErrorKind::conflict, "还不能亮分：用时还没有记录");
  return Accepted{ev::Publish{round, contestant, section}};
}

// A person's name for a refusal people read (never the id, unless the roster has no name).
std::string person_name(const Contest& c, int ct) {
  const Contestant& x = c.contestants[size_t(ct)];
  return x.name.empty() ? x.id : x.name;
}

std::string person_names(const Contest& c, const std::vector<int>& who) {
  std::string out;
  for (int x : who) out += (out.empty() ? "" : "、") + person_name(c, x);
  return out;
}

// contest-file.md §5, issue 24 §4: a ruling orders exactly one tied block (equal totals the
// tie-break does not tell apart), every one of its contestants once, as the screen showed it
// (`shown`: the block unchanged since).
std::optional<Error> ruled_block_problem(const Contest& c, const LiveState& s, int r, int g,
                                         const std::vector<int>& order, const std::string& shown,
                                         const RuleInputs& in) {
  std::shared_ptr<const ContestResult> full;
  if (in.standings) full = in.standings();
  if (!full) full = std::make_shared<const ContestResult>(compute_results(contest_with_state(c, s, false)));
  std::vector<int> wanted = order;
  std::sort(wanted.begin(), wanted.end());
  for (const TieAtStake& t : ties_at_stake(c, *full, r, g)) {
    std::vector<int> block;
    for (const Standing* st : t.standings) block.push_back(st->contestant);
    std::sort(block.begin(), block.end());
    if (block == wanted) {
      if (t.shown != shown)
        return Error{"shown", "这组并列在你看过之后已有变化（评分、计时、缺赛或裁决有改动），请看最新的并列情况后再裁决",
                     ErrorKind::conflict};
      return std::nullopt;
    }
    bool overlaps = std::any_of(order.begin(), order.end(), [&](int x) {
      return std::binary_search(block.begin(), block.end(), x);
    });
    if (overlaps) {
      std::vector<int> in_block;
      for (const Standing* st : t.standings) in_block.push_back(st->contestant);
      return Error{"order", "裁决须列出这组并列的全部选手，每人一次，不多不少：" + person_names(c, in_block),
                   ErrorKind::invalid};
    }
  }
  return Error{"order", person_names(c, order) + "并不并列（总分不同，或已按规则比较单项成绩分出先后，或成绩尚未完整），无需裁决",
               ErrorKind::conflict};
}

// contest-file.md §5: a ruling that orders tied contestants. A head judge rules only on the round
// and group their venue runs; the order is one tied block, whole, as it was shown.
Decision decide_ruling(const Contest& c, const LiveState& s, const Actor& who, const protocol::TieRuling& d,
                       const RuleInputs& in) {
  int r = find_round(c, d.round);
  int g = find_group(c, d.group);
  if (r < 0) return refuse(ErrorKind::not_found, "本次比赛没有这一轮：" + quoted(d.round), "round");
  if (g < 0) return refuse(ErrorKind::not_found, "没有这个组别：" + quoted(d.group), "group");
  // A ruling is a record people may ask about later (查分): who, when and why.
  if (d.reason.empty())
    return refuse(ErrorKind::invalid, "裁决须写明理由（例如：评审组合议、比较单项成绩、现场抽签）", "reason");
  if (s.advancements.count(r))
    return refuse(ErrorKind::conflict, c.rounds[size_t(r)].name + "的晋级名单已经确认，不能再裁决", "round");
  if (protocol::scope_of(who.role, "decision") == protocol::Scope::kOwnVenue &&
      (who.venue < 0 || c.venues[size_t(who.venue)].round != r || c.venues[size_t(who.venue)].group != g))
    return refuse(ErrorKind::forbidden, "裁判长只能裁决本赛场所赛的轮次和组别", "group");
  std::set<int> seen;
  std::vector<int> order;
  Json ids = Json::array();
  for (size_t i = 0; i < d.order.size(); ++i) {
    int x = find_contestant(c, d.order[i]);
    std::string f = "order[" + std::to_string(i) + "]";
    if (x < 0) return refuse(ErrorKind::not_found, "没有这位选手：" + quoted(d.order[i]), f);
    if (c.contestants[size_t(x)].group != g)
      return refuse(ErrorKind::invalid, person_name(c, x) + "不在" + c.groups[size_t(g)].name, f);
    if (!seen.insert(x).second) return refuse(ErrorKind::invalid, person_name(c, x) + "列了两次", f);
    ids.push_back(c.contestants[size_t(x)].id);
    order.push_back(x);
  }
  if (auto e = ruled_block_problem(c, s, r, g, order, d.shown, in)) return *e;
  const int group_size = int(std::count_if(c.contestants.begin(), c.contestants.end(),
                                           [&](const Contestant& x) { return x.group == g; }));
  if (auto e = used_up(count_of(s.rulings_made, std::pair{r, g}), in.bounds.rulings_per_contestant * group_size + in.bounds.rulings_extra,
                       c.rounds[size_t(r)].name + " · " + c.groups[size_t(g)].name + "的裁决", "group"))
    return *e;
  if (auto e = too_often(s, who, in)) return *e;
  ev::Decision ruling;
  ruling.rule = "tie_order";
  ruling.round = c.rounds[size_t(r)].key, ruling.group = c.groups[size_t(g)].key;
  ruling.order = ids;
  ruling.reason = d.reason;
  // The ruling this one replaces: the newest of the same round and group (the engine applies
  // the last one).
  for (auto it = s.decisions.rbegin(); it != s.decisions.rend(); ++it)
    if (it->second.round == r && it->second.group == g) {
      Json old = Json::array();
      for (int x : it->second.order) old.push_back(c.contestants[size_t(x)].id);
      ruling.previous = Json{{"order", old}, {"revision", it->first}};
      break;
    }
  return Accepted{ruling};
}

// A judge calls the head judge of a venue they sit in; the head judge clears their own venue's
// call.
Decision decide_call(const Contest& c, const LiveState& s, const Actor& who, const protocol::HeadJudgeCall& h,
                     const RuleInputs& in) {
  if (who.role == role::kHeadJudge) {
    if (who.venue < 0 || (!h.venue.empty() && find_venue(c, h.venue) != who.venue))
      return refuse(ErrorKind::forbidden, "你是另一个赛场的裁判长", "venue");
    if (auto e = too_often(s, who, in)) return *e;
    return Accepted{ev::CallHeadJudge{c.venues[size_t(who.venue)].key, std::nullopt, std::nullopt, true}};
  }
  if (h.venue.empty()) return refuse(ErrorKind::malformed, "venue：缺少这个字段", "venue");
  int venue = find_venue(c, h.venue);
  if (venue < 0) return refuse(ErrorKind::not_found, "没有这个赛场：" + quoted(h.venue), "venue");
  if (who.judge < 0 || !contains(c.venues[size_t(venue)].judges, who.judge))
    return refuse(ErrorKind::forbidden, "你不是" + venue_name(c, venue) + "的评委", "venue");
  auto on = s.stage.find(venue);
  const StageCall now = on == s.stage.end() ? StageCall{} : on->second;
  if (auto e = used_up(count_of(s.head_judge_calls_made, std::tuple{who.judge, venue, now.round, now.contestant}),
                       in.bounds.head_judge_calls, "为这位选手呼叫裁判长", "venue"))
    return *e;
  if (auto e = too_often(s, who, in)) return *e;
  ev::CallHeadJudge call{c.venues[size_t(venue)].key, c.judges[size_t(who.judge)].id, std::nullopt, std::nullopt};
  if (!h.note.empty()) call.note = h.note;
  return Accepted{call};
}

// contest-file.md §4: the contestant draws a topic (class meeting) or a case (Q&A) in the prep
// room: an entrant of the round, not withdrawn, once per section; a topic drawn is not drawn again
// in the same round.
Decision decide_topic_draw(const Contest& c, const LiveState& s, const protocol::TopicDrawRequest& t,
                           const RuleInputs& in) {
  Perf p;
  if (auto e = resolve_ids(c, t.round, t.contestant, t.section, p)) return *e;
  const Contestant& ct = c.contestants[size_t(p.contestant)];
  if (ct.withdrawn) return refuse(ErrorKind::conflict, "选手 " + ct.id + " 已退赛", "contestant");
  // Only the round's entrants draw: a draw for anyone else would use up the bank.
  const Round& round = c.rounds[size_t(p.round)];
  if (!contains(round.groups, ct.group))
    return refuse(ErrorKind::invalid, ct.id + "（" + c.groups[size_t(ct.group)].name + "）不参加" + round.name + "，不能抽题",
                  "contestant");
  if (!contains(entrants(c, s, in, p.round, ct.group), p.contestant))
    return refuse(ErrorKind::forbidden,
                  t.contestant + " 不是" + c.rounds[size_t(p.round)].name + "的参赛选手，不能抽题", "contestant");
  const std::string& key = c.sections[size_t(p.section)].key;
  Json bank = in.topics && in.topics->is_object() ? in.topics->value(key, Json::array()) : Json::array();
  if (!bank.is_array() || bank.empty())
    return refuse(ErrorKind::conflict,
                  c.sections[size_t(p.section)].name + "还没有题库：请用 liangfen import-topics 导入", "section");
  if (auto e = absent_in_round(c, s, p.round, p.contestant, "不能抽题", "contestant")) return *e;
  if (auto it = s.topic_draws.find({p.round, p.contestant, p.section}); it != s.topic_draws.end())
    return refuse(ErrorKind::conflict,
                  "已经抽过题：第 " + std::to_string(it->second.first + 1) + " 题（抽定不再重抽）", "contestant");
  std::vector<int> left;
  for (int i = 0; i < int(bank.size()); ++i) {
    bool used = false;
    for (const auto& [k, v] : s.topic_draws)
      if (std::get<0>(k) == p.round && std::get<2>(k) == p.section && v.first == i) used = true;
    if (!used) left.push_back(i);
  }
  if (left.empty())
    return refuse(ErrorKind::conflict, c.sections[size_t(p.section)].name + "的题目在本轮已全部抽完", "section");
  size_t at = in.random_below ? size_t(in.random_below(left.size())) : 0;
  int pick = left[std::min(at, left.size() - 1)];
  auto [round_id, contestant_id, section_id] = perf_ids(c, p);
  return Accepted{ev::TopicDraw{round_id, contestant_id, section_id, pick,
                                bank[size_t(pick)].is_string() ? bank[size_t(pick)].get<std::string>() : ""}};
}

// "张三 · 实验小学、李四 · 城关一小" for the organizer, at most `limit` names and then how many more.
std::string names_of(const Contest& c, const std::vector<int>& who, size_t limit = 8) {
  std::string out;
  for (size_t i = 0; i < who.size() && i < limit; ++i) {
    out += (out.empty() ? "" : "、") + contestant_label(c, who[i]);
  }
  if (who.size() > limit) out += " 等 " + std::to_string(who.size()) + " 人";
  return out;
}

// Who recorded something, for a refusal that points at it (the time is on the screens that
// list it; the rules know no time zone).
std::string recorded(const std::string& by) {
  if (by == role::kOrganizer) return "组委会";
  if (by == "import") return "比赛文件";
  return by;
}

// contest-file.md §4, §5: the organizer confirms who goes on from a round. Every entrant's result
// must be complete and published (亮分) and no tie may straddle the line; the list is the engine's,
// every ruling applied. Confirmed once: the round is then frozen (no reopen, no ruling).
Decision decide_advance(const Contest& c, const LiveState& s, const protocol::AdvanceRequest& a,
                        const RuleInputs& in) {
  int r = find_round(c, a.from);
  if (r < 0) return refuse(ErrorKind::not_found, "本次比赛没有这一轮：" + quoted(a.from), "from");
  const Round& round = c.rounds[size_t(r)];
  if (!round.advance) return refuse(ErrorKind::invalid, round.name + "不设晋级名额，无须确认晋级", "from");
  if (auto it = s.advancements.find(r); it != s.advancements.end())
    return refuse(ErrorKind::conflict,
                  round.name + "的晋级名单已经确认过（" + recorded(it->second.by) + "）", "from");
  std::shared_ptr<const ContestResult> full;
  if (in.standings) full = in.standings();
  if (!full) full = std::make_shared<const ContestResult>(compute_results(contest_with_state(c, s, false)));
  std::string problems;
  auto problem = [&](const std::string& p) { problems += (problems.empty() ? "" : "；") + p; };
  std::vector<ev::AdvancingGroup> groups;
  for (const RoundStandings& rs : full->rounds) {
    if (rs.round != r) continue;
    for (const GroupStandings& gs : rs.groups) {
      const std::string& gname = c.groups[size_t(gs.group)].name;
      std::vector<int> unfinished, unpublished, ids;
      for (const Standing& st : gs.standings) {
        if (st.flags & kWithdrawn) continue;
        if (st.flags & (kIncomplete | kUntimed)) unfinished.push_back(st.contestant);
        else if (std::any_of(st.sections.begin(), st.sections.end(), [&](const SectionResult& sr) {
                   return !s.published.count({r, st.contestant, sr.section});
                 }))
          unpublished.push_back(st.contestant);
        if (st.advanced) ids.push_back(st.contestant);
      }
      if (!unfinished.empty()) problem(gname + "成绩还不完整：" + names_of(c, unfinished));
      if (!unpublished.empty()) problem(gname + "还没有亮分：" + names_of(c, unpublished));
      for (const Unresolved& u : gs.unresolved)
        if (u.kind == Unresolved::Kind::kAdvanceBoundary)
          problem(gname + "晋级线上并列待裁决：" + names_of(c, u.contestants));
      ev::AdvancingGroup& going = groups.emplace_back();
      going.group = c.groups[size_t(gs.group)].key;
      for (int x : ids) going.contestants.push_back(c.contestants[size_t(x)].id);
    }
  }
  if (!problems.empty()) return refuse(ErrorKind::conflict, "还不能确认" + round.name + "的晋级名单：" + problems, "from");
  ev::Advance advance;
  advance.from = round.key;
  advance.groups = std::move(groups);
  return Accepted{advance};
}

// contest-file.md §4: the running order of one group in a round (抽签). The round's entrants must
// be known (for a round fed by an earlier one: its advancement confirmed); an earlier draw is
// replaced only with `redraw` and a reason, never once the group's first contestant has been
// called, and the new record keeps the one it replaced. A seeded draw is draw_order(seed) over
// the entrants, exactly as `liangfen draw --seed` computes it; a manual one lists every entrant
// once.
Decision decide_draw(const Contest& c, const LiveState& s, const protocol::DrawRequest& d, const RuleInputs& in) {
  int r = find_round(c, d.round), g = find_group(c, d.group);
  if (r < 0) return refuse(ErrorKind::not_found, "本次比赛没有这一轮：" + quoted(d.round), "round");
  if (g < 0) return refuse(ErrorKind::not_found, "没有这个组别：" + quoted(d.group), "group");
  const Round& round = c.rounds[size_t(r)];
  const std::string what = round.name + " · " + c.groups[size_t(g)].name;
  if (!contains(round.groups, g)) return refuse(ErrorKind::invalid, c.groups[size_t(g)].name + "不参加" + round.name, "group");
  if (!d.seed.empty() && !d.order.empty())
    return refuse(ErrorKind::malformed, "种子和人工抽出的签序只能给一个", "order");
  if (auto from = round.entrants_from.find(g); from != round.entrants_from.end() && !s.advancements.count(from->second))
    return refuse(ErrorKind::conflict,
                  what + "的选手还没有确定：请先确认" + c.rounds[size_t(from->second)].name + "的晋级名单", "round");
  ev::Draw draw;
  draw.round = round.key, draw.group = c.groups[size_t(g)].key;
  if (auto it = s.draws.find({r, g}); it != s.draws.end()) {
    const LiveDraw& earlier = it->second;
    if (!d.redraw)
      return refuse(ErrorKind::conflict,
                    what + "已经抽过签（" + recorded(earlier.by) + "）；确需重新抽签，请选择“重新抽签”并写明原因",
                    "redraw");
    if (d.reason.empty()) return refuse(ErrorKind::invalid, "重新抽签须写明原因", "reason");
    for (const auto& [venue, round_called, ct] : s.called)
      if (round_called == r && c.contestants[size_t(ct)].group == g)
        return refuse(ErrorKind::conflict, what + "已经开始上台，不能重新抽签", "redraw");
    Json old = earlier.record;
    old.erase("replaces");  // one step back is what people ask about; the log keeps the rest
    old["by"] = earlier.by;
    old["at_ms"] = earlier.at_ms;
    draw.replaces = old;
  }
  std::vector<int> drawn = entrants(c, s, in, r, g);
  std::erase_if(drawn, [&](int x) { return c.contestants[size_t(x)].withdrawn || absence_of(s, r, x); });
  if (drawn.empty()) return refuse(ErrorKind::conflict, what + "没有可抽签的选手", "group");
  std::vector<std::string>& order = draw.order;
  if (!d.order.empty()) {
    std::set<int> seen;
    for (size_t i = 0; i < d.order.size(); ++i) {
      std::string f = "order[" + std::to_string(i) + "]";
      int x = find_contestant(c, d.order[i]);
      if (x < 0) return refuse(ErrorKind::not_found, "没有这位选手：" + quoted(d.order[i]), f);
      if (auto e = absent_in_round(c, s, r, x, "不参加抽签", f)) return *e;
      if (!contains(drawn, x)) return refuse(ErrorKind::invalid, "选手 " + d.order[i] + " 不是" + what + "的参赛选手", f);
      if (!seen.insert(x).second) return refuse(ErrorKind::invalid, "选手 " + d.order[i] + " 列了两次", f);
      order.push_back(d.order[i]);
    }
    std::vector<int> missing;
    for (int x : drawn)
      if (!seen.count(x)) missing.push_back(x);
    if (!missing.empty()) return refuse(ErrorKind::invalid, "人工签序缺少：" + names_of(c, missing), "order");
    draw.method = "manual";
  } else {
    std::string seed = d.seed;
    if (seed.empty()) {
      auto made = in.new_seed ? in.new_seed() : Result<std::string>(Error{"seed", "服务器没有随机数来源，无法抽签"});
      if (!made.ok()) return refuse(ErrorKind::unavailable, made.errors().front().message, "seed");
      seed = made.value();
    }
    auto perm = draw_order(seed, drawn.size());
    if (!perm.ok()) return refuse(ErrorKind::invalid, perm.errors().front().message, "seed");
    // As `liangfen draw`: the entrant at index perm[k] draws number k + 1.
    for (int k : perm.value()) order.push_back(c.contestants[size_t(drawn[size_t(k)])].id);
    draw.method = "seeded";
    draw.seed = seed;
  }
  if (!d.reason.empty()) draw.reason = d.reason;
  return Accepted{draw};
}

// Whether any section of `round` is published (亮分) for `ct`: the teacher evidently came.
bool any_published(const LiveState& s, int round, int ct) {
  return std::any_of(s.published.begin(), s.published.end(), [&](const PerformanceKey& k) {
    return std::get<0>(k) == round && std::get<1>(k) == ct;
  });
}

// contest-file.md §7: 缺赛 (did not come) or 弃权 (gave up) of one entrant in one round, with a
// reason, or its clearing (with a reason too). The organizer for any round; a head judge for the
// round and group their venue runs. 缺赛 is refused once a section of that round is published
// (the teacher came: 弃权 is what fits); a round whose advancement is confirmed is frozen.
Decision decide_absence(const Contest& c, const LiveState& s, const Actor& who, const protocol::AbsenceChange& a,
                        const RuleInputs& in) {
  if (who.role != role::kOrganizer && who.role != role::kHeadJudge)
    return refuse(ErrorKind::forbidden, "只有组委会或裁判长可以记录缺赛或弃权", "");
  int r = find_round(c, a.round), ct = find_contestant(c, a.contestant);
  if (r < 0) return refuse(ErrorKind::not_found, "本次比赛没有这一轮：" + quoted(a.round), "round");
  if (ct < 0) return refuse(ErrorKind::not_found, "没有这位选手：" + quoted(a.contestant), "contestant");
  const Round& round = c.rounds[size_t(r)];
  const Contestant& x = c.contestants[size_t(ct)];
  const std::string who_text = contestant_label(c, ct);
  if (!contains(round.groups, x.group))
    return refuse(ErrorKind::invalid, who_text + "（" + c.groups[size_t(x.group)].name + "）不参加" + round.name, "contestant");
  if (protocol::scope_of(who.role, "absence") == protocol::Scope::kOwnVenue &&
      (who.venue < 0 || c.venues[size_t(who.venue)].round != r || c.venues[size_t(who.venue)].group != x.group))
    return refuse(ErrorKind::forbidden, "裁判长只能记录本赛场所赛轮次和组别的缺赛或弃权", "contestant");
  if (x.withdrawn) return refuse(ErrorKind::conflict, who_text + " 已退赛", "contestant");
  if (!contains(entrants(c, s, in, r, x.group), ct))
    return refuse(ErrorKind::conflict, who_text + " 不是" + round.name + "的参赛选手", "contestant");
  if (s.advancements.count(r))
    return refuse(ErrorKind::conflict, round.name + "的晋级名单已经确认，不能再改缺赛或弃权", "round");
  const LiveAbsence* now = absence_of(s, r, ct);
  if (a.status == "cleared" && !now)
    return refuse(ErrorKind::conflict, who_text + "在" + round.name + "没有缺赛或弃权的记录，无须撤销", "status");
  const AbsenceKind kind = a.status == "absent" ? AbsenceKind::kAbsent : AbsenceKind::kWithdrew;
  if (a.status != "cleared" && now && now->kind == kind)
    return refuse(ErrorKind::conflict, who_text + "在" + round.name + "已记为" + absence_word(kind), "status");
  if (a.status == "absent" && any_published(s, r, ct))
    return refuse(ErrorKind::conflict,
                  who_text + "在" + round.name + "已有亮分的项目，本人到过场，不能记为缺赛；中途放弃请记为弃权",
                  "status");
  if (auto e = used_up(count_of(s.absence_changes, std::pair{r, ct}), in.bounds.absence_changes,
                       who_text + "本轮的缺赛或弃权记录", "status"))
    return *e;
  if (auto e = too_often(s, who, in)) return *e;
  ev::Absence absence{round.key, x.id, a.status, a.reason, Json(), std::nullopt, std::nullopt};
  if (now)
    absence.previous = Json{{"status", now->kind == AbsenceKind::kAbsent ? "absent" : "withdrew"},
                            {"reason", now->reason}, {"by", now->by}, {"revision", now->seq}};
  return Accepted{absence};
}

// ---- The roster and the topic banks on the running server (contest-file.md §10) ----

// `t` without the spaces around it (ASCII and the full-width U+3000 a Chinese keyboard types).
std::string without_edge_spaces(std::string t) {
  const std::string wide = "\u3000";
  for (bool cut = true; cut;) {
    cut = false;
    if (!t.empty() && (t.front() == ' ' || t.back() == ' ')) {
      t.erase(0, t.find_first_not_of(' '));
      t.erase(t.find_last_not_of(' ') + 1);
      cut = true;
    }
    if (t.rfind(wide, 0) == 0) t.erase(0, wide.size()), cut = true;
    if (t.size() >= wide.size() && t.compare(t.size() - wide.size(), wide.size(), wide) == 0)
      t.erase(t.size() - wide.size()), cut = true;
  }
  return t;
}

// The changed document must load like any contest file (ids, names, groups: contest-file.md);
// its first problem is the refusal.
std::optional<Error> document_refuses(const Json* document, const Accepted& change) {
  if (!document) return Error{"", "服务器没有比赛文件，不能改名单", ErrorKind::unavailable};
  Json changed = *document;
  if (Status st = apply_document_change(changed, make_event(0, 0, "", change.body)); !st.ok())
    return Error{"", st.errors().front().message, ErrorKind::invalid};
  auto loaded = load_contest_document(std::move(changed));
  if (!loaded.ok()) {
    const Error& first = loaded.errors().front();
    return Error{"", "改动后的名单不成立（" + first.path + "：" + first.message + "）",
                 ErrorKind::invalid};
  }
  return std::nullopt;
}

// The judges whose 回避 for `ct` changes when the contestant's school becomes `school`.
std::vector<int> recusal_changes(const Contest& c, int ct, const std::string& school) {
  Contestant after = c.contestants[size_t(ct)];
  after.school = school;
  std::vector<int> out;
  for (size_t j = 0; j < c.judges.size(); ++j)
    if (is_conflicted(c.judges[j], c.contestants[size_t(ct)]) != is_conflicted(c.judges[j], after))
      out.push_back(int(j));
  return out;
}

bool has_any_mark(const LiveState& s, int ct) {
  return std::any_of(s.marks.begin(), s.marks.end(),
                     [&](const auto& m) { return std::get<1>(m.first) == ct; });
}

// The organizer corrects a teacher's name or school (a typo on the roster), with a reason; the
// old values travel in the event ("previous"). A school whose change would move a judge in or
// out of 回避 is refused once the teacher has a mark: a mark would silently join or leave a
// section score.
Decision decide_roster_correct(const Contest& c, const LiveState& s, const Actor& who,
                               const protocol::RosterCorrection& r, const RuleInputs& in) {
  if (who.role != role::kOrganizer)
    return refuse(ErrorKind::forbidden, "只有组委会可以更正选手名单", "");
  int ct = find_contestant(c, r.contestant);
  if (ct < 0)
    return refuse(ErrorKind::not_found, "没有这位选手：" + quoted(r.contestant), "contestant");
  const Contestant& x = c.contestants[size_t(ct)];
  if (!r.name && !r.school) return refuse(ErrorKind::invalid, "请写明要更正的姓名或学校", "name");
  const std::string name = r.name ? without_edge_spaces(*r.name) : x.name;
  const std::string school = r.school ? without_edge_spaces(*r.school) : x.school;
  if (name.empty()) return refuse(ErrorKind::invalid, "姓名不能为空", "name");
  if (school.empty() && !x.school.empty())
    return refuse(ErrorKind::invalid, "学校不能为空", "school");
  if (name == x.name && school == x.school)
    return refuse(ErrorKind::conflict, x.name + "的姓名和学校已经是这样，无须更正",
                  r.name ? "name" : "school");
  if (school != x.school && has_any_mark(s, ct))
    if (std::vector<int> moved = recusal_changes(c, ct, school); !moved.empty()) {
      std::string judges;
      for (int j : moved)
        judges += (judges.empty() ? "" : "、") + c.judges[size_t(j)].name + "（" +
                  c.judges[size_t(j)].school + "）";
      return refuse(ErrorKind::conflict,
                    "改为" + quoted(school) + "会改变须回避的评委（" + judges + "），而" + x.name +
                        "已有评分：分数会因此增减，不能在线更改；请核实后由组委会与裁判长商定",
                    "school");
    }
  if (auto e = used_up(count_of(s.roster_corrections, x.id), in.bounds.roster_corrections,
                       x.name + "的名单更正", "contestant"))
    return *e;
  if (auto e = too_often(s, who, in)) return *e;
  Accepted a{ev::RosterCorrect{x.id, name, school, r.reason, Json{{"name", x.name}, {"school", x.school}}}};
  if (auto e = document_refuses(in.document, a)) return *e;
  return a;
}

// A new id after the highest of the ids shaped like it ("C056" -> "C057"): the letters of the
// last contestant's id and one more than the largest number any id with those letters carries,
// as wide as theirs; "S001" when the roster has no such id.
std::string next_contestant_id(const Contest& c) {
  std::string prefix = "S";
  size_t width = 3;
  if (!c.contestants.empty()) {
    const std::string& last = c.contestants.back().id;
    size_t digits = last.find_first_of("0123456789");
    if (digits != std::string::npos && digits > 0 &&
        last.find_first_not_of("0123456789", digits) == std::string::npos)
      prefix = last.substr(0, digits), width = last.size() - digits;
  }
  long long top = 0;
  for (const Contestant& x : c.contestants)
    if (x.id.size() > prefix.size() && x.id.rfind(prefix, 0) == 0 &&
        x.id.find_first_not_of("0123456789", prefix.size()) == std::string::npos &&
        x.id.size() - prefix.size() <= 12)
      top = std::max(top, std::stoll(x.id.substr(prefix.size())));
  for (long long n = top + 1;; ++n) {
    std::string number = std::to_string(n);
    std::string id =
        prefix + std::string(number.size() < width ? width - number.size() : 0, '0') + number;
    if (find_contestant(c, id) < 0) return id;
  }
}

// The organizer enters a substitute in a group (a teacher replacing one who withdrew: record
// the withdrawal as 弃权 through absence). They enter the group's first round — the rounds
// whose entrants are the registered teachers — and so every draw of it made from now on. Refused
// once such a round's advancement is confirmed, and for the same name and school twice in a group.
Decision decide_roster_add(const Contest& c, const LiveState& s, const Actor& who,
                           const protocol::RosterAddition& r, const RuleInputs& in) {
  if (who.role != role::kOrganizer)
    return refuse(ErrorKind::forbidden, "只有组委会可以录入替补选手", "");
  int g = find_group(c, r.group);
  if (g < 0) return refuse(ErrorKind::not_found, "没有这个组别：" + quoted(r.group), "group");
  const std::string name = without_edge_spaces(r.name), school = without_edge_spaces(r.school);
  if (name.empty()) return refuse(ErrorKind::invalid, "姓名不能为空", "name");
  if (school.empty()) return refuse(ErrorKind::invalid, "学校不能为空", "school");
  const std::string& gname = c.groups[size_t(g)].name;
  for (size_t i = 0; i < c.contestants.size(); ++i) {
    const Contestant& x = c.contestants[i];
    if (x.group == g && x.name == name && x.school == school)
      return refuse(ErrorKind::conflict, gname + "已有" + name + "（" + school + "），不能重复录入",
                    "name");
  }
  bool enters = false;
  for (size_t ri = 0; ri < c.rounds.size(); ++ri) {
    const Round& round = c.rounds[ri];
    if (!contains(round.groups, g) || round.entrants_from.count(g)) continue;
    enters = true;
    if (s.advancements.count(int(ri)))
      return refuse(ErrorKind::conflict,
                    round.name + "的晋级名单已经确认，不能再录入" + gname + "的替补", "group");
  }
  if (!enters)
    return refuse(ErrorKind::invalid, gname + "没有直接报名参加的轮次，不能录入替补", "group");
  if (auto e = used_up(count_of(s.substitutes_added, c.groups[size_t(g)].key),
                       in.bounds.substitutes, gname + "的替补录入", "group"))
    return *e;
  if (auto e = too_often(s, who, in)) return *e;
  Accepted a{ev::RosterAdd{next_contestant_id(c), c.groups[size_t(g)].key, name, school, r.reason}};
  if (auto e = document_refuses(in.document, a)) return *e;
  return a;
}

// The organizer adds one topic (or case) to a section's bank while the contest runs: drawn from
// the next topic draw on. Once in a bank, at most kMaxTopicsPerBank in all.
Decision decide_topic_add(const Contest& c, const Actor& who, const protocol::TopicAddition& t,
                          const RuleInputs& in) {
  if (who.role != role::kOrganizer)
    return refuse(ErrorKind::forbidden, "只有组委会可以向题库加题", "");
  int sec = find_section(c, t.section);
  if (sec < 0)
    return refuse(ErrorKind::not_found, "本次比赛没有这个环节：" + quoted(t.section), "section");
  const std::string topic = without_edge_spaces(t.topic);
  if (topic.empty()) return refuse(ErrorKind::invalid, "题目不能为空", "topic");
  const std::string& key = c.sections[size_t(sec)].key;
  Json bank =
      in.topics && in.topics->is_object() ? in.topics->value(key, Json::array()) : Json::array();
  if (!bank.is_array()) bank = Json::array();
  if (std::find(bank.begin(), bank.end(), Json(topic)) != bank.end())
    return refuse(ErrorKind::conflict, c.sections[size_t(sec)].name + "题库里已有这道题", "topic");
  if (int(bank.size()) >= in.bounds.topics_per_bank)
    return refuse(ErrorKind::conflict,
                  c.sections[size_t(sec)].name + "题库已有 " + std::to_string(bank.size()) +
                      " 道题，已达上限",
                  "section");
  return Accepted{ev::TopicAdd{key, topic, int64_t(bank.size())}};
}

}  // namespace

std::string change_kind(const protocol::ChangeRequest& change) {
  return std::visit(
      [](const auto& r) -> std::string {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, protocol::MarkSubmission>) return "mark";
        else if constexpr (std::is_same_v<T, protocol::TimingSubmission>) return "timing";
        else if constexpr (std::is_same_v<T, protocol::ClockChange>) return "clock";
        else if constexpr (std::is_same_v<T, protocol::StageCall>) return "stage";
        else if constexpr (std::is_same_v<T, protocol::PerformanceAction>) return r.kind;
        else if constexpr (std::is_same_v<T, protocol::TieRuling>) return "decision";
        else if constexpr (std::is_same_v<T, protocol::HeadJudgeCall>) return "call_head_judge";
        else if constexpr (std::is_same_v<T, protocol::DisplaySceneChange>) return "display_scene";
        else if constexpr (std::is_same_v<T, protocol::TopicDrawRequest>) return "topic_draw";
        else if constexpr (std::is_same_v<T, protocol::AdvanceRequest>) return "advance";
        else if constexpr (std::is_same_v<T, protocol::DrawRequest>) return "draw";
        else if constexpr (std::is_same_v<T, protocol::AbsenceChange>) return "absence";
        else if constexpr (std::is_same_v<T, protocol::RosterCorrection>)
          return "roster_correct";
        else if constexpr (std::is_same_v<T, protocol::RosterAddition>)
          return "roster_add";
        else if constexpr (std::is_same_v<T, protocol::TopicAddition>)
          return "topic_add";
        else static_assert(sizeof(T) == 0, "a change kind without a name");
      },
      change);
}

Decision decide(const Contest& c, const LiveState& s, const Actor& who,
                const protocol::ChangeRequest& change, const RuleInputs& in) {
  namespace p = protocol;
  // One line per kind; a kind left out fails to compile (the static_assert below).
  return std::visit(
      [&](const auto& r) -> Decision {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, p::MarkSubmission>) return decide_mark(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::TimingSubmission>) return decide_timing(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::ClockChange>) return decide_clock(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::StageCall>) return decide_stage(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::PerformanceAction>) return decide_performance(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::TieRuling>) return decide_ruling(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::HeadJudgeCall>) return decide_call(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::DisplaySceneChange>)
          return Accepted{ev::DisplayScene{r.display, r.scene}};
        else if constexpr (std::is_same_v<T, p::TopicDrawRequest>) return decide_topic_draw(c, s, r, in);
        else if constexpr (std::is_same_v<T, p::AdvanceRequest>) return decide_advance(c, s, r, in);
        else if constexpr (std::is_same_v<T, p::DrawRequest>) return decide_draw(c, s, r, in);
        else if constexpr (std::is_same_v<T, p::AbsenceChange>) return decide_absence(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::RosterCorrection>)
          return decide_roster_correct(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::RosterAddition>)
          return decide_roster_add(c, s, who, r, in);
        else if constexpr (std::is_same_v<T, p::TopicAddition>)
          return decide_topic_add(c, who, r, in);
        else static_assert(sizeof(T) == 0, "a change kind without a rule");
      },
      change);
}

}  // namespace lf::live
