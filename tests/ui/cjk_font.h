// A CJK font for tests that draw into a null ImGui context (no window, no GPU), so that the
// names and headings they draw are real glyphs that app_shell/drawn_text.h can read back.
//
// Not thread-safe (ImGui's atlas); call before the first NewFrame().
#pragma once

#include <imgui.h>

#include <vector>

#include "app_shell/glyph_set.h"

namespace lf::test {

// Adds the machine's CJK font (app_shell/font_finder.h: Noto Sans CJK, or LF_FONT) to `atlas`
// with exactly the characters of `glyphs` at `size_px`, and builds the atlas. `ranges` receives
// the glyph ranges, which ImGui keeps pointing at: it must outlive the atlas. nullptr when no
// CJK font is installed (fonts-noto-cjk).
ImFont* add_cjk_font(ImFontAtlas& atlas, const GlyphSet& glyphs, float size_px,
                     std::vector<ImWchar>& ranges);

}  // namespace lf::test
