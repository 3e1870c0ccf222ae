// Finds a CJK font on this machine through fontconfig (Noto Sans CJK SC first, then WenQuanYi
// Micro Hei), or the file named by the LF_FONT environment variable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lf {

struct FontFile {
  std::string path;
  int index = 0;  // face index inside a .ttc collection
  bool operator<(const FontFile& o) const { return path != o.path ? path < o.path : index < o.index; }
  bool operator==(const FontFile& o) const { return path == o.path && index == o.index; }
};

// bold: the heavy weight for titles and scores, when the family has one.
std::optional<FontFile> find_cjk_font(bool bold);

// Whether the font has the character (its charset, read once per file through fontconfig).
bool font_has(const FontFile& font, uint32_t cp);

// The font fontconfig picks for a character the main font lacks (a rare name character: HanaMinA
// or HanaMinB from fonts-hanazono for CJK Extension B–F), or nullopt if no installed font has it.
std::optional<FontFile> find_font_with(uint32_t cp, bool bold);

}  // namespace lf
