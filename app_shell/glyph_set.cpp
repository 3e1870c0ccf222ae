#include "app_shell/glyph_set.h"

#include <imgui.h>

#include <cstdio>

namespace lf {

std::vector<uint32_t> decode_utf8(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + size_t(len) > s.size()) {
      ++i;
      continue;
    }
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + size_t(k)]);
      if ((d >> 6) != 2) ok = false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (ok) out.push_back(cp);
    i += ok ? size_t(len) : 1;
  }
  return out;
}

GlyphSet::GlyphSet() {
  for (uint32_t c = 0x20; c < 0x7F; ++c) code_points_.insert(c);
  for (uint32_t c : {0x3000u, 0x3001u, 0x3002u, 0xFF08u, 0xFF09u, 0xFF0Cu, 0xFF1Au, 0xFF1Fu,
                     0x00B7u, 0x2013u, 0x2014u, 0x2264u, 0x2026u, 0x2190u, 0x2191u, 0x2192u, 0x2193u, 0x25B2u,
                     0x25BCu, 0x2713u, 0x2717u, 0x25CFu, 0xFFFDu, 0x00D7u, 0x2212u})
    code_points_.insert(c);
}

void GlyphSet::add(std::string_view utf8) {
  for (uint32_t cp : decode_utf8(utf8))
    if (cp >= 0x20) code_points_.insert(cp);
}

std::vector<uint16_t> GlyphSet::ranges() const {
  std::vector<uint16_t> out;
  uint32_t first = 0, last = 0;
  bool open = false;
  for (uint32_t cp : code_points_) {
    if (cp > 0xFFFF) break;
    if (open && cp == last + 1) {
      last = cp;
      continue;
    }
    if (open) out.insert(out.end(), {uint16_t(first), uint16_t(last)});
    first = last = cp;
    open = true;
  }
  if (open) out.insert(out.end(), {uint16_t(first), uint16_t(last)});
  out.push_back(0);
  return out;
}

uint32_t max_drawable_code_point() { return IM_UNICODE_CODEPOINT_MAX; }

std::string with_placeholders(std::string_view utf8) {
  const uint32_t max = max_drawable_code_point();
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (len == 4 && i + 4 <= utf8.size()) {
      uint32_t cp = (c & 0x07u) << 18 | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu) << 12 |
                    (static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu) << 6 | (static_cast<unsigned char>(utf8[i + 3]) & 0x3Fu);
      if (cp > max) {
        char code[16];
        std::snprintf(code, sizeof code, "[U+%04X]", unsigned(cp));
        out.append(utf8.substr(copied, i - copied));
        out += code;
        copied = i + 4;
      }
    }
    i += len;
  }
  if (copied == 0) return std::string(utf8);
  out.append(utf8.substr(copied));
  return out;
}

}  // namespace lf
