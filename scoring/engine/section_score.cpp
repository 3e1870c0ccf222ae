#include "scoring/engine/section_score.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "scoring/engine/fixed_point.h"

namespace lf {

namespace {

// Mean of marks (mark units) as score units, rounded half up.
int64_t rounded_mean(int64_t sum, int64_t count, const Scale& scale) {
  return div_round_half_up(sum * pow10(scale.score_decimals),
                           count * pow10(scale.mark_decimals));
}

}  // namespace

AggregateOutcome aggregate_marks(std::span<const int64_t> marks, const Aggregation& rule,
                                 const Scale& scale) {
  AggregateOutcome out;
  out.dropped.assign(marks.size(), false);
  if (marks.empty()) return out;
  const int64_t n = int64_t(marks.size());

  // Panel positions by mark ascending; among equal marks the earlier judge comes first.
  std::vector<size_t> order(marks.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return marks[a] < marks[b]; });

  switch (rule.method) {
    case AggregationMethod::kMedian: {
      if (n % 2 == 1) {
        out.average = rounded_mean(marks[order[size_t(n / 2)]], 1, scale);
      } else {
        out.average =
            rounded_mean(marks[order[size_t(n / 2 - 1)]] + marks[order[size_t(n / 2)]], 2, scale);
      }
      return out;
    }
    case AggregationMethod::kTrimmedMean:
      if (n >= rule.min_marks_for_trim && n > 2 * int64_t(rule.trim)) {
        // Highest first, so that among equal highs the earliest judge's mark is the one
        // struck; then the lowest among those left.
        std::vector<size_t> by_high(order);
        std::stable_sort(by_high.begin(), by_high.end(),
                         [&](size_t a, size_t b) { return marks[a] > marks[b]; });
        for (int i = 0; i < rule.trim; ++i) out.dropped[by_high[size_t(i)]] = true;
        int dropped_low = 0;
        for (size_t k = 0; k < order.size() && dropped_low < rule.trim; ++k) {
          if (out.dropped[order[k]]) continue;
          out.dropped[order[k]] = true;
          ++dropped_low;
        }
      }
      [[fallthrough]];
    case AggregationMethod::kMean: {
      int64_t sum = 0, count = 0;
      for (size_t i = 0; i < marks.size(); ++i)
        if (!out.dropped[i]) sum += marks[i], ++count;
      out.average = rounded_mean(sum, count, scale);
      return out;
    }
  }
  return out;
}

int64_t penalty_for(std::span<const PenaltyTier> tiers, int64_t excess_s) {
  int64_t best_threshold = -1, points = 0;
  for (const auto& t : tiers) {
    if (excess_s >= t.at_least_s && t.at_least_s > best_threshold) {
      best_threshold = t.at_least_s;
      points = t.points;
    }
  }
  return points;
}

TimingOutcome time_performance(const Section& section, int64_t duration_s,
                               std::span<const PenaltyTier> overtime,
                               std::span<const PenaltyTier> undertime) {
  TimingOutcome t;
  if (section.max_time_s && duration_s > *section.max_time_s)
    t.over_s = duration_s - *section.max_time_s;
  if (section.min_time_s && duration_s < *section.min_time_s) {
    t.under_s = *section.min_time_s - duration_s;
    t.under_time = true;
  }
  if (t.over_s > 0) t.penalty += penalty_for(overtime, t.over_s);
  if (t.under_s > 0) t.penalty += penalty_for(undertime, t.under_s);
  return t;
}

SectionResult score_section(const Contest& contest, int section, std::span<const int> panel,
                            std::span<const std::optional<int64_t>> panel_marks,
                            std::optional<int64_t> duration_s) {
  assert(panel.size() == panel_marks.size());
  SectionResult r;
  r.section = section;
  r.panel_size = int(panel.size());
  for (size_t i = 0; i < panel.size(); ++i) {
    if (!panel_marks[i]) continue;
    r.judges.push_back(panel[i]);
    r.marks.push_back(*panel_marks[i]);
  }
  AggregateOutcome agg = aggregate_marks(r.marks, contest.aggregation, contest.scale);
  r.dropped = std::move(agg.dropped);
  r.average = agg.average;
  r.duration_s = duration_s;
  if (duration_s) {
    r.timing = time_performance(contest.sections[size_t(section)], *duration_s,
                                contest.overtime_penalty, contest.undertime_penalty);
  }
  if (r.average) r.score = std::max<int64_t>(0, *r.average - r.timing.penalty);
  return r;
}

}  // namespace lf
