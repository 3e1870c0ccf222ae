// contest-file.md §4, §5 on the board: while a preliminary round runs, which rows of the top
// `advance` are certain to go on and which are only in the advancement zone for now. Pure
// arithmetic over totals; the display calls it for each leaderboard (display/snapshot_builder).
//
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace lf {

// Where a row stands against the advancement cutoff of a preliminary round.
enum class AdvanceZone { kNone, kCertain, kAtRisk };

// One row of a board: its rank (none while unranked), whether every section is published, its
// total and the most it can still reach (both in score units).
struct ZoneInput {
  std::optional<int> rank;
  bool complete = false;
  int64_t total = 0;
  int64_t best_possible = 0;  // total + the maximum of every unpublished section
};

// For each row: kCertain when no other row can still push it out of the top `advance`
// (published totals only grow, and a row that can reach its total could tie and pass it),
// kAtRisk when it is in the top `advance` for now, kNone otherwise.
std::vector<AdvanceZone> advance_zones(const std::vector<ZoneInput>& rows, int advance);

}  // namespace lf
