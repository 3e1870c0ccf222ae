#include "display/glyphs.h"

#include "scoring/protocol/session_end.h"

namespace lf {

bool add_display_glyphs(const DisplayStrings& s, const DisplaySnapshot* snap, GlyphSet& set) {
  size_t before = set.size();
  for (const char* x : {s.rank, s.name, s.school, s.total, s.absent, s.withdrew, s.provisional, s.final_result,
                        s.advance_certain, s.advance_at_risk, s.advance_legend, s.page, s.on_stage,
                        s.nobody_on_stage, s.join_caption, s.venue, s.time_left_to_min, s.overtime, s.penalty,
                        s.points, s.judges_marks, s.dropped_note, s.average, s.section_score,
                        s.new_total, s.current_rank, s.unranked, s.awards_title, s.awards_not_final, s.awards_open_tie, s.no_penalty,
                        s.awards_press, s.no_results, s.no_reveal, s.disconnected, s.connecting,
                        s.login_banner, s.relogin, s.code_reissued, s.code_refused,
                        s.help_title, s.auto_on, s.manual, s.seconds, "亮分"})
    set.add(x);
  for (const char* l : s.help_lines)
    if (l) set.add(l);
  for (const protocol::session_end::Words& w : protocol::session_end::kWords) set.add(w.message);
  if (snap) {
    set.add(snap->contest_name + snap->contest_date + snap->organizer);
    for (const Leaderboard& b : snap->boards) {
      set.add(b.title);
      for (const auto& n : b.section_names) set.add(n);
      for (const LeaderRow& r : b.rows) set.add(r.name + r.school + r.award + r.note);
    }
    for (const StageView& v : snap->stages) set.add(v.venue + v.title + v.contestant_name + v.school + v.section_name);
    if (snap->reveal) set.add(snap->reveal->title + snap->reveal->contestant_name + snap->reveal->school + snap->reveal->section_name);
    for (const AwardsView& a : snap->awards) {
      set.add(a.title);
      for (const AwardTier& t : a.tiers) set.add(t.award);
    }
  }
  return set.size() != before;
}

DisplaySnapshot drawable_snapshot(DisplaySnapshot snap) {
  auto fix = [](std::string& s) { s = drawable_text(s); };
  auto fix_row = [&](LeaderRow& r) {
    fix(r.name);
    fix(r.school);
    fix(r.award);
    fix(r.note);
  };
  fix(snap.contest_name);
  fix(snap.contest_date);
  fix(snap.organizer);
  for (Leaderboard& b : snap.boards) {
    fix(b.title);
    for (auto& n : b.section_names) fix(n);
    for (LeaderRow& r : b.rows) fix_row(r);
  }
  for (StageView& v : snap.stages)
    for (std::string* s : {&v.venue, &v.title, &v.contestant_name, &v.school, &v.section_name}) fix(*s);
  if (snap.reveal)
    for (std::string* s : {&snap.reveal->title, &snap.reveal->contestant_name, &snap.reveal->school,
                           &snap.reveal->section_name})
      fix(*s);

  for (AwardsView& a : snap.awards) {
    fix(a.title);
    for (AwardTier& t : a.tiers) {
      fix(t.award);
      for (LeaderRow& r : t.rows) fix_row(r);
    }
  }
  return snap;
}

GlyphSet huge_font_glyphs() {
  GlyphSet g;  // ASCII (digits, ':', '.', '-') and the few signs the constructor adds
  return g;
}

}  // namespace lf
