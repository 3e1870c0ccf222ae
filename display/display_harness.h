// The projection display's screenshot mode (the app shell's --screenshot), as the tests under
// Xvfb and the pictures in docs/samples use it: the flags that say which moment of a scene to
// take, and the still made of it — the operator's keys pressed at once instead of over time, the
// scene's animation taken as played, no keys read and no clock ticking. Nothing here acts unless
// the screenshot mode is on; a display in use ignores the flags.
//
// Thread-safety: the UI thread only. Ownership: borrows what it is given for the call.
#pragma once

#include <optional>
#include <string>

#include "app_shell/shell_flags.h"
#include "display/display_controller.h"
#include "display/display_feed.h"

namespace lf {

struct DisplayHarness {
  bool on = false;             // the shell's screenshot mode is on
  int board = 0;               // --board N: → pressed N times (the N-th group or venue)
  int awards_step = 99;        // --awards-step N: Space pressed N times (awards revealed)
  std::string theme = "dark";  // --theme dark|light: light is T pressed once
  std::optional<double> at;    // --at S: S seconds into the scene (default: its animation played)
  int shot_delay_ms = 0;       // --shot-delay-ms N: the picture N ms after the first snapshot
};

// The harness's lines of the display's usage text.
extern const char* const kDisplayHarnessUsage;

// Reads the current flag if it is one of the harness's; false if it is not.
bool read_display_harness_flag(ArgReader& args, DisplayHarness& harness);

// With a server: waits (up to 10 s) for the first snapshot, then --shot-delay-ms (a login ended
// meanwhile then shows its banner). False (said on standard error) if no snapshot came.
bool wait_for_first_snapshot(const DisplayHarness& harness, const LiveFeed& feed,
                             const std::string& server);

// The still: `scene` as the operator's keys leave it, from the first snapshot `s`.
void stage_still(const DisplayHarness& harness, Scene scene, const DisplaySnapshot& s,
                 DisplayController& controller);

// The scene's time in a still: --at, else its animation played (2 s into the leaderboard, 30 s
// into the others); nullopt when the screenshot mode is off (the scene's own clock runs).
std::optional<double> still_scene_time(const DisplayHarness& harness, Scene scene);

}  // namespace lf
