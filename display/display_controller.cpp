#include "display/display_controller.h"

#include <algorithm>

#include "display/scene_layout.h"

namespace lf {

namespace {
int wrap(int i, size_t n) { return n == 0 ? 0 : int((i % int(n) + int(n)) % int(n)); }
}  // namespace

void DisplayController::set_scene(Scene scene, double now) {
  if (scene != scene_) awards_step_ = 0;
  scene_ = scene;
  scene_started_ = now;
}

void DisplayController::on_key(DisplayKey key, const DisplaySnapshot& s, double now) {
  switch (key) {
    case DisplayKey::k1: follow_ = false; set_scene(Scene::kLeaderboard, now); break;
    case DisplayKey::k2: follow_ = false; set_scene(Scene::kStage, now); break;
    case DisplayKey::k3: follow_ = false; set_scene(Scene::kReveal, now); break;
    case DisplayKey::k4: follow_ = false; set_scene(Scene::kAwards, now); break;
    case DisplayKey::kLeft:
    case DisplayKey::kRight: {
      int d = key == DisplayKey::kRight ? 1 : -1;
      if (scene_ == Scene::kStage) stage_ = wrap(stage_ + d, s.stages.size());
      else if (scene_ == Scene::kAwards) board_ = wrap(board_ + d, s.awards.size()), awards_step_ = 0;
      else board_ = wrap(board_ + d, s.boards.size());
      scene_started_ = now;
      break;
    }
    case DisplayKey::kSpace:
      if (scene_ == Scene::kAwards && !s.awards.empty()) {
        const AwardsView& a = s.awards[size_t(wrap(board_, s.awards.size()))];
        if (a.final && awards_step_ < int(a.tiers.size())) ++awards_step_, scene_started_ = now;
      }
      break;
    case DisplayKey::kBackspace:
      if (scene_ == Scene::kAwards && awards_step_ > 0) --awards_step_, scene_started_ = now;
      break;
    case DisplayKey::kA: follow_ = !follow_; break;
    case DisplayKey::kT: theme_ = theme_ == ThemeId::kDark ? ThemeId::kLight : ThemeId::kDark; break;
    case DisplayKey::kF1: help_ = !help_; break;
    case DisplayKey::kEscape: help_ = false; break;
  }
}

void DisplayController::on_snapshot(const DisplaySnapshot& s, double now) {
  bool first = !seen_snapshot_;
  seen_snapshot_ = true;
  // Publishes made before the display connected arrive later, with the feed's history: they
  // fill the reveal scene for when it is switched to, but following starts with the next one.
  if (first) reveal_seq_ = std::max(reveal_seq_, s.last_seq);
  if (first)  // start on a venue where someone is performing
    for (size_t i = 0; i < s.stages.size(); ++i)
      if (!s.stages[i].contestant_name.empty()) {
        stage_ = int(i);
        break;
      }
  if (s.command && s.command->seq > command_seq_) {
    command_seq_ = s.command->seq;
    const std::string& to = s.command->scene;
    follow_ = to == "follow";
    if (to == "leaderboard" || to == "follow") set_scene(Scene::kLeaderboard, now);
    else if (to == "stage") set_scene(Scene::kStage, now);
    else if (to == "reveal") set_scene(Scene::kReveal, now);
    else if (to == "awards") set_scene(Scene::kAwards, now);
  }
  if (!s.reveal || s.reveal->seq <= reveal_seq_) return;
  reveal_seq_ = s.reveal->seq;
  if (!follow_ || first) return;  // a publish from before the display started is old news
  for (size_t i = 0; i < s.boards.size(); ++i)
    if (s.boards[i].round == s.reveal->round && s.boards[i].group == s.reveal->group) board_ = int(i);
  set_scene(Scene::kReveal, now);
}

void DisplayController::tick(const DisplaySnapshot& s, double now) {
  if (follow_ && scene_ == Scene::kReveal && s.reveal &&
      now - scene_started_ > reveal_duration(int(s.reveal->marks.size()), 5) + kHoldAfterReveal)
    set_scene(Scene::kLeaderboard, now);
}

}  // namespace lf
