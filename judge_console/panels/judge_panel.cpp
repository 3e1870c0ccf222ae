// 评委: the performance my keypad is on — who is on stage at the section being performed (the
// server's stage.section), or any performance of mine picked from my list until its 亮分 (issue
// 24 §1, §2) — a keypad that cannot send an invalid mark, a confirmation, and my list of
// performances (待打分 / 已保存 / 被退回 / 已亮分).
#include <algorithm>
#include <cstdio>

#include "judge_console/panels/panel.h"

namespace lf {

namespace {

const ImU32 kRed = IM_COL32(240, 90, 80, 255);
const ImU32 kAmber = IM_COL32(245, 180, 40, 255);

// My venue with someone on stage; a judge on panels of several rounds (issue 24 §8): the one
// whose teacher was called last (the round running now).
const VenueView* stage_venue(const ConsoleView& v) {
  const VenueView* venue = nullptr;
  for (const VenueView* x : v.venues_of_judge(v.person))
    if (!venue ||
        (x->on_stage && (!venue->on_stage || x->on_stage_since_ms > venue->on_stage_since_ms)))
      venue = x;
  return venue;
}

std::string section_name(const ConsoleView& v, const std::string& key) {
  const SectionInfo* si = v.section(key);
  return si ? si->name : key;
}

// The keypad follows the stage: whenever who is on stage or the section being performed changes
// (a new call, the timekeeper's 开始 for the next section), it moves there; otherwise it stays
// where the judge put it. Not while 确认提交 asks: the dialog's performance stays put.
void follow_stage(const ConsoleView& v, const VenueView* venue, ConsoleUi& ui) {
  if (ui.confirming || !venue || !venue->on_stage)
    return;  // nobody on stage: a late mark may go on
  const PersonOnStage& who = *venue->on_stage;
  std::string section = venue->performed_section;
  const auto& secs = venue->sections;
  if (std::find(secs.begin(), secs.end(), section) == secs.end()) {
    // A server that does not say (before API stage.section): the first section I have not marked.
    section = secs.empty() ? "" : secs.front();
    for (const std::string& k : secs)
      if (!v.my_mark(who.round, who.id, k)) {
        section = k;
        break;
      }
  }
  // The server's word only: the fallback above must not move the keypad each time a mark is saved.
  std::string stage = venue->performance() + "|" + venue->performed_section;
  if (stage == ui.followed) return;
  ui.followed = stage;
  ui.target = MyPerformance{venue->key, who.round, who.id, who.label(), section, false};
}

bool is_on_stage(const VenueView* venue, const MyPerformance& p) {
  return venue && venue->on_stage && venue->key == p.venue && venue->on_stage->round == p.round &&
         venue->on_stage->id == p.contestant;
}

std::string label_of(const ConsoleView& v, const std::string& contestant) {
  auto it = v.names.find(contestant);
  return it != v.names.end() ? it->second : contestant;
}

// Moves the keypad to `p` (a tab, a row of my list, a banner): what was typed elsewhere stays.
void open_performance(ConsoleUi& ui, const MyPerformance& p) {
  ui.target = p;
  ui.confirming = false;
}

// Above the performance: my marks sent back (被退回) and numbers typed but not sent for other
// performances; each opens its performance.
void draw_notices(PanelContext& c) {
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  char buf[256];
  int n = 0;
  for (const MyPerformance& p : v.my_performances) {
    if (p.key() == ui.target.key() || v.my_state(p) != MarkState::kReturned) continue;
    std::snprintf(buf, sizeof buf, c.s->returned_banner, p.contestant_label.c_str(),
                  section_name(v, p.section).c_str());
    ImGui::PushID(n++);
    if (big_button(buf, ImVec2(-1, 0), true, IM_COL32(150, 45, 40, 255))) open_performance(ui, p);
    ImGui::PopID();
  }
  for (const auto& [key, entry] : ui.drafts) {
    if (key == ui.target.key() || entry.text().empty()) continue;
    const MyPerformance* p = nullptr;
    for (const MyPerformance& x : v.my_performances)
      if (x.key() == key) p = &x;
    if (!p) continue;  // no longer mine to mark (published, 缺赛): nothing to continue
    std::snprintf(buf, sizeof buf, c.s->draft_kept, entry.text().c_str(),
                  p->contestant_label.c_str(), section_name(v, p->section).c_str());
    ImGui::PushID(n++);
    if (big_button(buf, ImVec2(-1, 0), true, IM_COL32(120, 90, 20, 255))) open_performance(ui, *p);
    ImGui::PopID();
  }
}

// Where and who: the venue and round (on stage, or 已离场 in amber), the teacher's name, and 回避
// when it applies.
void draw_who(PanelContext& c, const VenueView& venue, bool on_stage, bool recused) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  const MyPerformance& t = c.ui->target;
  ImGui::PushFont(c.fonts.body);
  auto round = v.round_names.find(t.round);
  std::string where = venue.name;
  if (round != v.round_names.end() && !round->second.empty()) where += " · " + round->second;
  if (on_stage)
    ImGui::TextDisabled("%s · %s", where.c_str(), s.on_stage);
  else
    ImGui::TextColored(ImColor(kAmber), "%s · %s", where.c_str(), s.left_stage);
  ImGui::PopFont();
  ImGui::PushFont(c.fonts.big);
  ImGui::TextUnformatted(label_of(v, t.contestant).c_str());
  if (recused) {  // told before anything is typed (contest-file.md §6)
    ImGui::SameLine();
    ImGui::TextColored(ImColor(kAmber), "%s", s.recused);
  }
  ImGui::PopFont();
}

// The venue's sections as tabs, the target's highlighted. They flow onto a second line when the
// width runs out: every one stays reachable. A ✓ only for a mark that stands: a returned one has
// to be given again.
void draw_keypad_section_tabs(PanelContext& c, const VenueView& venue) {
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  const MyPerformance& t = ui.target;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float tabs_right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const bool portrait = c.height > c.width;
  for (size_t i = 0; i < venue.sections.size(); ++i) {
    const std::string& k = venue.sections[i];
    const MarkLine* done = v.my_mark(t.round, t.contestant, k);
    bool stands = done && done->state != MarkState::kReturned;
    std::string label = section_name(v, k) + (stands ? " ✓" : "");
    float w = ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2;
    if (i && ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= tabs_right) ImGui::SameLine();
    if (big_button(label.c_str(), ImVec2(0, c.height * (portrait ? 0.042f : 0.07f)), true,
                   k == t.section ? IM_COL32(40, 90, 170, 255) : 0)) {
      MyPerformance p = t;
      p.section = k;
      open_performance(ui, p);
    }
  }
}

// The target section's rule (maximum, step, criteria) and the state of my mark for it (saved,
// sent back with the head judge's note, refused). Returns whether its 亮分 locks the keypad.
bool draw_section_rule(PanelContext& c, const SectionInfo& si) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  const MyPerformance& t = c.ui->target;
  char buf[256];
  std::snprintf(buf, sizeof buf, s.max_points, mark_text(si.max_units, v.mark_decimals).c_str(),
                mark_text(si.step_units, v.mark_decimals).c_str());
  ImGui::TextDisabled("%s", buf);
  if (!si.criteria.empty()) ImGui::TextWrapped("%s：%s", s.criteria, si.criteria.c_str());
  const MarkLine* mine = v.my_mark(t.round, t.contestant, si.key);
  bool locked = false;
  for (const MyPerformance& p : v.my_performances)
    if (p.key() == t.key()) locked = p.published;
  locked = locked || (mine && mine->state == MarkState::kLocked);
  if (mine) {
    std::snprintf(buf, sizeof buf, s.already_marked, mine->points.c_str());
    ImGui::TextColored(ImColor(mark_state_color(mine->state)), "%s  %s", buf,
                       mark_state_text(s, mine->state));
    if (mine->state == MarkState::kReturned && !mine->note.empty())
      ImGui::TextColored(ImColor(kRed), "%s", mine->note.c_str());
  } else if (locked) {
    ImGui::TextColored(ImColor(mark_state_color(MarkState::kLocked)), "%s", s.state_locked);
  }
  if (const MarkLine* no = v.refused_mark(t.round, t.contestant, si.key)) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImColor(kRed), "%s %s：%s", no->points.c_str(), s.state_refused,
                       no->note.c_str());
    ImGui::PopTextWrapPos();
  }
  return locked;
}

