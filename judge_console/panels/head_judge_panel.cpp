// 裁判长: the venue's marks as a grid of contestants x judges — the one on stage pinned first
// and highlighted; missing, far from the median and wide panels highlighted, dropped marks
// struck — the duration and the previewed score, send one back with a note, 亮分 when complete
// and 撤回亮分 after (each asks first, with what it decides), calls from judges, calling the
// next contestant (asking first when the one on stage still lacks marks or a time), and tie
// rulings.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "judge_console/panel_review.h"
#include "judge_console/panels/panel.h"

namespace lf {

namespace {

std::string performance_key(const PanelView& p) {
  return p.round + "|" + p.contestant + "|" + p.section;
}

// A performance's duration as the timekeeper's screen writes it (timer_model.h), "—" when none.
std::string minutes_seconds(std::optional<int64_t> s) {
  return s ? minutes_seconds_text(*s * 10) : "—";
}

// What 亮分 decides, above its confirming button: who, the marks (and the ones the trimmed mean
// leaves out), the average, the time, the penalty and the score.
void draw_publish_summary(PanelContext& c, const PanelView& p, const char* section,
                          const std::string& score) {
  const ConsoleStrings& s = *c.s;
  char buf[1024];
  std::snprintf(buf, sizeof buf, s.confirm_publish_title, p.contestant_label.c_str(), section);
  ImGui::TextUnformatted(buf);
  std::string marks, dropped;
  for (const MarkLine& m : p.marks) {
    if (!m.units) continue;
    marks += (marks.empty() ? "" : "  ") + m.points;
    if (m.dropped) dropped += (dropped.empty() ? "" : "、") + m.points;
  }
  std::snprintf(buf, sizeof buf, s.confirm_publish_marks, marks.c_str());
  std::string line = buf;
  if (!dropped.empty()) {
    std::snprintf(buf, sizeof buf, s.confirm_publish_dropped, dropped.c_str());
    line += buf;
  }
  ImGui::TextUnformatted(line.c_str());
  bool penalized = p.penalty.find_first_not_of("0.") != std::string::npos;
  std::snprintf(buf, sizeof buf, s.confirm_publish_result,
                p.average.empty() ? "—" : p.average.c_str(), minutes_seconds(p.duration_s).c_str(),
                penalized ? ("−" + p.penalty).c_str() : "—", score.c_str());
  ImGui::TextUnformatted(buf);
}

// The question 亮分 or 撤回亮分 asks before it is sent: what the tap decides (the marks, the ones
// the trimmed mean leaves out, the time, the penalty and the score), then the confirming
// buttons — for 撤回亮分 one per reason, since the server keeps the reason in the record.
void draw_confirm(PanelContext& c, const SectionInfo* si) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  const PanelView* p = nullptr;
  for (const PanelView& x : v.panels)
    if (!ui.confirm_publish.empty() ? performance_key(x) == ui.confirm_publish
                                    : performance_key(x) == ui.confirm_reopen)
      p = &x;
  // Gone, or no longer in the state asked about (published or reopened from another tablet).
  if (!p || (!ui.confirm_publish.empty() && p->published) ||
      (!ui.confirm_reopen.empty() && !p->published)) {
    ui.confirm_publish.clear();
    ui.confirm_reopen.clear();
    return;
  }
  const std::string id = performance_key(*p);
  const char* section = si ? si->name.c_str() : p->section.c_str();
  const std::string score = p->score.empty() ? "—" : p->score;
  Json key = {{"round", p->round}, {"contestant", p->contestant}, {"section", p->section}};
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(40, 44, 60, 255));
  ImGui::BeginChild("confirm", ImVec2(0, c.height * 0.2f), true);
  char buf[1024];
  if (!ui.confirm_publish.empty()) {
    draw_publish_summary(c, *p, section, score);
    if (big_button(s.confirm_publish, ImVec2(0, c.height * 0.055f), !busy(c, "publish:" + id),
                   IM_COL32(180, 30, 40, 255))) {
      run(c, "publish:" + id, "/api/publish", key);
      ui.confirm_publish.clear();
    }
  } else {
    std::snprintf(buf, sizeof buf, s.reopen_title, p->contestant_label.c_str(), section,
                  score.c_str());
    ImGui::TextUnformatted(buf);
    ImGui::TextWrapped("%s", s.reopen_help);
    for (const char* reason : s.reopen_reasons) {
      if (big_button(reason, ImVec2(0, c.height * 0.055f), !busy(c, "reopen:" + id),
                     IM_COL32(150, 40, 40, 255))) {
        Json body = key;
        body["reason"] = reason;
        run(c, "reopen:" + id, "/api/reopen", body);
        ui.confirm_reopen.clear();
      }
      ImGui::SameLine();
    }
  }
  ImGui::SameLine();
  if (big_button(s.cancel, ImVec2(0, c.height * 0.055f))) {
    ui.confirm_publish.clear();
    ui.confirm_reopen.clear();
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

// What the contestant on stage still lacks in this venue's sections, in the head judge's words
// ("才艺展示缺 2 个分数、情景答辩未计时"); empty when nothing does, or nobody is on stage.
std::string leaving_lacks(const ConsoleStrings& s, const ConsoleView& v, const VenueView& venue) {
  if (!venue.on_stage) return "";
  std::string out;
  char buf[256];
  for (const std::string& key : venue.sections) {
    const SectionInfo* si = v.section(key);
    const char* name = si ? si->name.c_str() : key.c_str();
    const PanelView* p = nullptr;
    for (const PanelView& x : v.panels)
      if (x.contestant == venue.on_stage->id && x.section == key && x.round == venue.round) p = &x;
    if (p && p->published) continue;
    int missing = p ? int(std::count_if(p->marks.begin(), p->marks.end(),
                                        [](const MarkLine& m) { return !m.units; }))
                    : int(venue.judges.size());
    if (missing) {
      std::snprintf(buf, sizeof buf, s.lacks_marks, name, missing);
      out += (out.empty() ? "" : "、") + std::string(buf);
    }
    if (si && (si->min_time_s || si->max_time_s) && !(p && p->duration_s)) {
      std::snprintf(buf, sizeof buf, s.lacks_time, name);
      out += (out.empty() ? "" : "、") + std::string(buf);
    }
  }
  return out;
}

// The banner of judges calling the head judge to this venue (with each one's why), and 已处理.
void draw_calls(PanelContext& c, const VenueView& venue) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  if (std::find(v.head_judge_calls.begin(), v.head_judge_calls.end(), venue.key) ==
      v.head_judge_calls.end())
    return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(150, 30, 30, 255));
  ImGui::BeginChild("call", ImVec2(0, c.height * 0.07f), false);
  char buf[1024];
  std::string who = venue.name;
  for (const JudgeCall& call : v.judge_calls)
    if (call.venue == venue.key && !call.judge_name.empty())
      who += "  " + call.judge_name + (call.note.empty() ? "" : "：" + call.note);
  std::snprintf(buf, sizeof buf, s.calls, who.c_str());
  ImGui::TextUnformatted(buf);
  ImGui::SameLine();
  if (big_button(s.clear_call, ImVec2(0, 0), !busy(c, "call")))
    run(c, "call", "/api/call-head-judge", Json::object());
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

// The venue's sections as tabs; the grid shows the one chosen (ui.panel_section).
void draw_grid_section_tabs(PanelContext& c, const VenueView& venue) {
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  if (std::find(venue.sections.begin(), venue.sections.end(), ui.panel_section) ==
      venue.sections.end()) {
    // Start on the section being marked now: the on-stage contestant's with marks coming in.
    ui.panel_section = venue.sections.empty() ? "" : venue.sections.front();
    for (const PanelView& p : v.panels)
      if (venue.on_stage && p.contestant == venue.on_stage->id && !p.published &&
          std::any_of(p.marks.begin(), p.marks.end(),
                      [](const MarkLine& m) { return m.units.has_value(); })) {
        ui.panel_section = p.section;
        break;
      }
  }
  for (size_t i = 0; i < venue.sections.size(); ++i) {
    const SectionInfo* si = v.section(venue.sections[i]);
    if (i) ImGui::SameLine();
    if (big_button(si ? si->name.c_str() : venue.sections[i].c_str(), ImVec2(0, c.height * 0.06f),
                   true, venue.sections[i] == ui.panel_section ? IM_COL32(40, 90, 170, 255) : 0)) {
      ui.panel_section = venue.sections[i];
      ui.selected_panel = ui.selected_mark = -1;
    }
  }
}

bool is_on_stage_row(const VenueView& venue, const PanelView& p) {
  return venue.on_stage && venue.on_stage->id == p.contestant;
}

// One judge's cell of a grid row (row r of v.panels): the mark, selectable to send it back; a
// dropped (trimmed) one struck.
void draw_mark_cell(PanelContext& c, const PanelView& p, int r, size_t j, const std::string& judge,
                    const PanelReview& review) {
  const ConsoleStrings& s = *c.s;
  ConsoleUi& ui = *c.ui;
  const MarkLine* m = nullptr;
  for (const MarkLine& x : p.marks)
    if (x.judge == judge) m = &x;
  if (!m) {  // 回避: this judge does not mark this contestant
    ImGui::TextDisabled("%s", s.recused);
    return;
  }
  size_t mi = size_t(m - p.marks.data());
  // A dropped (trimmed) mark reads at a glance: a slate cell, grey figures, a thick light
  // strike and "去" — not a thin red line lost on the amber of a far mark.
  const bool dropped = m->dropped && m->units;
  ImU32 bg = !m->units                          ? IM_COL32(90, 90, 100, 255)
             : m->state == MarkState::kReturned ? IM_COL32(150, 40, 40, 255)
             : dropped                          ? IM_COL32(48, 54, 70, 255)
             : review.far[mi]                   ? IM_COL32(160, 110, 20, 255)
                                                : 0;
  if (bg) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, bg);
  std::string shown = m->units ? m->points : std::string("—");
  std::string label = shown + (dropped ? std::string("  ") + s.dropped_mark : "") + "##" +
                      std::to_string(r) + "_" + std::to_string(j);
  bool selected = ui.selected_panel == r && ui.selected_mark == int(mi);
  ImVec2 before = ImGui::GetCursorScreenPos();
  if (dropped) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(150, 156, 170, 255));
  if (ImGui::Selectable(label.c_str(), selected, 0, ImVec2(0, c.height * 0.05f)) && m->units &&
      !p.published) {
    ui.selected_panel = r;
    ui.selected_mark = int(mi);
  }
  if (dropped) {
    ImGui::PopStyleColor();
    float w = ImGui::CalcTextSize(shown.c_str()).x;
    float y = before.y + ImGui::GetTextLineHeight() * 0.55f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(before.x - 2, y), ImVec2(before.x + w + 2, y),
                                        IM_COL32(235, 238, 245, 255),
                                        std::max(3.0f, c.height * 0.004f));
  }
}

