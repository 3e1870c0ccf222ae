// The extra glyphs in a real font atlas, with no window: a null ImGui context, the CJK font
// loaded through the app shell (build_font_atlas), FreeType's builder as the programs use it.
// The stand-in for 𠀀 must be inked in the atlas, be neither the font's missing-glyph box nor
// ImGui's '?', be as wide as an ideograph (not the placeholder "[U+20000]"), and sit on the
// line like the CJK font's own ideographs.
#include <gtest/gtest.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <imgui.h>
#include <imgui_freetype.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "app_shell/font_atlas.h"
#include "app_shell/font_finder.h"
#include "data/format/person_text.h"

namespace lf {
namespace {

// An 8-bit alpha image.
struct Alpha {
  int w = 0, h = 0;
  std::vector<unsigned char> a;
  int inked() const {
    return int(std::count_if(a.begin(), a.end(), [](unsigned char v) { return v > 0; }));
  }
};

Alpha cut(const ImFontAtlas& atlas, int x, int y, int w, int h) {
  Alpha out{w, h, {}};
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i)
      out.a.push_back(
          atlas.TexPixelsAlpha8[size_t(y + j) * size_t(atlas.TexWidth) + size_t(x + i)]);
  return out;
}

// The pixels of a glyph ImGui baked itself (from its UVs).
Alpha cut_glyph(const ImFontAtlas& atlas, const ImFontGlyph& g) {
  int x0 = int(std::lround(g.U0 * float(atlas.TexWidth))),
      y0 = int(std::lround(g.V0 * float(atlas.TexHeight)));
  int x1 = int(std::lround(g.U1 * float(atlas.TexWidth))),
      y1 = int(std::lround(g.V1 * float(atlas.TexHeight)));
  return cut(atlas, x0, y0, x1 - x0, y1 - y0);
}

// How much two images differ: the share of pixels (over the larger size) whose alpha is more
// than 64 apart; images of different sizes are compared at their top-left corner.
double difference(const Alpha& x, const Alpha& y) {
  int w = std::max(x.w, y.w), h = std::max(x.h, y.h), differ = 0;
  auto at = [](const Alpha& m, int i, int j) {
    return i < m.w && j < m.h ? int(m.a[size_t(j) * size_t(m.w) + size_t(i)]) : 0;
  };
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) differ += std::abs(at(x, i, j) - at(y, i, j)) > 64;
  return double(differ) / double(std::max(1, w * h));
}

// The CJK font's missing-glyph box (.notdef, glyph 0) as ImGui's builder would size it.
Alpha notdef_of(const FontFile& file, float pixels) {
  Alpha out;
  FT_Library lib = nullptr;
  FT_Face face = nullptr;
  if (FT_Init_FreeType(&lib) != 0) return out;
  if (FT_New_Face(lib, file.path.c_str(), file.index, &face) == 0) {
    FT_Size_RequestRec req{};
    req.type = FT_SIZE_REQUEST_TYPE_REAL_DIM;
    req.height = FT_Long(pixels) * 64;
    if (FT_Request_Size(face, &req) == 0 && FT_Load_Glyph(face, 0, FT_LOAD_NO_BITMAP) == 0 &&
        FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) == 0) {
      const FT_Bitmap& bm = face->glyph->bitmap;
      out.w = int(bm.width), out.h = int(bm.rows);
      for (int j = 0; j < out.h; ++j)
        for (int i = 0; i < out.w; ++i) out.a.push_back(bm.buffer[j * bm.pitch + i]);
    }
    FT_Done_Face(face);
  }
  FT_Done_FreeType(lib);
  return out;
}

class FontAtlasExtraGlyphs : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGui::GetIO().Fonts->FontBuilderIO =
        ImGuiFreeType::GetBuilderForFreeType();  // as AppShell::open
  }
  void TearDown() override { ImGui::DestroyContext(); }

  ImFontAtlas& atlas() { return *ImGui::GetIO().Fonts; }
  const ExtraGlyph* extra(uint32_t original, size_t font) const {
    for (const ExtraGlyph& g : built.extra)
      if (g.original == original && g.font == built.fonts[font]) return &g;
    return nullptr;
  }

  PrivateUseMap map{[](uint32_t cp) { return find_font_with(cp, false).has_value(); }};
  FontAtlasBuild built;
};

