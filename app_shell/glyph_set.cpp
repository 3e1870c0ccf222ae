#include "app_shell/glyph_set.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app_shell/font_finder.h"
#include "data/format/person_text.h"
#include "scoring/engine/mutex.h"

namespace lf {

namespace {

// The length of the valid UTF-8 sequence at s[i] and its code point, or 0 if the byte there
// does not start one.
size_t sequence_at(std::string_view s, size_t i, uint32_t& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d >> 6) != 2) return 0;
    cp = (cp << 6) | (d & 0x3Fu);
  }
  return len;
}

}  // namespace

std::vector<uint32_t> decode_utf8(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = sequence_at(s, i, cp);
    if (len) out.push_back(cp);
    i += len ? len : 1;
  }
  return out;
}

GlyphSet::GlyphSet() {
  for (uint32_t c = 0x20; c < 0x7F; ++c) code_points_.insert(c);
  for (uint32_t c :
       {0x3000u, 0x3001u, 0x3002u, 0xFF08u, 0xFF09u, 0xFF0Cu, 0xFF1Au, 0xFF1Fu, 0x00B7u,
        0x2013u, 0x2014u, 0x2264u, 0x2026u, 0x2190u, 0x2191u, 0x2192u, 0x2193u, 0x25B2u,
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

uint32_t max_drawable_code_point() {
  return IM_UNICODE_CODEPOINT_MAX;
}

std::string placeholder_of(uint32_t cp) {
  char code[16];
  std::snprintf(code, sizeof code, "[U+%04X]", unsigned(cp));
  return code;
}

PrivateUseMap::PrivateUseMap(std::function<bool(uint32_t)> has_font)
    : has_font_(std::move(has_font)) {}

namespace {

bool is_variation_selector(uint32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

}  // namespace

std::string PrivateUseMap::drawable(std::string_view utf8) {
  const uint32_t max = max_drawable_code_point();
  std::string out;
  size_t copied = 0;  // utf8[copied, i) is still to be copied as it is
  MutexLock lock(mutex_);
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = 0;
    size_t len = sequence_at(utf8, i, cp);
    if (len == 0) {  // an invalid byte: passed through (GlyphSet::add skips it too)
      ++i;
      continue;
    }
    const bool private_use = cp >= kFirst && cp <= kLast;
    if (cp <= max && !private_use && !is_variation_selector(cp)) {
      i += len;
      continue;
    }
    out.append(utf8.substr(copied, i - copied));
    copied = i + len;
    i += len;
    if (is_variation_selector(cp)) continue;
    uint32_t stand_in = 0;
    if (!private_use) {
      if (auto it = to_pua_.find(cp); it != to_pua_.end()) {
        stand_in = it->second;
      } else if (std::find(placeholdered_.begin(), placeholdered_.end(), cp) ==
                 placeholdered_.end()) {
        if (next_ <= kLast && has_font_ && has_font_(cp)) {
          stand_in = next_++;
          to_pua_.emplace(cp, stand_in);
          from_pua_.emplace(stand_in, cp);
        } else {
          placeholdered_.push_back(cp);
        }
      }
    }
    if (stand_in)
      append_utf8(out, stand_in);
    else
      out += placeholder_of(cp);
  }
  if (copied == 0 && out.empty()) return std::string(utf8);
  out.append(utf8.substr(copied));
  return out;
}

uint32_t PrivateUseMap::original_of(uint32_t pua) const {
  MutexLock lock(mutex_);
  auto it = from_pua_.find(pua);
  return it == from_pua_.end() ? 0 : it->second;
}

uint32_t PrivateUseMap::stand_in_of(uint32_t cp) const {
  MutexLock lock(mutex_);
  auto it = to_pua_.find(cp);
  return it == to_pua_.end() ? 0 : it->second;
}

std::vector<uint32_t> PrivateUseMap::placeholdered() const {
  MutexLock lock(mutex_);
  return placeholdered_;
}

size_t PrivateUseMap::size() const {
  MutexLock lock(mutex_);
  return to_pua_.size();
}

PrivateUseMap& program_glyph_map() {
  // Asked once per character: the font fontconfig finds for it, the regular weight (a bold
  // font that lacks it falls back to the regular one when the atlas is built).
  static PrivateUseMap map([](uint32_t cp) {
    if (auto main = find_cjk_font(false); main && font_has(*main, cp)) return true;
    return find_font_with(cp, false).has_value();
  });
  return map;
}

std::string drawable_text(std::string_view utf8) {
  return program_glyph_map().drawable(utf8);
}

}  // namespace lf
