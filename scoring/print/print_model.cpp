#include "scoring/print/print_model.h"

#include <algorithm>
#include <set>

#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {

PrintCell text(std::string t, bool bold = false) { return PrintCell{std::move(t), std::nullopt, 0, false, bold}; }
PrintCell number(std::optional<int64_t> units, int decimals, bool bold = false) {
  if (!units) return text("");
  return PrintCell{format_fixed(*units, decimals), units, decimals, false, bold};
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
  auto choices = [](const auto& xs) {
    std::string out;
    for (const auto& x : xs) out += (out.empty() ? "" : "、") + x.key + "（" + x.name + "）";
    return out;
  };
  if (!f.round.empty() && std::none_of(c.rounds.begin(), c.rounds.end(), [&](const Round& r) { return r.key == f.round; }))
    errors.push_back({"--round", "本次比赛没有“" + f.round + "”这一轮（--round 可填：" + choices(c.rounds) + "）", ErrorKind::not_found});
  if (!f.group.empty() && std::none_of(c.groups.begin(), c.groups.end(), [&](const Group& g) { return g.key == f.group; }))
    errors.push_back({"--group", "本次比赛没有“" + f.group + "”这个组别（--group 可填：" + choices(c.groups) + "）", ErrorKind::not_found});
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

template <class F>
void each_group(const Contest& c, const ContestResult& r, const PrintFilter& f, F fn) {
  for (const RoundStandings& rs : r.rounds)
    for (const GroupStandings& gs : rs.groups)
      if (selected(c, f, rs.round, gs.group)) fn(rs, gs);
}

}  // namespace

