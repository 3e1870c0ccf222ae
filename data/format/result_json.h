// The batch result document (contest-file.md §8; docs/contest-file.md "The result"). Numbers are
// printed with exactly the rule's decimals (scores) or the step's decimals (marks).
#pragma once

#include <string>

#include "scoring/engine/contest.h"
#include "scoring/engine/standings.h"

namespace lf {

// The whole result as pretty-printed JSON text ending in a newline.
std::string result_to_json(const Contest& contest, const ContestResult& result);

// Names of the flags set in `flags`, in the documented order.
std::vector<std::string> flag_names(unsigned flags);

}  // namespace lf
