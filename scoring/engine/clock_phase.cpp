#include "scoring/engine/clock_phase.h"

namespace lf {

int64_t overtime_s(int64_t elapsed_ms, std::optional<int64_t> max_s) {
  if (!max_s) return 0;
  // Durations are truncated to whole seconds (contest-file.md §2).
  int64_t whole = elapsed_ms / 1000;
  return whole > *max_s ? whole - *max_s : 0;
}

ClockPhase clock_phase(int64_t elapsed_ms, std::optional<int64_t> min_s,
                       std::optional<int64_t> max_s, int64_t warn_s) {
  int64_t whole = elapsed_ms / 1000;
  if (max_s && whole > *max_s) return ClockPhase::kOver;
  if (max_s && whole >= *max_s - warn_s) return ClockPhase::kNearMax;
  if (min_s && whole >= *min_s) return ClockPhase::kEnough;
  if (!min_s && max_s) return ClockPhase::kEnough;  // no minimum: any time is enough
  return ClockPhase::kNeutral;
}

}  // namespace lf
