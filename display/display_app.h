// The projection display as a program: its command line, the snapshot source (the server's live
// feed, or the bundled sample contest as a demo), the operator's keys, and each frame's fonts and
// scene. main.cpp wires it to the app shell; display_harness.h stages the screenshot mode.
//
// Thread-safety: the UI thread only (the feed runs a thread of its own).
// Ownership: the app borrows the shell, which must outlive it, and owns the feed.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app_shell/app_shell.h"
#include "display/display_controller.h"
#include "display/display_feed.h"
#include "display/display_harness.h"

namespace lf {

struct DisplayOptions {
  ShellOptions shell;
  std::string server;                 // --server; empty: the demo
  std::string code;                   // --code, else LF_DISPLAY_CODE
  std::string name = "main";          // --name: which display, for POST /api/display-scene
  Scene scene = Scene::kLeaderboard;  // --scene: where the display starts
  bool join_qr = true;                // --no-join-qr: false
  DisplayHarness harness;
};

// Reads the command line (and LF_DISPLAY_CODE); nullopt, with the usage on standard error, on a
// flag it does not know or a bad value.
std::optional<DisplayOptions> read_display_options(int argc, char** argv);

class DisplayApp {
 public:
  DisplayApp(AppShell& shell, const DisplayOptions& options);
  ~DisplayApp();

  // Starts the server's live feed, or loads the demo. 0, or the program's exit code (said on
  // standard error): 1 for a bad address or no code, 2 for a demo that cannot be loaded.
  int open_source();
  // The live feed; null in the demo.
  const LiveFeed* feed() const { return feed_.get(); }
  // What the scenes draw now: the latest snapshot, drawable (drawable_snapshot).
  std::shared_ptr<const DisplaySnapshot> current();
  DisplayController& controller() { return controller_; }

  // The shell's two callbacks: fonts for what will be drawn, then one frame.
  void prepare(const FrameInfo& f);
  double draw(const FrameInfo& f);

 private:
  void read_keys(const DisplaySnapshot& s, double now);
  SceneContext scene_context(const FrameInfo& f);
  double draw_scene(const DisplaySnapshot& s, SceneContext& c);

  AppShell& shell_;
  DisplayOptions options_;
  std::unique_ptr<LiveFeed> feed_;
  std::shared_ptr<const DisplaySnapshot> demo_;
  std::string join_link_;
  std::optional<QrMatrix> join_qr_;
  std::shared_ptr<const DisplaySnapshot> last_raw_, last_drawable_, shown_;
  DisplayController controller_;
  const DisplayStrings& strings_;
  GlyphSet glyphs_, huge_;
  float built_height_ = 0;
};

}  // namespace lf