// Where, who, the section tabs, the section's rule and the state of my mark for it. Returns
// whether the keypad is closed for the target (published, or 回避).
bool draw_target_info(PanelContext& c, const VenueView* stage, const VenueView& venue) {
  const ConsoleView& v = *c.view;
  const bool on_stage = is_on_stage(stage, c.ui->target);
  const bool recused = on_stage && v.recused(venue, v.person);
  draw_who(c, venue, on_stage, recused);
  ImGui::PushFont(c.fonts.body);
  if (!on_stage && stage && stage->on_stage) {  // the keypad is away from who is on stage
    char buf[256];
    std::snprintf(buf, sizeof buf, c.s->back_to_stage, stage->on_stage->label().c_str());
    if (big_button(buf, ImVec2(0, 0), true, IM_COL32(40, 90, 170, 255))) {
      c.ui->followed.clear();  // follow the stage again, at the section being performed
      c.ui->confirming = false;
    }
  }
  draw_keypad_section_tabs(c, venue);
  const SectionInfo* si = v.section(c.ui->target.section);
  const bool locked = si && draw_section_rule(c, *si);
  ImGui::PopFont();
  return locked || recused;
}

// The number being typed (red when it cannot be sent) and what is wrong with it, or 回避 right
// above the (disabled) keys.
void draw_typed_number(PanelContext& c, const SectionInfo& si, const MarkEntry& entry,
                       const MarkCheck& check, bool closed, bool recused, float left_w,
                       float number_h) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  std::string shown = entry.text().empty() ? "—" : entry.text();
  ImGui::GetWindowDrawList()->AddText(c.fonts.huge, number_h, ImGui::GetCursorScreenPos(),
                                      check.ok || entry.text().empty() ? IM_COL32_WHITE : kRed,
                                      shown.c_str());
  ImGui::Dummy(ImVec2(left_w, number_h));
  ImGui::PushFont(c.fonts.body);
  switch (closed ? MarkProblem::kNone : check.problem) {
    case MarkProblem::kNone:
      // Recused: said where the check of a typed mark goes, right above the (disabled) keys.
      if (recused)
        ImGui::TextColored(ImColor(kAmber), "%s", s.recused_note);
      else
        ImGui::TextUnformatted(" ");
      break;
    case MarkProblem::kEmpty:
      ImGui::TextDisabled("%s", s.enter_mark);
      break;
    case MarkProblem::kUnfinished:
      ImGui::TextColored(ImColor(kRed), "%s", s.mark_unfinished);
      break;
    case MarkProblem::kInvalid:
      ImGui::TextColored(ImColor(kRed), "%s", s.mark_invalid);
      break;
    case MarkProblem::kAboveMax:
      ImGui::TextColored(ImColor(kRed), s.mark_above_max,
                         mark_text(si.max_units, v.mark_decimals).c_str());
      break;
    case MarkProblem::kOffStep:
      ImGui::TextColored(ImColor(kRed), s.mark_off_step,
                         mark_text(si.step_units, v.mark_decimals).c_str());
      break;
  }
  ImGui::PopFont();
}

