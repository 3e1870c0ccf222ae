// 登录: the server's address (remembered) and the personal code on a large keypad.
#include <cstddef>  // protocol.h uses size_t without including it

#include "judge_console/panels/panel.h"
#include "scoring/protocol/protocol.h"

#include <imgui_stdlib.h>

namespace lf {

void draw_login(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  ConsoleUi& ui = *c.ui;
  float col_w = std::min(c.width * 0.9f, c.height * 0.75f);
  ImGui::SetCursorPos(ImVec2((c.width - col_w) / 2, c.height * 0.04f));
  ImGui::BeginGroup();
  ImGui::PushFont(c.fonts.big);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (col_w - ImGui::CalcTextSize(s.app_title).x) / 2);
  ImGui::TextUnformatted(s.app_title);
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::PushFont(c.fonts.body);
  ImGui::TextUnformatted(s.server);
  ImGui::SetNextItemWidth(col_w);
  ImGui::InputText("##server", &ui.server_text, ImGuiInputTextFlags_CharsNoBlank);
  // Servers announced on the LAN: one tap fills the address (the chosen one is green).
  if (!c.found_servers.empty()) {
    ImGui::TextUnformatted(s.found_servers);
    for (size_t i = 0; i < c.found_servers.size(); ++i) {
      const FoundServer& f = c.found_servers[i];
      std::string label = f.name + " · " + f.host + ":" + std::to_string(f.port) + "##found" + std::to_string(i);
      bool chosen = ui.server_text == f.address();
      if (big_button(label.c_str(), ImVec2(col_w, 0), true, chosen ? IM_COL32(30, 120, 70, 255) : 0))
        ui.server_text = f.address();
    }
  }
  ImGui::TextUnformatted(s.code);
  ImGui::PopFont();
  // The code as big digits in two groups of five, as printed on the slip.
  const size_t digits = protocol::kLoginCodeDigits;
  std::string shown;
  for (size_t i = 0; i < digits; ++i) {
    shown += i < ui.code.size() ? ui.code[i] : '_';
    shown += i + 1 == digits / 2 ? "  " : " ";
  }
  ImGui::PushFont(c.fonts.big);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (col_w - ImGui::CalcTextSize(shown.c_str()).x) / 2);
  ImGui::TextUnformatted(shown.c_str());
  float key_h = c.height * 0.085f;
  char k = keypad("code", col_w, key_h, false, s.backspace);
  ImGui::PopFont();
  if (k >= '0' && k <= '9' && ui.code.size() < digits) ui.code += k;
  if (k == '<' && !ui.code.empty()) ui.code.pop_back();
  bool busy = c.status.login_in_flight;
  ImGui::PushFont(c.fonts.big);
  if (big_button(busy ? s.logging_in : s.login, ImVec2(col_w, key_h), !busy && (ui.code.size() == digits || ui.code.size() == protocol::kOldLoginCodeDigits),
                 IM_COL32(30, 120, 70, 255)) &&
      c.client)
    c.client->login(ui.code);
  ImGui::PopFont();
  if (c.client && !c.client->server().tls) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(240, 90, 80, 255));
    ImGui::TextWrapped("%s", c.s->plain_http_warning);
    ImGui::PopStyleColor();
  }
  if (!c.status.message.empty()) {
    ImGui::PushFont(c.fonts.body);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(245, 120, 100, 255));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col_w);
    ImGui::TextWrapped("%s", c.status.message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  if (!c.status.others.empty()) {
    ImGui::PushFont(c.fonts.body);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col_w);
    draw_others_unsent(c);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
  }
  ImGui::EndGroup();
}

}  // namespace lf
