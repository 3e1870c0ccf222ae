// The head judge's second look before 亮分: which marks sit far from the panel's median and
// whether the panel's high-low spread is wide, as barbershop and gymnastics scoring check for a
// slip of the finger. Pure; thresholds are settings in mark units.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace lf {

struct ReviewSettings {
  // Defaults scale with the section: 5 % of the maximum from the median (1.5 of 30 points),
  // 10 % of it between highest and lowest (3.0 of 30).
  static ReviewSettings for_section(int64_t max_units) { return {max_units / 20, max_units / 10}; }
  int64_t far_from_median = 15;
  int64_t wide_spread = 30;
};

struct PanelReview {
  std::vector<bool> far;  // per mark (false for a missing one)
  bool wide = false;
  int64_t spread = 0;
  std::optional<int64_t> median2;  // twice the median (exact for an even count), when any mark
  int missing = 0;
};

PanelReview review_panel(const std::vector<std::optional<int64_t>>& marks, const ReviewSettings& s);

}  // namespace lf
