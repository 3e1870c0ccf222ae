// 并列待裁决 (head judge and organizer): the tied block as the server reports it — totals,
// section scores, the tie-break already compared, what each position brings — ordered with the
// arrows, then the question "确认：蔡伟晋级，陈静不晋级？" before the ruling is sent. Nothing here
// computes a rule: places and what they bring come from the state's "ties".
#include <cstdio>

#include "judge_console/panels/panel.h"

namespace lf {

std::string place_outcome(const ConsoleStrings& s, const PlaceAtStakeView& p) {
  char buf[256];
  std::string out;
  if (p.has_award) {
    if (p.award.empty()) {
      out = s.tie_no_award;
    } else {
      std::snprintf(buf, sizeof buf, s.tie_award, p.award.c_str());
      out = buf;
    }
  }
  if (p.advances)
    out +=
        (out.empty() ? "" : "、") + std::string(*p.advances ? s.tie_advances : s.tie_not_advances);
  if (out.empty()) {
    std::snprintf(buf, sizeof buf, s.tie_place, p.place);
    out = buf;
  }
  return out;
}

std::string tie_question(const ConsoleStrings& s, const TieToRule& tie,
                         const std::vector<std::string>& order) {
  std::string out;
  for (size_t i = 0; i < order.size() && i < tie.places.size(); ++i) {
    std::string name = order[i];
    for (const TiedPerson& p : tie.people)
      if (p.id == order[i]) name = p.name;
    out += (out.empty() ? "" : "，") + name + place_outcome(s, tie.places[i]);
  }
  return out;
}

namespace {

const TiedPerson* person_of(const TieToRule& tie, const std::string& id) {
  for (const TiedPerson& p : tie.people)
    if (p.id == id) return &p;
  return nullptr;
}

// The block as a table, in the order being arranged: place, name, total, each section's score,
// what the place brings, and 上移.
void draw_tie_table(PanelContext& c, size_t t, std::vector<std::string>& order) {
  const ConsoleStrings& s = *c.s;
  const TieToRule& tie = c.view->ties[t];
  std::vector<const SectionInfo*> sections;
  for (const SectionInfo& si : c.view->sections)
    if (!tie.people.empty() && tie.people.front().sections.count(si.key)) sections.push_back(&si);
  const int columns = 5 + int(sections.size());
  if (!ImGui::BeginTable(
          ("tie" + std::to_string(t)).c_str(), columns,
          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupColumn(s.tie_col_order);
  ImGui::TableSetupColumn(s.tie_col_name);
  ImGui::TableSetupColumn(s.tie_col_total);
  for (const SectionInfo* si : sections) ImGui::TableSetupColumn(si->name.c_str());
  ImGui::TableSetupColumn(s.tie_col_outcome);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, button_width(s.up));
  ImGui::TableHeadersRow();
  char buf[256];
  for (size_t i = 0; i < order.size(); ++i) {
    const TiedPerson* p = person_of(tie, order[i]);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    std::snprintf(buf, sizeof buf, s.tie_place, i < tie.places.size() ? tie.places[i].place : 0);
    ImGui::TextUnformatted(buf);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(p ? p->name.c_str() : "—");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(p ? p->total.c_str() : "—");
    for (const SectionInfo* si : sections) {
      ImGui::TableNextColumn();
      auto it =
          p ? p->sections.find(si->key) : std::map<std::string, std::string>::const_iterator();
      ImGui::TextUnformatted(
          p && it != p->sections.end() && !it->second.empty() ? it->second.c_str() : "—");
    }
    ImGui::TableNextColumn();
    if (i < tie.places.size()) {
      std::string outcome = place_outcome(s, tie.places[i]);
      bool good = tie.places[i].advances.value_or(true) &&
                  (!tie.places[i].has_award || !tie.places[i].award.empty());
      ImGui::TextColored(good ? ImColor(110, 200, 120) : ImColor(230, 120, 110), "%s",
                         outcome.c_str());
    }
    ImGui::TableNextColumn();
    if (i > 0) {
      ImGui::PushID(int(t * 100 + i));
      if (ImGui::SmallButton(s.up)) {
        std::swap(order[i], order[i - 1]);
        c.ui->tie_confirm = -1;  // a question about another order is no longer the one asked
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

// The question before the ruling is sent, with the chosen reason; 确认裁决 sends the order with
// the block as shown, 取消 goes back.
void draw_tie_confirm(PanelContext& c, size_t t, const std::vector<std::string>& order) {
  const ConsoleStrings& s = *c.s;
  const TieToRule& tie = c.view->ties[t];
  const std::string what = "tie:" + tie.round + "|" + tie.group + "|" + tie.shown;
  char buf[1024];
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(40, 44, 60, 255));
  ImGui::BeginChild(("tie-confirm" + std::to_string(t)).c_str(),
                    ImVec2(0, 3.2f * ImGui::GetTextLineHeightWithSpacing() + c.height * 0.055f),
                    true);
  std::snprintf(buf, sizeof buf, s.tie_confirm, tie_question(s, tie, order).c_str());
  ImGui::TextWrapped("%s", buf);
  std::snprintf(buf, sizeof buf, s.tie_confirm_reason, c.ui->tie_reason.c_str());
  ImGui::TextWrapped("%s", buf);
  if (big_button(s.tie_confirm_yes, ImVec2(0, c.height * 0.055f), !busy(c, what),
                 IM_COL32(180, 30, 40, 255))) {
    run(c, what, "/api/decisions",
        {{"round", tie.round},
         {"group", tie.group},
         {"order", order},
         {"reason", c.ui->tie_reason},
         {"shown", tie.shown}});
    c.ui->tie_confirm = -1;
  }
  ImGui::SameLine();
  if (big_button(s.cancel, ImVec2(0, c.height * 0.055f))) c.ui->tie_confirm = -1;
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace

void draw_ties(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  // A block that changed (a corrected mark, a 缺赛, a ruling from another tablet) starts over: the
  // order being arranged and any question were about what is gone.
  std::vector<std::string> shown;
  for (const TieToRule& t : v.ties) shown.push_back(t.shown);
  if (shown != ui.tie_shown) {
    ui.tie_shown = shown;
    ui.tie_orders.clear();
    for (const TieToRule& t : v.ties) ui.tie_orders.push_back(t.contestants);
    ui.tie_confirm = -1;
  }
  char buf[512];
  for (size_t t = 0; t < v.ties.size(); ++t) {
    const TieToRule& tie = v.ties[t];
    if (!tie.decides && !tie.ruled) continue;  // a shared rank that decides nothing
    ImGui::PushID(int(t));
    ImGui::TextColored(ImColor(245, 180, 40), "%s（%s · %s）", tie.ruled ? s.tie_ruled : s.ties,
                       name_of(v.round_names, tie.round).c_str(),
                       name_of(v.group_names, tie.group).c_str());
    std::snprintf(buf, sizeof buf, s.tie_same_total,
                  tie.people.empty() ? "—" : tie.people.front().total.c_str());
    std::string line = buf;
    std::string compared;
    for (const std::string& k : tie.tie_break) {
      const SectionInfo* si = v.section(k);
      compared += (compared.empty() ? "" : "、") + (si ? si->name : k);
    }
    if (compared.empty()) {
      line += std::string("；") + s.tie_break_none;
    } else {
      std::snprintf(buf, sizeof buf, s.tie_break_applied, compared.c_str());
      line += std::string("；") + buf;
    }
    ImGui::TextWrapped("%s", line.c_str());
    auto& order = ui.tie_orders[t];
    draw_tie_table(c, t, order);
    if (ui.tie_confirm == int(t)) {
      draw_tie_confirm(c, t, order);
    } else {
      // Recorded with its reason: one button per reason the hall uses; each asks first.
      ImGui::TextUnformatted(s.rule_tie);
      ImGui::SameLine();
      ImGui::TextUnformatted(s.rule_tie_because);
      for (const char* reason : s.ruling_reasons) {
        same_line_if_fits(button_width(reason));
        if (big_button(reason, ImVec2(0, 0),
                       !busy(c, "tie:" + tie.round + "|" + tie.group + "|" + tie.shown))) {
          ui.tie_confirm = int(t);
          ui.tie_reason = reason;
        }
      }
    }
    ImGui::PopID();
  }
}

}  // namespace lf
