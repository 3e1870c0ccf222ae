// 备赛室: the contestant draws a class-meeting topic or a Q&A case (contest-file.md §4; never one
// already drawn in the round: the server decides), then the text large and the preparation
// countdown: 15 minutes for the class meeting, 10 for the Q&A.
#include <cstdio>
#include <set>

#include "judge_console/panels/panel.h"

namespace lf {

namespace {
int prep_minutes(const std::string& section) { return section == "class_meeting" ? 15 : 10; }

// The draw number of contestant `i` in `round`, or 0 when they have none there.
int number_in(const ConsoleView& v, const std::string& round, size_t i) {
  auto mine = v.draw_numbers.find(v.contestants[i].first);
  if (mine == v.draw_numbers.end()) return 0;
  auto n = mine->second.find(round);
  return n == mine->second.end() ? 0 : n->second;
}

std::string group_of(const ConsoleView& v, size_t i) {
  auto g = v.contestant_groups.find(v.contestants[i].first);
  return g == v.contestant_groups.end() ? "" : g->second;
}
}  // namespace

std::string steward_label(const ConsoleStrings& s, const ConsoleView& v, const std::string& round,
                          size_t i) {
  char number[32];
  if (int n = number_in(v, round, i))
    std::snprintf(number, sizeof number, s.drawn_number, n);
  else
    std::snprintf(number, sizeof number, "%s", s.not_drawn_yet);
  // Each group of a round draws its own numbers: with several groups, the group says whose 3 号.
  std::string group;
  if (v.group_names.size() > 1)
    if (auto g = v.group_names.find(group_of(v, i)); g != v.group_names.end())
      group = g->second + " ";
  return group + number + "  " + v.contestants[i].second;
}

std::vector<size_t> steward_order(const ConsoleView& v, const std::string& round) {
  std::vector<size_t> order(v.contestants.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    int na = number_in(v, round, a), nb = number_in(v, round, b);
    if ((na == 0) != (nb == 0)) return na != 0;  // the round's drawn teachers first
    if (group_of(v, a) != group_of(v, b)) return group_of(v, a) < group_of(v, b);
    return na < nb;
  });
  return order;
}

void draw_steward(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  ImGui::PushFont(c.fonts.body);
  draw_topic_shortfalls(c);       // before the round: a bank that will not last it
  if (ui.topic_contestant < 0) {  // reopened: show the latest draw (none: the round's 1 号, below)
    if (!v.topic_draws.empty()) {
      const TopicDrawView* latest = &v.topic_draws.front();
      for (const TopicDrawView& d : v.topic_draws)
        if (d.at_ms > latest->at_ms) latest = &d;
      ui.topic_round = latest->round;
      ui.topic_section = latest->section;
      for (size_t i = 0; i < v.contestants.size(); ++i)
        if (v.contestants[i].first == latest->contestant) ui.topic_contestant = int(i);
    }
  }
  // Round, section (those with a bank), contestant.
  std::vector<std::string> rounds;
  for (const VenueView& venue : v.venues)
    if (std::find(rounds.begin(), rounds.end(), venue.round) == rounds.end()) rounds.push_back(venue.round);
  if (std::find(rounds.begin(), rounds.end(), ui.topic_round) == rounds.end())
    ui.topic_round = rounds.empty() ? "" : rounds.back();
  ImGui::TextUnformatted(s.round);
  for (const auto& r : rounds) {
    ImGui::SameLine();
    auto name = v.round_names.find(r);
    std::string label = (name != v.round_names.end() && !name->second.empty() ? name->second : r) + "##" + r;
    if (big_button(label.c_str(), ImVec2(0, 0), true, r == ui.topic_round ? IM_COL32(40, 90, 170, 255) : 0)) ui.topic_round = r;
  }
  ImGui::TextUnformatted(s.section);
  for (const SectionInfo& sec : v.sections) {
    auto bank = v.topic_banks.find(sec.key);
    if (bank == v.topic_banks.end() || bank->second == 0) continue;
    if (ui.topic_section.empty()) ui.topic_section = sec.key;
    ImGui::SameLine();
    if (big_button(sec.name.c_str(), ImVec2(0, 0), true, sec.key == ui.topic_section ? IM_COL32(40, 90, 170, 255) : 0))
      ui.topic_section = sec.key;
  }
  if (ui.topic_section.empty()) {
    ImGui::TextColored(ImColor(245, 180, 40), "%s", s.no_bank);
    ImGui::PopFont();
    return;
  }
  if (v.contestants.empty()) {
    ImGui::PopFont();
    return;
  }
  const std::vector<size_t> order = steward_order(v, ui.topic_round);
  if (ui.topic_contestant < 0)
    ui.topic_contestant = int(order.front());  // the first the steward calls
  ui.topic_contestant = std::clamp(ui.topic_contestant, 0, int(v.contestants.size()) - 1);
  ImGui::TextUnformatted(s.choose_contestant);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(c.width * 0.45f);
  const auto& chosen = v.contestants[size_t(ui.topic_contestant)];
  if (ImGui::BeginCombo("##who",
                        steward_label(s, v, ui.topic_round, size_t(ui.topic_contestant)).c_str())) {
    for (size_t i : order)
      if (ImGui::Selectable(
              (steward_label(s, v, ui.topic_round, i) + "##" + v.contestants[i].first).c_str(),
              int(i) == ui.topic_contestant))
        ui.topic_contestant = int(i);
    ImGui::EndCombo();
  }
  const TopicDrawView* drawn = nullptr;
  for (const TopicDrawView& d : v.topic_draws)
    if (d.round == ui.topic_round && d.contestant == chosen.first && d.section == ui.topic_section) drawn = &d;
  ImGui::PushFont(c.fonts.big);
  std::string what = "topic:" + ui.topic_round + chosen.first + ui.topic_section;
  if (!drawn && big_button(s.draw_topic, ImVec2(c.width * 0.4f, c.height * 0.1f), !busy(c, what), IM_COL32(180, 30, 40, 255)))
    run(c, what, "/api/topic-draw", {{"round", ui.topic_round}, {"contestant", chosen.first}, {"section", ui.topic_section}});
  ImGui::PopFont();
  if (drawn) {
    char buf[64];
    std::snprintf(buf, sizeof buf, s.topic_no, drawn->topic + 1);
    ImGui::TextDisabled("%s · %s", drawn->contestant_label.c_str(), buf);
    ImGui::PushFont(c.fonts.big);
    ImGui::PushTextWrapPos(c.width - 20);
    ImGui::TextWrapped("%s", drawn->text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    int64_t left_ms = drawn->at_ms + prep_minutes(drawn->section) * 60'000 - c.server_now_ms;
    if (left_ms > 0) {
      int64_t sec = (left_ms + 999) / 1000;
      std::snprintf(buf, sizeof buf, "%02lld:%02lld", (long long)(sec / 60), (long long)(sec % 60));
      ImGui::TextUnformatted(s.prep_left);
      ImGui::PushFont(c.fonts.huge);
      ImGui::TextColored(sec <= 60 ? ImColor(235, 60, 50) : ImColor(255, 255, 255), "%s", buf);
      ImGui::PopFont();
    } else {
      ImGui::PushFont(c.fonts.big);
      ImGui::TextColored(ImColor(235, 60, 50), "%s", s.prep_over);
      ImGui::PopFont();
    }
  }
  ImGui::PopFont();
}

}  // namespace lf
