// 计时员: the section's window, a very large clock that turns green at the minimum, amber near
// the maximum and red when over (with the overtime and what it costs), 开始 / 停止 / 归零 each in
// its own spot, and the duration sent to the server through the outbox.
// The clock belongs to the performance on stage (issue 24, timer_model.h PerformanceClock): a
// new stage call shows 00:00, stopped, with nothing to send; 提交用时 appears only after a stop;
// a sent time reads 已记录 5:46 ✓ with 更正 behind its own button; a stopwatch reading may be
// typed with a reason. Every time names its performance when it is taken: a time of the one who
// left is offered for that teacher by name, never for whoever is on stage now.
#include <cstdio>

#include "judge_console/panels/panel.h"
#include "scoring/engine/fixed_point.h"

namespace lf {
namespace {

// The API body of a clock change: for the performance on stage, named.
Json clock_body(bool running, const std::string& section, int64_t elapsed_ms,
                const PersonOnStage& who) {
  return Json{{"running", running},
              {"section", section},
              {"elapsed_ms", elapsed_ms},
              {"contestant", who.id}};
}

std::string fill(const char* format, const std::string& a, const std::string& b = "") {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a.c_str(), b.c_str());
  return buf;
}

std::optional<int64_t> recorded(const PanelContext& c, const std::string& key) {
  if (auto it = c.view->recorded_times.find(key); it != c.view->recorded_times.end())
    return it->second;
  if (auto it = c.ui->sent_times.find(key); it != c.ui->sent_times.end()) return it->second;
  return std::nullopt;
}

// Into the outbox; on success the time reads 已记录 at once (the outbox never loses it).
void queue_time(PanelContext& c, const TimeToSend& t, const std::string& reason) {
  Json body = {{"round", t.round},
               {"contestant", t.contestant},
               {"section", t.section},
               {"duration_s", Json::parse(duration_text_of(t.tenths), nullptr, false)}};
  if (!reason.empty()) body["reason"] = reason;
  Status st = c.client ? c.client->queue_change("/api/timings", body) : Status();
  if (!c.client && c.sent) c.sent->sent.push_back({"/api/timings", body});
  if (st.ok())
    c.ui->sent_times[t.key()] = t.tenths;
  else
    c.ui->toasts.push_back({st.to_string(), false, c.time_s + 6});
}

void send_clock(PanelContext& c, Json body) {
  if (c.client)
    c.client->act("/api/clock", std::move(body));
  else if (c.sent)
    c.sent->sent.push_back({"/api/clock", std::move(body)});
}

// Who is on stage now, and the server's clock for that very performance. A stopped time of the
// one who left that was never sent is kept, by name, as left_unsent.
void follow_stage(PanelContext& c, const VenueView& venue) {
  ConsoleUi& ui = *c.ui;
  std::optional<ServerClockReading> server;
  if (venue.on_stage && venue.clock_contestant == venue.on_stage->id) {
    int64_t elapsed = venue.clock_elapsed_ms;
    if (venue.clock_running && c.server_now_ms > c.view->server_time_ms)
      elapsed += c.server_now_ms - c.view->server_time_ms;
    server = ServerClockReading{venue.clock_running, elapsed, venue.clock_section};
  }
  const int64_t before_ms = ui.clock.elapsed_ms(c.now_ms);
  const bool had_time = ui.clock.stopped_with_time(c.now_ms);
  const std::string before_section = ui.clock.section();
  if (!ui.clock.follow(venue.performance(), server, c.now_ms)) return;
  if (had_time && ui.timed) {
    TimeToSend left{ui.timed->round, ui.timed->id, ui.timed->label(), before_section,
                    before_ms / 100};
    if (!recorded(c, left.key())) ui.left_unsent = left;
  }
  ui.timed = venue.on_stage;
}

void draw_section_tabs(PanelContext& c, const VenueView& venue) {
  ConsoleUi& ui = *c.ui;
  if (std::find(venue.sections.begin(), venue.sections.end(), ui.clock.section()) ==
      venue.sections.end())
    ui.clock.set_section(venue.sections.empty() ? "" : venue.sections.front());
  for (size_t i = 0; i < venue.sections.size(); ++i) {
    const SectionInfo* si = c.view->section(venue.sections[i]);
    const std::string& key = venue.sections[i];
    if (i) ImGui::SameLine();
    if (big_button(si ? si->name.c_str() : "", ImVec2(0, c.height * 0.07f), !ui.clock.running(),
                   key == ui.clock.section() ? IM_COL32(40, 90, 170, 255) : 0) &&
        key != ui.clock.section() && ui.clock.reset(key, c.now_ms) && venue.on_stage)
      send_clock(c, clock_body(false, key, 0, *venue.on_stage));
  }
}

std::string face_note(const ConsoleStrings& s, const TimerFace& face, int64_t elapsed,
                      int score_decimals, ImU32& color) {
  char buf[160];
  color = phase_color(face.phase);
  if (face.phase == ClockPhase::kOver && face.penalty_units == 0) {
    // Over, but under the first tier: nothing is taken off, so no red "扣 0.00 分".
    std::snprintf(buf, sizeof buf, s.overtime_free, (long long)face.overtime_s);
    color = phase_color(ClockPhase::kNearMax);
    return buf;
  }
  if (face.phase == ClockPhase::kOver) {
    std::snprintf(buf, sizeof buf, s.overtime, (long long)face.overtime_s,
                  format_fixed(face.penalty_units, score_decimals).c_str());
    return buf;
  }
  if (face.phase == ClockPhase::kNearMax) return s.near_max;
  if (face.phase == ClockPhase::kEnough) return s.on_time;
  return elapsed > 0 ? s.too_short : "";
}

// 开始 | 停止 | 归零, each always in its own spot (enabled or not): a double tap on 停止 lands on
// 停止 again, never on 开始.
void draw_clock_buttons(PanelContext& c, const VenueView& venue, int64_t elapsed) {
  const ConsoleStrings& s = *c.s;
  ConsoleUi& ui = *c.ui;
  const float gap = c.width * 0.02f, bw = c.width * 0.26f, bh = c.height * 0.11f;
  ImGui::SetCursorPosX((c.width - 3 * bw - 2 * gap) / 2);
  ImGui::PushFont(c.fonts.big);
  const bool on = venue.on_stage.has_value();
  if (big_button(s.start, ImVec2(bw, bh), on && !ui.clock.running(), IM_COL32(30, 120, 70, 255)) &&
      on && ui.clock.start(c.now_ms))
    send_clock(c, clock_body(true, ui.clock.section(), 0, *venue.on_stage));
  ImGui::SameLine(0, gap);
  if (big_button(s.stop, ImVec2(bw, bh), ui.clock.running(), IM_COL32(180, 30, 40, 255)) && on &&
      ui.clock.stop(c.now_ms))
    send_clock(
        c, clock_body(false, ui.clock.section(), ui.clock.elapsed_ms(c.now_ms), *venue.on_stage));
  ImGui::SameLine(0, gap);
  if (big_button(s.reset, ImVec2(bw, bh), !ui.clock.running() && elapsed > 0) &&
      ui.clock.reset(ui.clock.section(), c.now_ms) && on)
    send_clock(c, clock_body(false, ui.clock.section(), 0, *venue.on_stage));
  ImGui::PopFont();
}

// The typed reading (输入秒表读数 or 更正): for the performance it was opened for, by name.
void draw_typed_reading(PanelContext& c, const VenueView& venue) {
  const ConsoleStrings& s = *c.s;
  ConsoleUi& ui = *c.ui;
  TypedReading& t = *ui.typing;
  ImGui::TextUnformatted(fill(s.reading_for, t.time.label).c_str());
  ImGui::SetNextItemWidth(c.width * 0.08f);
  ImGui::InputText(s.minutes, t.minutes, sizeof t.minutes, ImGuiInputTextFlags_CharsDecimal);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(c.width * 0.1f);
  ImGui::InputText(s.seconds, t.seconds, sizeof t.seconds, ImGuiInputTextFlags_CharsDecimal);
  ImGui::TextUnformatted(s.reason);
  for (int i = 0; i < 4; ++i) {
    ImGui::SameLine();
    if (ImGui::RadioButton(s.reasons[i], t.reason == i)) t.reason = i;
  }
  Result<int64_t> typed = typed_reading_tenths(t.minutes, t.seconds);
  if (!typed.ok() && (t.minutes[0] || t.seconds[0])) {
    const std::string& field = typed.status().errors().front().path;
    ImGui::TextColored(ImColor(230, 80, 70), "%s",
                       field == "minutes"   ? s.reading_minutes_bad
                       : field == "seconds" ? s.reading_seconds_bad
                                            : s.reading_zero);
  }
  const float bw = c.width * 0.3f, bh = c.height * 0.08f;
  ImGui::PushFont(c.fonts.big);
  std::string label = fill(s.send_time, typed.ok() ? minutes_seconds_text(typed.value()) : "");
  if (big_button((label + "##typed").c_str(), ImVec2(bw, bh), typed.ok() && t.reason >= 0,
                 IM_COL32(40, 90, 170, 255))) {
    t.time.tenths = typed.value();
    queue_time(c, t.time, s.reasons[t.reason]);
    // A clock still running for this performance (the tablet died before 停止) stops at the
    // reading.
    if (ui.clock.running() && venue.on_stage && venue.performance() == ui.clock.performance() &&
        t.time.contestant == venue.on_stage->id && ui.clock.stop(c.now_ms))
      send_clock(c, clock_body(false, t.time.section, t.time.tenths * 100, *venue.on_stage));
    ui.typing.reset();
  }
  ImGui::SameLine();
  if (big_button(s.cancel, ImVec2(bw * 0.5f, bh))) ui.typing.reset();
  ImGui::PopFont();
}

// Below the clock: 提交用时 after a stop, or 已记录 with 更正, or the typed reading; and a time of
// the one who left that was never sent, offered by name.
void draw_time_to_send(PanelContext& c, const VenueView& venue, const SectionInfo& si) {
  const ConsoleStrings& s = *c.s;
  ConsoleUi& ui = *c.ui;
  const float bw = c.width * 0.3f, bh = c.height * 0.08f;
  if (ui.typing) {
    draw_typed_reading(c, venue);
  } else if (venue.on_stage) {
    TimeToSend now{venue.on_stage->round, venue.on_stage->id, venue.on_stage->label(), si.key,
                   ui.clock.elapsed_ms(c.now_ms) / 100};
    const float gap = c.width * 0.04f;
    ImGui::PushFont(c.fonts.big);
    if (auto done = recorded(c, now.key())) {
      std::string text = fill(s.recorded_time, minutes_seconds_text(*done));
      ImGui::SetCursorPosX((c.width - ImGui::CalcTextSize(text.c_str()).x - gap - bw * 0.5f) / 2);
      ImGui::AlignTextToFramePadding();
      ImGui::TextColored(ImColor(60, 170, 90), "%s", text.c_str());
      ImGui::SameLine(0, gap);
      if (big_button(s.correct, ImVec2(bw * 0.5f, bh))) ui.typing = TypedReading{now};
    } else {
      // 提交用时 only after a stop, for this performance; 输入秒表读数 beside it.
      const bool stopped =
          ui.clock.stopped_with_time(c.now_ms) && ui.clock.performance() == venue.performance();
      ImGui::SetCursorPosX((c.width - (stopped ? 2 * bw + gap : bw)) / 2);
      if (stopped && big_button(fill(s.send_time, minutes_seconds_text(now.tenths)).c_str(),
                                ImVec2(bw, bh), true, IM_COL32(40, 90, 170, 255)))
        queue_time(c, now, "");
      if (stopped) ImGui::SameLine(0, gap);
      if (big_button(s.type_reading, ImVec2(bw, bh))) ui.typing = TypedReading{now};
    }
    ImGui::PopFont();
  }
  if (ui.left_unsent && recorded(c, ui.left_unsent->key())) ui.left_unsent.reset();
  if (ui.left_unsent) {
    const TimeToSend& left = *ui.left_unsent;
    ImGui::TextColored(ImColor(230, 160, 40), "%s",
                       fill(s.left_unsent, left.label, minutes_seconds_text(left.tenths)).c_str());
    ImGui::SameLine();
    if (big_button(fill(s.send_left, left.label).c_str(), ImVec2(0, 0))) queue_time(c, left, "");
  }
}

}  // namespace

