// 正在比赛: who is on stage in a venue, the section, and the clock running in step with the
// timekeeper's, neutral / green / amber / red as clock_phase() says.
#include <cstdio>

#include "scoring/engine/clock_phase.h"
#include "app_shell/qr_draw.h"
#include "display/scenes/scene.h"

namespace lf {

std::string clock_text(int64_t ms) {
  int64_t s = ms / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", (long long)(s / 60), (long long)(s % 60));
  return buf;
}

namespace {

// Between contestants: 候场中, and the venue's join QR code with how to use it and its address
// (for a tablet whose camera cannot read the screen), large enough to scan from the front rows.
// A contest without venues on stage says nothing of waiting (`say_waiting` false).
void draw_waiting(const SceneContext& c, bool say_waiting) {
  const Theme& t = *c.theme;
  if (!c.join_qr) {
    if (say_waiting)
      text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, c.width, c.height * 0.5f, t.text_dim,
              c.strings->nobody_on_stage, Align::kCenter);
    return;
  }
  if (say_waiting)
    text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, c.width, c.height * 0.24f, t.text_dim,
            c.strings->nobody_on_stage, Align::kCenter);
  float side = c.height * 0.44f;
  float drawn = draw_qr_code(*c.draw, *c.join_qr, ImVec2((c.width - side) / 2, c.height * 0.32f), side);
  float below = c.height * 0.32f + drawn;
  text_in(c, c.fonts.bold, c.fonts.bold->FontSize * 0.8f, c.width * 0.05f, c.width * 0.9f,
          below + c.height * 0.05f, t.text, c.strings->join_caption, Align::kCenter);
  text_in(c, c.fonts.body, c.fonts.body->FontSize, 0, c.width, below + c.height * 0.11f, t.text_dim,
          c.join_link, Align::kCenter);
}

}  // namespace

double draw_stage(const DisplaySnapshot& s, const SceneContext& c) {
  const Theme& t = *c.theme;
  c.draw->AddRectFilled(ImVec2(0, 0), ImVec2(c.width, c.height), t.background);
  if (s.stages.empty()) {
    title_bar(c, s.contest_name, "");
    draw_waiting(c, false);
    return 1.0;
  }
  const StageView& v = s.stages[size_t(c.stage) % s.stages.size()];
  title_bar(c, v.title, v.venue);
  float cx = 0, w = c.width;
  if (v.contestant_name.empty()) {
    draw_waiting(c, true);
    return 1.0;
  }
  text_in(c, c.fonts.body, c.fonts.body->FontSize, cx, w, c.height * 0.22f, t.text_dim,
          c.strings->on_stage, Align::kCenter);
  text_in(c, c.fonts.big, c.fonts.big->FontSize, cx, w, c.height * 0.33f, t.text,
          v.contestant_name, Align::kCenter);
  text_in(c, c.fonts.bold, c.fonts.bold->FontSize, cx, w, c.height * 0.43f, t.text_dim, v.school,
          Align::kCenter);
  text_in(c, c.fonts.bold, c.fonts.bold->FontSize * 1.1f, cx, w, c.height * 0.52f, t.accent,
          v.section_name, Align::kCenter);

  int64_t elapsed = v.elapsed_ms;
  if (v.clock_running && c.server_now_ms > v.server_time_ms) elapsed += c.server_now_ms - v.server_time_ms;
  ClockPhase phase = clock_phase(elapsed, v.min_time_s, v.max_time_s);
  Rgba col = phase == ClockPhase::kOver ? t.red : phase == ClockPhase::kNearMax ? t.amber
             : phase == ClockPhase::kEnough ? t.green : t.text;
  // The clock on a plate, so its colour reads from the back of the hall.
  float ph = c.height * 0.24f, pw = c.width * 0.42f, px = (c.width - pw) / 2, py = c.height * 0.6f;
  c.draw->AddRectFilled(ImVec2(px, py), ImVec2(px + pw, py + ph), t.band, ph * 0.08f);
  c.draw->AddRect(ImVec2(px, py), ImVec2(px + pw, py + ph), col, ph * 0.08f, 0, c.height * 0.006f);
  text_in(c, c.fonts.huge, c.fonts.huge->FontSize, px, pw, py + ph / 2, col, clock_text(elapsed), Align::kCenter);
  std::string note;
  if (phase == ClockPhase::kOver) {
    note = std::string(c.strings->overtime) + " " + std::to_string(overtime_s(elapsed, v.max_time_s)) +
           " " + c.strings->seconds;
  } else if (v.max_time_s) {
    note = (v.min_time_s ? clock_text(*v.min_time_s * 1000) + " – " : std::string("≤ ")) +
           clock_text(*v.max_time_s * 1000);
  }
  text_in(c, c.fonts.bold, c.fonts.bold->FontSize, 0, c.width, py + ph + c.height * 0.06f,
          phase == ClockPhase::kOver ? t.red : t.text_dim, note, Align::kCenter);
  // A running clock changes every second; redraw just after the next whole second.
  if (!v.clock_running) return 1.0;
  return double(1000 - elapsed % 1000) / 1000.0 + 0.005;
}

}  // namespace lf
