#include "display/scene_layout.h"

#include <algorithm>
#include <cmath>

namespace lf {

DisplayFontSizes display_font_sizes(float h) {
  // Back-row legibility: body text at 3.4 % of the height is ~37 px at 1080p, about the size
  // of a 60-point slide font on a 3 m screen. Above 1440 lines the glyphs are drawn slightly
  // enlarged instead: every name at 4K sizes would not fit one font texture.
  h = std::min(h, 1440.0f);
  return {std::round(h * 0.034f), std::round(h * 0.042f), std::round(h * 0.085f),
          std::round(h * 0.16f)};
}

LeaderboardLayout layout_leaderboard(float w, float h, int rows, int sections, double time_s,
                                     double dwell_s) {
  LeaderboardLayout l;
  l.title_h = h * 0.12f;
  l.header_h = h * 0.06f;
  l.footer_h = h * 0.06f;
  float body = h - l.title_h - l.header_h - l.footer_h;
  // Rows at least 6.5 % of the height; fewer rows fill the space up to 9 %.
  int fit = std::max(1, int(body / (h * 0.065f)));
  l.rows_per_page = std::max(1, std::min(fit, std::max(rows, 1)));
  l.row_h = std::min(body / float(l.rows_per_page), h * 0.09f);
  if (rows > fit) l.row_h = body / float(fit), l.rows_per_page = fit;
  l.pages = std::max(1, (rows + l.rows_per_page - 1) / l.rows_per_page);
  double cycle = dwell_s * l.pages;
  double t = std::fmod(std::max(0.0, time_s), cycle);
  l.page = std::min(l.pages - 1, int(t / dwell_s));
  l.page_progress = float((t - l.page * dwell_s) / dwell_s);
  // Columns: weights by what they hold; a 4:3 screen squeezes the school first.
  float aspect = w / h;
  std::vector<float> weights = {0.8f, 1.5f, aspect < 1.5f ? 2.0f : 2.8f};
  for (int s = 0; s < sections; ++s) weights.push_back(1.05f);
  weights.push_back(1.2f);
  float sum = 0;
  for (float x : weights) sum += x;
  float margin = w * 0.03f, x = margin, usable = w - 2 * margin;
  for (float wt : weights) {
    l.col_x.push_back(x);
    l.col_w.push_back(usable * wt / sum);
    x += usable * wt / sum;
  }
  return l;
}

double reveal_duration(int marks, int figures) {
  return RevealTiming::kFirstMark + RevealTiming::kMarkEvery * marks + RevealTiming::kStrike + 0.5 +
         RevealTiming::kFigureEvery * figures + 0.3;
}

}  // namespace lf
