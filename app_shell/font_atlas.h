// The font atlas of a desktop program: the CJK font at each size the program asks for, holding
// exactly the characters of its glyph sets (glyph_set.h), characters the CJK font lacks merged
// from the font fontconfig finds for each, and — for the characters above U+FFFF that this
// ImGui cannot index — one custom glyph per (font, Private Use Area stand-in), rasterized with
// FreeType from a font that has the real character, sized and placed on the baseline like the
// CJK font's own ideographs.
//
// Needs an ImGui context (any: tests use one with no window) and runs on the thread that owns
// it, between frames (the atlas must not be locked by NewFrame). The app shell calls it from
// build_fonts; it is separate so that it can be tested without a window.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_shell/font_finder.h"
#include "app_shell/glyph_set.h"
#include "scoring/engine/status.h"

struct ImFont;
struct ImFontAtlas;

namespace lf {

// The largest size a font is baked at; a larger one is baked at this size and drawn scaled
// (build_font_atlas: ImGui 1.86's FreeType builder overruns its buffer on a glyph over 256
// pixels square).
inline constexpr float kMaxBakedPixels = 200;

// One font of the atlas: a pixel height and a weight.
struct FontSpec {
  float pixels = 20;
  bool bold = false;
  const GlyphSet* glyphs = nullptr;  // this font's characters; null: build_fonts' set
};

// A character above U+FFFF baked into one font at its stand-in.
struct ExtraGlyph {
  ImFont* font = nullptr;
  uint32_t stand_in = 0, original = 0;
  int rect = -1;  // index of the atlas's custom rect (ImFontAtlas::GetCustomRectByIndex)
  FontFile from;  // the font the outline came from
  int width = 0, height = 0;  // of the rasterized bitmap, pixels
  int left = 0, top = 0;      // bitmap origin from the pen: right of it, and above the baseline
  float advance = 0;
};

// What one build made. Owns the glyph ranges the atlas points into: keep it alive, unchanged,
// as long as the atlas holds these fonts.
struct FontAtlasBuild {
  std::vector<ImFont*> fonts;     // one per spec, in order
  std::vector<ExtraGlyph> extra;  // every (font, stand-in) baked
  // Characters the program wanted but cannot see drawn: no installed font has them, or this
  // ImGui cannot index them and they have no stand-in (they show as "[U+20000]" when the text
  // went through drawable_text, as ImGui's '?' otherwise). Sorted.
  std::vector<uint32_t> undrawable;
  std::vector<std::vector<uint16_t>> ranges;  // ImWchar pairs, zero-terminated
};

// Clears `atlas`, adds one font per spec (the CJK font from find_cjk_font, bold for bold
// specs), registers the custom glyphs for every stand-in of `map` in each spec's set, builds
// the atlas with the atlas's FontBuilderIO (the app shell sets FreeType's) and writes the real
// characters into the atlas's pixels. Afterwards GetTexDataAsRGBA32 returns the texture to
// upload, with the extra glyphs in it. On error the atlas is left cleared.
Status build_font_atlas(ImFontAtlas& atlas, const GlyphSet& glyphs,
                        const std::vector<FontSpec>& specs, const PrivateUseMap& map,
                        FontAtlasBuild& out);

}  // namespace lf
