#include "scoring/print/print_model.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <span>

#include "data/format/contest_file.h"
#include "data/format/result_json.h"
#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {

PrintCell text(std::string t, bool bold = false) { return PrintCell{std::move(t), std::nullopt, 0, false, bold}; }
PrintCell number(std::optional<int64_t> units, int decimals, bool bold = false) {
  if (!units) return text("");
  return PrintCell{format_fixed(*units, decimals), units, decimals, false, bold};
}
// A rank (or a running number) is a number in a spreadsheet too; no rank reads "—".
PrintCell rank_cell(std::optional<int> rank) {
  return rank ? PrintCell{std::to_string(*rank), int64_t(*rank), 0} : text("—");
}

std::string heading(const Contest& c, int round, int group) {
  const Round& r = c.rounds[size_t(round)];
  if (r.groups.size() == 1) return r.name;
  return r.name + " · " + c.groups[size_t(group)].name;
}

bool selected(const Contest& c, const PrintFilter& f, int round, int group) {
  return (f.round.empty() || c.rounds[size_t(round)].key == f.round) &&
         (f.group.empty() || c.groups[size_t(group)].key == f.group);
}

Status check_filter(const Contest& c, const PrintFilter& f) {
  std::vector<Error> errors;
  auto choices = [](const auto& xs) {  // by the names people say (the command takes them)
    std::string out;
    for (const auto& x : xs) out += (out.empty() ? "" : "、") + x.name;
    return out;
  };
  if (!f.round.empty() && std::none_of(c.rounds.begin(), c.rounds.end(), [&](const Round& r) { return r.key == f.round; }))
    errors.push_back({"--round", "本次比赛没有“" + f.round + "”这一轮（可填：" + choices(c.rounds) + "）", ErrorKind::not_found});
  if (!f.group.empty() && std::none_of(c.groups.begin(), c.groups.end(), [&](const Group& g) { return g.key == f.group; }))
    errors.push_back({"--group", "本次比赛没有“" + f.group + "”这个组别（可填：" + choices(c.groups) + "）", ErrorKind::not_found});
  return errors.empty() ? Status() : Status(errors);
}

std::string names(const Contest& c, const std::vector<int>& ids) {
  std::string out;
  for (int x : ids) out += (out.empty() ? "" : "、") + c.contestants[size_t(x)].name + "(" + c.contestants[size_t(x)].id + ")";
  return out;
}

PrintDocument start(const Contest& c, const char* kind, const std::string& what, bool landscape) {
  PrintDocument d;
  d.kind = kind;
  d.title = c.name + " " + what;
  d.subtitle = c.organizer + (c.organizer.empty() || c.date.empty() ? "" : " · ") + c.date;
  d.landscape = landscape;
  return d;
}

// What a standing's note says of a teacher out of the round: 缺赛 (did not come) or 弃权 (gave
// up, or withdrawn from the contest); nullptr when they are in it.
const char* out_of_round(const Standing& st) {
  return st.flags & kAbsent ? "缺赛" : st.flags & kWithdrawn ? "弃权" : nullptr;
}

// The same for a round before its standings exist (the score sheets): the contest's withdrawal
// and the round's 缺赛 / 弃权.
const char* out_of_round(const Contest& c, int round, int ct) {
  for (const RoundAbsence& a : c.absences)
    if (a.round == round && a.contestant == ct) return a.kind == AbsenceKind::kAbsent ? "缺赛" : "弃权";
  return c.contestants[size_t(ct)].withdrawn ? "弃权" : nullptr;
}

bool unfinished(const Standing& st) { return (st.flags & (kIncomplete | kUntimed)) && !(st.flags & kWithdrawn); }

