// Layout arithmetic of the display's scenes, as fractions of the window height so 1080p, 4K and
// a 1024x768 projector look alike. Pure: tested without a window.
#pragma once

#include <vector>

namespace lf {

// Font pixel heights for a window height: the atlas is built from these.
struct DisplayFontSizes {
  float body, bold, big, huge;
};
DisplayFontSizes display_font_sizes(float window_height);

struct LeaderboardLayout {
  float title_h, header_h, row_h, footer_h;
  int rows_per_page = 1;
  int pages = 1;
  int page = 0;            // shown at `time_s`
  float page_progress = 0; // 0..1 within the page's dwell time
  // Column left edges and widths, as x in pixels: rank, name, school, each section, total.
  std::vector<float> col_x, col_w;
};

// rows: leaderboard rows; sections: section columns; dwell_s: seconds each page stays.
LeaderboardLayout layout_leaderboard(float width, float height, int rows, int sections,
                                     double time_s, double dwell_s = 12.0);

// The reveal's pace: marks one by one, then the figures one by one.
struct RevealTiming {
  static constexpr double kFirstMark = 0.4;   // seconds before the first mark
  static constexpr double kMarkEvery = 0.7;   // between two marks
  static constexpr double kStrike = 0.6;      // after the last mark, the dropped are struck
  static constexpr double kFigureEvery = 0.6; // between the average, penalty, score, total, rank
};
// Seconds until the reveal of `marks` marks and `figures` figures is complete.
double reveal_duration(int marks, int figures);

}  // namespace lf
