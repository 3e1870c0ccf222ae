// The text a frame drew, read back from Dear ImGui's draw data: for tests that assert what a
// screen shows (names, scores, headings) rather than that it drew something, and for the shell's
// screenshot mode, which writes it beside the PNG (so a test of the real program reads the words
// on its screen).
//
// How: every glyph ImGui draws is a quad whose four texture coordinates are exactly that
// glyph's (U0,V0)-(U1,V1) in the font atlas, so a map from atlas coordinates to code points
// turns the vertices back into characters; the quad's size against the glyph's gives the scale,
// and the glyph's offsets give the pen position, which groups glyphs into runs of one line.
// Spaces draw nothing: a gap of a whole number of the font's space advances becomes that many
// spaces, any other gap starts a new run. Quads that match no glyph (filled shapes, glyphs cut
// by a clip rectangle, custom rects without a glyph) are skipped and counted.
//
// Pure functions of the draw data and the atlas; call after ImGui::Render() and before the next
// NewFrame() (the draw data is ImGui's until then). Not thread-safe, like ImGui itself.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace lf {

struct DrawnRun {
  std::string text;  // UTF-8
  ImFont* font = nullptr;
  float x = 0, y = 0;  // the pen where the run starts: its left edge and the line's top
  float right = 0;     // the pen after its last glyph
  float size = 0;      // the font size it was drawn at, in pixels
  float center_y() const { return y + size / 2; }
};

struct DrawnText {
  std::vector<DrawnRun> runs;  // in drawing order
  int unknown_quads = 0;       // 4-vertex runs with glyph-like coordinates that matched no glyph

  // The first run whose text is exactly `text`, or nullptr.
  const DrawnRun* exact(std::string_view text) const;
  // The first run that contains `text`, or nullptr.
  const DrawnRun* containing(std::string_view text) const;
  bool has(std::string_view text) const { return exact(text) != nullptr; }
  bool shows(std::string_view text) const { return containing(text) != nullptr; }
  // The runs on the same line as `r` (vertical centres within half of r's size), r included.
  std::vector<const DrawnRun*> line_of(const DrawnRun& r) const;
  // Whether a run on r's line is exactly `text`.
  bool line_has(const DrawnRun& r, std::string_view text) const;
  // Every run, one per line with its position, for failure messages.
  std::string dump() const;
};

// The text in one draw list / in everything ImGui::Render() produced. `atlas` is the atlas the
// frame was drawn with (ImGui::GetIO().Fonts); every font in it is read.
DrawnText drawn_text(const ImDrawList& list, const ImFontAtlas& atlas);
DrawnText drawn_text(const ImDrawData& data, const ImFontAtlas& atlas);

}  // namespace lf
