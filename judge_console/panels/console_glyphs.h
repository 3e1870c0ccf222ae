// The characters the console draws: its string table, the few literals the panels draw
// themselves, and the names and notes in the view. ImGui 1.86 bakes exactly these (glyph_set.h);
// a character missing here shows as '?' on the tablet.
#pragma once

#include "judge_console/console_strings.h"
#include "judge_console/console_view.h"
#include "app_shell/glyph_set.h"

namespace lf {

// Literals the panels and the view draw outside ConsoleStrings ("3 号选手", "7 号  邱娟", "✓").
extern const char* const kConsoleDrawnLiterals;

void collect_console_glyphs(const ConsoleStrings& s, const ConsoleView* v, GlyphSet& g);

}  // namespace lf
