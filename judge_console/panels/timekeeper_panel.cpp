// 计时员: the section's window, a very large clock that turns green at the minimum, amber near
// the maximum and red when over (with the overtime and what it costs), Start / Stop, and the
// duration sent to the server through the outbox; a correction needs a reason.
#include <cstdio>

#include "scoring/engine/fixed_point.h"
#include "judge_console/panels/panel.h"

namespace lf {

void draw_timekeeper(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  const VenueView* venue = v.venue_view(v.venue);
  ImGui::PushFont(c.fonts.body);
  if (!venue) {
    ImGui::PopFont();
    return;
  }
  ImGui::Text("%s：%s", s.on_stage, venue->on_stage ? venue->on_stage->label().c_str() : "—");
  if (std::find(venue->sections.begin(), venue->sections.end(), ui.timer_section) == venue->sections.end())
    ui.timer_section = venue->sections.empty() ? "" : venue->sections.front();
  for (size_t i = 0; i < venue->sections.size(); ++i) {
    const SectionInfo* si = v.section(venue->sections[i]);
    if (i) ImGui::SameLine();
    if (big_button(si ? si->name.c_str() : "", ImVec2(0, c.height * 0.07f), !ui.watch.running(),
                   venue->sections[i] == ui.timer_section ? IM_COL32(40, 90, 170, 255) : 0)) {
      ui.timer_section = venue->sections[i];
      ui.watch.reset();
    }
  }
  const SectionInfo* si = v.section(ui.timer_section);
  if (!si) {
    ImGui::PopFont();
    return;
  }
  char buf[160];
  auto mmss = [](int64_t sec) {
    char b[48];
    std::snprintf(b, sizeof b, "%02lld:%02lld", (long long)(sec / 60), (long long)(sec % 60));
    return std::string(b);
  };
  std::string window = (si->min_time_s ? mmss(*si->min_time_s) + " – " : std::string("≤ ")) +
                       (si->max_time_s ? mmss(*si->max_time_s) : std::string("—"));
  std::snprintf(buf, sizeof buf, s.window, window.c_str());
  ImGui::TextDisabled("%s", buf);
  int64_t elapsed = ui.watch.elapsed_ms(c.now_ms);
  TimerFace face = timer_face(elapsed, si->min_time_s, si->max_time_s, v.overtime);
  // The clock.
  ImGui::PushFont(c.fonts.huge);
  float w = ImGui::CalcTextSize(face.clock.c_str()).x;
  ImGui::SetCursorPosX((c.width - w) / 2);
  ImGui::TextColored(ImColor(phase_color(face.phase)), "%s", face.clock.c_str());
  ImGui::PopFont();
  std::string note;
  ImU32 note_color = phase_color(face.phase);
  if (face.phase == ClockPhase::kOver && face.penalty_units == 0) {
    // Over, but under the first tier: nothing is taken off, so no red "扣 0.00 分".
    std::snprintf(buf, sizeof buf, s.overtime_free, (long long)face.overtime_s);
    note = buf;
    note_color = phase_color(ClockPhase::kNearMax);
  } else if (face.phase == ClockPhase::kOver) {
    std::snprintf(buf, sizeof buf, s.overtime, (long long)face.overtime_s,
                  format_fixed(face.penalty_units, v.score_decimals).c_str());
    note = buf;
  } else if (face.phase == ClockPhase::kNearMax) {
    note = s.near_max;
  } else if (face.phase == ClockPhase::kEnough) {
    note = s.on_time;
  } else if (elapsed > 0) {
    note = s.too_short;
  }
  centered_text(c.fonts.big, note.empty() ? " " : note, note_color);
  // Start / Stop / Reset.
  float bw = c.width * 0.3f, bh = c.height * 0.11f;
  ImGui::SetCursorPosX((c.width - 2 * bw - c.width * 0.02f) / 2);
  ImGui::PushFont(c.fonts.big);
  if (!ui.watch.running()) {
    if (big_button(s.start, ImVec2(bw, bh), venue->on_stage.has_value(), IM_COL32(30, 120, 70, 255))) {
      ui.watch.start(c.now_ms);
      if (c.client) c.client->act("/api/clock", {{"running", true}, {"section", si->key}, {"elapsed_ms", elapsed}});
    }
  } else if (big_button(s.stop, ImVec2(bw, bh), true, IM_COL32(180, 30, 40, 255))) {
    ui.watch.stop(c.now_ms);
    if (c.client)
      c.client->act("/api/clock", {{"running", false}, {"section", si->key}, {"elapsed_ms", ui.watch.elapsed_ms(c.now_ms)}});
  }
  ImGui::SameLine();
  if (big_button(s.reset, ImVec2(bw, bh), !ui.watch.running() && elapsed > 0)) ui.watch.reset();
  ImGui::PopFont();
  // Send the duration: first time plainly, again only with a reason.
  if (venue->on_stage && !ui.watch.running() && elapsed > 0) {
    std::string key = venue->on_stage->round + "|" + venue->on_stage->id + "|" + si->key;
    bool correction = ui.last_sent.rfind(key + "=", 0) == 0;
    if (correction) {
      ImGui::TextUnformatted(s.reason);
      for (int i = 0; i < 3; ++i) {
        ImGui::SameLine();
        if (ImGui::RadioButton(s.reasons[i], ui.reason == i)) ui.reason = i;
      }
    }
    std::snprintf(buf, sizeof buf, s.send_time, face.duration_text.c_str());
    std::string label = std::string(correction ? s.correct_time : "") + (correction ? "：" : "") + buf;
    ImGui::PushFont(c.fonts.big);
    ImGui::SetCursorPosX((c.width - 2 * bw) / 2);
    if (big_button(label.c_str(), ImVec2(2 * bw, bh * 0.8f), !correction || ui.reason >= 0, IM_COL32(40, 90, 170, 255)) &&
        c.client) {
      Json body = {{"round", venue->on_stage->round}, {"contestant", venue->on_stage->id}, {"section", si->key},
                   {"duration_s", Json::parse(face.duration_text, nullptr, false)}};
      if (correction) body["reason"] = s.reasons[ui.reason];
      Status st = c.client->queue_change("/api/timings", body);
      if (st.ok()) ui.last_sent = key + "=" + face.duration_text;
      else ui.toasts.push_back({st.to_string(), false, c.time_s + 6});
      ui.reason = -1;
    }
    ImGui::PopFont();
  }
  if (!ui.last_sent.empty()) {
    std::snprintf(buf, sizeof buf, s.last_sent, ui.last_sent.substr(ui.last_sent.find('=') + 1).c_str());
    ImGui::TextDisabled("%s", buf);
  }
  ImGui::PopFont();
}

}  // namespace lf
