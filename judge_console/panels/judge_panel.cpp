// 评委: the contestant on stage, the section, a keypad that cannot send an invalid mark, a
// confirmation, and the state of every mark I gave.
#include <cstdio>

#include "judge_console/panels/panel.h"

namespace lf {

namespace {

const MarkLine* my_mark(const ConsoleView& v, const std::string& round, const std::string& ct,
                        const std::string& section) {
  for (const MarkLine& m : v.my_marks)
    if (m.state != MarkState::kRefused && m.round == round && m.contestant == ct && m.section == section) return &m;
  return nullptr;
}

// The latest refusal of my mark for this performance, if it is the last thing I typed for it.
const MarkLine* refused_mark(const ConsoleView& v, const std::string& round, const std::string& ct,
                             const std::string& section) {
  const MarkLine* found = nullptr;
  for (const MarkLine& m : v.my_marks)
    if (m.round == round && m.contestant == ct && m.section == section)
      found = m.state == MarkState::kRefused ? &m : m.state == MarkState::kWaiting ? nullptr : found;
  return found;
}

}  // namespace

void draw_judge(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  // My venue with someone on stage (a judge sits in one venue per round).
  const VenueView* venue = nullptr;
  for (const VenueView* x : v.venues_of_judge(v.person))
    if (!venue || (x->on_stage && !venue->on_stage)) venue = x;
  // Landscape: marking on the left, my marks on the right. Portrait (a tablet held upright):
  // marking on top across the whole width, my marks below.
  const bool portrait = c.height > c.width;
  const ImVec2 area = ImGui::GetContentRegionAvail();
  float left_w = portrait ? area.x : c.width * 0.56f;
  ImGui::BeginChild("mark", ImVec2(left_w, portrait ? area.y * 0.85f : 0), false);
  // The keypad's block (the typed number, its check, the keypad, 提交分数) sits at the bottom of
  // this child at a fixed height: nothing drawn above it (a saved notice, a refusal, a long
  // criterion) can move a key under the judge's finger.
  const float key_h = c.height * (portrait ? 0.05f : 0.064f);
  const float number_h = c.height * (portrait ? 0.07f : 0.095f);
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushFont(c.fonts.body);
  const float problem_h = ImGui::GetTextLineHeight();
  ImGui::PopFont();
  const float block_h = number_h + problem_h + 5 * key_h + 7 * style.ItemSpacing.y;
  const float info_h = std::max(ImGui::GetContentRegionAvail().y - block_h, c.height * 0.05f);
  if (!venue || !venue->on_stage) {
    ImGui::Dummy(ImVec2(0, c.height * 0.2f));
    centered_text(c.fonts.big, s.nobody_on_stage, IM_COL32(170, 180, 200, 255));
  } else {
    const PersonOnStage& who = *venue->on_stage;
    const bool recused = v.recused(*venue, v.person);
    ImGui::BeginChild("info", ImVec2(left_w, info_h), false);
    ImGui::PushFont(c.fonts.body);
    // Where I am: the venue and the round ("小学组预赛赛场 · 小学组预赛").
    auto round = v.round_names.find(who.round);
    std::string where = venue->name;
    if (round != v.round_names.end() && !round->second.empty()) where += " · " + round->second;
    ImGui::TextDisabled("%s · %s", where.c_str(), s.on_stage);
    ImGui::PopFont();
    ImGui::PushFont(c.fonts.big);
    ImGui::TextUnformatted(who.label().c_str());
    if (recused) {  // told before anything is typed (contest-file.md §6)
      ImGui::SameLine();
      ImGui::TextColored(ImColor(245, 180, 40), "%s", s.recused);
    }
    ImGui::PopFont();
    // Section buttons: the venue's sections; the first I have not marked is chosen.
    if (std::find(venue->sections.begin(), venue->sections.end(), ui.section) == venue->sections.end()) {
      ui.section = venue->sections.empty() ? "" : venue->sections.front();
      for (const auto& k : venue->sections)
        if (!my_mark(v, who.round, who.id, k)) {
          ui.section = k;
          break;
        }
    }
    ImGui::PushFont(c.fonts.body);
    // Section tabs flow onto a second line when the width runs out: every one stays reachable.
    const float tabs_right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < venue->sections.size(); ++i) {
      const SectionInfo* si = v.section(venue->sections[i]);
      bool chosen = venue->sections[i] == ui.section;
      const MarkLine* done = my_mark(v, who.round, who.id, venue->sections[i]);
      std::string label = (si ? si->name : venue->sections[i]) + (done ? " ✓" : "");
      float w = ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2;
      if (i && ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= tabs_right) ImGui::SameLine();
      if (big_button(label.c_str(), ImVec2(0, c.height * (portrait ? 0.042f : 0.07f)), true, chosen ? IM_COL32(40, 90, 170, 255) : 0)) {
        ui.section = venue->sections[i];
        ui.entry.reset();
      }
    }
    ImGui::PopFont();
    const SectionInfo* si = v.section(ui.section);
    if (si) {
      std::string key = who.round + "|" + who.id + "|" + si->key;
      if (!ui.entry || ui.entry_for != key) {
        ui.entry.emplace(MarkRules{si->max_units, si->step_units, v.mark_decimals});
        ui.entry_for = key;
        ui.confirming = false;
      }
      MarkEntry& entry = *ui.entry;
      ImGui::PushFont(c.fonts.body);
      char buf[128];
      std::snprintf(buf, sizeof buf, s.max_points, mark_text(si->max_units, v.mark_decimals).c_str(),
                    mark_text(si->step_units, v.mark_decimals).c_str());
      ImGui::TextDisabled("%s", buf);
      if (!si->criteria.empty()) {
        ImGui::TextWrapped("%s：%s", s.criteria, si->criteria.c_str());
      }
      const MarkLine* mine = my_mark(v, who.round, who.id, si->key);
      bool locked = mine && mine->state == MarkState::kLocked;
      if (mine) {
        std::snprintf(buf, sizeof buf, s.already_marked, mine->points.c_str());
        ImGui::TextColored(ImColor(mark_state_color(mine->state)), "%s  %s", buf, mark_state_text(s, mine->state));
        if (mine->state == MarkState::kReturned && !mine->note.empty())
          ImGui::TextColored(ImColor(240, 90, 80), "%s", mine->note.c_str());
      }
      if (const MarkLine* no = refused_mark(v, who.round, who.id, si->key)) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImColor(240, 90, 80), "%s %s：%s", no->points.c_str(), s.state_refused, no->note.c_str());
        ImGui::PopTextWrapPos();
      }
      ImGui::PopFont();
      ImGui::EndChild();  // info
      const bool closed = locked || recused;
      // The number being typed, very large.
      MarkCheck check = entry.check();
      std::string shown = entry.text().empty() ? "—" : entry.text();
      ImGui::GetWindowDrawList()->AddText(
          c.fonts.huge, number_h, ImGui::GetCursorScreenPos(),
          check.ok || entry.text().empty() ? IM_COL32_WHITE : IM_COL32(240, 90, 80, 255), shown.c_str());
      ImGui::Dummy(ImVec2(left_w, number_h));
      ImGui::PushFont(c.fonts.body);
      switch (closed ? MarkProblem::kNone : check.problem) {
        case MarkProblem::kNone:
          // Recused: said where the check of a typed mark goes, right above the (disabled) keys.
          if (recused) ImGui::TextColored(ImColor(245, 180, 40), "%s", s.recused_note);
          else ImGui::TextUnformatted(" ");
          break;
        case MarkProblem::kEmpty: ImGui::TextDisabled("%s", s.enter_mark); break;
        case MarkProblem::kUnfinished: ImGui::TextColored(ImColor(240, 90, 80), "%s", s.mark_unfinished); break;
        case MarkProblem::kInvalid: ImGui::TextColored(ImColor(240, 90, 80), "%s", s.mark_invalid); break;
        case MarkProblem::kAboveMax:
          ImGui::TextColored(ImColor(240, 90, 80), s.mark_above_max, mark_text(si->max_units, v.mark_decimals).c_str());
          break;
        case MarkProblem::kOffStep:
          ImGui::TextColored(ImColor(240, 90, 80), s.mark_off_step, mark_text(si->step_units, v.mark_decimals).c_str());
          break;
      }
      ImGui::PopFont();
      // Keypad and nudges.
      float pad_w = left_w * 0.62f;
      ImGui::PushFont(c.fonts.big);
      ImGui::BeginGroup();
      ImGui::BeginDisabled(closed);
      char k = keypad("mark", pad_w, key_h, v.mark_decimals > 0, s.backspace);
      ImGui::EndDisabled();
      ImGui::EndGroup();
      if (k == '<') entry.backspace();
      else if (k == '.') entry.press_point();
      else if (k) entry.press_digit(k - '0');
      ImGui::SameLine();
      ImGui::BeginGroup();
      const int64_t tenth = v.mark_decimals >= 1 ? si->step_units : 1;
      struct Nudge {
        const char* label;
        int64_t delta;
      } nudges[] = {{"+0.1", tenth}, {"−0.1", -tenth}, {"+0.5", 5 * tenth}, {"−0.5", -5 * tenth}};
      float nudge_w = left_w - pad_w - ImGui::GetStyle().ItemSpacing.x * 2;
      ImGui::BeginDisabled(closed);
      ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, 0));  // centred labels
      for (auto& n : nudges)
        if (ImGui::Button(n.label, ImVec2(nudge_w, key_h))) entry.nudge(n.delta);
      ImGui::PopStyleVar();
      ImGui::EndDisabled();
      ImGui::EndGroup();
      if (big_button(s.submit, ImVec2(left_w - 8, key_h), check.ok && !closed, IM_COL32(30, 120, 70, 255)))
        ui.confirming = true;
      if (closed) ui.confirming = false;
      ImGui::PopFont();
      if (ui.confirming) ImGui::OpenPopup("confirm");
      ImGui::SetNextWindowPos(ImVec2(c.width / 2, c.height / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
      if (ImGui::BeginPopupModal("confirm", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushFont(c.fonts.big);
        std::snprintf(buf, sizeof buf, s.confirm_text, entry.text().c_str());
        ImGui::TextUnformatted((who.label()).c_str());
        ImGui::TextUnformatted((si->name).c_str());
        ImGui::TextUnformatted(buf);
        if (big_button(s.confirm_yes, ImVec2(c.width * 0.22f, key_h), true, IM_COL32(30, 120, 70, 255))) {
          if (c.client) {
            // Mine, over the stored mark as I saw it (the outbox chains it to an unsent one).
            Json body = {{"round", who.round}, {"contestant", who.id}, {"section", si->key},
                         {"points", Json::parse(mark_text(check.units, v.mark_decimals), nullptr, false)},
                         {"judge", v.person}, {"revision", mine ? mine->revision : 0}};
            Status st = c.client->queue_change(kMarksPath, body);
            if (!st.ok()) ui.toasts.push_back({st.to_string(), false, c.time_s + 6});
            else if (!c.status.connected) ui.toasts.push_back({s.saved_locally, true, c.time_s + 3});
          }
          entry.clear();
          ui.confirming = false;
          ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (big_button(s.confirm_no, ImVec2(c.width * 0.22f, key_h))) {
          ui.confirming = false;
          ImGui::CloseCurrentPopup();
        }
        ImGui::PopFont();
        ImGui::EndPopup();
      }
    } else {
      ImGui::EndChild();  // info
    }
  }
  ImGui::EndChild();
  if (!portrait) ImGui::SameLine();
  // My marks, newest first, and the call button.
  ImGui::BeginChild("mine", ImVec2(0, 0), true);
  ImGui::PushFont(c.fonts.body);
  bool calling = c.client && ui.call_action && c.client->in_flight(ui.call_action);
  if (venue && big_button(s.call_head_judge, ImVec2(-1, c.height * 0.08f), !calling, IM_COL32(170, 60, 30, 255)))
    ImGui::OpenPopup("call_why");
  // Why: the head judge sees it beside my name.
  ImGui::SetNextWindowPos(ImVec2(c.width / 2, c.height / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("call_why", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushFont(c.fonts.big);
    ImGui::TextUnformatted(s.call_why);
    for (const char* note : s.call_notes)
      if (big_button(note, ImVec2(c.width * 0.4f, c.height * 0.07f), true, IM_COL32(170, 60, 30, 255))) {
        if (venue && c.client)
          ui.call_action = c.client->act("/api/call-head-judge", {{"venue", venue->key}, {"note", note}});
        ImGui::CloseCurrentPopup();
      }
    if (big_button(s.logout_no, ImVec2(c.width * 0.4f, c.height * 0.07f))) ImGui::CloseCurrentPopup();
    ImGui::PopFont();
    ImGui::EndPopup();
  }
  ImGui::TextUnformatted(s.my_marks);
  if (ImGui::BeginTable("marks", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    for (auto it = v.my_marks.rbegin(); it != v.my_marks.rend(); ++it) {
      const SectionInfo* si = v.section(it->section);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(it->contestant_label.c_str());
      ImGui::TextDisabled("%s", si ? si->name.c_str() : it->section.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(it->points.c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(ImColor(mark_state_color(it->state)), "%s", mark_state_text(s, it->state));
      if (!it->note.empty()) ImGui::TextWrapped("%s", it->note.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();
  ImGui::EndChild();
}

}  // namespace lf
