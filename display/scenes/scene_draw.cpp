#include <algorithm>
#include <cmath>

#include "display/scenes/scene.h"

namespace lf {

float text_width(ImFont* font, float size, const std::string& text) {
  return font->CalcTextSizeA(size, 1e9f, 0, text.c_str()).x;
}

void text_in(const SceneContext& c, ImFont* font, float size, float x, float w, float y_center,
             Rgba color, const std::string& text, Align align) {
  if (text.empty()) return;
  float tw = text_width(font, size, text);
  if (tw > w && tw > 0) {  // never cut a name off: shrink it instead
    size *= w / tw;
    tw = w;
  }
  float tx = align == Align::kLeft ? x : align == Align::kCenter ? x + (w - tw) / 2 : x + w - tw;
  c.draw->AddText(font, size, ImVec2(std::round(tx), std::round(y_center - size / 2)), color,
                  text.c_str());
}

void title_bar(const SceneContext& c, const std::string& title, const std::string& subtitle) {
  float h = c.height * 0.12f;
  c.draw->AddRectFilled(ImVec2(0, 0), ImVec2(c.width, h), c.theme->title_bar);
  c.draw->AddRectFilled(ImVec2(0, h - c.height * 0.006f), ImVec2(c.width, h), c.theme->gold);
  float margin = c.width * 0.03f;
  text_in(c, c.fonts.big, c.fonts.big->FontSize, margin, c.width * 0.62f, h * 0.47f,
          rgba(255, 255, 255), title);
  text_in(c, c.fonts.body, c.fonts.body->FontSize, c.width * 0.62f, c.width * 0.35f, h * 0.47f,
          rgba(255, 235, 200), subtitle, Align::kRight);
}

void draw_connection_banner(const SceneContext& c, const std::string& text) {
  // The leaderboard's footer (legend and page, scene_layout.cpp: 6 % of the height) hidden
  // whole and opaque: a strip 5.5 % high at 92 % alpha left its swatches peeking through.
  float h = c.height * 0.06f;
  c.draw->AddRectFilled(ImVec2(0, c.height - h), ImVec2(c.width, c.height), rgba(200, 30, 30, 255));
  text_in(c, c.fonts.bold, c.fonts.bold->FontSize * 0.8f, 0, c.width, c.height - h / 2,
          rgba(255, 255, 255), text, Align::kCenter);
}

void draw_help(const SceneContext& c) {
  float w = c.width * 0.6f, line = c.fonts.body->FontSize * 1.35f;
  int n = 0;
  for (const char* l : c.strings->help_lines)
    if (l && *l) ++n;
  float h = line * float(n + 2);
  float x = (c.width - w) / 2, y = (c.height - h) / 2;
  c.draw->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), rgba(0, 0, 0, 225), c.height * 0.01f);
  c.draw->AddRect(ImVec2(x, y), ImVec2(x + w, y + h), c.theme->gold, c.height * 0.01f, 0, 2);
  text_in(c, c.fonts.bold, c.fonts.bold->FontSize, x, w, y + line * 0.8f, c.theme->gold,
          c.strings->help_title, Align::kCenter);
  float ly = y + line * 1.9f;
  for (const char* l : c.strings->help_lines) {
    if (!l || !*l) continue;
    text_in(c, c.fonts.body, c.fonts.body->FontSize, x + w * 0.06f, w * 0.88f, ly,
            rgba(255, 255, 255), l);
    ly += line;
  }
}

}  // namespace lf
