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

// Lines asked for at a time (GET /api/history's limit; the server allows up to 500): a long
// trail (an insider's flood of corrections) is read a page at a time.
constexpr size_t kHistoryPageLines = 200;

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
  h.from = body.value("from", size_t(0));
  h.total = body.value("total", h.lines.size());
  h.next_from = body.contains("next_from") && body["next_from"].is_number_integer()
                    ? body["next_from"].get<int64_t>()
                    : -1;
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
  auto fetch_page = [&](const std::string& contestant, size_t from) {
    h.fetch_id = c.client->fetch(std::string("/api/history?contestant=") + query_value(contestant) +
                                 "&limit=" + std::to_string(kHistoryPageLines) +
                                 (from > 0 ? "&from=" + std::to_string(from) : ""));
  };
  if (big_button(fetching ? s.history_loading : s.history_show, ImVec2(0, 0), !fetching) &&
      c.client)
    fetch_page(v.contestants[size_t(h.choice)].first, 0);
  if (h.shown_for.empty()) return;
  const bool paged = h.from > 0 || h.next_from >= 0;
  if (paged && c.client) {  // a trail longer than a page: one page at a time
    if (big_button(s.history_prev, ImVec2(0, 0), !fetching && h.from > 0))
      fetch_page(h.shown_for, h.from - std::min(h.from, kHistoryPageLines));
    ImGui::SameLine();
    if (big_button(s.history_next, ImVec2(0, 0), !fetching && h.next_from >= 0))
      fetch_page(h.shown_for, size_t(h.next_from));
  }
  if (h.scroll_to) {  // the organizer asked to see them: the table comes into sight
    ImGui::SetScrollHereY(0.0f);
    h.scroll_to = false;
  }
  ImGui::TextUnformatted(h.heading.c_str());
  if (h.lines.empty()) {
    ImGui::TextDisabled("%s", s.history_empty);
    return;
  }
  char count[200];
  if (paged)
    std::snprintf(count, sizeof count, s.history_page, int(h.from + 1),
                  int(h.from + h.lines.size()), int(h.total));
  else
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
