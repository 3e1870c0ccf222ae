// 组委会: every venue at a glance (who is on stage, marks in, results published, calls), ties
// to rule, the projection displays' scenes, and the printed documents to download.
#include <cstdio>
#include <iterator>

#include "app_shell/qr_draw.h"
#include "data/live/history.h"
#include "judge_console/panels/panel.h"

#include <imgui_stdlib.h>

namespace lf {

void draw_rulings(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  if (v.rulings.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted(s.rulings_title);
  char line[1024];
  for (const RulingView& r : v.rulings) {
    std::string order;
    for (size_t i = 0; i < r.order.size(); ++i)
      order += (i ? "  " : "") + std::to_string(i + 1) + ". " + r.order[i];
    ImGui::TextColored(ImColor(150, 170, 200), "%s · %s", name_of(v.round_names, r.round).c_str(),
                       name_of(v.group_names, r.group).c_str());
    ImGui::SameLine();
    std::snprintf(line, sizeof line, s.ruling_order, order.c_str());
    ImGui::TextUnformatted(line);
    std::string when = r.at_ms > 0 ? beijing_time_text(r.at_ms) : std::string("—");
    std::snprintf(line, sizeof line, s.ruling_by, r.by_name.empty() ? "—" : r.by_name.c_str(),
                  when.c_str(), r.reason.empty() ? s.no_reason : r.reason.c_str());
    ImGui::TextUnformatted(line);
  }
}

namespace {

// One group's running order as a table (抽签号, 姓名, 学校/组别) in a child of fixed height that
// scrolls: however many teachers, what follows (the next group's 抽签) stays where it is.
// While the order is being entered by hand it shows the order being entered, each row with
// 上移 / 下移.
void draw_order_table(PanelContext& c, const RoundStep& step, const std::string& group_name,
                      bool editing) {
  const ConsoleStrings& s = *c.s;
  DrawEdit& edit = c.ui->draw_edit;
  const float height = c.height * 0.22f;
  std::string id = "order:" + step.round + "|" + step.group;
  ImGui::BeginChild(id.c_str(), ImVec2(0, height), true);
  const std::vector<std::string>& ids = editing ? edit.order : step.order;
  if (ids.empty()) {
    ImGui::TextDisabled("%s", s.nobody_drawn);
  } else if (ImGui::BeginTable("order", editing ? 4 : 3,
                               ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                   ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(s.draw_number, 0, 0.6f);
    ImGui::TableSetupColumn(s.person_name, 0, 1.0f);
    ImGui::TableSetupColumn(s.school_group, 0, 2.2f);
    if (editing) ImGui::TableSetupColumn("", 0, 1.2f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;  // 200 teachers draw only the rows in sight
    clipper.Begin(int(ids.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const std::string& who = ids[size_t(i)];
        const DrawnPlace* place = nullptr;
        for (const DrawnPlace& p : step.places)
          if (p.id == who) place = &p;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // Entering by hand: the new running number, and the number drawn beside it.
        if (editing && place && place->draw != i + 1)
          ImGui::Text("%d（%d）", i + 1, place->draw);
        else
          ImGui::Text("%d", i + 1);
        ImGui::TableNextColumn();
        auto label = c.view->names.find(who);
        ImGui::TextUnformatted(place && !place->name.empty()  ? place->name.c_str()
                               : label != c.view->names.end() ? label->second.c_str()
                                                              : who.c_str());
        ImGui::TableNextColumn();
        std::string where =
            place && !place->school.empty() ? place->school + " · " + group_name : group_name;
        ImGui::TextUnformatted(where.c_str());
        if (editing) {
          ImGui::TableNextColumn();
          ImGui::PushID(i);
          if (i > 0 && ImGui::SmallButton(s.up)) move_in_order(edit.order, size_t(i), -1);
          if (i + 1 < int(ids.size())) {
            if (i > 0) ImGui::SameLine();
            if (ImGui::SmallButton(s.down)) move_in_order(edit.order, size_t(i), +1);
          }
          ImGui::PopID();
        }
      }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

// Under a recorded draw being changed: the typed numbers (manual), the reason, confirm and
// cancel. Refusals the console can see are shown here and nothing is sent.
void draw_edit_controls(PanelContext& c, const RoundStep& step, const std::string& what) {
  const ConsoleStrings& s = *c.s;
  DrawEdit& edit = c.ui->draw_edit;
  const bool manual = edit.mode == DrawEdit::Mode::kManual;
  if (manual) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(s.type_numbers);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(c.width * 0.3f);
    ImGui::InputText("##numbers", &edit.typed);
    ImGui::SameLine();
    if (big_button(s.apply_numbers, ImVec2(0, 0))) {
      auto order = order_from_numbers(step.order, edit.typed, s);
      if (order.ok())
        edit.order = order.value(), edit.problem.clear();
      else
        edit.problem = order.errors().front().message;
    }
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(manual ? s.manual_why : s.redraw_why);
  const auto& reasons = manual ? s.manual_reasons : s.redraw_reasons;
  for (size_t i = 0; i < std::size(reasons); ++i) {
    same_line_if_fits(button_width(reasons[i]));
    bool chosen = edit.reason == int(i);
    if (big_button((std::string(reasons[i]) + "##reason" + what).c_str(), ImVec2(0, 0), true,
                   chosen ? IM_COL32(40, 90, 170, 255) : 0))
      edit.reason = int(i), edit.problem.clear();
  }
  const bool sending = busy(c, what);
  if (big_button((std::string(manual ? s.confirm_manual : s.confirm_redraw) + "##" + what).c_str(),
                 ImVec2(0, 0), !sending, IM_COL32(180, 30, 40, 255))) {
    auto body = draw_edit_request(step, edit, s);
    if (body.ok()) {
      run(c, what, "/api/draw", body.value());
      edit.problem.clear();
    } else {
      edit.problem = body.errors().front().message;
    }
  }
  ImGui::SameLine();
  if (big_button((std::string(s.cancel) + "##" + what).c_str(), ImVec2(0, 0), !sending))
    edit = DrawEdit{};
  if (sending) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", s.sending);
  }
  if (!edit.problem.empty()) ImGui::TextColored(ImColor(240, 90, 80), "%s", edit.problem.c_str());
  if (edit.bring_into_view) {  // just opened: its reasons and confirm may be below the screen
    ImGui::SetScrollHereY(1.0f);
    edit.bring_into_view = false;
  }
}

// Between rounds: confirm who goes on from a round, then draw each group's running order for
// the next; the server refuses (in words the toast shows) what is not yet possible. A recorded
// draw can be drawn again (重新抽签) or set by hand (手动排序), each with a reason.
void draw_between_rounds(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  DrawEdit& edit = c.ui->draw_edit;
  if (v.round_steps.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted(s.between_rounds);
  char line[512];
  for (const RoundStep& step : v.round_steps) {
    std::string label = name_of(v.round_names, step.round);
    if (!step.group.empty()) label += " · " + name_of(v.group_names, step.group);
    ImGui::AlignTextToFramePadding();  // level with the buttons beside it
    ImGui::Text("%s  %s", label.c_str(), step.group.empty() ? s.advance_step : s.draw_step);
    std::string what = (step.group.empty() ? "advance:" : "draw:") + step.round + "|" + step.group;
    if (step.group.empty()) {
      ImGui::SameLine();
      if (step.done) {
        std::snprintf(line, sizeof line, s.advance_done, step.by.c_str());
        ImGui::TextColored(ImColor(80, 210, 120), "%s", line);
      } else if (big_button((std::string(s.confirm_advance) + "##" + what).c_str(), ImVec2(0, 0), !busy(c, what))) {
        run(c, what, "/api/advance", {{"from", step.round}});
      }
      continue;
    }
    if (!step.done) {
      ImGui::SameLine();
      if (big_button((std::string(s.draw_now) + "##" + what).c_str(), ImVec2(0, 0), !busy(c, what)))
        run(c, what, "/api/draw", {{"round", step.round}, {"group", step.group}});
      continue;
    }
    // A newer record of this group (the change went through, or someone else's): editing ends.
    if (edit.editing(step) && step.at_ms != edit.based_on_ms) edit = DrawEdit{};
    std::string seed = step.seed.size() > 8 ? step.seed.substr(0, 8) + "..." : step.seed;
    if (!step.reason.empty())
      std::snprintf(line, sizeof line, s.drawn_again, step.by.c_str(), step.reason.c_str());
    else
      std::snprintf(line, sizeof line, step.seed.empty() ? s.drawn_manual : s.drawn_seeded,
                    step.by.c_str(), seed.c_str());
    same_line_if_fits(text_width(line));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImColor(80, 210, 120), "%s", line);
    const bool editing = edit.editing(step);
    if (!editing) {
      same_line_if_fits(button_width(s.redraw));
      if (big_button((std::string(s.redraw) + "##" + what).c_str(), ImVec2(0, 0), !busy(c, what)))
        edit = begin_draw_edit(step, DrawEdit::Mode::kRedraw);
      same_line_if_fits(button_width(s.manual_order));
      if (big_button((std::string(s.manual_order) + "##" + what).c_str(), ImVec2(0, 0),
                     !busy(c, what)))
        edit = begin_draw_edit(step, DrawEdit::Mode::kManual);
    }
    draw_order_table(c, step, name_of(v.group_names, step.group),
                     editing && edit.mode == DrawEdit::Mode::kManual);
    if (editing) draw_edit_controls(c, step, what);
  }
}

// The venue's join QR code (the login page; no code in it) with its address: the organizer
// shows it to a judge who has lost their slip, or to a phone that cannot see the projector.
// `beside`: to the right of what was drawn last (the venues' table), in a column; else below it,
// the words to the right of the code.
void draw_join_code(PanelContext& c, bool beside) {
  const ConsoleStrings& s = *c.s;
  if (beside) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
  ImGui::BeginGroup();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float side = beside ? std::min(avail, c.height * 0.24f) : std::min(c.height * 0.18f, c.width * 0.3f);
  ImGui::TextUnformatted(s.join_title);
  float drawn = draw_qr_code(*ImGui::GetWindowDrawList(), *c.join_qr, ImGui::GetCursorScreenPos(), side);
  ImGui::Dummy(ImVec2(drawn, drawn));
  if (!beside) ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(beside ? ImGui::GetCursorPosX() + avail : 0.0f);  // 0: the window's edge
  ImGui::TextWrapped("%s", s.join_how);
  ImGui::TextUnformatted(c.join_link.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::EndGroup();
}

// Below the venues, once only a few teachers of a venue lack a mark: who
// (`小学组预赛赛场：3 项尚无分数：杜鹃`), so that nobody is taken for done; before that the table's
// count says enough.
void draw_unmarked(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  const size_t few = 6;
  char line[2048];
  for (const VenueView& venue : v.venues) {
    const VenueProgress p = v.progress(venue);
    if (!p.unmarked || p.unmarked_people.size() > few) continue;
    std::string names;
    for (size_t i = 0; i < p.unmarked_people.size(); ++i) names += (i ? "、" : "") + p.unmarked_people[i];
    std::snprintf(line, sizeof line, s.unmarked_items, venue.name.c_str(), p.unmarked, names.c_str());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImColor(245, 180, 40), "%s", line);
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void draw_organizer(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ImGui::PushFont(c.fonts.body);
  // The venue's join code at the top, always in sight: beside the venues on a landscape screen,
  // below them on a portrait one (the table needs the width).
  const bool join_beside = c.join_qr && c.width > c.height;
  const float table_w = join_beside ? ImGui::GetContentRegionAvail().x * 0.74f : 0.0f;
  if (ImGui::BeginTable("venues", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
                        ImVec2(table_w, 0))) {
    for (const char* h : {s.venue, s.on_stage, s.marks_in, s.published_count, s.unmarked_short, s.calls_short})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const VenueView& venue : v.venues) {
      // Every entrant x section of the venue counts, less those out of the round: a teacher
      // with no mark at all is not done (issue 24: `已亮分 137 / 137` hid three empty sections).
      const VenueProgress progress = v.progress(venue);
      int given = 0, expected = 0;
      for (const PanelView& p : v.panels)
        if (venue.on_stage && p.contestant == venue.on_stage->id && p.round == venue.round &&
            (p.venue.empty() || p.venue == venue.key))
          for (const MarkLine& m : p.marks) ++expected, given += m.units.has_value();
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(venue.name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(venue.on_stage ? venue.on_stage->label().c_str() : "—");
      ImGui::TableNextColumn();
      if (expected) ImGui::TextColored(given == expected ? ImColor(80, 210, 120) : ImColor(245, 180, 40), "%d / %d", given, expected);
      ImGui::TableNextColumn();
      const bool all_published = progress.expected > 0 && progress.published == progress.expected;
      ImGui::TextColored(all_published ? ImColor(80, 210, 120) : ImColor(230, 232, 238), "%d / %d",
                         progress.published, progress.expected);
      ImGui::TableNextColumn();
      if (progress.unmarked) {
        char count[32];
        std::snprintf(count, sizeof count, s.unmarked_count, progress.unmarked);
        ImGui::TextColored(ImColor(245, 180, 40), "%s", count);
      }
      ImGui::TableNextColumn();
      bool calling = std::find(v.head_judge_calls.begin(), v.head_judge_calls.end(), venue.key) != v.head_judge_calls.end();
      if (calling) ImGui::TextColored(ImColor(240, 90, 80), "%s", s.head_judge_called);
    }
    ImGui::EndTable();
  }
  if (c.join_qr) draw_join_code(c, join_beside);
  draw_unmarked(c);
  draw_topic_shortfalls(c);  // before a round: a bank that will not last it, in sight at the top
  draw_absences(c, nullptr);
  draw_between_rounds(c);
  draw_ties(c);
  draw_rulings(c);
  // The projection displays.
  ImGui::Separator();
  ImGui::TextUnformatted(s.displays);
  const std::pair<const char*, const char*> scenes[] = {
      {"follow", s.scene_follow}, {"leaderboard", s.scene_leaderboard}, {"stage", s.scene_stage},
      {"reveal", s.scene_reveal}, {"awards", s.scene_awards}};
  for (auto [display, display_name] : {std::pair{"main", s.display_main}, {"lobby", s.display_lobby}, {"prep", s.display_prep}}) {
    ImGui::TextUnformatted(display_name);
    for (auto [scene, label] : scenes) {
      ImGui::SameLine();
      std::string what = std::string("scene:") + display + scene;
      if (big_button((std::string(label) + "##" + what).c_str(), ImVec2(0, 0), !busy(c, what)))
        run(c, what, "/api/display-scene", {{"display", display}, {"scene", scene}});
    }
  }
  // Printed documents, saved under the console's folder.
  ImGui::Separator();
  ImGui::TextUnformatted(s.downloads);
  struct Doc {
    const char* label;
    const char* path;
    const char* file;
  } docs[] = {{s.doc_awards, "/api/print/awards", "获奖名单.pdf"},
              {s.doc_awards_draft, "/api/print/awards?draft=1", "获奖名单-草稿.pdf"},
              {s.doc_results, "/api/print/results", "成绩汇总表.pdf"},
              {s.doc_results_xlsx, "/api/print/results?format=xlsx", "成绩汇总表.xlsx"},
              {s.doc_marks, "/api/print/marks", "评分明细表.pdf"},
              {s.doc_certificates, "/api/print/certificates", "荣誉证书.pdf"}};
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; ++i) {
    if (i % 3) ImGui::SameLine();
    std::string what = std::string("print:") + docs[i].path;
    if (big_button(docs[i].label, ImVec2(c.width * 0.3f, c.height * 0.06f), !busy(c, what)) && c.client)
      c.ui->actions[what] = c.client->download(docs[i].path, console_data_dir() + "/prints", docs[i].file);
  }
  ImGui::Separator();
  draw_contestant_history(c);
  draw_roster(c);
  ImGui::PopFont();
}

}  // namespace lf
