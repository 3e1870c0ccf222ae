// 组委会 · 查分: one contestant's whole trail, read from the server on request (GET
// /api/history; the server builds the lines, data/live/history.h) and drawn as a table. The
// lines are fetched only when asked for: a contest day's log is read once per look, not per frame.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "app_shell/glyph_set.h"
#include "judge_console/panels/panel.h"

namespace lf {

namespace {

// Percent-encodes a contestant id for the query string (ids are usually "C001", but the
// contest file allows any text without spaces).
std::string query_value(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += char(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

// The fetched answer into the UI's lines, as drawable text (names above U+FFFF as stand-ins).
void take_answer(PanelContext& c) {
  HistoryUi& h = c.ui->history;
  if (!h.fetch_id || !c.client) return;
  auto body = c.client->take_fetched(h.fetch_id);
  if (!body) {
    if (!c.client->in_flight(h.fetch_id)) h.fetch_id = 0;  // refused: the toast says why
    return;
  }
  h.fetch_id = 0;
  show_history_answer(h, *body);
}

}  // namespace

void show_history_answer(HistoryUi& h, const Json& body) {
  auto lines = history_from_json(body.contains("lines") ? body["lines"] : Json::array());
  if (!lines.ok()) return;
  h.lines = std::move(lines.value());
  for (HistoryLine& l : h.lines)
    for (std::string* t : {&l.when, &l.who, &l.what, &l.before, &l.after, &l.note})
      *t = drawable_text(*t);
  const Json& who = body.contains("contestant") && body["contestant"].is_object()
                        ? body["contestant"]
                        : Json::object();
  h.shown_for = json_string(who, "id");
  h.heading = drawable_text(json_string(who, "heading"));
  h.scroll_to = true;
}

std::string history_glyph_text(const HistoryUi& h) {
  std::string all = h.heading;
  for (const HistoryLine& l : h.lines) all += l.when + l.who + l.what + l.before + l.after + l.note;
  return all;
}

void draw_contestant_history(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  HistoryUi& h = c.ui->history;
  take_answer(c);
  ImGui::TextUnformatted(s.history_title);
  if (v.contestants.empty()) return;
  h.choice = std::clamp(h.choice, 0, int(v.contestants.size()) - 1);
  ImGui::SetNextItemWidth(c.width * 0.4f);
  if (ImGui::BeginCombo("##history_contestant", v.contestants[size_t(h.choice)].second.c_str())) {
    for (size_t i = 0; i < v.contestants.size(); ++i)
      if (ImGui::Selectable(v.contestants[i].second.c_str(), int(i) == h.choice)) h.choice = int(i);
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  bool fetching = h.fetch_id != 0;
  if (big_button(fetching ? s.history_loading : s.history_show, ImVec2(0, 0), !fetching) &&
      c.client)
    h.fetch_id = c.client->fetch(std::string("/api/history?contestant=") +
                                 query_value(v.contestants[size_t(h.choice)].first));
  if (h.shown_for.empty()) return;
  if (h.scroll_to) {  // the organizer asked to see them: the table comes into sight
    ImGui::SetScrollHereY(0.0f);
    h.scroll_to = false;
  }
  ImGui::TextUnformatted(h.heading.c_str());
  if (h.lines.empty()) {
    ImGui::TextDisabled("%s", s.history_empty);
    return;
  }
  char count[160];
  std::snprintf(count, sizeof count, s.history_count, int(h.lines.size()));
  ImGui::TextDisabled("%s", count);
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("history", 7, flags, ImVec2(0, c.height * 0.45f))) return;
  const std::pair<const char*, float> columns[] = {
      {s.history_no, 0.5f},   {s.history_when, 1.6f},   {s.history_who, 2.1f},
      {s.history_what, 2.9f}, {s.history_before, 1.2f}, {s.history_after, 1.2f},
      {s.history_note, 2.2f}};
  ImGui::TableSetupScrollFreeze(0, 1);
  for (auto [name, weight] : columns)
    ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthStretch, weight);
  ImGui::TableHeadersRow();
  for (const HistoryLine& l : h.lines) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(l.seq));
    for (const std::string* t : {&l.when, &l.who, &l.what, &l.before, &l.after, &l.note}) {
      ImGui::TableNextColumn();
      // A replaced value stands out: what an appeal is about.
      bool old_value = t == &l.before && !l.before.empty();
      if (old_value) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(245, 180, 40, 255));
      ImGui::TextWrapped("%s", t->empty() ? "—" : t->c_str());
      if (old_value) ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace lf
