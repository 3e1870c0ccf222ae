// 颁奖典礼: per group, the awards revealed from the lowest up to 一等奖, one step per key
// press. Nothing of a tier is drawn before its step: the operator's screen is the hall's screen,
// so first place can never flash early.
#include <algorithm>

#include "display/scenes/scene.h"

namespace lf {

double draw_awards(const DisplaySnapshot& s, const SceneContext& c) {
  const Theme& t = *c.theme;
  c.draw->AddRectFilled(ImVec2(0, 0), ImVec2(c.width, c.height), t.background);
  if (s.awards.empty()) {
    title_bar(c, s.contest_name, c.strings->awards_title);
    return 1.0;
  }
  const AwardsView& a = s.awards[size_t(c.board) % s.awards.size()];
  title_bar(c, a.title, std::string(c.strings->awards_title));
  if (!a.final) {
    text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, c.width, c.height * 0.55f, t.text_dim,
            a.open_tie ? c.strings->awards_open_tie : c.strings->awards_not_final, Align::kCenter);
    return 1.0;
  }
  int tiers = int(a.tiers.size());
  int step = std::clamp(c.awards_step, 0, tiers);
  if (step == 0) {
    text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, c.width * 0.95f, c.height * 0.45f, t.gold,
            s.contest_name, Align::kCenter);
    text_in(c, c.fonts.bold, c.fonts.bold->FontSize, 0, c.width, c.height * 0.6f, t.text,
            a.title + " · " + c.strings->awards_title, Align::kCenter);
    text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.8f, 0, c.width, c.height * 0.9f, t.text_dim,
            c.strings->awards_press, Align::kCenter);
    return 1.0;
  }
  // The tier of this step: the lowest first.
  const AwardTier& tier = a.tiers[size_t(tiers - step)];
  // The award's name grows in (drawn at most at the font's own size: never blurred).
  float k = float(std::min(1.0, c.scene_time_s / 0.8));
  text_in(c, c.fonts.big, c.fonts.big->FontSize * (0.7f + 0.3f * k), 0, c.width, c.height * 0.22f,
          t.gold, tier.award, Align::kCenter);
  size_t n = tier.rows.size();
  // Up to 3 columns for long lists (优秀奖); names stay at least body size.
  int cols = n > 24 ? 3 : n > 8 ? 2 : 1;
  int per_col = int((n + size_t(cols) - 1) / size_t(cols));
  float top = c.height * 0.32f, bottom = c.height * 0.95f;
  float row_h = std::min(c.height * 0.085f, (bottom - top) / float(std::max(per_col, 1)));
  float col_w = c.width * 0.9f / float(cols);
  for (size_t i = 0; i < n; ++i) {
    double appear = 0.8 + 0.15 * double(i);
    if (c.scene_time_s < appear) break;
    int col = int(i) / per_col, row = int(i) % per_col;
    float x = c.width * 0.05f + col_w * float(col), y = top + row_h * (float(row) + 0.5f);
    const LeaderRow& r = tier.rows[i];
    ImFont* name_font = cols == 1 ? c.fonts.big : c.fonts.bold;
    float fs = std::min(name_font->FontSize * (cols == 1 ? 0.8f : 1.0f), row_h * 0.7f);
    text_in(c, name_font, fs, x, col_w * 0.38f, y, t.text, r.name, cols == 1 ? Align::kRight : Align::kLeft);
    text_in(c, c.fonts.body, fs * 0.8f, x + col_w * 0.42f, col_w * 0.56f, y, t.text_dim, r.school);
  }
  return c.scene_time_s < 0.8 + 0.15 * double(n) + 0.2 ? 0.0 : 1.0;
}

}  // namespace lf