// A grid row's last columns: the duration the penalty comes from, the score (the penalty, the
// marks missing), and 亮分 or 撤回亮分 — both ask first (draw_confirm): one tap must not publish
// or take back a score.
void draw_row_outcome(PanelContext& c, const PanelView& p, const PanelReview& review) {
  const ConsoleStrings& s = *c.s;
  ConsoleUi& ui = *c.ui;
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(minutes_seconds(p.duration_s).c_str());
  ImGui::TableNextColumn();
  if (!p.score.empty()) ImGui::Text("%s", p.score.c_str());
  if (!p.penalty.empty() && p.penalty.find_first_not_of("0.") != std::string::npos)
    ImGui::TextColored(ImColor(240, 90, 80), "−%s", p.penalty.c_str());
  if (review.missing) {
    char buf[64];
    std::snprintf(buf, sizeof buf, s.missing_marks, review.missing);
    ImGui::TextDisabled("%s", buf);
  }
  ImGui::TableNextColumn();
  std::string id = performance_key(p);
  if (p.published) {
    ImGui::TextColored(ImColor(150, 170, 200), "%s", s.published);
    if (big_button((std::string(s.reopen) + "##" + id).c_str(), ImVec2(-1, c.height * 0.045f),
                   !busy(c, "reopen:" + id))) {
      ui.confirm_reopen = id;
      ui.confirm_publish.clear();
    }
  } else if (big_button((std::string(s.publish) + "##" + id).c_str(), ImVec2(-1, c.height * 0.05f),
                        p.complete && !busy(c, "publish:" + id), IM_COL32(180, 30, 40, 255))) {
    ui.confirm_publish = id;
    ui.confirm_reopen.clear();
  }
}

