#include "app_shell/font_atlas.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace lf {

namespace {

// Code points as ImGui glyph ranges: [first, last] pairs, zero-terminated.
std::vector<uint16_t> to_ranges(const std::vector<uint32_t>& sorted) {
  std::vector<uint16_t> out;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    out.push_back(uint16_t(sorted[i]));
    out.push_back(uint16_t(sorted[j]));
    i = j + 1;
  }
  out.push_back(0);
  return out;
}

void add_once(std::vector<uint32_t>& list, uint32_t cp) {
  if (std::find(list.begin(), list.end(), cp) == list.end()) list.push_back(cp);
}

// FreeType faces opened for one build, closed with it.
class Faces {
 public:
  Faces() { ok_ = FT_Init_FreeType(&library_) == 0; }
  ~Faces() {
    for (auto& [file, face] : faces_)
      if (face) FT_Done_Face(face);
    if (ok_) FT_Done_FreeType(library_);
  }
  Faces(const Faces&) = delete;
  Faces& operator=(const Faces&) = delete;

  FT_Face get(const FontFile& file) {
    if (!ok_) return nullptr;
    auto it = faces_.find(file);
    if (it == faces_.end()) {
      FT_Face face = nullptr;
      if (FT_New_Face(library_, file.path.c_str(), file.index, &face) != 0) face = nullptr;
      it = faces_.emplace(file, face).first;
    }
    return it->second;
  }

 private:
  bool ok_ = false;
  FT_Library library_ = nullptr;
  std::map<FontFile, FT_Face> faces_;
};

// ImGui's FreeType builder sizes a font so that ascender - descender is the pixel height it
// was given, truncated to whole pixels (FT_SIZE_REQUEST_TYPE_REAL_DIM). The same request here
// gives the CJK font's em at that size, which the other font's ideographs must match.
bool request_like_imgui(FT_Face face, float pixels) {
  FT_Size_RequestRec req{};
  req.type = FT_SIZE_REQUEST_TYPE_REAL_DIM;
  req.height = FT_Long(uint32_t(pixels)) * 64;
  return FT_Request_Size(face, &req) == 0;
}

struct Raster {
  std::vector<unsigned char> alpha;  // width * height
  int width = 0, height = 0, left = 0, top = 0;
  float advance = 0;
};

// The character's bitmap from `face`, at the size already requested on it. `embolden`: the
// spec is bold and the face is not (HanaMinB has one weight): thicken the outline as FreeType's
// synthetic bold does, keeping the advance so the text does not spread.
std::optional<Raster> rasterize(FT_Face face, uint32_t cp, bool embolden) {
  if (FT_Get_Char_Index(face, cp) == 0) return std::nullopt;
  if (FT_Load_Char(face, cp, FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_NORMAL) != 0) return std::nullopt;
  FT_GlyphSlot slot = face->glyph;
  if (embolden && slot->format == FT_GLYPH_FORMAT_OUTLINE) {
    FT_Pos strength = FT_MulFix(face->units_per_EM, face->size->metrics.y_scale) / 32;
    FT_Outline_Embolden(&slot->outline, strength);
  }
  if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) return std::nullopt;
  const FT_Bitmap& bm = slot->bitmap;
  if (bm.pixel_mode != FT_PIXEL_MODE_GRAY) return std::nullopt;
  Raster r;
  r.width = int(bm.width), r.height = int(bm.rows);
  r.left = slot->bitmap_left, r.top = slot->bitmap_top;
  r.advance = float((slot->advance.x + 63) / 64);  // as ImGui's builder: FT_CEIL
  r.alpha.resize(size_t(r.width) * size_t(r.height));
  for (int y = 0; y < r.height; ++y) {
    const unsigned char* row = bm.pitch >= 0 ? bm.buffer + ptrdiff_t(y) * bm.pitch
                                             : bm.buffer + ptrdiff_t(r.height - 1 - y) * -bm.pitch;
    std::copy_n(row, r.width, &r.alpha[size_t(y) * size_t(r.width)]);
  }
  return r;
}

// The font fontconfig finds for a character the CJK font lacks, asked once per (character, bold).
struct FallbackFonts {
  std::map<std::pair<uint32_t, bool>, std::optional<FontFile>> found;
  const std::optional<FontFile>& with(uint32_t cp, bool heavy) {
    auto key = std::make_pair(cp, heavy);
    auto it = found.find(key);
    if (it == found.end()) it = found.emplace(key, find_font_with(cp, heavy)).first;
    return it->second;
  }
};

