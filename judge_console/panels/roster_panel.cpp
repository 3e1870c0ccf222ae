// The organizer's roster fixes and topics on the running server (issue 24 §6, §7): a name or
// school corrected, a substitute entered, a topic added, and the banks that will not last their
// round. Each is one request the server checks and logs with who, when and what it replaced; a
// refusal comes back as the toast's words. Withdrawing is 弃权 (draw_absences), not here.
#include <algorithm>
#include <cstdio>

#include "judge_console/panels/panel.h"

#include <imgui_stdlib.h>  // after imgui.h (through panel.h): it uses ImGui's types

namespace lf {

namespace {

// The reason buttons of one form: the chosen one highlighted.
void reason_buttons(const char* const (&reasons)[2], int& chosen, const std::string& what) {
  for (size_t i = 0; i < std::size(reasons); ++i) {
    same_line_if_fits(button_width(reasons[i]));
    if (big_button((std::string(reasons[i]) + "##" + what).c_str(), ImVec2(0, 0), true,
                   chosen == int(i) ? IM_COL32(40, 90, 170, 255) : 0))
      chosen = int(i);
  }
}

// A labelled text field on one line.
void text_field(const char* label, const char* id, std::string& text, float width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width);
  ImGui::InputText(id, &text);
}

// The name and school fields of a form, then its reasons: one line each.
void name_school_reason(PanelContext& c, const std::string& form, std::string& name,
                        std::string& school, const char* const (&reasons)[2], int& reason) {
  const ConsoleStrings& s = *c.s;
  const float field = std::min(c.width * 0.25f, ImGui::GetContentRegionAvail().x);
  text_field(s.roster_name, ("##name_" + form).c_str(), name, field);
  ImGui::SameLine();
  text_field(s.roster_school, ("##school_" + form).c_str(), school, field);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.roster_reason);
  reason_buttons(reasons, reason, form);
}

void say(PanelContext& c, const char* problem) {
  c.ui->toasts.push_back({problem, false, c.time_s + 4});
}

void draw_correction(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi::RosterUi& r = c.ui->roster;
  if (v.contestants.empty()) return;
  if (r.choice >= int(v.contestants.size())) r.choice = -1;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.roster_correct);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(c.width * 0.4f, ImGui::GetContentRegionAvail().x));
  // Nobody chosen at first: a correction is never aimed at whoever happens to be listed first.
  const char* preview =
      r.choice < 0 ? s.choose_contestant : v.contestants[size_t(r.choice)].second.c_str();
  if (ImGui::BeginCombo("##roster_who", preview)) {
    for (size_t i = 0; i < v.contestants.size(); ++i)
      if (ImGui::Selectable((v.contestants[i].second + "##roster" + v.contestants[i].first).c_str(),
                            int(i) == r.choice))
        r.choice = int(i);
    ImGui::EndCombo();
  }
  if (r.choice < 0) return;
  const std::string& id = v.contestants[size_t(r.choice)].first;
  if (r.filled_for != id) {  // another teacher chosen: start from what is registered
    auto now = v.name_and_school.find(id);
    r.name = now == v.name_and_school.end() ? "" : now->second.first;
    r.school = now == v.name_and_school.end() ? "" : now->second.second;
    r.filled_for = id, r.reason = -1;
  }
  name_school_reason(c, "correct", r.name, r.school, s.roster_reasons, r.reason);
  const std::string what = "roster:correct|" + id;
  same_line_if_fits(button_width(s.roster_send));
  if (big_button((std::string(s.roster_send) + "##" + what).c_str(), ImVec2(0, 0), !busy(c, what),
                 IM_COL32(120, 60, 40, 255))) {
    if (r.reason < 0)
      say(c, s.roster_pick_reason);
    else
      run(c, what, "/api/roster/correct",
          {{"contestant", id},
           {"name", r.name},
           {"school", r.school},
           {"reason", s.roster_reasons[r.reason]}});
  }
}

void draw_substitute(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi::RosterUi& r = c.ui->roster;
  if (v.group_names.empty()) return;
  r.group = std::clamp(r.group, 0, int(v.group_names.size()) - 1);
  auto group = std::next(v.group_names.begin(), r.group);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.roster_add);
  int i = 0;
  for (const auto& [key, name] : v.group_names) {
    same_line_if_fits(button_width(name.c_str()));
    if (big_button((name + "##sub_group").c_str(), ImVec2(0, 0), true,
                   i == r.group ? IM_COL32(40, 90, 170, 255) : 0))
      r.group = i;
    ++i;
  }
  name_school_reason(c, "substitute", r.sub_name, r.sub_school, s.substitute_reasons, r.sub_reason);
  const std::string what = "roster:add|" + group->first;
  same_line_if_fits(button_width(s.roster_add_send));
  if (big_button((std::string(s.roster_add_send) + "##" + what).c_str(), ImVec2(0, 0),
                 !busy(c, what), IM_COL32(120, 60, 40, 255))) {
    if (r.sub_name.empty() || r.sub_school.empty())
      say(c, s.roster_fill_both);
    else if (r.sub_reason < 0)
      say(c, s.roster_pick_reason);
    else
      run(c, what, "/api/roster/add",
          {{"group", group->first},
           {"name", r.sub_name},
           {"school", r.sub_school},
           {"reason", s.substitute_reasons[r.sub_reason]}});
  }
  ImGui::TextDisabled("%s", s.roster_substitute_note);
}

void draw_topic_add(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi::RosterUi& r = c.ui->roster;
  if (v.sections.empty()) return;
  r.section = std::clamp(r.section, 0, int(v.sections.size()) - 1);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.topic_add);
  for (size_t i = 0; i < v.sections.size(); ++i) {
    const std::string& name = v.sections[i].name;
    same_line_if_fits(button_width(name.c_str()));
    if (big_button((name + "##topic_section").c_str(), ImVec2(0, 0), true,
                   int(i) == r.section ? IM_COL32(40, 90, 170, 255) : 0))
      r.section = int(i);
  }
  text_field(s.topic_text, "##topic_text", r.topic,
             std::min(c.width * 0.6f, ImGui::GetContentRegionAvail().x * 0.7f));
  const std::string& section = v.sections[size_t(r.section)].key;
  const std::string what = "topic:add|" + section;
  ImGui::SameLine();
  if (big_button((std::string(s.topic_add_send) + "##" + what).c_str(), ImVec2(0, 0),
                 !busy(c, what) && !r.topic.empty(), IM_COL32(120, 60, 40, 255)))
    run(c, what, "/api/topics/add", {{"section", section}, {"topic", r.topic}});
}

}  // namespace

void draw_topic_shortfalls(PanelContext& c) {
  const ConsoleView& v = *c.view;
  if (v.topic_shortfalls.empty()) return;
  ImGui::PushTextWrapPos(0.0f);
  for (const std::string& line : v.topic_shortfalls)
    ImGui::TextColored(ImColor(245, 180, 40), "%s%s", c.s->topic_banks_short, line.c_str());
  ImGui::PopTextWrapPos();
}

void draw_roster(PanelContext& c) {
  ImGui::Separator();
  ImGui::TextUnformatted(c.s->roster_title);
  draw_correction(c);
  draw_substitute(c);
  draw_topic_add(c);
}

}  // namespace lf
