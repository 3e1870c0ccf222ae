// 排行榜: one group's standings, paged on a timer, with movement arrows, the provisional mark
// and the advancement zone of a preliminary round.
#include <cmath>
#include <cstdio>

#include "display/scene_layout.h"
#include "display/scenes/scene.h"

namespace lf {

namespace {

// Provisional (amber) or final (green), in the title bar: unmistakable, but not shouting.
void draw_board_badge(const Leaderboard& b, const SceneContext& c, const LeaderboardLayout& l,
                      const std::string& subtitle) {
  const Theme& t = *c.theme;
  float bw = c.width * 0.09f, bh = l.title_h * 0.42f;
  float bx = c.width * 0.03f +
             std::min(text_width(c.fonts.big, c.fonts.big->FontSize, b.title), c.width * 0.62f) +
             c.width * 0.015f;
  float by = l.title_h * 0.47f - bh / 2;
  Rgba col = b.provisional ? t.amber : t.green;
  c.draw->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bw, by + bh), col, bh * 0.2f);
  text_in(c, c.fonts.bold, bh * 0.7f, bx, bw, by + bh / 2, rgba(20, 20, 20), subtitle,
          Align::kCenter);
}

// The columns' names, in a band at `y`.
void draw_board_header(const Leaderboard& b, const SceneContext& c, const LeaderboardLayout& l,
                       float y) {
  const Theme& t = *c.theme;
  c.draw->AddRectFilled(ImVec2(0, y), ImVec2(c.width, y + l.header_h), t.band);
  float hs = c.fonts.body->FontSize * 0.9f;
  float hy = y + l.header_h / 2;
  size_t last = l.col_x.size() - 1;
  text_in(c, c.fonts.body, hs, l.col_x[0], l.col_w[0], hy, t.text_dim, c.strings->rank,
          Align::kCenter);
  text_in(c, c.fonts.body, hs, l.col_x[1], l.col_w[1], hy, t.text_dim, c.strings->name);
  text_in(c, c.fonts.body, hs, l.col_x[2], l.col_w[2], hy, t.text_dim, c.strings->school);
  for (size_t k = 0; k < b.section_names.size(); ++k)
    text_in(c, c.fonts.body, hs * 0.85f, l.col_x[3 + k], l.col_w[3 + k] * 0.94f, hy, t.text_dim,
            b.section_names[k], Align::kCenter);
  text_in(c, c.fonts.body, hs, l.col_x[last], l.col_w[last], hy, t.text_dim, c.strings->total,
          Align::kRight);
}

// Row `index` of the board at `ry`, slid `dx` to the right while a page turns: its band (the
// advancement zone's colour), rank and movement arrow, name, school (and 备注), section scores
// and total (or 缺赛 / 弃权).
void draw_board_row(const LeaderRow& r, int index, const SceneContext& c,
                    const LeaderboardLayout& l, float ry, float dx) {
  const Theme& t = *c.theme;
  size_t last = l.col_x.size() - 1;
  Rgba bg = index % 2 ? t.band_alt : t.band;
  if (r.zone == AdvanceZone::kCertain) bg = t.certain;
  if (r.zone == AdvanceZone::kAtRisk) bg = t.at_risk;
  c.draw->AddRectFilled(ImVec2(dx, ry + 1), ImVec2(c.width + dx, ry + l.row_h - 1), bg);
  float cy = ry + l.row_h / 2;
  float fs = std::min(c.fonts.bold->FontSize, l.row_h * 0.62f);
  std::string rank = r.rank ? std::to_string(*r.rank) : "—";
  Rgba rank_col = r.rank && *r.rank <= 3 ? t.gold : t.text;
  text_in(c, c.fonts.bold, fs, l.col_x[0] + dx, l.col_w[0] * 0.62f, cy, rank_col, rank,
          Align::kCenter);
  // Movement arrow beside the rank.
  if (r.movement != 0) {
    float ax = l.col_x[0] + dx + l.col_w[0] * 0.66f, as = l.row_h * 0.16f;
    Rgba col = r.movement > 0 ? t.up : t.down;
    if (r.movement > 0)
      c.draw->AddTriangleFilled(ImVec2(ax, cy + as * 0.7f), ImVec2(ax + as * 2, cy + as * 0.7f),
                                ImVec2(ax + as, cy - as * 0.9f), col);
    else
      c.draw->AddTriangleFilled(ImVec2(ax, cy - as * 0.7f), ImVec2(ax + as * 2, cy - as * 0.7f),
                                ImVec2(ax + as, cy + as * 0.9f), col);
  }
  text_in(c, c.fonts.bold, fs, l.col_x[1] + dx, l.col_w[1] * 0.95f, cy, t.text, r.name);
  if (r.note.empty()) {
    text_in(c, c.fonts.body, fs * 0.85f, l.col_x[2] + dx, l.col_w[2] * 0.95f, cy, t.text_dim,
            r.school);
  } else {
    // The 备注 under the school: why two equal totals got different places (issue 24 §4).
    text_in(c, c.fonts.body, fs * 0.7f, l.col_x[2] + dx, l.col_w[2] * 0.95f, cy - l.row_h * 0.2f,
            t.text_dim, r.school);
    text_in(c, c.fonts.body, fs * 0.55f, l.col_x[2] + dx, l.col_w[2] * 0.95f, cy + l.row_h * 0.24f,
            t.amber, r.note);
  }
  for (size_t k = 0; k < r.section_scores.size() && 3 + k < last; ++k)
    text_in(c, c.fonts.body, fs * 0.9f, l.col_x[3 + k] + dx, l.col_w[3 + k], cy, t.text,
            r.section_scores[k].empty() ? "·" : r.section_scores[k], Align::kCenter);
  if (r.out != OutOfRound::kIn)  // 缺赛 / 弃权 where the total would be
    text_in(c, c.fonts.bold, fs, l.col_x[last] + dx, l.col_w[last], cy, t.text_dim,
            r.out == OutOfRound::kAbsent ? c.strings->absent : c.strings->withdrew, Align::kRight);
  else
    text_in(c, c.fonts.bold, fs, l.col_x[last] + dx, l.col_w[last], cy,
            r.complete ? t.accent : t.text, r.total, Align::kRight);
}

