// Finds a CJK font on this machine through fontconfig (Noto Sans CJK SC first, then WenQuanYi
// Micro Hei), or the file named by the LF_FONT environment variable.
#pragma once

#include <optional>
#include <string>

namespace lf {

struct FontFile {
  std::string path;
  int index = 0;  // face index inside a .ttc collection
};

// bold: the heavy weight for titles and scores, when the family has one.
std::optional<FontFile> find_cjk_font(bool bold);

}  // namespace lf