// Why a group is not final yet, in the organizer's words, one line each; empty when it is.
std::vector<std::string> not_final_reasons(const Contest& c, const RoundStandings& rs, const GroupStandings& gs) {
  std::vector<std::string> why;
  bool started = false;
  std::vector<int> open;
  for (const Standing& st : gs.standings) {
    for (const SectionResult& sr : st.sections) started = started || !sr.marks.empty() || sr.duration_s;
    if (unfinished(st)) open.push_back(st.contestant);
  }
  const std::string& round = c.rounds[size_t(rs.round)].name;
  if (!started && !open.empty()) {
    why.push_back(round + "尚未开始：本组还没有任何评分");
    return why;
  }
  if (!open.empty())
    why.push_back("仍有 " + std::to_string(open.size()) + " 名选手成绩未完成（缺评分或计时）：" + names(c, open));
  for (const Unresolved& u : gs.unresolved) {
    std::string spans;
    for (int a : u.awards) spans += (spans.empty() ? "" : "、") + c.rounds[size_t(rs.round)].awards[size_t(a)].name;
    why.push_back("并列待裁决：" + names(c, u.contestants) + " 总分相同，" +
                  (u.kind == Unresolved::Kind::kAdvanceBoundary ? std::string("跨晋级名额的分界")
                                                                 : "跨" + spans + "的分界") +
                  "，裁判长记录裁决后才能定" + (u.kind == Unresolved::Kind::kAdvanceBoundary ? "晋级" : "奖"));
  }
  return why;
}

// What the clock cost in each section, one phrase per section that ran over or under
// ("才艺展示 超时 35 秒 扣 1.00"), joined by "；". Per section: a sum of seconds over two sections
// would read as one long overrun.
std::string timing_words(const Contest& c, std::span<const SectionResult> sections) {
  std::string out;
  for (const SectionResult& sr : sections) {
    if (!sr.timing.over_s && !sr.timing.under_s && !sr.timing.penalty) continue;
    std::string one = c.sections[size_t(sr.section)].name;
    if (sr.timing.over_s) one += " 超时 " + std::to_string(sr.timing.over_s) + " 秒";
    if (sr.timing.under_s) one += " 不足 " + std::to_string(sr.timing.under_s) + " 秒";
    if (sr.timing.penalty) one += " 扣 " + format_fixed(sr.timing.penalty, c.scale.score_decimals);
    out += (out.empty() ? "" : "；") + one;
  }
  return out;
}

// The outcome of one standing in its round, as the results sheet and the 查分 sheet say it:
// the award, 晋级 / 未晋级, or why there is none.
std::string outcome_words(const Round& round, const Standing& st) {
  if (const char* out = out_of_round(st)) return out;
  if (st.flags & kIncomplete) return "缺评分";
  if (st.flags & kUntimed) return "缺计时";
  if (!round.awards.empty()) return st.award ? round.awards[size_t(*st.award)].name : "未获奖";
  if (round.advance) return st.advanced ? "晋级" : "未晋级";
  return "";
}

template <class F>
void each_group(const Contest& c, const ContestResult& r, const PrintFilter& f, F fn) {
  for (const RoundStandings& rs : r.rounds)
    for (const GroupStandings& gs : rs.groups)
      if (selected(c, f, rs.round, gs.group)) fn(rs, gs);
}

}  // namespace

std::vector<RunningOrder> running_orders(const Contest& c, const Json& document) {
  std::vector<RunningOrder> out;
  auto draws = document.find("draws");
  if (draws == document.end() || !draws->is_array()) return out;
  for (const Json& d : *draws) {
    if (!d.is_object()) continue;
    auto round = d.find("round"), group = d.find("group"), order = d.find("order");
    if (round == d.end() || group == d.end() || order == d.end() || !round->is_string() || !group->is_string() ||
        !order->is_array())
      continue;
    RunningOrder o;
    o.round = find_round(c, round->get<std::string>());
    o.group = find_group(c, group->get<std::string>());
    if (o.round < 0 || o.group < 0) continue;
    for (const Json& id : *order)
      if (id.is_string())
        if (int x = find_contestant(c, id.get<std::string>()); x >= 0) o.contestants.push_back(x);
    std::erase_if(out, [&](const RunningOrder& e) { return e.round == o.round && e.group == o.group; });
    out.push_back(std::move(o));
  }
  return out;
}