Status check_final(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  std::vector<Error> errors;
  each_group(c, r, f, [&](const RoundStandings& rs, const GroupStandings& gs) {
    if (c.rounds[size_t(rs.round)].awards.empty()) return;  // no awards: nothing to be final about
    std::string where = heading(c, rs.round, gs.group);
    for (const Unresolved& u : gs.unresolved)
      errors.push_back({where, "并列待裁决：" + names(c, u.contestants) + "（裁判长须先记录裁决）"});
    std::vector<int> unfinished;
    for (const Standing& st : gs.standings)
      if ((st.flags & (kIncomplete | kUntimed)) && !(st.flags & kWithdrawn)) unfinished.push_back(st.contestant);
    if (!unfinished.empty()) errors.push_back({where, "成绩不完整：" + names(c, unfinished)});
  });
  return errors.empty() ? Status() : Status(errors);
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
    for (size_t a = 0; a < round.awards.size(); ++a) {
      PrintTable t;
      t.headers = {"名次", "姓名", "学校", "总分"};
      t.widths = {0.8f, 1.4f, 3.0f, 1.2f};
      for (const Standing& st : gs.standings)
        if (st.award && *st.award == int(a)) {
          const Contestant& ct = c.contestants[size_t(st.contestant)];
          t.rows.push_back({text(st.rank ? std::to_string(*st.rank) : ""), text(ct.name, true), text(ct.school),
                            number(st.total, sd)});
        }
      t.caption = round.awards[a].name + "（" + std::to_string(t.rows.size()) + " 名）";
      if (!t.rows.empty()) sec.tables.push_back(std::move(t));
    }
    sec.signatures = {"评委会主任", "监审"};
    d.sections.push_back(std::move(sec));
  });
  if (d.sections.empty()) {
    std::string with_awards;
    for (const Round& r : c.rounds)
      if (!r.awards.empty()) with_awards += (with_awards.empty() ? "" : "、") + r.key + "（" + r.name + "）";
    return Error{"--round", "所选轮次不设奖项，没有获奖名单" +
                                (with_awards.empty() ? std::string("（本次比赛没有设奖项的轮次）")
                                                     : "（设奖项的轮次：--round " + with_awards + "）")};
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
    for (const char* h : {"超时(秒)", "扣分", "总分", round.awards.empty() ? "晋级" : "奖项", "备注"}) {
      t.headers.push_back(h);
      t.widths.push_back(std::string(h) == "备注" ? 1.0f : 0.85f);
    }
    for (const Standing& st : gs.standings) {
      const Contestant& ct = c.contestants[size_t(st.contestant)];
      std::vector<PrintCell> row = {text(st.rank ? std::to_string(*st.rank) : "—"), text(ct.name, true), text(ct.school)};
      int64_t over = 0, penalty = 0;
      for (const SectionResult& sr : st.sections) {
        row.push_back(number(sr.score, sd));
        over += sr.timing.over_s;
        penalty += sr.timing.penalty;
      }
      row.push_back(over ? PrintCell{std::to_string(over), over, 0} : text(""));
      row.push_back(penalty ? number(penalty, sd) : text(""));
      row.push_back(number(st.total, sd, true));
      row.push_back(text(round.awards.empty() ? (st.advanced ? "晋级" : "")
                                              : st.award ? round.awards[size_t(*st.award)].name : ""));
      std::string note = st.flags & kWithdrawn ? "弃权" : st.flags & kIncomplete ? "缺评分"
                         : st.flags & kUntimed ? "缺计时" : st.flags & kUnderTime ? "用时不足" : "";
      row.push_back(text(note));
      t.rows.push_back(std::move(row));
    }
    sec.tables.push_back(std::move(t));
    for (const Unresolved& u : gs.unresolved) sec.notes.push_back("并列待裁决：" + names(c, u.contestants));
    sec.signatures = {"裁判长", "监审"};
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
    sec.heading = heading(c, venue.round, venue.group) + " · 赛场 " + venue.key;
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

Result<PrintDocument> score_sheets(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  if (auto s = check_filter(c, f); !s.ok()) return s;
  PrintDocument d = start(c, "score-sheets", "评委评分表（备用纸质）", false);
  for (const Venue& venue : c.venues) {
    if (!selected(c, f, venue.round, venue.group)) continue;
    std::vector<RoundStandings> earlier;
    for (const RoundStandings& rs : r.rounds)
      if (rs.round < venue.round) earlier.push_back(rs);
    std::vector<int> order = entrants_of(c, earlier, venue.round, venue.group);
    for (int j : venue.judges) {
      PrintSection sec;
      sec.heading = heading(c, venue.round, venue.group) + " · 赛场 " + venue.key;
      sec.notes.push_back("评委：" + c.judges[size_t(j)].name + "（" + c.judges[size_t(j)].id + "）");
      std::string rules;
      for (int s : venue.sections) {
        const Section& x = c.sections[size_t(s)];
        rules += (rules.empty() ? "" : "；") + x.name + " 满分 " + format_fixed(x.max_points, c.scale.mark_decimals);
      }
      sec.notes.push_back(rules + "；最小单位 " + format_fixed(c.scale.step, c.scale.mark_decimals) + " 分");
      PrintTable t;
      t.headers = {"序号", "选手"};
      t.widths = {0.6f, 1.6f};
      for (int s : venue.sections) {
        t.headers.push_back(c.sections[size_t(s)].name);
        t.widths.push_back(1.2f);
      }
      t.headers.push_back("用时");
      t.widths.push_back(0.9f);
      int n = 0;
      for (int ct : order) {
        const Contestant& x = c.contestants[size_t(ct)];
        std::vector<PrintCell> row = {text(std::to_string(++n)), text(x.name + " · " + x.school)};
        for (size_t k = 0; k <= venue.sections.size(); ++k) row.push_back(text(""));
        if (is_conflicted(c.judges[size_t(j)], x))  // 回避: this judge marks none of it
          for (size_t k = 0; k < venue.sections.size(); ++k) row[2 + k] = text("回避");
        t.rows.push_back(std::move(row));
      }
      sec.tables.push_back(std::move(t));
      sec.signatures = {"评委签名", "裁判长"};
      d.sections.push_back(std::move(sec));
    }
  }
  return d;
}

Result<std::vector<Certificate>> certificates(const Contest& c, const ContestResult& r, const PrintFilter& f) {
  if (auto s = check_filter(c, f); !s.ok()) return s;
  std::vector<Certificate> out;
  each_group(c, r, f, [&](const RoundStandings& rs, const GroupStandings& gs) {
    const Round& round = c.rounds[size_t(rs.round)];
    for (const Standing& st : gs.standings)
      if (st.award) {
        const Contestant& ct = c.contestants[size_t(st.contestant)];
        out.push_back({ct.name, ct.school, c.groups[size_t(gs.group)].name, round.awards[size_t(*st.award)].name,
                       c.name, c.organizer, c.date, round.name});
      }
  });
  return out;
}

}  // namespace lf
