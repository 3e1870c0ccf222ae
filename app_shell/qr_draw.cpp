#include "app_shell/qr_draw.h"

#include <cmath>

namespace lf {

float draw_qr_code(ImDrawList& list, const QrMatrix& m, ImVec2 at, float side) {
  if (m.size <= 0 || side <= 0) return 0;
  const int modules = m.size + 2 * kQrQuietZone;
  float module = side / float(modules);
  if (module >= 2) module = std::floor(module);
  const float drawn = module * float(modules);
  at = ImVec2(std::round(at.x), std::round(at.y));
  list.AddRectFilled(at, ImVec2(at.x + drawn, at.y + drawn), IM_COL32(255, 255, 255, 255));
  const float x0 = at.x + kQrQuietZone * module, y0 = at.y + kQrQuietZone * module;
  for (const QrRun& r : dark_runs(m))
    list.AddRectFilled(ImVec2(x0 + float(r.x) * module, y0 + float(r.y) * module),
                       ImVec2(x0 + float(r.x + r.length) * module, y0 + float(r.y + 1) * module),
                       IM_COL32(0, 0, 0, 255));
  return drawn;
}

}  // namespace lf