// The grid: performances of this section with any mark, or on stage, one row each (row r is
// v.panels[r]). The one on stage is pinned first and highlighted: the row the head judge works
// on is never row 22 of 22.
void draw_grid(PanelContext& c, const VenueView& venue, const SectionInfo* si) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ReviewSettings rs = ReviewSettings::for_section(si ? si->max_units : 300);
  std::vector<int> rows;
  for (size_t i = 0; i < v.panels.size(); ++i) {
    const PanelView& p = v.panels[i];
    if (p.section != c.ui->panel_section) continue;
    bool any = std::any_of(p.marks.begin(), p.marks.end(),
                           [](const MarkLine& m) { return m.units.has_value(); });
    if (any || is_on_stage_row(venue, p)) rows.push_back(int(i));
  }
  std::stable_partition(rows.begin(), rows.end(),
                        [&](int r) { return is_on_stage_row(venue, v.panels[size_t(r)]); });
  size_t judges = venue.judges.size();
  // The ties and rulings below the grid (a tie: heading, totals, its table, the reasons; a
  // ruling: heading, then two lines) take their room from the grid,
  // so on a tablet's screen they show without scrolling; the grid keeps at least 30 %.
  float ruling_lines = v.rulings.empty() ? 0.0f : 1.0f + 2.0f * float(v.rulings.size());
  for (const TieToRule& t : v.ties)
    if (t.decides || t.ruled) ruling_lines += 5.0f + float(t.people.size());  // draw_ties
  float grid_h = std::max(c.height * 0.3f,
                          c.height * 0.52f - ruling_lines * ImGui::GetTextLineHeightWithSpacing());
  if (!ImGui::BeginTable("grid", int(judges) + 4,
                         ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                             ImGuiTableFlags_SizingStretchProp,
                         ImVec2(0, grid_h)))
    return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn(s.contestant, 0, 2.4f);
  for (const auto& [id, name] : venue.judges) ImGui::TableSetupColumn(name.c_str(), 0, 1.0f);
  ImGui::TableSetupColumn(s.duration, 0, 1.1f);
  ImGui::TableSetupColumn(s.score, 0, 1.6f);
  ImGui::TableSetupColumn("", 0, 1.6f);
  ImGui::TableHeadersRow();
  for (int r : rows) {
    const PanelView& p = v.panels[size_t(r)];
    std::vector<std::optional<int64_t>> given;
    for (const MarkLine& m : p.marks) given.push_back(m.units);
    PanelReview review = review_panel(given, rs);
    ImGui::TableNextRow(0, c.height * 0.065f);
    ImGui::TableNextColumn();
    if (is_on_stage_row(venue, p))
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(30, 70, 130, 255));
    ImGui::TextUnformatted(p.contestant_label.c_str());
    if (!p.absence.empty())
      ImGui::TextColored(ImColor(245, 180, 40), "%s", absence_text(s, p.absence));
    if (review.wide) ImGui::TextColored(ImColor(245, 180, 40), "%s", s.wide_hint);
    for (size_t j = 0; j < judges; ++j) {
      ImGui::TableNextColumn();
      draw_mark_cell(c, p, r, j, venue.judges[j].first, review);
    }
    draw_row_outcome(c, p, review);
  }
  ImGui::EndTable();
}

