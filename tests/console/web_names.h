// The browser's names for the native console's enums (web/marks.js Problem, web/timekeeper.js
// Phase), which the shared test vectors (tests/vectors/*.json) use: one mapping for the vector
// test and the table test.
#pragma once

#include <string>

#include "judge_console/mark_entry.h"
#include "scoring/engine/clock_phase.h"

namespace lf::test {

inline std::string problem_name(MarkProblem p) {
  switch (p) {
    case MarkProblem::kNone:
      return "none";
    case MarkProblem::kEmpty:
      return "empty";
    case MarkProblem::kUnfinished:
      return "unfinished";
    case MarkProblem::kInvalid:
      return "invalid";
    case MarkProblem::kAboveMax:
      return "aboveMax";
    case MarkProblem::kOffStep:
      return "offStep";
  }
  return "?";
}
inline constexpr MarkProblem kAllMarkProblems[] = {MarkProblem::kNone,       MarkProblem::kEmpty,
                                                   MarkProblem::kUnfinished, MarkProblem::kInvalid,
                                                   MarkProblem::kAboveMax,   MarkProblem::kOffStep};

inline std::string phase_name(ClockPhase p) {
  switch (p) {
    case ClockPhase::kNeutral:
      return "neutral";
    case ClockPhase::kEnough:
      return "enough";
    case ClockPhase::kNearMax:
      return "near-max";
    case ClockPhase::kOver:
      return "over";
  }
  return "?";
}
inline constexpr ClockPhase kAllClockPhases[] = {ClockPhase::kNeutral, ClockPhase::kEnough,
                                                 ClockPhase::kNearMax, ClockPhase::kOver};

}  // namespace lf::test
