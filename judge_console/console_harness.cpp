#include "judge_console/console_harness.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "judge_console/draw_edit.h"

namespace lf {

const char* const kConsoleHarnessUsage =
    "       liangfen-console --screenshot FILE.png --size 1280x800 --server URL [--code "
    "CODE]\n"
    "                        [--history CONTESTANT]  (the organizer's 查分 of one "
    "contestant)\n"
    "                        [--manual-order ROUND/GROUP]  (the organizer's 手动排序 open)\n"
    "                        [--type 27.5] [--timer-ms 287000]\n";

namespace {

void pause_a_moment() {
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// The history shown, as after 查看记录.
void show_history(const std::string& contestant, ConsoleClient& client, ConsoleUi& ui) {
  int id = client.fetch("/api/history?contestant=" + contestant);
  std::optional<Json> body;
  for (int i = 0; i < 200 && !(body = client.take_fetched(id)) && client.in_flight(id); ++i)
    pause_a_moment();
  if (!body) body = client.take_fetched(id);
  if (body) show_history_answer(ui.history, *body);
  const auto& people = client.view()->contestants;
  for (size_t i = 0; i < people.size(); ++i)
    if (people[i].first == contestant) ui.history.choice = int(i);
}

// 手动排序 pressed, the second moved up.
void open_manual_order(const std::string& round_group, const ConsoleView& view, ConsoleUi& ui) {
  for (const RoundStep& step : view.round_steps)
    if (step.done && step.round + "/" + step.group == round_group) {
      ui.draw_edit = begin_draw_edit(step, DrawEdit::Mode::kManual);
      move_in_order(ui.draw_edit.order, 1, -1);
      ui.draw_edit.reason = 0;
    }
}

}  // namespace

bool read_console_harness_flag(ArgReader& args, ConsoleHarness& harness) {
  const std::string& flag = args.flag();
  if (flag == "--type")
    harness.type = args.value();
  else if (flag == "--timer-ms")
    harness.timer_ms = std::atoll(args.value().c_str());
  else if (flag == "--history")
    harness.history = args.value();
  else if (flag == "--manual-order")
    harness.manual_order = args.value();
  else
    return false;
  return true;
}

bool stage_logged_in(const ConsoleHarness& harness, bool code_given, const std::string& server,
                     ConsoleClient& client, ConsoleUi& ui) {
  if (!harness.on) return true;
  if (code_given) {
    for (int i = 0; i < 200 && !(client.status().logged_in && client.view()); ++i) pause_a_moment();
    if (!client.view()) {
      std::cerr << "liangfen-console: no view from " << server << ": " << client.status().message
                << "\n";
      return false;
    }
  }
  if (!harness.history.empty() && client.view()) show_history(harness.history, client, ui);
  if (!harness.manual_order.empty() && client.view())
    open_manual_order(harness.manual_order, *client.view(), ui);
  return true;
}

void stage_login_screen(const ConsoleHarness& harness, bool code_given, bool browsing,
                        const LanBrowser& lan, ConsoleClient& client) {
  if (!harness.on || code_given) return;
  for (int i = 0; i < 40 && browsing && lan.found().empty(); ++i) pause_a_moment();
  for (int i = 0; i < 40 && client.status().message.empty() && !client.status().logged_in; ++i)
    pause_a_moment();
}

void stage_clock(const ConsoleHarness& harness, ConsoleUi& ui, int64_t now_ms) {
  if (harness.on && harness.timer_ms >= 0 && !ui.clock.running() &&
      ui.clock.elapsed_ms(now_ms) == 0)
    (void)ui.clock.start(now_ms - harness.timer_ms);
}

void stage_typing(const ConsoleHarness& harness, ConsoleUi& ui) {
  if (MarkEntry* typed = ui.typed();
      harness.on && !harness.type.empty() && typed && typed->text().empty())
    for (char ch : harness.type) ch == '.' ? typed->press_point() : typed->press_digit(ch - '0');
}

}  // namespace lf
