#include "scoring/live/advancement.h"

namespace lf {

std::vector<AdvanceZone> advance_zones(const std::vector<ZoneInput>& rows, int advance) {
  std::vector<AdvanceZone> out(rows.size(), AdvanceZone::kNone);
  for (size_t i = 0; i < rows.size(); ++i) {
    const ZoneInput& x = rows[i];
    if (!x.rank || *x.rank > advance) continue;
    out[i] = AdvanceZone::kAtRisk;
    if (!x.complete) continue;
    // Rows ranked above stay above (published totals only grow). Any other row that can still
    // reach this total could pass it (a tie may go either way).
    int threats = 0;
    for (size_t k = 0; k < rows.size(); ++k) {
      if (k == i) continue;
      const ZoneInput& y = rows[k];
      if (y.rank && *y.rank < *x.rank) continue;
      if (y.best_possible >= x.total) ++threats;
    }
    if (*x.rank + threats <= advance) out[i] = AdvanceZone::kCertain;
  }
  return out;
}

}  // namespace lf
