#include "judge_console/timer_model.h"

#include <cstdio>

#include "scoring/engine/section_score.h"

namespace lf {

void Stopwatch::start(int64_t now) {
  if (running_) return;
  running_ = true;
  started_ms_ = now;
}

void Stopwatch::stop(int64_t now) {
  if (!running_) return;
  banked_ms_ += now - started_ms_;
  running_ = false;
}

void Stopwatch::reset() { *this = Stopwatch(); }

int64_t Stopwatch::elapsed_ms(int64_t now) const {
  return banked_ms_ + (running_ ? now - started_ms_ : 0);
}

TimerFace timer_face(int64_t elapsed_ms, std::optional<int64_t> min_s, std::optional<int64_t> max_s,
                     const std::vector<PenaltyTier>& overtime) {
  TimerFace f;
  if (elapsed_ms < 0) elapsed_ms = 0;
  int64_t s = elapsed_ms / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", (long long)(s / 60), (long long)(s % 60));
  f.clock = buf;
  f.phase = clock_phase(elapsed_ms, min_s, max_s);
  f.overtime_s = overtime_s(elapsed_ms, max_s);
  f.penalty_units = f.overtime_s > 0 ? penalty_for(overtime, f.overtime_s) : 0;
  int64_t tenths = elapsed_ms / 100;  // truncated: a stopwatch never rounds up
  std::snprintf(buf, sizeof buf, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
  f.duration_text = buf;
  return f;
}

}  // namespace lf
