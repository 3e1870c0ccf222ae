#include "scoring/cli/standings_table.h"

#include <algorithm>

#include "scoring/cli/text_width.h"
#include "scoring/engine/fixed_point.h"

namespace lf::cli {

namespace {

std::string flags_text(const Standing& st) {
  std::string out;
  auto add = [&](const char* s) {
    if (!out.empty()) out += "、";
    out += s;
  };
  if (st.flags & kAbsent) add("缺赛");
  else if (st.flags & kWithdrawn) add("弃权");
  if (st.flags & kIncomplete) add("缺评分");
  if (st.flags & kUntimed) add("缺计时");
  if (st.flags & kUnderTime) add("用时不足");
  return out;
}

std::string ids_text(const Contest& c, const std::vector<int>& ids) {
  std::string out;
  for (int id : ids) {
    if (!out.empty()) out += "、";
    out += c.contestants[size_t(id)].name + "(" + c.contestants[size_t(id)].id + ")";
  }
  return out;
}

}  // namespace

std::string standings_table(const Contest& c, const ContestResult& result) {
  std::string out;
  if (!c.name.empty()) out += c.name + "\n";
  for (const RoundStandings& rs : result.rounds) {
    const Round& r = c.rounds[size_t(rs.round)];
    for (const GroupStandings& gs : rs.groups) {
      out += "\n【" + r.name + " · " + c.groups[size_t(gs.group)].name + "】\n";
      // Header then rows, as cells; widths are measured afterwards.
      std::vector<std::vector<std::string>> rows;
      std::vector<std::string> head = {"名次", "编号", "姓名", "学校"};
      for (int s : r.sections) head.push_back(c.sections[size_t(s)].name);
      head.push_back("总分");
      if (!r.awards.empty()) head.push_back("奖项");
      if (r.advance) head.push_back("晋级");
      head.push_back("备注");
      rows.push_back(head);
      for (const Standing& st : gs.standings) {
        const Contestant& ct = c.contestants[size_t(st.contestant)];
        std::vector<std::string> row = {st.rank ? std::to_string(*st.rank) : "—", ct.id, ct.name,
                                        ct.school};
        for (const SectionResult& s : st.sections)
          row.push_back(s.score ? format_fixed(*s.score, c.scale.score_decimals) : "—");
        row.push_back(format_fixed(st.total, c.scale.score_decimals));
        if (!r.awards.empty()) row.push_back(st.award ? r.awards[size_t(*st.award)].name : "");
        if (r.advance) row.push_back(st.advanced ? "晋级" : "");
        row.push_back(flags_text(st));
        rows.push_back(std::move(row));
      }
      std::vector<size_t> width(head.size(), 0);
      for (const auto& row : rows)
        for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
      const size_t first_score = 4, last_score = 4 + r.sections.size();  // inclusive of 总分
      for (const auto& row : rows) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) {
          bool numeric = (i == 0) || (i >= first_score && i <= last_score);
          line += numeric ? pad_left(row[i], width[i]) : pad_right(row[i], width[i]);
          if (i + 1 < row.size()) line += "  ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
      }
      for (const Unresolved& u : gs.unresolved) {
        out += "⚠ 并列待裁决（";
        if (u.kind == Unresolved::Kind::kAdvanceBoundary) {
          out += "晋级线";
        } else {
          for (size_t i = 0; i < u.awards.size(); ++i)
            out += (i ? "/" : "") + r.awards[size_t(u.awards[i])].name;
        }
        out += "）：" + ids_text(c, u.contestants) + "，须由裁判长记录裁决。\n";
      }
    }
  }
  return out;
}

}  // namespace lf::cli
