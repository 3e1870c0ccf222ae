#include "display/display_harness.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace lf {

const char* const kDisplayHarnessUsage =
    "  liangfen-display --screenshot FILE.png --scene leaderboard|stage|reveal|awards\n"
    "                   [--size 1920x1080] [--server URL --code CODE] [--board N]\n"
    "                   [--awards-step N] [--theme dark|light]\n"
    "                   [--shot-delay-ms N]  (the picture N ms after the first one: a\n"
    "                   login ended meanwhile shows its banner)\n";

bool read_display_harness_flag(ArgReader& args, DisplayHarness& harness) {
  const std::string& flag = args.flag();
  if (flag == "--theme")
    harness.theme = args.value();
  else if (flag == "--board")
    harness.board = std::atoi(args.value().c_str());
  else if (flag == "--awards-step")
    harness.awards_step = std::atoi(args.value().c_str());
  else if (flag == "--at")
    harness.at = std::atof(args.value().c_str());
  else if (flag == "--shot-delay-ms")
    harness.shot_delay_ms = std::atoi(args.value().c_str());
  else
    return false;
  return true;
}

bool wait_for_first_snapshot(const DisplayHarness& harness, const LiveFeed& feed,
                             const std::string& server) {
  if (!harness.on) return true;
  if (!feed.wait_for_seq(0, 10000)) {
    std::cerr << "liangfen-display: no answer from " << server << ": " << feed.status().message
              << "\n";
    return false;
  }
  if (harness.shot_delay_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(harness.shot_delay_ms));
  return true;
}

void stage_still(const DisplayHarness& harness, Scene scene, const DisplaySnapshot& s,
                 DisplayController& controller) {
  if (!harness.on) return;
  controller.on_snapshot(s, 0);
  controller.set_scene(scene, 0);
  for (int b = 0; b < harness.board; ++b) controller.on_key(DisplayKey::kRight, s, 0);
  for (int k = 0; k < harness.awards_step; ++k) controller.on_key(DisplayKey::kSpace, s, 0);
  if (harness.theme == "light") controller.on_key(DisplayKey::kT, s, 0);
}

std::optional<double> still_scene_time(const DisplayHarness& harness, Scene scene) {
  if (!harness.on) return std::nullopt;
  return harness.at.value_or(scene == Scene::kLeaderboard ? 2.0 : 30.0);
}

}  // namespace lf
