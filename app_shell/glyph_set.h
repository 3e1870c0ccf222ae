// The characters a program will draw, as ImGui glyph ranges. ImGui 1.86 cannot load glyphs on
// demand, and the whole CJK block at projector sizes would not fit a texture, so each program
// collects its UI strings and the contest's names and bakes exactly those.
//
// Pure: no ImGui context needed. Not thread-safe; build it once before the fonts.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lf {

class GlyphSet {
 public:
  GlyphSet();  // printable ASCII, the full-width punctuation and digits, and the replacement mark
  // Adds every character of a UTF-8 string; invalid bytes are skipped.
  void add(std::string_view utf8);
  // Pairs of [first, last] code points, zero-terminated, as ImFontConfig::GlyphRanges wants.
  // Characters above U+FFFF are dropped (ImGui 1.86 is built with 16-bit ImWchar).
  std::vector<uint16_t> ranges() const;
  size_t size() const { return code_points_.size(); }
  const std::set<uint32_t>& code_points() const { return code_points_; }
  bool contains(uint32_t cp) const { return code_points_.count(cp) > 0; }

 private:
  std::set<uint32_t> code_points_;
};

// Decodes one UTF-8 string into code points (invalid bytes skipped).
std::vector<uint32_t> decode_utf8(std::string_view s);

// The highest code point this build of Dear ImGui can draw: U+FFFF with Debian's libimgui-dev
// (16-bit ImWchar; IMGUI_USE_WCHAR32 is not defined), U+10FFFF with a 32-bit ImWchar.
uint32_t max_drawable_code_point();

// `utf8` with every character this ImGui cannot draw written as its code point in brackets,
// "[U+20000]", so a rare name character shows as something a person can read and look up
// rather than a silent box or '?'. Text with nothing to replace is returned unchanged.
std::string with_placeholders(std::string_view utf8);

}  // namespace lf
