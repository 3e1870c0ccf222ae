// From one contestant's marks and duration in one section to the section score
// (contest-file.md §2 and §3). Pure functions of their arguments; safe from any thread.
//
// The server's head-judge preview, the console and the display use these same functions, so a
// previewed score is the published score.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "scoring/engine/contest.h"

namespace lf {

// Which marks count and their rounded average.
struct AggregateOutcome {
  std::vector<bool> dropped;       // aligned with the input marks
  std::optional<int64_t> average;  // score units; nullopt when there are no marks
};

// Applies the aggregation rule to the marks present (in panel order). With trimming, one
// highest and one lowest (or `trim` of each) are dropped when at least `min_marks_for_trim`
// marks are present; among equal marks the earliest in panel order is the one dropped. The
// mean (or median) is rounded half up to `scale.score_decimals`.
AggregateOutcome aggregate_marks(std::span<const int64_t> marks, const Aggregation& rule,
                                 const Scale& scale);

// The points a tier list takes off for `excess_s` seconds beyond a limit (0 when none).
int64_t penalty_for(std::span<const PenaltyTier> tiers, int64_t excess_s);

// What the clock says about one performance.
struct TimingOutcome {
  int64_t over_s = 0;      // seconds beyond max_time_s, 0 if within
  int64_t under_s = 0;     // seconds short of min_time_s, 0 if not short
  bool under_time = false;
  int64_t penalty = 0;     // score units, overtime + undertime tiers
};

TimingOutcome time_performance(const Section& section, int64_t duration_s,
                               std::span<const PenaltyTier> overtime,
                               std::span<const PenaltyTier> undertime);

// True when the section has a time window, so a missing duration matters.
inline bool needs_timing(const Section& s) {
  return s.min_time_s.has_value() || s.max_time_s.has_value();
}

// One contestant's result in one section.
struct SectionResult {
  int section = 0;
  int panel_size = 0;              // judges expected to mark (after 回避)
  std::vector<int> judges;         // judges who marked, panel order
  std::vector<int64_t> marks;      // their marks (mark units), aligned with judges
  std::vector<bool> dropped;       // aligned with judges
  std::optional<int64_t> average;  // score units
  std::optional<int64_t> duration_s;
  TimingOutcome timing;
  std::optional<int64_t> score;    // max(0, average - penalty); nullopt without marks

  bool complete() const { return panel_size > 0 && int(marks.size()) == panel_size; }
};

// Scores one section from the marks of the panel. `panel_marks[i]` is the mark of panel[i],
// or nullopt when that judge has not marked.
SectionResult score_section(const Contest& contest, int section, std::span<const int> panel,
                            std::span<const std::optional<int64_t>> panel_marks,
                            std::optional<int64_t> duration_s);

}  // namespace lf
