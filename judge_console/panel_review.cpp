#include "judge_console/panel_review.h"

#include <algorithm>

namespace lf {

PanelReview review_panel(const std::vector<std::optional<int64_t>>& marks, const ReviewSettings& s) {
  PanelReview r;
  r.far.assign(marks.size(), false);
  std::vector<int64_t> given;
  for (const auto& m : marks) {
    if (m) given.push_back(*m);
    else ++r.missing;
  }
  if (given.empty()) return r;
  std::sort(given.begin(), given.end());
  size_t n = given.size();
  int64_t median2 = n % 2 ? 2 * given[n / 2] : given[n / 2 - 1] + given[n / 2];
  r.median2 = median2;
  r.spread = given.back() - given.front();
  r.wide = n >= 2 && r.spread >= s.wide_spread;
  for (size_t i = 0; i < marks.size(); ++i)
    if (marks[i] && n >= 3) {
      int64_t d2 = 2 * *marks[i] - median2;  // compare in halves: no rounding
      r.far[i] = (d2 < 0 ? -d2 : d2) >= 2 * s.far_from_median;
    }
  return r;
}

}  // namespace lf