TEST_F(FontAtlasExtraGlyphs, TheStandInFor20000IsInkedAndIsNotABoxOrAPlaceholder) {
  ASSERT_TRUE(find_cjk_font(false)) << "install fonts-noto-cjk";
  ASSERT_TRUE(find_font_with(0x20000, false)) << "install fonts-hanazono";
  GlyphSet glyphs;
  const std::string name = map.drawable("𠀀明华");
  glyphs.add(name);
  glyphs.add(placeholder_of(0x20000));
  const std::vector<float> sizes = {24, 41, 96};
  std::vector<FontSpec> specs;
  for (float px : sizes) specs.push_back({px, false, nullptr});
  specs.push_back({41, true, nullptr});
  ASSERT_TRUE(build_font_atlas(atlas(), glyphs, specs, map, built).ok());
  ASSERT_NE(atlas().TexPixelsAlpha8, nullptr);
  ASSERT_EQ(built.fonts.size(), specs.size());
  EXPECT_TRUE(built.undrawable.empty());
  const uint32_t pua = map.stand_in_of(0x20000);
  ASSERT_NE(pua, 0u);

  for (size_t i = 0; i < specs.size(); ++i) {
    SCOPED_TRACE("font " + std::to_string(i) + ": " + std::to_string(int(specs[i].pixels)) + " px" +
                 (specs[i].bold ? " bold" : ""));
    ImFont* font = built.fonts[i];
    const ExtraGlyph* g = extra(0x20000, i);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->stand_in, pua);
    EXPECT_TRUE(font_has(g->from, 0x20000)) << g->from.path;
    const ImFontAtlasCustomRect* rect = atlas().GetCustomRectByIndex(g->rect);
    ASSERT_TRUE(rect->IsPacked());
    EXPECT_EQ(rect->Width, g->width);
    EXPECT_EQ(rect->Height, g->height);

    // Inked, and the bitmap lands whole in the rect: FreeType's bitmaps are tight, so the first
    // and last rows and columns each hold ink.
    Alpha ink = cut(atlas(), rect->X, rect->Y, rect->Width, rect->Height);
    EXPECT_GT(ink.inked(), ink.w * ink.h / 20);
    auto row_inked = [&](int j) {
      for (int k = 0; k < ink.w; ++k)
        if (ink.a[size_t(j * ink.w + k)]) return true;
      return false;
    };
    auto col_inked = [&](int k) {
      for (int j = 0; j < ink.h; ++j)
        if (ink.a[size_t(j * ink.w + k)]) return true;
      return false;
    };
    EXPECT_TRUE(row_inked(0) && row_inked(ink.h - 1) && col_inked(0) && col_inked(ink.w - 1));

    // ImGui draws the stand-in with this glyph, not its fallback.
    const ImFontGlyph* drawn = font->FindGlyphNoFallback(ImWchar(pua));
    ASSERT_NE(drawn, nullptr);
    EXPECT_NE(drawn, font->FallbackGlyph);
    Alpha via_uv = cut_glyph(atlas(), *drawn);
    EXPECT_EQ(via_uv.w, ink.w);
    EXPECT_EQ(via_uv.h, ink.h);
    EXPECT_EQ(difference(via_uv, ink), 0.0);

    // Not a box: neither the CJK font's .notdef nor ImGui's fallback '?'.
    Alpha tofu = notdef_of(*find_cjk_font(specs[i].bold), specs[i].pixels);
    ASSERT_GT(tofu.inked(), 0);
    EXPECT_GT(difference(ink, tofu), 0.1);
    ASSERT_NE(font->FallbackGlyph, nullptr);
    EXPECT_GT(difference(ink, cut_glyph(atlas(), *font->FallbackGlyph)), 0.1);

    // One ideograph wide, like 明 beside it, where the placeholder is several times that.
    const ImFontGlyph* ming = font->FindGlyphNoFallback(ImWchar(0x660E));
    ASSERT_NE(ming, nullptr);
    EXPECT_NEAR(drawn->AdvanceX, ming->AdvanceX, 1.0f);
    const std::string one = utf8_of(pua), shown = placeholder_of(0x20000);
    float w_one = font->CalcTextSizeA(font->FontSize, 1e9f, 0, one.c_str()).x;
    float w_placeholder = font->CalcTextSizeA(font->FontSize, 1e9f, 0, shown.c_str()).x;
    EXPECT_GT(w_placeholder, 2.5f * w_one);
  }
}

