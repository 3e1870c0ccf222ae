// 亮分: the judges' marks appear one by one, the dropped highest and lowest are struck through,
// then the average, the overtime penalty if any, the section score, and the new total and rank.
#include <algorithm>
#include <cmath>

#include "display/scene_layout.h"
#include "display/scenes/scene.h"

namespace lf {


double draw_reveal(const DisplaySnapshot& s, const SceneContext& c) {
  const Theme& t = *c.theme;
  c.draw->AddRectFilled(ImVec2(0, 0), ImVec2(c.width, c.height), t.background);
  if (!s.reveal) {
    title_bar(c, s.contest_name, "");
    text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, c.width, c.height * 0.55f, t.text_dim,
            c.strings->no_reveal, Align::kCenter);
    return 1.0;
  }
  const Reveal& r = *s.reveal;
  title_bar(c, r.title, std::string("亮分 · ") + r.section_name);
  double at = c.scene_time_s;
  text_in(c, c.fonts.big, c.fonts.big->FontSize, 0, c.width, c.height * 0.22f, t.text,
          r.contestant_name, Align::kCenter);
  text_in(c, c.fonts.bold, c.fonts.bold->FontSize, 0, c.width, c.height * 0.31f, t.text_dim,
          r.school.empty() ? r.section_name : r.school + " · " + r.section_name, Align::kCenter);

  // Marks: cards in a row.
  size_t n = r.marks.size();
  float gap = c.width * 0.015f;
  float card_w = std::min(c.width * 0.13f, (c.width * 0.9f - gap * float(n)) / float(std::max<size_t>(n, 1)));
  float card_h = c.height * 0.16f;
  float total_w = float(n) * card_w + float(n > 0 ? n - 1 : 0) * gap;
  float x0 = (c.width - total_w) / 2, y0 = c.height * 0.39f;
  text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.85f, 0, c.width, y0 - c.height * 0.03f,
          t.text_dim, c.strings->judges_marks, Align::kCenter);
  using T = RevealTiming;
  double marks_done = T::kFirstMark + T::kMarkEvery * double(n) + T::kStrike;
  for (size_t i = 0; i < n; ++i) {
    double appear = T::kFirstMark + T::kMarkEvery * double(i);
    if (at < appear) break;
    float k = float(std::min(1.0, (at - appear) / 0.25));
    float x = x0 + float(i) * (card_w + gap), y = y0 + (1 - k) * card_h * 0.3f;
    bool struck = r.marks[i].dropped && at >= marks_done;
    c.draw->AddRectFilled(ImVec2(x, y), ImVec2(x + card_w, y + card_h), struck ? t.band_alt : t.band,
                          card_h * 0.08f);
    text_in(c, c.fonts.huge, std::min(c.fonts.huge->FontSize * 0.55f, card_h * 0.6f), x, card_w,
            y + card_h / 2, struck ? t.struck : t.text, r.marks[i].points, Align::kCenter);
    if (struck)
      c.draw->AddLine(ImVec2(x + card_w * 0.12f, y + card_h * 0.78f),
                      ImVec2(x + card_w * 0.88f, y + card_h * 0.22f), t.red, c.height * 0.006f);
  }
  if (at >= marks_done && std::any_of(r.marks.begin(), r.marks.end(), [](auto& m) { return m.dropped; }))
    text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.8f, 0, c.width, y0 + card_h + c.height * 0.03f,
            t.text_dim, c.strings->dropped_note, Align::kCenter);

  // Then the figures, one after another.
  struct Line {
    std::string label, value;
    Rgba color;
    bool words = false;  // a value in words: the big font (the huge one holds digits only)
  };
  std::vector<Line> lines = {{c.strings->average, r.average, t.text}};
  // Over by less than the first tier costs nothing: said plainly, not "−0.00" in red.
  if (!r.over_s.empty())
    lines.push_back({std::string(c.strings->overtime) + " " + r.over_s + " " + c.strings->seconds,
                     r.penalty.empty() ? c.strings->no_penalty : "−" + r.penalty,
                     r.penalty.empty() ? t.text_dim : t.red, r.penalty.empty()});
  lines.push_back({c.strings->section_score, r.score, t.accent});
  lines.push_back({c.strings->new_total, r.total, t.text});
  // Unranked (a section still to come) is a word: not in the huge font's digits.
  lines.push_back({c.strings->current_rank, r.rank ? std::to_string(*r.rank) : c.strings->unranked, t.gold, !r.rank});
  float ly = c.height * 0.67f, lh = c.height * 0.075f;
  float col_w = c.width / float(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    double appear = marks_done + 0.5 + T::kFigureEvery * double(i);
    if (at < appear) break;
    float x = col_w * float(i);
    text_in(c, c.fonts.body, c.fonts.body->FontSize * 0.9f, x, col_w, ly, t.text_dim, lines[i].label, Align::kCenter);
    if (lines[i].words)
      text_in(c, c.fonts.big, c.fonts.big->FontSize * 0.8f, x + col_w * 0.05f, col_w * 0.9f, ly + lh * 1.6f,
              lines[i].color, lines[i].value, Align::kCenter);
    else
      text_in(c, c.fonts.huge, c.fonts.huge->FontSize * (i + 1 == lines.size() || lines[i].label == c.strings->section_score ? 0.7f : 0.5f),
              x + col_w * 0.05f, col_w * 0.9f, ly + lh * 1.6f, lines[i].color, lines[i].value, Align::kCenter);
  }
  return at < reveal_duration(int(n), int(lines.size())) ? 0.0 : 1.0;
}

}  // namespace lf