Status check_final(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  std::vector<Error> errors;
  each_group(c, r, f, [&](const RoundStandings& rs, const GroupStandings& gs) {
    if (c.rounds[size_t(rs.round)].awards.empty()) return;  // no awards: nothing to be final about
    std::string where = heading(c, rs.round, gs.group);
    for (const Unresolved& u : gs.unresolved)
      errors.push_back({where, "并列待裁决：" + names(c, u.contestants) + "（裁判长须先记录裁决）"});
    std::vector<int> open;
    for (const Standing& st : gs.standings)
      if (unfinished(st)) open.push_back(st.contestant);
    if (!open.empty()) errors.push_back({where, "成绩不完整：" + names(c, open)});
  });
  return errors.empty() ? Status() : with_kind(Status(errors), ErrorKind::conflict);
}

Result<PrintDocument> award_list(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  if (auto s = check_filter(c, f); !s.ok()) return s;
  PrintDocument d = start(c, "awards", "获奖名单", false);
  const int sd = c.scale.score_decimals;
  each_group(c, r, f, [&](const RoundStandings& rs, const GroupStandings& gs) {
    const Round& round = c.rounds[size_t(rs.round)];
    if (round.awards.empty()) return;  // a preliminary round gives no awards
    PrintSection sec;
    sec.heading = heading(c, rs.round, gs.group);
    sec.notes = not_final_reasons(c, rs, gs);
    auto table = [&](std::string caption, auto pick) {
      PrintTable t;
      t.headers = {"名次", "姓名", "学校", "总分", "备注"};
      t.widths = {0.8f, 1.4f, 3.0f, 1.2f, 3.0f};
      t.wrap = true;  // a ruling's reason makes a long 备注
      for (const Standing& st : gs.standings)
        if (pick(st)) {
          const Contestant& ct = c.contestants[size_t(st.contestant)];
          t.rows.push_back({rank_cell(st.rank), text(ct.name, true), text(ct.school), number(st.total, sd),
                            text(tie_note(c, st.tie))});
        }
      t.caption = caption + "（" + std::to_string(t.rows.size()) + " 名）";
      if (!t.rows.empty()) sec.tables.push_back(std::move(t));
    };
    for (size_t a = 0; a < round.awards.size(); ++a)
      table(round.awards[a].name, [&](const Standing& st) { return st.award && *st.award == int(a); });
    // The people of an open tie have no award yet; left out, they would look forgotten.
    table("并列待裁决", [&](const Standing& st) {
      return std::any_of(gs.unresolved.begin(), gs.unresolved.end(), [&](const Unresolved& u) {
        return std::find(u.contestants.begin(), u.contestants.end(), st.contestant) != u.contestants.end();
      });
    });
    // Those out of the round, each with the word: a name missing from the list is explained.
    PrintTable out;
    out.headers = {"名次", "姓名", "学校", "总分", "备注"};
    out.widths = {0.8f, 1.4f, 3.0f, 1.2f, 3.0f};
    for (const Standing& st : gs.standings)
      if (const char* word = out_of_round(st)) {
        const Contestant& ct = c.contestants[size_t(st.contestant)];
        out.rows.push_back({text("—"), text(ct.name, true), text(ct.school), text(word), text("")});
      }
    out.caption = "缺赛、弃权（" + std::to_string(out.rows.size()) + " 名）";
    if (sec.tables.empty() && sec.notes.empty()) sec.notes.push_back("本组没有获奖选手");
    if (!out.rows.empty()) sec.tables.push_back(std::move(out));
    // Only a final list is signed: a draft's empty lines would invite a signature on it.
    if (sec.notes.empty()) sec.signatures = {"评委会主任", "监审"};
    d.sections.push_back(std::move(sec));
  });
  if (d.sections.empty()) {
    std::string with_awards;
    for (const Round& r : c.rounds)
      if (!r.awards.empty()) with_awards += (with_awards.empty() ? "" : "、") + r.name;
    return Error{"--round", "所选轮次不设奖项，没有获奖名单" +
                                (with_awards.empty() ? std::string("（本次比赛没有设奖项的轮次）")
                                                     : "（设奖项的轮次：" + with_awards + "）")};
  }
  return d;
}

