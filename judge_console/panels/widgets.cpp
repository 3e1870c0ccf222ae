#include <algorithm>
#include <cstdio>

#include "judge_console/panels/panel.h"

namespace lf {

char keypad(const char* id, float width, float key_h, bool with_point, const char* backspace_label) {
  const char* labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", backspace_label};
  char pressed = 0;
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float key_w = (width - 2 * gap) / 3;
  ImGui::PushID(id);
  // No vertical frame padding: ImGui centres a label in the button less its padding and, when
  // the big font's line is taller than that, pins it to the top padding — the digits sat low.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0));
  for (int i = 0; i < 12; ++i) {
    if (i % 3) ImGui::SameLine();
    bool point = i == 9;
    ImGui::BeginDisabled(point && !with_point);
    if (ImGui::Button(labels[i], ImVec2(key_w, key_h))) pressed = i == 9 ? '.' : i == 11 ? '<' : i == 10 ? '0' : char('1' + i);
    ImGui::EndDisabled();
  }
  ImGui::PopStyleVar();
  ImGui::PopID();
  return pressed;
}

bool big_button(const char* label, ImVec2 size, bool enabled, ImU32 color) {
  ImGui::BeginDisabled(!enabled);
  if (color) {
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, color);
  }
  // A fixed height: no vertical padding, so the label is centred in it (see keypad()).
  if (size.y > 0) ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0));
  bool clicked = ImGui::Button(label, size);
  if (size.y > 0) ImGui::PopStyleVar();
  if (color) ImGui::PopStyleColor(3);
  ImGui::EndDisabled();
  return clicked && enabled;
}

void centered_text(ImFont* font, const std::string& text, ImU32 color) {
  ImGui::PushFont(font);
  float w = ImGui::CalcTextSize(text.c_str()).x;
  float avail = ImGui::GetContentRegionAvail().x;
  if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) / 2);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

ImU32 phase_color(ClockPhase phase) {
  switch (phase) {
    case ClockPhase::kEnough: return IM_COL32(60, 200, 110, 255);
    case ClockPhase::kNearMax: return IM_COL32(245, 180, 40, 255);
    case ClockPhase::kOver: return IM_COL32(235, 60, 50, 255);
    default: return IM_COL32(235, 238, 245, 255);
  }
}

const char* mark_state_text(const ConsoleStrings& s, MarkState st) {
  switch (st) {
    case MarkState::kSaved: return s.state_saved;
    case MarkState::kWaiting: return s.state_waiting;
    case MarkState::kReturned: return s.state_returned;
    case MarkState::kLocked: return s.state_locked;
    case MarkState::kRefused: return s.state_refused;
    default: return s.state_missing;
  }
}

ImU32 mark_state_color(MarkState st) {
  switch (st) {
    case MarkState::kSaved: return IM_COL32(80, 210, 120, 255);
    case MarkState::kWaiting: return IM_COL32(245, 180, 40, 255);
    case MarkState::kReturned:
    case MarkState::kRefused: return IM_COL32(240, 90, 80, 255);
    case MarkState::kLocked: return IM_COL32(150, 170, 200, 255);
    default: return IM_COL32(160, 160, 170, 255);
  }
}

void draw_toasts(PanelContext& c) {
  auto& toasts = c.ui->toasts;
  std::erase_if(toasts, [&](const Toast& t) { return t.until_s < c.time_s; });
  float y = c.height * 0.12f;
  for (const Toast& t : toasts) {
    ImGui::PushFont(c.fonts.body);
    ImVec2 size = ImGui::CalcTextSize(t.text.c_str());
    ImGui::PopFont();
    float pad = c.height * 0.015f;
    ImVec2 p0((c.width - size.x) / 2 - pad, y), p1((c.width + size.x) / 2 + pad, y + size.y + 2 * pad);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->AddRectFilled(p0, p1, t.ok ? IM_COL32(30, 120, 70, 240) : IM_COL32(170, 30, 30, 240), pad);
    dl->AddText(c.fonts.body, c.fonts.body->FontSize, ImVec2(p0.x + pad, p0.y + pad), IM_COL32_WHITE, t.text.c_str());
    y = p1.y + pad;
  }
}

const char* role_text(const ConsoleStrings& s, const std::string& role) {
  if (role == "judge") return s.judge_role;
  if (role == "head_judge") return s.head_judge_role;
  if (role == "timekeeper") return s.timekeeper_role;
  if (role == "organizer") return s.organizer_role;
  if (role == "steward") return s.steward_role;
  return s.display_role;
}

float status_banner_height(const PanelContext& c) {
  // Two lines of the body font: a problem and one more (plain http, unsent marks of another).
  float line = c.fonts.body ? c.fonts.body->FontSize : ImGui::GetFontSize();
  return 2 * (line + ImGui::GetStyle().ItemSpacing.y);
}

