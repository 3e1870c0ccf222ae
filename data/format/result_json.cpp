#include "data/format/result_json.h"

#include <algorithm>

#include "data/format/json_writer.h"
#include "scoring/engine/fixed_point.h"

namespace lf {

std::vector<std::string> flag_names(unsigned flags) {
  std::vector<std::string> out;
  if (flags & kIncomplete) out.push_back("incomplete");
  if (flags & kUntimed) out.push_back("untimed");
  if (flags & kUnderTime) out.push_back("under_time");
  if (flags & kWithdrawn) out.push_back("withdrawn");
  if (flags & kAbsent) out.push_back("absent");
  if (flags & kWithdrew) out.push_back("withdrew");
  return out;
}

std::string tie_note(const Contest& c, const TieSettlement& tie) {
  std::string sections;
  for (int s : tie.sections) sections += (sections.empty() ? "" : "、") + c.sections[size_t(s)].name;
  switch (tie.by) {
    case TieSettlement::By::kNone: return "";
    case TieSettlement::By::kTieBreak: return "总分相同，按" + sections + "成绩排序";
    case TieSettlement::By::kShared: return "总分相同，名次并列";
    case TieSettlement::By::kRuling:
      return "总分相同，经裁判长裁决" + (tie.reason.empty() ? std::string() : "（" + tie.reason + "）");
  }
  return "";
}

namespace {

const char* tie_by_name(TieSettlement::By by) {
  switch (by) {
    case TieSettlement::By::kTieBreak: return "tie_break";
    case TieSettlement::By::kRuling: return "ruling";
    case TieSettlement::By::kShared: return "shared";
    case TieSettlement::By::kNone: break;
  }
  return "";
}

void write_section(JsonWriter& w, const Contest& c, const SectionResult& s) {
  const Scale& sc = c.scale;
  auto score = [&](std::optional<int64_t> v) {
    if (v) w.number(format_fixed(*v, sc.score_decimals));
    else w.null();
  };
  w.begin_object();
  w.key("marks").begin_array();
  for (size_t i = 0; i < s.marks.size(); ++i)
    if (!s.dropped[i]) w.number(format_fixed(s.marks[i], sc.mark_decimals));
  w.end_array();
  std::vector<int64_t> dropped;
  for (size_t i = 0; i < s.marks.size(); ++i)
    if (s.dropped[i]) dropped.push_back(s.marks[i]);
  std::sort(dropped.rbegin(), dropped.rend());
  w.key("dropped").begin_array();
  for (int64_t m : dropped) w.number(format_fixed(m, sc.mark_decimals));
  w.end_array();
  w.key("average");
  score(s.average);
  w.key("duration_s");
  if (s.duration_s) w.integer(*s.duration_s);
  else w.null();
  w.key("over_s");
  if (s.duration_s) w.integer(s.timing.over_s);
  else w.null();
  w.key("penalty").number(format_fixed(s.timing.penalty, sc.score_decimals));
  w.key("score");
  score(s.score);
  w.end_object();
}

void write_standing(JsonWriter& w, const Contest& c, const Round& r, const Standing& st) {
  const Contestant& ct = c.contestants[size_t(st.contestant)];
  w.begin_object();
  w.key("rank");
  if (st.rank) w.integer(*st.rank);
  else w.null();
  w.key("contestant").string(ct.id);
  w.key("name").string(ct.name);
  w.key("school").string(ct.school);
  w.key("total").number(format_fixed(st.total, c.scale.score_decimals));
  w.key("sections").begin_object();
  for (const SectionResult& s : st.sections) {
    w.key(c.sections[size_t(s.section)].key);
    write_section(w, c, s);
  }
  w.end_object();
  w.key("award");
  if (st.award) w.string(r.awards[size_t(*st.award)].name);
  else w.null();
  w.key("advanced").boolean(st.advanced);
  w.key("flags").begin_array();
  for (const auto& f : flag_names(st.flags)) w.string(f);
  w.end_array();
  if (st.tie.by != TieSettlement::By::kNone) {
    // How an equal total was told apart (contest-file.md §8, an addition): the 备注 people read.
    w.key("tie").begin_object();
    w.key("by").string(tie_by_name(st.tie.by));
    w.key("sections").begin_array();
    for (int s : st.tie.sections) w.string(c.sections[size_t(s)].key);
    w.end_array();
    w.key("note").string(tie_note(c, st.tie));
    w.end_object();
  }
  w.end_object();
}

}  // namespace

std::string result_to_json(const Contest& c, const ContestResult& result) {
  JsonWriter w;
  w.begin_object().key("rounds").begin_array();
  for (const RoundStandings& rs : result.rounds) {
    const Round& r = c.rounds[size_t(rs.round)];
    w.begin_object();
    w.key("round").string(r.key);
    w.key("groups").begin_array();
    for (const GroupStandings& gs : rs.groups) {
      w.begin_object();
      w.key("group").string(c.groups[size_t(gs.group)].key);
      w.key("standings").begin_array();
      for (const Standing& st : gs.standings) write_standing(w, c, r, st);
      w.end_array();
      w.key("unresolved").begin_array();
      for (const Unresolved& u : gs.unresolved) {
        w.begin_object();
        bool award = u.kind == Unresolved::Kind::kAwardBoundary;
        w.key("kind").string(award ? "award_boundary" : "advance_boundary");
        if (award) {
          w.key("awards").begin_array();
          for (int a : u.awards) w.string(r.awards[size_t(a)].name);
          w.end_array();
        }
        w.key("contestants").begin_array();
        for (int ct : u.contestants) w.string(c.contestants[size_t(ct)].id);
        w.end_array();
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array().end_object();
  return w.str() + "\n";
}

}  // namespace lf
