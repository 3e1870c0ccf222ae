#include "tests/ui/cjk_font.h"

#include "app_shell/font_finder.h"

namespace lf::test {

ImFont* add_cjk_font(ImFontAtlas& atlas, const GlyphSet& glyphs, float size_px,
                     std::vector<ImWchar>& ranges) {
  std::optional<FontFile> file = find_cjk_font(false);
  if (!file) return nullptr;
  std::vector<uint16_t> r = glyphs.ranges();
  ranges.assign(r.begin(), r.end());
  ImFontConfig cfg;
  cfg.FontNo = file->index;
  ImFont* font = atlas.AddFontFromFileTTF(file->path.c_str(), size_px, &cfg, ranges.data());
  if (!font) return nullptr;
  unsigned char* px;
  int w, h;
  atlas.GetTexDataAsAlpha8(&px, &w, &h);  // builds the atlas
  return font;
}

}  // namespace lf::test
