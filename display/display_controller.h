// The operator's side of the display: which scene, group and venue are up, the awards step,
// the theme, and "follow the contest" (a publish brings the reveal, then back to the
// leaderboard). Pure: keys and snapshots in, choices out; tested without a window.
//
// UI thread only.
#pragma once

#include "display/display_snapshot.h"
#include "display/scenes/scene.h"
#include "display/theme.h"

namespace lf {

enum class DisplayKey { k1, k2, k3, k4, kLeft, kRight, kSpace, kBackspace, kA, kT, kF1, kEscape };

class DisplayController {
 public:
  static constexpr double kHoldAfterReveal = 8.0;  // seconds the finished reveal stays up

  void on_key(DisplayKey key, const DisplaySnapshot& s, double now);
  // A new snapshot: in follow mode a new publish starts its reveal.
  void on_snapshot(const DisplaySnapshot& s, double now);
  // Time passing: in follow mode a finished reveal returns to the leaderboard.
  void tick(const DisplaySnapshot& s, double now);
  void set_scene(Scene scene, double now);

  Scene scene() const { return scene_; }
  bool follow() const { return follow_; }
  int board() const { return board_; }
  int stage() const { return stage_; }
  int awards_step() const { return awards_step_; }
  bool help() const { return help_; }
  ThemeId theme() const { return scene_ == Scene::kAwards ? ThemeId::kFestive : theme_; }
  double scene_started() const { return scene_started_; }

 private:
  Scene scene_ = Scene::kLeaderboard;
  bool follow_ = true;
  int board_ = 0, stage_ = 0, awards_step_ = 0;
  bool help_ = false;
  ThemeId theme_ = ThemeId::kDark;
  double scene_started_ = 0;
  int64_t reveal_seq_ = 0;  // the last publish already revealed
  bool seen_snapshot_ = false;
  int64_t command_seq_ = 0;  // the organizer's last scene command already obeyed
};


}  // namespace lf
