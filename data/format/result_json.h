// The batch result document (contest-file.md §8; docs/contest-file.md "The result"). Numbers are
// printed with exactly the rule's decimals (scores) or the step's decimals (marks).
#pragma once

#include <string>

#include "scoring/engine/contest.h"
#include "scoring/engine/standings.h"

namespace lf {

// The whole result as pretty-printed JSON text ending in a newline.
std::string result_to_json(const Contest& contest, const ContestResult& result);

// The 备注 of a place told apart from an equal total, as every public result says it (the
// results sheet and award list, the projector through the result's "tie.note"):
// "总分相同，按主题班会设计成绩排序" (the tie_break sections that decided),
// "总分相同，经裁判长裁决（评审组合议）" (a ruling, with its reason when recorded),
// "总分相同，名次并列" (a shared rank); empty for a total nobody else has.
std::string tie_note(const Contest& contest, const TieSettlement& tie);

// Names of the flags set in `flags`, in the documented order.
std::vector<std::string> flag_names(unsigned flags);

}  // namespace lf
