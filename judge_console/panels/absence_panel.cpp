// 缺赛 / 弃权 on the organizer's and the head judge's screens: what is recorded (who, when, why)
// with 撤销 beside each, and recording one for a teacher chosen from a list, always with one of
// the reasons the hall uses (docs/api.md, POST /api/absence). The server decides who may: a head
// judge only ever sees their own round and group here.
#include <algorithm>
#include <cstdio>

#include "data/live/history.h"
#include "judge_console/panels/panel.h"

namespace lf {

namespace {

struct Candidate {
  std::string round, contestant, label;
};

// Who may be recorded: each entrant of the venue's round (of every venue for the organizer)
// not out of it yet, once per round; the one on stage first.
std::vector<Candidate> candidates(const ConsoleView& v, const VenueView* only) {
  std::vector<Candidate> out;
  for (const PanelView& p : v.panels) {
    if (only && p.round != only->round) continue;
    if (!p.absence.empty() || v.absence(p.round, p.contestant)) continue;
    bool seen = std::any_of(out.begin(), out.end(), [&](const Candidate& x) {
      return x.round == p.round && x.contestant == p.contestant;
    });
    // The draw number first, as the steward calls them (a name, never an id, when not drawn).
    std::string label = (p.draw ? std::to_string(p.draw) + " 号  " : "") + p.contestant_label;
    if (!seen) out.push_back({p.round, p.contestant, label});
  }
  if (only && only->on_stage) {
    auto on = std::find_if(out.begin(), out.end(), [&](const Candidate& x) { return x.contestant == only->on_stage->id; });
    if (on != out.end()) std::rotate(out.begin(), on, on + 1);
  }
  return out;
}

}  // namespace

const char* absence_text(const ConsoleStrings& s, const std::string& status) {
  return status == "absent" ? s.absent_word : status == "withdrew" ? s.withdrew_word
                                            : status == "withdrawn" ? s.withdrawn_word : "";
}

void draw_absences(PanelContext& c, const VenueView* only) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  ImGui::Separator();
  ImGui::TextUnformatted(s.absences_title);
  // What is recorded: for a head judge, of their own venue's teachers.
  char line[1024];
  int shown = 0;
  for (const AbsenceView& a : v.absences) {
    if (only && std::none_of(v.panels.begin(), v.panels.end(), [&](const PanelView& p) {
          return p.round == a.round && p.contestant == a.contestant;
        }))
      continue;  // another venue's (the public list names every round's)
    std::string when = a.at_ms > 0 ? beijing_time_text(a.at_ms) : std::string("—");
    std::snprintf(line, sizeof line, s.absence_line, a.contestant_label.c_str(), name_of(v.round_names, a.round).c_str(),
                  absence_text(s, a.status), a.by_name.empty() ? "—" : a.by_name.c_str(), when.c_str(),
                  a.reason.c_str());
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImColor(150, 170, 200), "%s", line);
    std::string what = "absence:" + a.round + "|" + a.contestant;
    same_line_if_fits(button_width(s.absence_clear));
    if (big_button((std::string(s.absence_clear) + "##" + what).c_str(), ImVec2(0, 0), !busy(c, what)))
      run(c, what, "/api/absence",
          {{"round", a.round}, {"contestant", a.contestant}, {"status", "cleared"}, {"reason", s.absence_clear_reason}});
    ++shown;
  }
  if (!shown) ImGui::TextDisabled("%s", s.absence_none);
  // Recording one: the teacher, then the reason (缺赛 for the first, 弃权 for the others).
  std::vector<Candidate> list = candidates(v, only);
  if (list.empty()) return;
  std::string on_stage = only && only->on_stage ? only->on_stage->id : "";
  if (ui.absence_for != on_stage) ui.absence_for = on_stage, ui.absence_choice = 0;  // the stage changed
  ui.absence_choice = std::clamp(ui.absence_choice, 0, int(list.size()) - 1);
  auto label = [&](const Candidate& x) { return only ? x.label : name_of(v.round_names, x.round) + " · " + x.label; };
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.absence_pick);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(c.width * 0.45f, ImGui::GetContentRegionAvail().x));
  if (ImGui::BeginCombo("##absence", label(list[size_t(ui.absence_choice)]).c_str())) {
    for (size_t i = 0; i < list.size(); ++i)
      if (ImGui::Selectable((label(list[i]) + "##" + list[i].round + list[i].contestant).c_str(),
                            int(i) == ui.absence_choice))
        ui.absence_choice = int(i);
    ImGui::EndCombo();
  }
  const Candidate& who = list[size_t(ui.absence_choice)];
  std::string what = "absence:" + who.round + "|" + who.contestant;
  for (size_t i = 0; i < std::size(s.absence_reasons); ++i) {
    const char* status = i == 0 ? "absent" : "withdrew";
    std::snprintf(line, sizeof line, s.absence_record, absence_text(s, status), s.absence_reasons[i]);
    same_line_if_fits(button_width(line));
    if (big_button((std::string(line) + "##" + what).c_str(), ImVec2(0, 0), !busy(c, what), IM_COL32(120, 60, 40, 255)))
      run(c, what, "/api/absence",
          {{"round", who.round}, {"contestant", who.contestant}, {"status", status}, {"reason", s.absence_reasons[i]}});
  }
}

}  // namespace lf
