// The characters the display will draw: its string table plus every name in a snapshot.
#pragma once

#include "display/display_snapshot.h"
#include "display/display_strings.h"
#include "app_shell/glyph_set.h"

namespace lf {

// Adds the strings' and the snapshot's characters; true if any was new (fonts must be rebuilt).
bool add_display_glyphs(const DisplayStrings& strings, const DisplaySnapshot* snapshot, GlyphSet& set);

// The snapshot with every text the scenes draw (names, schools, titles, awards, section names)
// passed through drawable_text (app_shell/glyph_set.h): characters this ImGui cannot index
// (above U+FFFF with Debian's 16-bit ImWchar, e.g. a teacher named 𠀀) become their Private Use
// Area stand-ins, which the app shell bakes from a font that has them; one no font has shows as
// "[U+20000]". Ids and keys are left alone. Call on the UI thread once per new snapshot, before
// add_display_glyphs.
DisplaySnapshot drawable_snapshot(DisplaySnapshot snapshot);

// The huge font (scores, clock) holds only these.
GlyphSet huge_font_glyphs();

}  // namespace lf