// Send the selected mark back, with a note.
void draw_send_back(PanelContext& c, const SectionInfo* si) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  if (ui.selected_panel < 0 || size_t(ui.selected_panel) >= v.panels.size()) return;
  const PanelView& p = v.panels[size_t(ui.selected_panel)];
  if (ui.selected_mark < 0 || size_t(ui.selected_mark) >= p.marks.size()) return;
  const MarkLine& m = p.marks[size_t(ui.selected_mark)];
  ImGui::Text("%s · %s · %s %s：%s", p.contestant_label.c_str(), si ? si->name.c_str() : "",
              s.judge, m.judge_name.c_str(), m.points.c_str());
  ImGui::TextUnformatted(s.send_back);
  ImGui::SameLine();
  for (const char* note : s.notes) {
    std::string what = "return:" + p.contestant + m.judge;
    if (big_button(note, ImVec2(0, c.height * 0.055f), !busy(c, what),
                   IM_COL32(150, 40, 40, 255))) {
      run(c, what, "/api/return",
          {{"round", p.round},
           {"contestant", p.contestant},
           {"section", p.section},
           {"judge", m.judge},
           {"note", note}});
      ui.selected_panel = ui.selected_mark = -1;
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

// Who may be called on stage, as the combo lists them: those of the venue's round and group in
// the drawn running order (then by id for anyone not drawn); labels[i] is ids[i]'s.
struct CallList {
  std::vector<std::string> ids, labels;
};

CallList call_list(const ConsoleStrings& s, const ConsoleView& v, const VenueView& venue) {
  std::map<std::string, std::pair<int, std::string>> entrants;  // id -> (draw, label)
  for (const PanelView& p : v.panels)  // one out of the round says so (the server refuses the call)
    if (p.round == venue.round)
      entrants[p.contestant] = {
          p.draw,
          p.contestant_label +
              (p.absence.empty() ? "" : std::string("（") + absence_text(s, p.absence) + "）")};
  std::vector<std::pair<std::pair<int, std::string>, std::string>> order;  // ((draw, id), label)
  for (const auto& [id, x] : entrants)
    order.push_back({{x.first ? x.first : 1 << 30, id}, x.second});
  std::sort(order.begin(), order.end());
  CallList list;
  for (const auto& [key, label] : order) {
    list.ids.push_back(key.second);
    list.labels.push_back(
        (key.first < (1 << 30) ? std::to_string(key.first) + " 号  " : key.second + "  ") + label);
  }
  return list;
}

// Call a contestant on stage, the next one after whoever is on stage offered; calling while the
// one on stage lacks marks or a time asks first.
void draw_call_next(PanelContext& c, const VenueView& venue) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  ImGui::TextUnformatted(s.call_next);
  ImGui::SameLine();
  int& chosen = ui.next_choice;
  const CallList list = call_list(s, v, venue);
  const std::vector<std::string>& ids = list.ids;
  if (ui.next_for != (venue.on_stage ? venue.on_stage->id : "")) {
    // The stage changed: offer the next.
    ui.next_for = venue.on_stage ? venue.on_stage->id : "";
    ui.confirm_call = false;  // asked about someone who has left the stage
    auto at = std::find(ids.begin(), ids.end(), ui.next_for);
    chosen = at == ids.end() ? 0 : int(at - ids.begin()) + 1;
  }
  if (ids.empty()) return;
  chosen = std::clamp(chosen, 0, int(ids.size()) - 1);
  ImGui::SetNextItemWidth(c.width * 0.4f);
  if (ImGui::BeginCombo("##next", list.labels[size_t(chosen)].c_str())) {
    for (size_t i = 0; i < list.labels.size(); ++i)
      if (ImGui::Selectable(list.labels[i].c_str(), int(i) == chosen)) chosen = int(i);
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  std::string lacks = leaving_lacks(s, v, venue);
  Json call = {{"venue", venue.key}, {"contestant", ids[size_t(chosen)]}};
  if (big_button(s.call_next, ImVec2(0, 0), !busy(c, "stage") && !ui.confirm_call)) {
    if (lacks.empty())
      run(c, "stage", "/api/stage", call);
    else
      ui.confirm_call = true;
  }
  if (!ui.confirm_call) return;
  char buf[1024];
  std::snprintf(buf, sizeof buf, s.call_lacks,
                venue.on_stage ? venue.on_stage->label().c_str() : "", lacks.c_str());
  ImGui::TextColored(ImColor(245, 180, 40), "%s", buf);
  if (big_button(s.call_anyway, ImVec2(0, 0), !busy(c, "stage"), IM_COL32(150, 40, 40, 255))) {
    run(c, "stage", "/api/stage", call);
    ui.confirm_call = false;
  }
  ImGui::SameLine();
  if (big_button((std::string(s.cancel) + "##call").c_str(), ImVec2(0, 0))) ui.confirm_call = false;
}

}  // namespace

// From the top of the screen down: judges calling, who is on stage, the section tabs, the grid,
// the question 亮分 or 撤回亮分 asks, sending a mark back, calling the next one, then absences,
// ties and rulings.
void draw_head_judge(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  const VenueView* venue = v.venue_view(v.venue);
  ImGui::PushFont(c.fonts.body);
  if (!venue) {
    ImGui::TextUnformatted(v.name.c_str());
    ImGui::PopFont();
    return;
  }
  draw_calls(c, *venue);
  ImGui::Text("%s：%s", s.on_stage, venue->on_stage ? venue->on_stage->label().c_str() : "—");
  draw_grid_section_tabs(c, *venue);
  const SectionInfo* si = v.section(c.ui->panel_section);
  draw_grid(c, *venue, si);
  draw_confirm(c, si);
  draw_send_back(c, si);
  draw_call_next(c, *venue);
  draw_absences(c, venue);
  draw_ties(c);
  draw_rulings(c);
  ImGui::PopFont();
}

}  // namespace lf
