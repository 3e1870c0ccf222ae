// The characters the console draws: its string table, the few literals the panels draw
// themselves, and the names and notes in the view. ImGui 1.86 bakes exactly these (glyph_set.h);
// a character missing here shows as '?' on the tablet. And the view as the panels draw it, with
// characters above U+FFFF (a teacher named 𠀀明华) written as the stand-ins the app shell bakes.
#pragma once

#include "judge_console/console_strings.h"
#include "judge_console/console_view.h"
#include "app_shell/glyph_set.h"

namespace lf {

// Literals the panels and the view draw outside ConsoleStrings ("3 号选手", "7 号  邱娟", "✓").
extern const char* const kConsoleDrawnLiterals;

// Pass the drawable view (drawable_view), so the set holds the stand-ins the panels will draw.
void collect_console_glyphs(const ConsoleStrings& s, const ConsoleView* v, GlyphSet& g);

// The view with every text from the server a panel draws (names, schools, labels, venue,
// section, round and group names, criteria, notes, drawn topics, the contest's name) passed
// through drawable_text (app_shell/glyph_set.h). Ids, keys and numbers are left alone: panels
// send those back, never the drawn text. UI thread, once per new view.
ConsoleView drawable_view(ConsoleView v);

}  // namespace lf
