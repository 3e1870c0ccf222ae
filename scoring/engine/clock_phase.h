// The colour a performance clock shows (timekeeper's console and the projection display): one
// rule in one place so both screens agree to the second.
#pragma once

#include <cstdint>
#include <optional>

namespace lf {

enum class ClockPhase {
  kNeutral,  // before the minimum time (or no window)
  kEnough,   // the minimum is reached: green
  kNearMax,  // within `warn_s` of the maximum: amber
  kOver,     // past the maximum: red, overtime is counting
};

// elapsed_ms: the running time; min_s / max_s: the section's window (either may be absent).
// The maximum itself is still on time: the rules take a penalty from 1 s over.
ClockPhase clock_phase(int64_t elapsed_ms, std::optional<int64_t> min_s,
                       std::optional<int64_t> max_s, int64_t warn_s = 30);

// Whole seconds past the maximum (0 when on time or no maximum).
int64_t overtime_s(int64_t elapsed_ms, std::optional<int64_t> max_s);

}  // namespace lf