// The footer: the advancement legend, and the page with a thin line that shows when it turns.
void draw_board_footer(const Leaderboard& b, const SceneContext& c, const LeaderboardLayout& l) {
  const Theme& t = *c.theme;
  float fy = c.height - l.footer_h / 2;
  float fx = c.width * 0.03f;
  if (b.advance) {
    char legend[64];
    std::snprintf(legend, sizeof legend, c.strings->advance_legend, *b.advance);
    float sw = l.footer_h * 0.5f;
    c.draw->AddRectFilled(ImVec2(fx, fy - sw / 2), ImVec2(fx + sw, fy + sw / 2), t.certain);
    text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.8f, fx + sw * 1.3f, c.width * 0.1f, fy,
            t.text_dim, c.strings->advance_certain);
    fx += c.width * 0.1f;
    c.draw->AddRectFilled(ImVec2(fx, fy - sw / 2), ImVec2(fx + sw, fy + sw / 2), t.at_risk);
    text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.8f, fx + sw * 1.3f, c.width * 0.1f, fy,
            t.text_dim, c.strings->advance_at_risk);
    fx += c.width * 0.1f;
    text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.8f, fx, c.width * 0.3f, fy, t.text_dim,
            legend);
  }
  if (l.pages > 1) {
    char page[64];
    std::snprintf(page, sizeof page, c.strings->page, l.page + 1, l.pages);
    text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.8f, c.width * 0.6f, c.width * 0.37f, fy,
            t.text_dim, page, Align::kRight);
    c.draw->AddRectFilled(ImVec2(0, c.height - 3), ImVec2(c.width * l.page_progress, c.height),
                          t.gold);
  }
}

}  // namespace

double draw_leaderboard(const DisplaySnapshot& s, const SceneContext& c) {
  const Theme& t = *c.theme;
  c.draw->AddRectFilled(ImVec2(0, 0), ImVec2(c.width, c.height), t.background);
  if (s.boards.empty()) {
    title_bar(c, s.contest_name, "");
    text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, c.width, c.height * 0.55f, t.text_dim,
            c.strings->no_results, Align::kCenter);
    return 1.0;
  }
  const Leaderboard& b = s.boards[size_t(c.board) % s.boards.size()];
  std::string subtitle = b.provisional ? c.strings->provisional : c.strings->final_result;
  title_bar(c, b.title, s.contest_name);
  LeaderboardLayout l = layout_leaderboard(c.width, c.height, int(b.rows.size()),
                                           int(b.section_names.size()), c.scene_time_s);
  draw_board_badge(b, c, l, subtitle);
  draw_board_header(b, c, l, l.title_h);
  float y = l.title_h + l.header_h;
  // Rows of this page; a page turn slides the new rows in over 0.6 s.
  int first = l.page * l.rows_per_page;
  float slide = std::min(1.0f, l.page_progress * 12.0f / 0.6f);  // 12 s dwell
  float ease = 1 - (1 - slide) * (1 - slide);
  for (int i = 0; i < l.rows_per_page && first + i < int(b.rows.size()); ++i)
    draw_board_row(b.rows[size_t(first + i)], first + i, c, l, y + float(i) * l.row_h,
                   (1 - ease) * c.width * 0.05f);
  draw_board_footer(b, c, l);
  // The progress line, when there are pages, moves once a second.
  return slide < 1 ? 0.0 : 1.0;
}

}  // namespace lf