Result<PrintDocument> results_sheet(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  if (auto s = check_filter(c, f); !s.ok()) return s;
  PrintDocument d = start(c, "results", "成绩汇总表", true);
  const int sd = c.scale.score_decimals;
  each_group(c, r, f, [&](const RoundStandings& rs, const GroupStandings& gs) {
    const Round& round = c.rounds[size_t(rs.round)];
    PrintSection sec;
    sec.heading = heading(c, rs.round, gs.group);
    PrintTable t;
    t.headers = {"名次", "姓名", "学校"};
    t.widths = {0.6f, 1.1f, 2.0f};
    for (int s : round.sections) {
      t.headers.push_back(c.sections[size_t(s)].name);
      t.widths.push_back(1.1f);
    }
    // 超时扣分 says which section ran over by how much (text); 扣分 is their sum as a number,
    // for a spreadsheet's sums.
    for (const char* h : {"超时扣分", "扣分", "总分", round.awards.empty() ? "晋级" : "奖项", "备注"}) {
      t.headers.push_back(h);
      t.widths.push_back(std::string(h) == "超时扣分" ? 2.2f : std::string(h) == "备注" ? 1.8f : 0.85f);
    }
    t.wrap = true;  // two sections over time make a long 超时扣分 cell
    for (const Standing& st : gs.standings) {
      const Contestant& ct = c.contestants[size_t(st.contestant)];
      std::vector<PrintCell> row = {rank_cell(st.rank), text(ct.name, true), text(ct.school)};
      int64_t penalty = 0;
      for (const SectionResult& sr : st.sections) {
        // A section not fully marked has no score yet: "—", not the average of the marks so far.
        row.push_back(sr.complete() && sr.score ? number(sr.score, sd) : text("—"));
        penalty += sr.timing.penalty;
      }
      row.push_back(text(timing_words(c, st.sections)));
      row.push_back(penalty ? number(penalty, sd) : text(""));
      // An unfinished or withdrawn teacher has no total: 0.00 would read as a score of nothing.
      row.push_back(st.flags & (kIncomplete | kUntimed | kWithdrawn) ? text("—", true) : number(st.total, sd, true));
      row.push_back(text(round.awards.empty() ? (st.advanced ? "晋级" : "")
                                              : st.award ? round.awards[size_t(*st.award)].name : ""));
      std::string note = out_of_round(st) ? out_of_round(st) : st.flags & kIncomplete ? "缺评分"
                         : st.flags & kUntimed ? "缺计时" : st.flags & kUnderTime ? "用时不足" : "";
      // A place told apart from an equal total says how (issue 24 §4): nobody should wonder why
      // two equal totals got different outcomes.
      if (std::string tie = tie_note(c, st.tie); !tie.empty()) note += (note.empty() ? "" : "；") + tie;
      row.push_back(text(note));
      t.rows.push_back(std::move(row));
    }
    sec.tables.push_back(std::move(t));
    sec.notes = not_final_reasons(c, rs, gs);
    if (sec.notes.empty()) sec.signatures = {"裁判长", "监审"};  // signed once final, as the award list
    d.sections.push_back(std::move(sec));
  });
  return d;
}