void draw_timekeeper(PanelContext& c) {
  const ConsoleStrings& s = *c.s;
  const ConsoleView& v = *c.view;
  ConsoleUi& ui = *c.ui;
  const VenueView* venue = v.venue_view(v.venue);
  if (!venue) return;
  ImGui::PushFont(c.fonts.body);
  follow_stage(c, *venue);
  ImGui::Text("%s：%s", s.on_stage, venue->on_stage ? venue->on_stage->label().c_str() : "—");
  draw_section_tabs(c, *venue);
  const SectionInfo* si = v.section(ui.clock.section());
  if (!si) {
    ImGui::PopFont();
    return;
  }
  auto mmss = [](int64_t sec) {
    char b[48];
    std::snprintf(b, sizeof b, "%02lld:%02lld", (long long)(sec / 60), (long long)(sec % 60));
    return std::string(b);
  };
  std::string window = (si->min_time_s ? mmss(*si->min_time_s) + " – " : std::string("≤ ")) +
                       (si->max_time_s ? mmss(*si->max_time_s) : std::string("—"));
  ImGui::TextDisabled("%s", fill(s.window, window).c_str());
  int64_t elapsed = ui.clock.elapsed_ms(c.now_ms);
  TimerFace face = timer_face(elapsed, si->min_time_s, si->max_time_s, v.overtime);
  ImGui::PushFont(c.fonts.huge);
  float w = ImGui::CalcTextSize(face.clock.c_str()).x;
  ImGui::SetCursorPosX((c.width - w) / 2);
  ImGui::TextColored(ImColor(phase_color(face.phase)), "%s", face.clock.c_str());
  ImGui::PopFont();
  ImU32 note_color = 0;
  std::string note = face_note(s, face, elapsed, v.score_decimals, note_color);
  centered_text(c.fonts.big, note.empty() ? " " : note, note_color);
  draw_clock_buttons(c, *venue, elapsed);
  draw_time_to_send(c, *venue, *si);
  ImGui::PopFont();
}

}  // namespace lf