// 𪚥 (four 龍) fills its em box as 龍 does: same height, same top and bottom on the line.
TEST_F(FontAtlasExtraGlyphs, AnExtensionBIdeographSitsOnTheLineLikeItsNeighbours) {
  GlyphSet glyphs;
  glyphs.add(map.drawable("𪚥龍"));
  ASSERT_TRUE(
      build_font_atlas(atlas(), glyphs, {{32, false, nullptr}, {120, false, nullptr}}, map, built)
          .ok());
  for (size_t i = 0; i < built.fonts.size(); ++i) {
    ImFont* font = built.fonts[i];
    SCOPED_TRACE(std::to_string(font->FontSize) + " px");
    const ImFontGlyph* four = font->FindGlyphNoFallback(ImWchar(map.stand_in_of(0x2A6A5)));
    const ImFontGlyph* dragon = font->FindGlyphNoFallback(ImWchar(0x9F8D));
    ASSERT_NE(four, nullptr);
    ASSERT_NE(dragon, nullptr);
    const float tolerance = std::max(2.0f, font->FontSize * 0.08f);
    EXPECT_NEAR(four->Y0, dragon->Y0, tolerance);
    EXPECT_NEAR(four->Y1, dragon->Y1, tolerance);
    EXPECT_NEAR(four->Y1 - four->Y0, dragon->Y1 - dragon->Y0, tolerance);
    EXPECT_NEAR(four->AdvanceX, dragon->AdvanceX, 1.0f);
    // Inside the line: not above its top, not below its bottom.
    EXPECT_GE(four->Y0, -1.0f);
    EXPECT_LE(four->Y1, font->FontSize + 1.0f);
  }
}

// A font asked larger than kMaxBakedPixels (a console 1,400 pixels high, a 4K projector) is
// baked at that size and drawn at the size asked: its FontSize, advances and quads are the
// asked size's, within a pixel of the same font baked at 100 and scaled by hand, and no glyph
// in the texture is over 256 pixels square (ImGui 1.86's FreeType builder overran its 256 KB
// chunk on such a glyph: liangfen-console aborted with malloc(): corrupted top size).
TEST_F(FontAtlasExtraGlyphs, AFontLargerThanTheBakingLimitIsBakedSmallerAndDrawnAtItsSize) {
  GlyphSet glyphs;
  glyphs.add("中文分数0123456789:" + map.drawable("𠀀"));
  ASSERT_TRUE(build_font_atlas(atlas(), glyphs, {{100, true, nullptr}, {400, true, nullptr}, {600, false, nullptr}},
                               map, built)
                  .ok());
  ASSERT_EQ(built.fonts.size(), 3u);
  ImFont* small = built.fonts[0];
  ImFont* big = built.fonts[1];
  EXPECT_EQ(small->FontSize, 100.0f);
  EXPECT_EQ(big->FontSize, 400.0f);
  EXPECT_EQ(built.fonts[2]->FontSize, 600.0f);
  for (ImWchar c : {ImWchar(0x4E2D), ImWchar('8'), ImWchar(map.stand_in_of(0x20000))}) {
    SCOPED_TRACE(int(c));
    const ImFontGlyph* a = small->FindGlyphNoFallback(c);
    const ImFontGlyph* b = big->FindGlyphNoFallback(c);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_NEAR(b->AdvanceX, a->AdvanceX * 4, 4 * 2.0f);  // 4 x, within the hinting of 100 px
    EXPECT_NEAR(b->Y1 - b->Y0, (a->Y1 - a->Y0) * 4, 4 * 3.0f);
    // The texture holds it at most kMaxBakedPixels high.
    const float texels = (b->V1 - b->V0) * float(atlas().TexHeight);
    EXPECT_LE(texels, kMaxBakedPixels * 1.3f);
  }
  for (const ImFontGlyph& g : built.fonts[2]->Glyphs) {
    EXPECT_LE((g.U1 - g.U0) * float(atlas().TexWidth), 256.0f) << int(g.Codepoint);
    EXPECT_LE((g.V1 - g.V0) * float(atlas().TexHeight), 256.0f) << int(g.Codepoint);
  }
  EXPECT_NEAR(big->CalcTextSizeA(big->FontSize, 1e9f, 0, "中文").x, 2 * big->FindGlyph(0x4E2D)->AdvanceX, 1.0f);
}

// A stand-in whose character no font has cannot be baked: it is reported, not drawn as a box.
TEST_F(FontAtlasExtraGlyphs, AStandInNoFontCanDrawIsReported) {
  PrivateUseMap lying([](uint32_t) { return true; });  // claims a font for everything
  GlyphSet glyphs;
  glyphs.add(lying.drawable("王" + utf8_of(0x3FFF0)));
  ASSERT_TRUE(build_font_atlas(atlas(), glyphs, {{32, false, nullptr}}, lying, built).ok());
  EXPECT_TRUE(built.extra.empty());
  EXPECT_EQ(built.undrawable, std::vector<uint32_t>{0x3FFF0});
}

}  // namespace
}  // namespace lf
