// The characters a program will draw, as ImGui glyph ranges, and the stand-ins that let this
// ImGui draw characters above U+FFFF. ImGui 1.86 cannot load glyphs on demand, and the whole CJK
// block at projector sizes would not fit a texture, so each program collects its UI strings and
// the contest's names and bakes exactly those.
//
// Debian's ImGui is built with a 16-bit ImWchar: a teacher named 𠀀明华 (U+20000, CJK Extension
// B) cannot be indexed at all. So every string a program draws first goes through
// drawable_text(), which writes each such character as a Private Use Area stand-in (U+E000 ..
// U+F8FF, given out in order of first sight and never reused); the app shell then bakes, for
// each stand-in in a font's glyph set, the real character's outline from a font that has it
// (font_atlas.h).
//
// GlyphSet is pure (no ImGui context, no fonts) and not thread-safe: build it on the UI thread.
// PrivateUseMap is thread-safe (one mutex); its answers never change once given.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/engine/mutex.h"

namespace lf {

class GlyphSet {
 public:
  GlyphSet();  // printable ASCII, the full-width punctuation and digits, and the replacement mark
  // Adds every character of a UTF-8 string; invalid bytes are skipped. Add drawable text
  // (drawable_text): then the set holds the stand-ins, which the ranges carry like any
  // character.
  void add(std::string_view utf8);
  // Pairs of [first, last] code points, zero-terminated, as ImFontConfig::GlyphRanges wants.
  // Characters above U+FFFF are dropped (ImGui 1.86 is built with 16-bit ImWchar); their
  // stand-ins (U+E000 ..) are kept.
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

// "[U+20000]": how a character that cannot be drawn is shown, so a person can read it and look
// it up rather than see a silent box or '?'.
std::string placeholder_of(uint32_t cp);

// Characters above max_drawable_code_point() ↔ Private Use Area stand-ins.
class PrivateUseMap {
 public:
  static constexpr uint32_t kFirst = 0xE000, kLast = 0xF8FF;  // 6400 stand-ins
  // has_font(cp): whether an installed font can draw the character; asked at most once per
  // character, under the map's lock (it must not call back into the map). A character no font
  // has gets no stand-in and shows as its placeholder.
  explicit PrivateUseMap(std::function<bool(uint32_t)> has_font);

  // `utf8` as the program should hand it to ImGui: each character above U+FFFF becomes its
  // stand-in (given now if it has none yet); a character that cannot have one (no font has it,
  // or all 6400 are taken) and a private-use character in the input itself (names may not hold
  // one: data/format/person_text.h; drawn as-is it could be mistaken for a stand-in) become
  // placeholder_of(cp). Variation selectors (U+FE00..FE0F, U+E0100..E01EF, which pick a glyph
  // variant of the ideograph before them) are dropped: ImGui draws the base character. Invalid
  // bytes pass through untouched. Text with nothing to change is returned unchanged.
  std::string drawable(std::string_view utf8);

  // The real character a stand-in draws, or 0 if `pua` is not a stand-in given by this map.
  uint32_t original_of(uint32_t pua) const;
  // The stand-in of a character, or 0 if it has none (not seen yet, or placeholdered).
  uint32_t stand_in_of(uint32_t cp) const;
  // The characters shown as placeholders so far (no font, or no stand-in left), in order seen.
  std::vector<uint32_t> placeholdered() const;
  size_t size() const;  // stand-ins given

 private:
  mutable Mutex mutex_;
  std::function<bool(uint32_t)> has_font_;
  std::map<uint32_t, uint32_t> to_pua_ LF_GUARDED_BY(mutex_), from_pua_ LF_GUARDED_BY(mutex_);
  std::vector<uint32_t> placeholdered_ LF_GUARDED_BY(mutex_);
  uint32_t next_ LF_GUARDED_BY(mutex_) = kFirst;
};

// The process's one map, asking fontconfig (font_finder.h) whether any installed font has a
// character. Lives for the process; any thread.
PrivateUseMap& program_glyph_map();

// program_glyph_map().drawable(utf8): what both programs pass every string through before it
// is added to a GlyphSet and drawn.
std::string drawable_text(std::string_view utf8);

}  // namespace lf