// The digit keys, the nudge buttons beside them and 提交分数 (which opens the confirmation).
void draw_keys(PanelContext& c, MarkEntry& entry, const MarkCheck& check, bool closed, float left_w,
               float key_h) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  float pad_w = left_w * 0.62f;
  ImGui::PushFont(c.fonts.big);
  ImGui::BeginGroup();
  ImGui::BeginDisabled(closed);
  char k = keypad("mark", pad_w, key_h, v.mark_decimals > 0, s.backspace);
  ImGui::EndDisabled();
  ImGui::EndGroup();
  if (k == '<')
    entry.backspace();
  else if (k == '.')
    entry.press_point();
  else if (k)
    entry.press_digit(k - '0');
  ImGui::SameLine();
  ImGui::BeginGroup();
  const ImGuiStyle& style = ImGui::GetStyle();
  float nudge_w = left_w - pad_w - style.ItemSpacing.x * 2;
  ImGui::BeginDisabled(closed);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(style.FramePadding.x, 0));  // centred labels
  for (const NudgeButton& n : kNudgeButtons)
    if (ImGui::Button(n.label, ImVec2(nudge_w, key_h)))
      entry.nudge(nudge_units(entry.rules(), n.tenths));
  ImGui::PopStyleVar();
  ImGui::EndDisabled();
  ImGui::EndGroup();
  if (big_button(s.submit, ImVec2(left_w - 8, key_h), check.ok && !closed,
                 IM_COL32(30, 120, 70, 255)))
    ui.confirming = true;
  if (closed) ui.confirming = false;
  ImGui::PopFont();
}

