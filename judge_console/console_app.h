// The judge console as a program (judge, head judge, timekeeper, organizer, steward; the login
// code decides): its command line, the network client (made anew when the server's address
// changes), the servers found on the LAN, and each frame's fonts and panel. main.cpp wires it
// to the app shell; console_harness.h stages the screenshot mode.
//
// Thread-safety: the UI thread only (the client and the LAN browser run threads of their own).
// Ownership: the app borrows the shell, which must outlive it, and owns the client.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_shell/app_shell.h"
#include "judge_console/console_client.h"
#include "judge_console/console_harness.h"
#include "judge_console/panels/panel.h"
#include "scoring/client/lan_browser.h"

namespace lf {

struct ConsoleOptions {
  ShellOptions shell;
  std::string server;  // --server; else the one last used (console.json), else this machine
  std::string code;    // --code: logged in at start
  ConsoleHarness harness;
};

// Reads the command line; nullopt, with the usage on standard error, on a flag it does not know
// or a bad value.
std::optional<ConsoleOptions> read_console_options(int argc, char** argv);

class ConsoleApp {
 public:
  // Sets the panels' ImGui style; the shell's ImGui context must exist.
  ConsoleApp(AppShell& shell, const ConsoleHarness& harness);
  ~ConsoleApp();

  // The first server: connects and fills the login screen's field. False if `server` is not a
  // server address.
  bool start(const std::string& server);
  void log_in(const std::string& code);
  // Starts browsing the LAN for announced servers (nothing found without an avahi-daemon: then
  // the address is typed). False, said on standard error, when it cannot browse.
  bool browse_lan();

  ConsoleClient& client() { return *client_; }
  ConsoleUi& ui() { return ui_; }
  const LanBrowser& lan() const { return *lan_; }

  // The shell's two callbacks: fonts for what will be drawn, then one frame.
  void prepare(const FrameInfo& f);
  double draw(const FrameInfo& f);

 private:
  bool connect(const std::string& text);
  std::shared_ptr<const ConsoleView> current_view();
  ConsoleStatus drawable_status() const;
  PanelContext panel_context(const FrameInfo& f, const ConsoleView* view);
  void toast_results(double time_s);
  void draw_logged_out(PanelContext& c);
  void draw_role(PanelContext& c);

  AppShell& shell_;
  ConsoleHarness harness_;
  std::string server_;  // as typed, last connected to
  std::unique_ptr<ConsoleClient> client_;
  std::string client_server_;
  ConsoleUi ui_;
  std::shared_ptr<const ConsoleView> last_raw_, last_drawable_;
  std::unique_ptr<LanBrowser> lan_;
  std::vector<FoundServer> found_;
  std::string join_for_, join_link_;
  std::optional<QrMatrix> join_qr_;
  const ConsoleStrings& strings_;
  GlyphSet glyphs_, digits_;
  float built_height_ = 0;
};

}  // namespace lf
