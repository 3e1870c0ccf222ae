// The one app shell of liangfen's desktop programs (judge console, projection display): a GLFW
// window with OpenGL 3, Dear ImGui with FreeType, CJK fonts baked for the strings the program
// will draw, a frame loop that sleeps when nothing moves, and a screenshot mode that renders a
// few frames, writes a PNG and the words drawn on it and exits (for tests under Xvfb).
//
// Thread-safety: everything but wake() runs on the UI thread (the one that called open()).
// Ownership: the shell owns the window and the ImGui context; one shell per process.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app_shell/font_atlas.h"
#include "app_shell/glyph_set.h"
#include "scoring/engine/status.h"

struct GLFWwindow;
struct ImFont;

namespace lf {

struct ShellOptions {
  std::string title = "liangfen";
  int width = 1280, height = 720;
  bool fullscreen = false;
  int monitor = 0;              // which monitor for fullscreen (0 = primary)
  // Non-empty: render `screenshot_frames`, write a PNG there and the last frame's text (one run
  // per line, as DrawnText::dump) at the same path with ".txt" for ".png", then return.
  std::string screenshot_path;
  int screenshot_frames = 4;
};

struct FrameInfo {
  float width = 0, height = 0;  // framebuffer pixels
  double time_s = 0;            // since the shell opened
  float content_scale = 1;      // the monitor's DPI scale (1 = 96 dpi)
};

class AppShell {
 public:
  static Result<std::unique_ptr<AppShell>> open(const ShellOptions& options);
  ~AppShell();

  // (Re)builds the font atlas with these sizes for these characters (build_font_atlas in
  // font_atlas.h); call from `prepare` (between frames). font(i) then returns the i-th spec's
  // font. Characters the CJK font lacks are merged in from the font fontconfig finds for each
  // (fonts-hanazono for rare name characters). Characters above U+FFFF, which this ImGui cannot
  // index, are drawn through their stand-ins: pass every string through drawable_text
  // (glyph_set.h) before adding it to `glyphs` and drawing it. What still cannot be drawn
  // (no font has it; more than 6400 such characters) shows as "[U+20000]", is listed once on
  // standard error and in undrawable().
  // LF_GLYPH_LOG=1: each build lists on standard error every stand-in baked and its source.
  Status build_fonts(const GlyphSet& glyphs, const std::vector<FontSpec>& specs);
  // The characters of the last build_fonts that no font has or this ImGui cannot draw.
  const std::vector<uint32_t>& undrawable() const { return atlas_.undrawable; }
  ImFont* font(size_t i) const;
  size_t font_count() const { return atlas_.fonts.size(); }

  // Runs until the window is closed (or the screenshot is written). Each turn: `prepare` may
  // rebuild fonts; `draw` issues the ImGui calls for one frame and returns how long, in
  // seconds, nothing on screen will change (0: animate at the display's refresh rate). The
  // shell then sleeps that long unless input or wake() comes first. SIGINT and SIGTERM, from
  // the start of run(), close the window after the frame they come in (within one sleep).
  // Returns 0, or 2 if the screenshot could not be written.
  int run(const std::function<void(const FrameInfo&)>& prepare,
          const std::function<double(const FrameInfo&)>& draw);

  // Any thread: ends the current sleep so a new snapshot is drawn now.
  void wake();
  void request_close();
  GLFWwindow* window() const { return window_; }

 private:
  AppShell() = default;
  bool write_screenshot(int w, int h) const;

  ShellOptions options_;
  GLFWwindow* window_ = nullptr;
  FontAtlasBuild atlas_;                            // the fonts, and the ranges the atlas points into
  std::vector<uint32_t> reported_;                 // already said on standard error
  bool fonts_dirty_ = false;
};

}  // namespace lf
