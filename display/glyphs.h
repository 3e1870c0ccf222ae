// The characters the display will draw: its string table plus every name in a snapshot.
#pragma once

#include "display/display_snapshot.h"
#include "display/display_strings.h"
#include "app_shell/glyph_set.h"

namespace lf {

// Adds the strings' and the snapshot's characters; true if any was new (fonts must be rebuilt).
bool add_display_glyphs(const DisplayStrings& strings, const DisplaySnapshot* snapshot, GlyphSet& set);

// The snapshot with every name and title passed through with_placeholders (shell/glyph_set.h):
// characters this ImGui build cannot draw (above U+FFFF with Debian's 16-bit ImWchar, e.g. a
// teacher named 𠀀) become "[U+20000]" instead of a '?' or a box. Call where the snapshot is
// built, before add_display_glyphs.
DisplaySnapshot with_placeholders(DisplaySnapshot snapshot);

// The huge font (scores, clock) holds only these.
GlyphSet huge_font_glyphs();

}  // namespace lf