// The stand-ins of font `f` (characters above U+FFFF drawn through private-use code points):
// the CJK font's em at this size, then each real character at that em from the CJK font itself
// if it has it, else from the font fontconfig finds (HanaMinB for Extension B); each added to
// the atlas as a custom glyph (out.extra, its bitmap in `rasters`), or said undrawable.
Status add_stand_ins(ImFontAtlas& atlas, ImFont* f, const FontSpec& spec, const FontFile& file,
                     float pixels, const std::vector<uint32_t>& stand_ins, const PrivateUseMap& map,
                     Faces& faces, FallbackFonts& fallback, FontAtlasBuild& out,
                     std::vector<Raster>& rasters) {
  FT_Face main_face = faces.get(file);
  if (!main_face || !request_like_imgui(main_face, pixels)) {
    atlas.Clear();
    return Error{"font", "FreeType 无法打开字体 " + file.path};
  }
  const FT_Long em =
      FT_MulFix(main_face->units_per_EM, main_face->size->metrics.y_scale);  // 26.6 pixels
  for (uint32_t pua : stand_ins) {
    const uint32_t original = map.original_of(pua);
    std::optional<FontFile> from;
    if (font_has(file, original))
      from = file;
    else if (const auto& heavy = fallback.with(original, spec.bold))
      from = heavy;
    else if (const auto& plain = fallback.with(original, false))
      from = plain;
    std::optional<Raster> r;
    if (from) {
      if (*from == file) {
        request_like_imgui(main_face, pixels);
        r = rasterize(main_face, original, false);
      } else if (FT_Face face = faces.get(*from)) {
        FT_Size_RequestRec req{};
        req.type = FT_SIZE_REQUEST_TYPE_NOMINAL;  // em = the CJK font's em
        req.height = em;
        if (FT_Request_Size(face, &req) == 0)
          r = rasterize(face, original, spec.bold && !(face->style_flags & FT_STYLE_FLAG_BOLD));
      }
    }
    if (!r) {  // the stand-in shows as ImGui's '?': say so
      add_once(out.undrawable, original);
      continue;
    }
    ExtraGlyph g;
    g.font = f;
    g.stand_in = pua, g.original = original;
    g.from = *from;
    g.width = r->width, g.height = r->height, g.left = r->left, g.top = r->top;
    g.advance = r->advance;
    // The vertical offset needs the font's ascent, known once the atlas is built: set below.
    g.rect =
        atlas.AddCustomRectFontGlyph(f, ImWchar(pua), std::max(1, r->width), std::max(1, r->height),
                                     r->advance, ImVec2(float(r->left), 0));
    out.extra.push_back(g);
    rasters.push_back(std::move(*r));
  }
  return Status();
}

// Into the built atlas (FreeType's builder leaves 8-bit alpha; an RGBA copy, if one was made,
// gets the same), before anyone uploads it: each stand-in's bitmap, set on the baseline.
void copy_stand_ins(ImFontAtlas& atlas, FontAtlasBuild& out, const std::vector<Raster>& rasters) {
  for (size_t i = 0; i < out.extra.size(); ++i) {
    ExtraGlyph& g = out.extra[i];
    const Raster& r = rasters[i];
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(g.rect);
    for (int y = 0; y < r.height; ++y)
      for (int x = 0; x < r.width; ++x) {
        unsigned char a = r.alpha[size_t(y) * size_t(r.width) + size_t(x)];
        size_t at = size_t(rect->Y + y) * size_t(atlas.TexWidth) + size_t(rect->X + x);
        if (atlas.TexPixelsAlpha8) atlas.TexPixelsAlpha8[at] = a;
        if (atlas.TexPixelsRGBA32) atlas.TexPixelsRGBA32[at] = IM_COL32(255, 255, 255, a);
      }
    // On the baseline: ImGui's builder puts a glyph's top at round(ascent) - bitmap_top below
    // the line's top; a custom glyph's offset is taken as is.
    for (ImFontGlyph& glyph : g.font->Glyphs)
      if (glyph.Codepoint == g.stand_in) {
        glyph.Y0 = std::round(g.font->Ascent) - float(g.top);
        glyph.Y1 = glyph.Y0 + float(std::max(1, g.height));
      }
  }
}

