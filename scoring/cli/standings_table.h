// Standings as a plain-text table for a terminal (`liangfen compute --format table`): one
// block per round and group, Chinese column heads, names aligned by display width.
#pragma once

#include <string>

#include "scoring/engine/contest.h"
#include "scoring/engine/standings.h"

namespace lf::cli {

std::string standings_table(const Contest& contest, const ContestResult& result);

}  // namespace lf::cli
