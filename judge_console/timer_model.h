// The timekeeper's stopwatch and what its face shows: elapsed time, the colour of the phase
// (clock_phase, shared with the display), the overtime and the penalty it will cost. Pure: the
// caller passes the time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scoring/engine/clock_phase.h"
#include "scoring/engine/contest.h"

namespace lf {

class Stopwatch {
 public:
  void start(int64_t now_ms);
  void stop(int64_t now_ms);
  void reset();
  bool running() const { return running_; }
  int64_t elapsed_ms(int64_t now_ms) const;

 private:
  bool running_ = false;
  int64_t started_ms_ = 0, banked_ms_ = 0;
};

struct TimerFace {
  std::string clock;            // "04:47"
  ClockPhase phase = ClockPhase::kNeutral;
  int64_t overtime_s = 0;
  int64_t penalty_units = 0;    // score units the overtime costs now (contest-file.md §2 tiers)
  std::string duration_text;    // what is sent: seconds with one decimal, "287.4"
};

TimerFace timer_face(int64_t elapsed_ms, std::optional<int64_t> min_s, std::optional<int64_t> max_s,
                     const std::vector<PenaltyTier>& overtime);

}  // namespace lf
