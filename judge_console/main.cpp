// liangfen-console: the judges' tablet program (judge, head judge, timekeeper; the login code
// decides). Wiring only: the options, the app shell, the console (console_app.h) and, in the
// screenshot mode, its staging (console_harness.h).
#include <cstdio>
#include <iostream>

#include "app_shell/app_shell.h"
#include "judge_console/console_app.h"
#include "judge_console/console_harness.h"

static int console_main(int argc, char** argv) {
  using namespace lf;
  std::optional<ConsoleOptions> options = read_console_options(argc, argv);
  if (!options) return 1;
  auto shell = AppShell::open(options->shell);
  if (!shell.ok()) {
    std::cerr << "liangfen-console: " << shell.status().to_string() << "\n";
    return 2;
  }
  ConsoleApp app(*shell.value(), options->harness);
  if (!app.start(options->server)) {
    std::cerr << "liangfen-console: \"" << options->server << "\" is not a server address\n";
    return 1;
  }
  const bool code_given = !options->code.empty();
  if (code_given) app.log_in(options->code);
  if (!stage_logged_in(options->harness, code_given, options->server, app.client(), app.ui()))
    return 2;
  bool browsing = app.browse_lan();
  stage_login_screen(options->harness, code_given, browsing, app.lan(), app.client());
  return shell.value()->run([&](const FrameInfo& f) { app.prepare(f); },
                            [&](const FrameInfo& f) { return app.draw(f); });
}

// The exception barrier of the program: an exception that escaped everything else ends the
// console with a message instead of std::terminate. The outbox is on disk; nothing typed is
// lost, and the judge restarts the console.
int main(int argc, char** argv) {
  try {
    return console_main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, lf::console_strings().stopped_unexpectedly, e.what());
  } catch (...) {
    std::fprintf(stderr, lf::console_strings().stopped_unexpectedly, "");
  }
  return 3;
}
