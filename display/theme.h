// Colours of the projection display. Three themes: dark (default, for a dim hall), light (a
// bright room), festive red (the awards ceremony).
#pragma once

#include <cstdint>

namespace lf {

using Rgba = uint32_t;  // ImGui's packed ABGR (IM_COL32)

constexpr Rgba rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return (Rgba(a) << 24) | (Rgba(b) << 16) | (Rgba(g) << 8) | Rgba(r);
}

struct Theme {
  const char* name;
  Rgba background, band, band_alt, title_bar, text, text_dim, accent, gold;
  Rgba certain, at_risk, up, down, green, amber, red, struck;
};

enum class ThemeId { kDark, kLight, kFestive };

inline const Theme& theme(ThemeId id) {
  static const Theme dark{"dark",
                          rgba(12, 18, 38), rgba(24, 34, 64), rgba(18, 27, 52), rgba(150, 20, 30),
                          rgba(240, 244, 250), rgba(150, 164, 190), rgba(255, 200, 60),
                          rgba(255, 210, 80), rgba(30, 120, 70), rgba(120, 100, 30),
                          rgba(80, 220, 120), rgba(255, 100, 90), rgba(60, 200, 110),
                          rgba(245, 180, 40), rgba(235, 60, 50), rgba(130, 130, 140)};
  static const Theme light{"light",
                           rgba(246, 247, 250), rgba(255, 255, 255), rgba(236, 240, 246),
                           rgba(170, 25, 35), rgba(20, 24, 36), rgba(95, 105, 125),
                           rgba(180, 30, 40), rgba(190, 140, 20), rgba(200, 236, 210),
                           rgba(250, 236, 190), rgba(20, 150, 70), rgba(200, 40, 40),
                           rgba(20, 150, 70), rgba(215, 140, 0), rgba(210, 30, 30),
                           rgba(150, 150, 160)};
  static const Theme festive{"festive",
                             rgba(140, 10, 20), rgba(170, 20, 30), rgba(155, 15, 25),
                             rgba(110, 5, 15), rgba(255, 240, 210), rgba(255, 200, 170),
                             rgba(255, 215, 90), rgba(255, 215, 90), rgba(200, 150, 30),
                             rgba(150, 90, 30), rgba(255, 230, 120), rgba(255, 170, 150),
                             rgba(120, 230, 130), rgba(255, 200, 60), rgba(255, 120, 100),
                             rgba(220, 160, 150)};
  return id == ThemeId::kLight ? light : id == ThemeId::kFestive ? festive : dark;
}

}  // namespace lf