void draw_status_bar(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView* v = c.view;
  ImGui::PushFont(c.fonts.body);
  std::string who = v ? v->display_name() : "";
  if (v && who == v->person) who = role_text(s, v->role);  // a login named by its id: its role, never a key
  // The venue by its name, unless the person's name already says it ("裁判长 · 小学组预赛赛场");
  // a judge's venues are theirs through the panels they sit on.
  std::vector<std::string> where;
  if (v && !v->venue.empty()) where.push_back(v->venue_name(v->venue));
  if (v && v->role == "judge")
    for (const VenueView* x : v->venues_of_judge(v->person)) where.push_back(x->name);
  for (const std::string& w : where)
    if (who.find(w) == std::string::npos) who += "  ·  " + w;
  ImGui::TextUnformatted(who.c_str());
  char sync[64];
  if (c.status.unsynced > 0) std::snprintf(sync, sizeof sync, s.unsynced, int(c.status.unsynced));
  else std::snprintf(sync, sizeof sync, "%s", s.all_synced);
  std::string right = std::string(c.status.connected ? "● " : "● ") + (c.status.connected ? s.online : s.offline) + "   " + sync;
  if (c.status.refused > 0) {
    char r[64];
    std::snprintf(r, sizeof r, s.refused_count, int(c.status.refused));
    right += "   ";
    right += r;
  }
  // Right-aligned to the window's inner edge: the text, the gap, and the button with its frame.
  const ImGuiStyle& style = ImGui::GetStyle();
  float w = ImGui::CalcTextSize(right.c_str()).x + style.ItemSpacing.x + ImGui::CalcTextSize(s.logout).x +
            style.FramePadding.x * 2 + style.WindowPadding.x;
  // Beside the name on a landscape screen, on a line of its own on a portrait one: decided by
  // the screen's shape, never by the text's width, so the bar's height never changes.
  if (c.width >= c.height) ImGui::SameLine();
  ImGui::SetCursorPosX(std::max(ImGui::GetStyle().WindowPadding.x, c.width - w));
  ImU32 col = !c.status.connected ? IM_COL32(240, 90, 80, 255)
              : c.status.unsynced ? IM_COL32(245, 180, 40, 255) : IM_COL32(80, 210, 120, 255);
  ImGui::PushStyleColor(ImGuiCol_Text, col);
  ImGui::TextUnformatted(right.c_str());
  ImGui::PopStyleColor();
  ImGui::SameLine();
  if (ImGui::SmallButton(s.logout)) {
    // Unsent marks stay on this tablet (they are mine, sent when I log in again): ask first.
    if (c.status.unsynced > 0) c.ui->confirm_logout = true;
    else if (c.client) c.client->logout();
  }
  // The banners (connection lost, a problem, plain http, someone else's unsent marks) live in a
  // space of their own that is always there, empty or not: a banner that comes and goes never
  // moves what is below it (the keypad under a judge's finger).
  ImGui::BeginChild("banners", ImVec2(0, status_banner_height(c)), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  if (c.status.offline_view) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(240, 90, 80, 255));
    ImGui::TextWrapped("%s", s.offline_view);
    ImGui::PopStyleColor();
  } else if (!c.status.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(245, 180, 40, 255));
    ImGui::TextWrapped("%s", c.status.message.c_str());
    ImGui::PopStyleColor();
  }
  if (c.client && !c.client->server().tls) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(240, 90, 80, 255));
    ImGui::TextWrapped("%s", s.plain_http_warning);
    ImGui::PopStyleColor();
  }
  draw_others_unsent(c);
  ImGui::EndChild();
  ImGui::PopFont();
  if (c.ui->confirm_logout) ImGui::OpenPopup("confirm_logout");
  ImGui::SetNextWindowPos(ImVec2(c.width / 2, c.height / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("confirm_logout", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushFont(c.fonts.big);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + c.width * 0.55f);
    ImGui::Text(s.logout_confirm, int(c.status.unsynced));
    ImGui::PopTextWrapPos();
    float bw = (c.width * 0.55f - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (big_button(s.logout_yes, ImVec2(bw, c.height * 0.08f), true, IM_COL32(170, 60, 30, 255))) {
      if (c.client) c.client->logout();
      c.ui->confirm_logout = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (big_button(s.logout_no, ImVec2(bw, c.height * 0.08f))) {
      c.ui->confirm_logout = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::PopFont();
    ImGui::EndPopup();
  }
  ImGui::Separator();
}

void draw_others_unsent(PanelContext& c) {
  for (const OthersUnsent& o : c.status.others) {
    char buf[256];
    std::snprintf(buf, sizeof buf, c.s->others_unsent, o.person.c_str(), int(o.count), o.person.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(245, 180, 40, 255));
    ImGui::TextWrapped("%s", buf);
    ImGui::PopStyleColor();
  }
}

void same_line_if_fits(float width) {
  float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

float text_width(const char* text) { return ImGui::CalcTextSize(text, nullptr, true).x; }

float button_width(const char* label) { return text_width(label) + 2 * ImGui::GetStyle().FramePadding.x; }

std::string name_of(const std::map<std::string, std::string>& names, const std::string& key) {
  auto it = names.find(key);
  return it != names.end() && !it->second.empty() ? it->second : key;
}

}  // namespace lf
