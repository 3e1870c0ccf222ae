// liangfen-display: the projection display. Wiring only: the options, the app shell, the display
// (display_app.h: the snapshot source, the server or the demo; the controller; the scenes) and,
// in the screenshot mode, its still (display_harness.h).
#include <iostream>

#include "app_shell/app_shell.h"
#include "display/display_app.h"
#include "display/display_harness.h"

int main(int argc, char** argv) {
  using namespace lf;
  std::optional<DisplayOptions> options = read_display_options(argc, argv);
  if (!options) return 1;
  auto shell = AppShell::open(options->shell);
  if (!shell.ok()) {
    std::cerr << "liangfen-display: " << shell.status().to_string() << "\n";
    return 2;
  }
  DisplayApp app(*shell.value(), *options);
  if (int rc = app.open_source(); rc != 0) return rc;
  if (app.feed() && !wait_for_first_snapshot(options->harness, *app.feed(), options->server))
    return 2;
  if (options->harness.on)
    stage_still(options->harness, options->scene, *app.current(), app.controller());
  return shell.value()->run([&](const FrameInfo& f) { app.prepare(f); },
                            [&](const FrameInfo& f) { return app.draw(f); });
}