// A font baked smaller than asked is drawn at the size asked: its metrics and glyph quads
// scaled (the texture's pixels are magnified; at these sizes the text is a clock or a heading
// seen from afar). FontSize says the size asked, as the programs' layouts expect.
void scale_to_size_asked(FontAtlasBuild& out, const std::vector<float>& upscale) {
  for (size_t i = 0; i < out.fonts.size(); ++i) {
    const float k = upscale[i];
    if (k == 1.0f) continue;
    ImFont* f = out.fonts[i];
    for (ImFontGlyph& g : f->Glyphs) {
      g.X0 *= k, g.Y0 *= k, g.X1 *= k, g.Y1 *= k;
      g.AdvanceX *= k;
    }
    f->FontSize *= k;
    f->Ascent *= k, f->Descent *= k;
    f->BuildLookupTable();
  }
}

}  // namespace

Status build_font_atlas(ImFontAtlas& atlas, const GlyphSet& glyphs,
                        const std::vector<FontSpec>& specs, const PrivateUseMap& map,
                        FontAtlasBuild& out) {
  auto regular = find_cjk_font(false);
  if (!regular)
    return Error{"font",
                 "no Chinese font found: install fonts-noto-cjk or fonts-wqy-microhei "
                 "(or set LF_FONT to a .ttf/.ttc file)"};
  auto bold = find_cjk_font(true);
  if (!bold) bold = regular;
  atlas.Clear();
  out = FontAtlasBuild();
  const uint32_t max_cp = max_drawable_code_point();
  Faces faces;
  FallbackFonts fallback;
  std::vector<Raster> rasters;  // one per out.extra
  std::vector<float> upscale;   // per out.fonts: the size asked for over the size baked
  for (const FontSpec& spec : specs) {
    const GlyphSet& set = spec.glyphs ? *spec.glyphs : glyphs;
    const FontFile& file = spec.bold ? *bold : *regular;
    // Baked no larger than kMaxBakedPixels, and scaled up to `pixels` after the build (below):
    // Debian's ImGui 1.86 FreeType builder copies each glyph's bitmap into 256 KB chunks with
    // no check that one glyph fits, so a glyph over 256 x 256 pixels (a console on a screen
    // 1,400 pixels high, a display on a 4K projector) wrote past the chunk and the program
    // aborted (malloc(): corrupted top size).
    const float wanted = std::max(8.0f, spec.pixels);
    const float pixels = std::min(wanted, kMaxBakedPixels);
    // What the main font draws, per other font the characters it lacks, and the stand-ins.
    std::vector<uint32_t> main, stand_ins;
    std::map<FontFile, std::vector<uint32_t>> merged;
    for (uint32_t cp : set.code_points()) {
      if (map.original_of(cp) != 0) {
        stand_ins.push_back(cp);
        continue;
      }
      if (cp > max_cp) {
        add_once(out.undrawable, cp);
        continue;
      }
      if (font_has(file, cp) || cp < 0x80) {
        main.push_back(cp);
        continue;
      }
      if (const auto& other = fallback.with(cp, spec.bold))
        merged[*other].push_back(cp);
      else {
        main.push_back(cp);  // drawn as ImGui's fallback glyph
        add_once(out.undrawable, cp);
      }
    }
    out.ranges.push_back(to_ranges(main));
    ImFontConfig cfg;
    cfg.FontNo = file.index;
    cfg.OversampleH = cfg.OversampleV = 1;  // FreeType hints; no need to oversample
    cfg.PixelSnapH = true;
    ImFont* f = atlas.AddFontFromFileTTF(file.path.c_str(), pixels, &cfg, out.ranges.back().data());
    if (!f) {
      atlas.Clear();
      return Error{"font", "cannot read the font " + file.path};
    }
    for (const auto& [other, chars] : merged) {
      out.ranges.push_back(to_ranges(chars));
      ImFontConfig more;
      more.MergeMode = true;
      more.FontNo = other.index;
      more.OversampleH = more.OversampleV = 1;
      more.PixelSnapH = true;
      if (!atlas.AddFontFromFileTTF(other.path.c_str(), pixels, &more, out.ranges.back().data())) {
        atlas.Clear();
        return Error{"font", "cannot read the font " + other.path};
      }
    }
    out.fonts.push_back(f);
    upscale.push_back(wanted / pixels);
    if (stand_ins.empty()) continue;

    if (Status st = add_stand_ins(atlas, f, spec, file, pixels, stand_ins, map, faces, fallback,
                                  out, rasters);
        !st.ok())
      return st;
  }
  for (uint32_t cp : map.placeholdered()) add_once(out.undrawable, cp);
  std::sort(out.undrawable.begin(), out.undrawable.end());

  if (!atlas.Build()) {
    atlas.Clear();
    return Error{"font", "无法生成字形纹理（要显示的字太多，一张纹理放不下）"};
  }
  copy_stand_ins(atlas, out, rasters);
  scale_to_size_asked(out, upscale);
  return Status();
}

}  // namespace lf