// 确认提交: who, the section and the number; 确认 queues the mark in the outbox (and drops the
// draft), 返回 closes the question.
void draw_confirm_mark(PanelContext& c, const SectionInfo& si, const MarkEntry& entry,
                       const MarkCheck& check, float key_h) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  const MyPerformance t = ui.target;
  if (ui.confirming) ImGui::OpenPopup("confirm");
  ImGui::SetNextWindowPos(ImVec2(c.width / 2, c.height / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("confirm", nullptr,
                              ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize))
    return;
  ImGui::PushFont(c.fonts.big);
  char buf[128];
  std::snprintf(buf, sizeof buf, s.confirm_text, entry.text().c_str());
  ImGui::TextUnformatted(label_of(v, t.contestant).c_str());
  ImGui::TextUnformatted(si.name.c_str());
  ImGui::TextUnformatted(buf);
  if (big_button(s.confirm_yes, ImVec2(c.width * 0.22f, key_h), true, IM_COL32(30, 120, 70, 255))) {
    const MarkLine* mine = v.my_mark(t.round, t.contestant, si.key);
    // Mine, over the stored mark as I saw it (the outbox chains it to an unsent one).
    Json body = {{"round", t.round},
                 {"contestant", t.contestant},
                 {"section", si.key},
                 {"points", Json::parse(mark_text(check.units, v.mark_decimals), nullptr, false)},
                 {"judge", v.person},
                 {"revision", mine ? mine->revision : 0}};
    if (c.client) {
      Status st = c.client->queue_change(kMarksPath, body);
      if (!st.ok())
        ui.toasts.push_back({st.to_string(), false, c.time_s + 6});
      else if (!c.status.connected)
        ui.toasts.push_back({s.saved_locally, true, c.time_s + 3});
    } else if (c.sent) {
      c.sent->sent.push_back({kMarksPath, body});
    }
    ui.drafts.erase(t.key());  // `entry` is gone with it
    ui.confirming = false;
    ImGui::CloseCurrentPopup();
  } else {
    ImGui::SameLine();
    if (big_button(s.confirm_no, ImVec2(c.width * 0.22f, key_h))) {
      ui.confirming = false;
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::PopFont();
  ImGui::EndPopup();
}

// The number being typed, its check, the keypad and 提交分数, and the confirmation.
void draw_keypad_block(PanelContext& c, const SectionInfo& si, bool closed, bool recused,
                       float left_w, float number_h, float key_h) {
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  auto [it, fresh] = ui.drafts.try_emplace(ui.target.key(),
                                           MarkRules{si.max_units, si.step_units, v.mark_decimals});
  (void)fresh;
  MarkEntry& entry = it->second;
  MarkCheck check = entry.check();
  draw_typed_number(c, si, entry, check, closed, recused, left_w, number_h);
  draw_keys(c, entry, check, closed, left_w, key_h);
  draw_confirm_mark(c, si, entry, check, key_h);
}

// The marking side: notices, the performance, and the keypad's block at a fixed height at the
// bottom: nothing drawn above it (a notice, a refusal, a long criterion) can move a key under the
// judge's finger.
void draw_marking(PanelContext& c, const VenueView* stage, float left_w, bool portrait) {
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  const ImVec2 area = ImGui::GetContentRegionAvail();
  ImGui::BeginChild("mark", ImVec2(left_w, portrait ? area.y * 0.85f : 0), false);
  const float key_h = c.height * (portrait ? 0.05f : 0.064f);
  const float number_h = c.height * (portrait ? 0.07f : 0.095f);
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushFont(c.fonts.body);
  const float problem_h = ImGui::GetTextLineHeight();
  ImGui::PopFont();
  const float block_h = number_h + problem_h + 5 * key_h + 7 * style.ItemSpacing.y;
  const float info_h = std::max(ImGui::GetContentRegionAvail().y - block_h, c.height * 0.05f);
  const VenueView* venue = ui.target.round.empty() ? nullptr : v.venue_view(ui.target.venue);
  ImGui::BeginChild("info", ImVec2(left_w, info_h), false);
  bool closed = true, recused = false;
  if (!venue) {
    ImGui::Dummy(ImVec2(0, c.height * 0.15f));
    centered_text(c.fonts.big, c.s->nobody_on_stage, IM_COL32(170, 180, 200, 255));
  } else {
    closed = draw_target_info(c, stage, *venue);
    recused = is_on_stage(stage, ui.target) && v.recused(*venue, v.person);
  }
  ImGui::EndChild();  // info
  if (const SectionInfo* si = venue ? v.section(ui.target.section) : nullptr)
    draw_keypad_block(c, *si, closed, recused, left_w, number_h, key_h);
  ImGui::EndChild();  // mark
}

// My performances, the latest called first (each teacher's sections in the venue's order), each
// with my mark and its state; tapping one opens it on the keypad. Then any mark of mine the list
// does not hold (an older server).
void draw_my_list(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  ImGui::TextUnformatted(s.my_marks);
  if (v.my_performances.empty() && v.my_marks.empty()) {
    ImGui::TextDisabled("%s", s.no_marks_yet);
    return;
  }
  if (!ImGui::BeginTable("marks", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
    return;
  // Teachers in reverse running order, sections in order within each.
  std::vector<size_t> order;
  for (size_t end = v.my_performances.size(); end > 0;) {
    size_t begin = end - 1;
    const MyPerformance& last = v.my_performances[begin];
    while (begin > 0 && v.my_performances[begin - 1].contestant == last.contestant &&
           v.my_performances[begin - 1].round == last.round)
      --begin;
    for (size_t i = begin; i < end; ++i) order.push_back(i);
    end = begin;
  }
  int row = 0;
  for (size_t i : order) {
    const MyPerformance& p = v.my_performances[i];
    const MarkLine* mine = v.my_mark(p.round, p.contestant, p.section);
    MarkState state = v.my_state(p);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(row++);
    bool open = p.key() == ui.target.key();
    if (ImGui::Selectable(p.contestant_label.c_str(), open, ImGuiSelectableFlags_SpanAllColumns))
      open_performance(ui, p);
    ImGui::PopID();
    ImGui::TextDisabled("%s", section_name(v, p.section).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(mine ? mine->points.c_str() : "");
    ImGui::TableNextColumn();
    ImGui::TextColored(ImColor(mark_state_color(state)), "%s",
                       state == MarkState::kMissing ? s.state_todo : mark_state_text(s, state));
    if (const MarkLine* no = v.refused_mark(p.round, p.contestant, p.section))
      ImGui::TextColored(ImColor(kRed), "%s %s", no->points.c_str(), s.state_refused);
  }
  for (auto it = v.my_marks.rbegin(); it != v.my_marks.rend(); ++it) {
    bool listed = false;
    for (const MyPerformance& p : v.my_performances)
      listed = listed ||
               (p.round == it->round && p.contestant == it->contestant && p.section == it->section);
    if (listed) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(it->contestant_label.c_str());
    ImGui::TextDisabled("%s", section_name(v, it->section).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(it->points.c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(ImColor(mark_state_color(it->state)), "%s", mark_state_text(s, it->state));
    if (!it->note.empty()) ImGui::TextWrapped("%s", it->note.c_str());
  }
  ImGui::EndTable();
}

// 请裁判长 (only with someone on stage) and its question: why — the head judge sees it beside my
// name.
void draw_call_head_judge(PanelContext& c, const VenueView* stage) {
  const ConsoleStrings& s = *c.s;
  ConsoleUi& ui = *c.ui;
  bool calling = c.client && ui.call_action && c.client->in_flight(ui.call_action);
  if (stage && big_button(s.call_head_judge, ImVec2(-1, c.height * 0.08f), !calling,
                          IM_COL32(170, 60, 30, 255)))
    ImGui::OpenPopup("call_why");
  ImGui::SetNextWindowPos(ImVec2(c.width / 2, c.height / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("call_why", nullptr,
                             ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushFont(c.fonts.big);
    ImGui::TextUnformatted(s.call_why);
    for (const char* note : s.call_notes)
      if (big_button(note, ImVec2(c.width * 0.4f, c.height * 0.07f), true,
                     IM_COL32(170, 60, 30, 255))) {
        if (stage && c.client)
          ui.call_action =
              c.client->act("/api/call-head-judge", {{"venue", stage->key}, {"note", note}});
        ImGui::CloseCurrentPopup();
      }
    if (big_button(s.logout_no, ImVec2(c.width * 0.4f, c.height * 0.07f)))
      ImGui::CloseCurrentPopup();
    ImGui::PopFont();
    ImGui::EndPopup();
  }
}

}  // namespace

void draw_judge(PanelContext& c) {
  ConsoleUi& ui = *c.ui;
  const VenueView* stage = stage_venue(*c.view);
  follow_stage(*c.view, stage, ui);
  // Landscape: marking on the left, my list on the right. Portrait (a tablet held upright):
  // marking on top across the whole width, my list below.
  const bool portrait = c.height > c.width;
  const float left_w = portrait ? ImGui::GetContentRegionAvail().x : c.width * 0.56f;
  draw_marking(c, stage, left_w, portrait);
  if (!portrait) ImGui::SameLine();
  ImGui::BeginChild("mine", ImVec2(0, 0), true);
  ImGui::PushFont(c.fonts.body);
  // On top of my list, not in the information above the keypad, whose height is what is left
  // over the keys: there a notice was cut in half, or pushed who and the section out of view.
  draw_notices(c);
  draw_call_head_judge(c, stage);
  draw_my_list(c);
  ImGui::PopFont();
  ImGui::EndChild();
}

}  // namespace lf