Result<PrintDocument> marks_sheets(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  if (auto s = check_filter(c, f); !s.ok()) return s;
  PrintDocument d = start(c, "marks", "评分明细表", true);
  const int md = c.scale.mark_decimals, sd = c.scale.score_decimals;
  for (size_t v = 0; v < c.venues.size(); ++v) {
    const Venue& venue = c.venues[v];
    if (!selected(c, f, venue.round, venue.group)) continue;
    const GroupStandings* gs = nullptr;
    for (const RoundStandings& rs : r.rounds)
      if (rs.round == venue.round)
        for (const GroupStandings& g : rs.groups)
          if (g.group == venue.group) gs = &g;
    if (!gs) continue;
    PrintSection sec;
    sec.heading = venue_name(c, int(v));
    sec.notes.push_back("划线的分数为去掉的最高分、最低分；“回避”为与选手同校的评委不评分。");
    for (int s : venue.sections) {
      PrintTable t;
      t.caption = c.sections[size_t(s)].name;
      t.headers = {"选手", "学校"};
      t.widths = {1.1f, 1.8f};
      for (int j : venue.judges) {
        t.headers.push_back(c.judges[size_t(j)].name);
        t.widths.push_back(0.9f);
      }
      for (const char* h : {"平均", "用时(秒)", "扣分", "得分"}) {
        t.headers.push_back(h);
        t.widths.push_back(0.8f);
      }
      for (const Standing& st : gs->standings) {
        auto sr = std::find_if(st.sections.begin(), st.sections.end(), [&](const SectionResult& x) { return x.section == s; });
        if (sr == st.sections.end() || sr->marks.empty()) continue;
        const Contestant& ct = c.contestants[size_t(st.contestant)];
        std::vector<PrintCell> row = {text(ct.name, true), text(ct.school)};
        for (int j : venue.judges) {
          auto pos = std::find(sr->judges.begin(), sr->judges.end(), j);
          if (pos == sr->judges.end()) {
            row.push_back(text(is_conflicted(c.judges[size_t(j)], ct) ? "回避" : "—"));
            continue;
          }
          size_t k = size_t(pos - sr->judges.begin());
          PrintCell cell = number(sr->marks[k], md);
          cell.struck = sr->dropped[k];
          row.push_back(cell);
        }
        row.push_back(number(sr->average, sd));
        row.push_back(sr->duration_s ? PrintCell{std::to_string(*sr->duration_s), *sr->duration_s, 0} : text(""));
        row.push_back(sr->timing.penalty ? number(sr->timing.penalty, sd) : text(""));
        row.push_back(number(sr->score, sd, true));
        t.rows.push_back(std::move(row));
      }
      if (!t.rows.empty()) sec.tables.push_back(std::move(t));
    }
    sec.signatures = {"裁判长", "记分员"};
    d.sections.push_back(std::move(sec));
  }
  return d;
}

Result<PrintDocument> score_sheets(const Contest& c, const ContestResult& r, const PrintFilter& f,
                                   const std::vector<RunningOrder>& orders) {
  if (auto s = check_filter(c, f); !s.ok()) return s;
  PrintDocument d = start(c, "score-sheets", "评委评分表（备用纸质）", false);
  for (size_t v = 0; v < c.venues.size(); ++v) {
    const Venue& venue = c.venues[v];
    if (!selected(c, f, venue.round, venue.group)) continue;
    std::vector<RoundStandings> earlier;
    for (const RoundStandings& rs : r.rounds)
      if (rs.round < venue.round) earlier.push_back(rs);
    std::vector<int> entrants = entrants_of(c, earlier, venue.round, venue.group);
    // The judge marks on paper as the teachers come on: in the draw's order, numbered as drawn;
    // an entrant the draw does not hold (added after it) comes last, without a number.
    const RunningOrder* drawn = nullptr;
    for (const RunningOrder& o : orders)
      if (o.round == venue.round && o.group == venue.group) drawn = &o;
    std::vector<std::pair<std::optional<int>, int>> order;  // (出场序号, contestant)
    if (drawn)
      for (size_t k = 0; k < drawn->contestants.size(); ++k)
        if (std::find(entrants.begin(), entrants.end(), drawn->contestants[k]) != entrants.end())
          order.push_back({int(k) + 1, drawn->contestants[k]});
    for (int x : entrants)
      if (std::none_of(order.begin(), order.end(), [&](const auto& o) { return o.second == x; }))
        order.push_back({drawn ? std::nullopt : std::optional<int>(int(order.size()) + 1), x});
    for (int j : venue.judges) {
      PrintSection sec;
      sec.heading = venue_name(c, int(v));
      sec.notes.push_back("评委：" + c.judges[size_t(j)].name);
      std::string rules;
      for (int s : venue.sections) {
        const Section& x = c.sections[size_t(s)];
        rules += (rules.empty() ? "" : "；") + x.name + " 满分 " + format_fixed(x.max_points, c.scale.mark_decimals);
      }
      sec.notes.push_back(rules + "；最小单位 " + format_fixed(c.scale.step, c.scale.mark_decimals) + " 分");
      sec.notes.push_back(drawn ? "按抽签的出场顺序排列" : "按报名顺序排列，序号不是出场顺序");
      PrintTable t;
      t.headers = {drawn ? "出场序号" : "序号", "选手"};
      t.widths = {0.8f, 1.6f};
      for (int s : venue.sections) {
        t.headers.push_back(c.sections[size_t(s)].name);
        t.widths.push_back(1.2f);
      }
      t.headers.push_back("用时");
      t.widths.push_back(0.9f);
      for (auto [number, ct] : order) {
        const Contestant& x = c.contestants[size_t(ct)];
        std::vector<PrintCell> row = {rank_cell(number), text(x.name + " · " + x.school)};
        for (size_t k = 0; k <= venue.sections.size(); ++k) row.push_back(text(""));
        const char* none = out_of_round(c, venue.round, ct);
        if (!none && is_conflicted(c.judges[size_t(j)], x)) none = "回避";
        if (none)  // 缺赛, 弃权: nobody marks it; 回避: this judge marks none of it
          for (size_t k = 0; k < venue.sections.size(); ++k) row[2 + k] = text(none);
        t.rows.push_back(std::move(row));
      }
      sec.tables.push_back(std::move(t));
      sec.signatures = {"评委签名", "裁判长"};
      d.sections.push_back(std::move(sec));
    }
  }
  return d;
}

