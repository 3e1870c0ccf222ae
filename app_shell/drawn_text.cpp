#include "app_shell/drawn_text.h"

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <map>
#include <utility>

#include "data/format/person_text.h"

namespace lf {
namespace {

struct GlyphRef {
  const ImFontGlyph* glyph;
  ImFont* font;
  float space_advance;  // the font's, unscaled; 0 if it has no space
};

// Exact float bits: the vertices carry the atlas's coordinates unchanged.
using UvKey = std::pair<uint32_t, uint32_t>;
UvKey key(float u, float v) {
  uint32_t a, b;
  std::memcpy(&a, &u, 4);
  std::memcpy(&b, &v, 4);
  return {a, b};
}

std::map<UvKey, GlyphRef> glyph_map(const ImFontAtlas& atlas) {
  std::map<UvKey, GlyphRef> m;
  for (ImFont* font : atlas.Fonts) {
    float space = 0;
    for (const ImFontGlyph& g : font->Glyphs)
      if (g.Codepoint == ' ') space = g.AdvanceX;
    for (const ImFontGlyph& g : font->Glyphs)
      if (g.Visible) m.emplace(key(g.U0, g.V0), GlyphRef{&g, font, space});
  }
  return m;
}

bool same_uv(const ImDrawVert& v, float u, float w) { return key(v.uv.x, v.uv.y) == key(u, w); }

void read_list(const ImDrawList& list, const std::map<UvKey, GlyphRef>& glyphs, DrawnText& out) {
  const ImVector<ImDrawVert>& vb = list.VtxBuffer;
  bool open = false;  // whether out.runs.back() may take the next glyph (same list)
  for (int i = 0; i + 3 < vb.Size; ++i) {
    auto it = glyphs.find(key(vb[i].uv.x, vb[i].uv.y));
    if (it == glyphs.end()) continue;
    const ImFontGlyph& g = *it->second.glyph;
    // ImFont::RenderText writes (x0,y0) (x1,y0) (x1,y1) (x0,y1) with the glyph's UVs in order.
    if (!same_uv(vb[i + 1], g.U1, g.V0) || !same_uv(vb[i + 2], g.U1, g.V1) ||
        !same_uv(vb[i + 3], g.U0, g.V1)) {
      ++out.unknown_quads;
      continue;
    }
    float x0 = vb[i].pos.x, y0 = vb[i].pos.y, x1 = vb[i + 2].pos.x, y1 = vb[i + 2].pos.y;
    float scale = g.X1 > g.X0 ? (x1 - x0) / (g.X1 - g.X0) : g.Y1 > g.Y0 ? (y1 - y0) / (g.Y1 - g.Y0) : 1;
    float pen_x = x0 - g.X0 * scale, pen_y = y0 - g.Y0 * scale;
    float size = it->second.font->FontSize * scale;
    std::string ch;
    append_utf8(ch, g.Codepoint);
    i += 3;

    if (open) {
      DrawnRun& r = out.runs.back();
      float gap = pen_x - r.right;
      float space = it->second.space_advance * scale;
      bool same_line = r.font == it->second.font && std::fabs(r.size - size) < 0.01f &&
                       std::fabs(r.y - pen_y) < 0.5f;
      int spaces = -1;  // -1: not the same run
      if (same_line && std::fabs(gap) < 0.05f) {
        spaces = 0;
      } else if (same_line && space > 0 && gap > 0) {
        float k = std::round(gap / space);
        if (k >= 1 && k <= 16 && std::fabs(gap - k * space) < 0.05f) spaces = int(k);
      }
      if (spaces >= 0) {
        r.text.append(size_t(spaces), ' ');
        r.text += ch;
        r.right = pen_x + g.AdvanceX * scale;
        continue;
      }
    }
    out.runs.push_back(DrawnRun{ch, it->second.font, pen_x, pen_y, pen_x + g.AdvanceX * scale, size});
    open = true;
  }
}

}  // namespace

const DrawnRun* DrawnText::exact(std::string_view text) const {
  for (const DrawnRun& r : runs)
    if (r.text == text) return &r;
  return nullptr;
}

const DrawnRun* DrawnText::containing(std::string_view text) const {
  for (const DrawnRun& r : runs)
    if (r.text.find(text) != std::string::npos) return &r;
  return nullptr;
}

std::vector<const DrawnRun*> DrawnText::line_of(const DrawnRun& line) const {
  std::vector<const DrawnRun*> out;
  for (const DrawnRun& r : runs)
    if (std::fabs(r.center_y() - line.center_y()) < line.size / 2) out.push_back(&r);
  return out;
}

bool DrawnText::line_has(const DrawnRun& line, std::string_view text) const {
  for (const DrawnRun* r : line_of(line))
    if (r->text == text) return true;
  return false;
}

std::string DrawnText::dump() const {
  std::string s;
  char pos[64];
  for (const DrawnRun& r : runs) {
    std::snprintf(pos, sizeof pos, "(%.0f,%.0f %.0fpx) ", r.x, r.y, r.size);
    s += pos + r.text + "\n";
  }
  if (unknown_quads) s += std::to_string(unknown_quads) + " unknown glyph-like quads\n";
  return s;
}

DrawnText drawn_text(const ImDrawList& list, const ImFontAtlas& atlas) {
  DrawnText out;
  read_list(list, glyph_map(atlas), out);
  return out;
}

DrawnText drawn_text(const ImDrawData& data, const ImFontAtlas& atlas) {
  DrawnText out;
  auto glyphs = glyph_map(atlas);
  for (int n = 0; n < data.CmdListsCount; ++n) read_list(*data.CmdLists[n], glyphs, out);
  return out;
}

}  // namespace lf
