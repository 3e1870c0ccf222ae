// The judge console's screenshot mode (the app shell's --screenshot), as the tests under Xvfb
// and the pictures in docs/samples use it: the flags that say what to show, and what a person
// would have done or waited for before the picture is taken (logged in, opened a contestant's
// 查分, pressed 手动排序, typed a mark, started the clock, let the LAN's servers be found).
// Nothing here acts unless the screenshot mode is on; a console in use ignores the flags.
//
// Thread-safety: the UI thread only. Ownership: borrows the client, the UI state and the LAN
// browser for the length of each call.
#pragma once

#include <cstdint>
#include <string>

#include "app_shell/shell_flags.h"
#include "judge_console/console_client.h"
#include "judge_console/panels/panel.h"
#include "scoring/client/lan_browser.h"

namespace lf {

struct ConsoleHarness {
  bool on = false;           // the shell's screenshot mode is on
  std::string type;          // --type 27.5: pressed on the keypad of the mark being typed
  int64_t timer_ms = -1;     // --timer-ms N: the timekeeper's clock already N ms in
  std::string history;       // --history CONTESTANT: the organizer's 查分 of this contestant
  std::string manual_order;  // --manual-order ROUND/GROUP: 手动排序 open, as pressed
};

// The harness's lines of the console's usage text.
extern const char* const kConsoleHarnessUsage;

// Reads the current flag if it is one of the harness's; false if it is not.
bool read_console_harness_flag(ArgReader& args, ConsoleHarness& harness);

// After logging in with a code given on the command line: waits (up to 10 s) for the login and
// the first view, then shows --history's answer and opens --manual-order's reordering. False
// (said on standard error) if no view came: there is nothing to take a picture of.
bool stage_logged_in(const ConsoleHarness& harness, bool code_given, const std::string& server,
                     ConsoleClient& client, ConsoleUi& ui);

// Without a code: the login screen as a person sees it after a moment, the servers announced on
// the LAN given up to 2 s to be resolved and a remembered login's check up to 2 s to end.
void stage_login_screen(const ConsoleHarness& harness, bool code_given, bool browsing,
                        const LanBrowser& lan, ConsoleClient& client);

// Each frame, before the timekeeper's panel: the clock started --timer-ms ago (the server holds
// none: it is the tablet's own count, as when offline).
void stage_clock(const ConsoleHarness& harness, ConsoleUi& ui, int64_t now_ms);

// Each frame, after a logged-in panel: --type pressed on the keypad of the mark being typed,
// once the keypad has drawn it.
void stage_typing(const ConsoleHarness& harness, ConsoleUi& ui);

}  // namespace lf
