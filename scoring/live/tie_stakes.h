// What a tie ruling decides (contest-file.md §5; issue 24 §4), computed once, on the server's
// side, for every screen that asks a person to rule: each tied block a ruling may order, as it
// stands (the contestants with their totals and section scores, after the tie-break compared
// the sections the rulebook lists), and what each position of the block brings (第 14 名晋级 /
// 第 15 名不晋级, 一等奖 / 二等奖). Screens only draw it; the ruling names the block it was shown
// (`shown`), so a block that changed in between (a corrected mark, a 缺赛) is refused, not
// ruled blind.
//
// Thread-safety: pure functions over values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scoring/engine/contest.h"
#include "scoring/engine/standings.h"

namespace lf {

// One position of a tied block and what it brings.
struct PlaceAtStake {
  int place = 0;                 // 1-based position in the group's ranked list
  std::optional<int> award;      // the award at this place (rounds with awards)
  std::optional<bool> advances;  // rounds with an advancement quota: whether this place goes on
};

struct TieAtStake {
  int round = 0, group = 0;
  std::vector<const Standing*> standings;  // the block, in standing order (a ruling's when ruled)
  std::vector<PlaceAtStake> places;        // aligned with the block's positions
  std::optional<Unresolved::Kind> open;    // no ruling yet and it straddles this line
  int decision = -1;                       // the ruling in force (index into contest.decisions)
  bool decides = false;                    // the places do not all bring the same
  std::string shown;                       // the block as it stands, for a ruling to name
};

// Every tied block of one round and group, in order of position: a ruling may order any of them
// (contest-file.md §5); the screens offer those that decide something (`decides`) and those a
// ruling already orders (it may be replaced). The pointers point into `result`, which must
// outlive the answer.
std::vector<TieAtStake> ties_at_stake(const Contest& contest, const ContestResult& result,
                                      int round, int group);

// What the block is, as a short token: the round, group, first place, and each contestant's
// id, total and section scores. Equal for the same block in the same standing; any change to
// those changes it.
std::string tie_shown_token(const Contest& contest, int round, int group, int first_place,
                            const std::vector<const Standing*>& block);

}  // namespace lf