ContestantSummary contestant_summary(const Contest& c, const ContestResult& r, int contestant) {
  ContestantSummary out;
  const int sd = c.scale.score_decimals;
  PrintTable& t = out.table;
  t.caption = "成绩摘要";
  t.headers = {"轮次", "项目", "有效评分", "平均分", "用时", "超时扣分", "项目得分"};
  t.widths = {2.2f, 1.8f, 1.0f, 1.0f, 1.0f, 2.2f, 1.0f};
  t.wrap = true;
  for (const RoundStandings& rs : r.rounds)
    for (const GroupStandings& gs : rs.groups)
      for (const Standing& st : gs.standings) {
        if (st.contestant != contestant) continue;
        const Round& round = c.rounds[size_t(rs.round)];
        std::string where = heading(c, rs.round, gs.group);
        bool no_total = st.flags & (kIncomplete | kUntimed | kWithdrawn);
        std::string line = where + "：总分 " + (no_total ? "—" : format_fixed(st.total, sd)) + "，" +
                           (st.rank ? "第 " + std::to_string(*st.rank) + " 名" : "无名次");
        if (std::string o = outcome_words(round, st); !o.empty()) line += "，" + o;
        if (st.flags & kUnderTime) line += "（用时不足）";
        out.lines.push_back(line);
        for (const SectionResult& sr : st.sections) {
          int counted = int(std::count(sr.dropped.begin(), sr.dropped.end(), false));
          std::string duration;
          if (sr.duration_s) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%lld:%02lld", (long long)(*sr.duration_s / 60), (long long)(*sr.duration_s % 60));
            duration = buf;
          }
          t.rows.push_back({text(round.name), text(c.sections[size_t(sr.section)].name),
                            text(sr.marks.empty() ? "—" : std::to_string(counted) + "/" + std::to_string(sr.marks.size())),
                            number(sr.average, sd), text(duration.empty() ? "—" : duration),
                            text(timing_words(c, std::span(&sr, 1))),
                            sr.complete() && sr.score ? number(sr.score, sd, true) : text("—", true)});
        }
      }
  return out;
}

Result<std::vector<Certificate>> certificates(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  if (auto s = check_filter(c, f); !s.ok()) return s;
  std::vector<Certificate> out;
  std::string year = c.date.size() >= 4 ? c.date.substr(0, 4) + "-" : "";
  each_group(c, r, f, [&](const RoundStandings& rs, const GroupStandings& gs) {
    const Round& round = c.rounds[size_t(rs.round)];
    int group_number = int(std::find(round.groups.begin(), round.groups.end(), gs.group) - round.groups.begin()) + 1;
    for (size_t place = 0; place < gs.standings.size(); ++place) {
      const Standing& st = gs.standings[place];
      if (!st.award) continue;
      const Contestant& ct = c.contestants[size_t(st.contestant)];
      char number[64];
      std::snprintf(number, sizeof number, "%s%d-%d-%03d", year.c_str(), rs.round + 1, group_number, int(place) + 1);
      out.push_back({ct.name, ct.school, c.groups[size_t(gs.group)].name, round.awards[size_t(*st.award)].name,
                     c.name, c.organizer, c.date, round.name, number});
    }
  });
  return out;
}

}  // namespace lf
