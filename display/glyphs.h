// The characters the display will draw: its string table plus every name in a snapshot.
#pragma once

#include "display_snapshot.h"
#include "display_strings.h"
#include "shell/glyph_set.h"

namespace lf {

// Adds the strings' and the snapshot's characters; true if any was new (fonts must be rebuilt).
bool add_display_glyphs(const DisplayStrings& strings, const DisplaySnapshot* snapshot, GlyphSet& set);

// The huge font (scores, clock) holds only these.
GlyphSet huge_font_glyphs();

}  // namespace lf
