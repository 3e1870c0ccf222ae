// What every scene of the projection display gets: the snapshot, the animation clock, the
// fonts, the theme, and the operator's choices. Each scene is one draw function of these, with
// no state of its own (the animation is a function of time since the scene or reveal began).
//
// UI thread only.
#pragma once

#include <imgui.h>

#include <string>

#include "data/format/qr_code.h"
#include "display/display_snapshot.h"
#include "display/display_strings.h"
#include "display/theme.h"

namespace lf {

enum class Scene { kLeaderboard, kStage, kReveal, kAwards };

struct SceneFonts {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* big = nullptr;
  ImFont* huge = nullptr;  // digits and a few signs only
};

struct SceneContext {
  ImDrawList* draw = nullptr;
  float width = 0, height = 0;
  double time_s = 0;         // since the display started
  double scene_time_s = 0;   // since this scene (or this reveal) began
  const Theme* theme = nullptr;
  SceneFonts fonts;
  const DisplayStrings* strings = nullptr;
  int board = 0;             // which leaderboard / awards group
  int stage = 0;             // which venue
  int awards_step = 0;       // 0: title only; k: the k lowest tiers revealed
  int64_t server_now_ms = 0; // the server's clock now (for the running stage clock)
  // The venue's join link (scoring/client/join_link.h) and its QR code, shown while nobody is
  // on stage; null: none (the demo, --no-join-qr, or no LAN address to give).
  const QrMatrix* join_qr = nullptr;
  std::string join_link;
};

// Scenes. Each returns how many seconds nothing will move (0 = animating).
double draw_leaderboard(const DisplaySnapshot& s, const SceneContext& c);
// While nobody is on stage (候场中) it shows the venue's join QR code when the context has one.
double draw_stage(const DisplaySnapshot& s, const SceneContext& c);
double draw_reveal(const DisplaySnapshot& s, const SceneContext& c);
double draw_awards(const DisplaySnapshot& s, const SceneContext& c);

// Overlays.
void draw_help(const SceneContext& c);
void draw_connection_banner(const SceneContext& c, const std::string& text);

// Drawing helpers shared by the scenes.
enum class Align { kLeft, kCenter, kRight };
// Text in a box [x, x+w): scaled down to fit the width if it must be, vertically centred on y.
void text_in(const SceneContext& c, ImFont* font, float size, float x, float w, float y_center,
             Rgba color, const std::string& text, Align align = Align::kLeft);
float text_width(ImFont* font, float size, const std::string& text);
void title_bar(const SceneContext& c, const std::string& title, const std::string& subtitle);

}  // namespace lf
