#include "scoring/cli/text_width.h"

namespace lf::cli {

namespace {

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

size_t display_width(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    char32_t cp;
    size_t len;
    if (b < 0x80) cp = b, len = 1;
    else if ((b >> 5) == 0x6) cp = b & 0x1F, len = 2;
    else if ((b >> 4) == 0xE) cp = b & 0x0F, len = 3;
    else if ((b >> 3) == 0x1E) cp = b & 0x07, len = 4;
    else cp = 0xFFFD, len = 1;  // stray byte: one column
    for (size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    width += is_wide(cp) ? 2 : 1;
    i += len;
  }
  return width;
}

std::string pad_right(std::string_view s, size_t width) {
  std::string out(s);
  size_t w = display_width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string pad_left(std::string_view s, size_t width) {
  size_t w = display_width(s);
  std::string out(w < width ? width - w : 0, ' ');
  out += s;
  return out;
}

}  // namespace lf::cli
