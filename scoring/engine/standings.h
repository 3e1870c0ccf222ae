// From a whole contest to standings: every round, every group, every contestant (contest-file.md
// §4, §5, §7, §8). Pure: compute_results depends only on its argument, is deterministic and safe to
// call from any thread. O(M + N log N) for M marks and N contestants.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scoring/engine/contest.h"
#include "scoring/engine/section_score.h"

namespace lf {

enum StandingFlag : unsigned {
  kIncomplete = 1u << 0,  // a mark is missing from a panel
  kUntimed = 1u << 1,     // a timed section has no duration
  kUnderTime = 1u << 2,   // finished under a section's minimum time
  kWithdrawn = 1u << 3,   // listed, not ranked (withdrawn from the contest, or 弃权 in this round)
  kAbsent = 1u << 4,      // 缺赛 in this round: did not come (always with kWithdrawn)
  kWithdrew = 1u << 5,    // 弃权 in this round only: gave up (always with kWithdrawn)
};

// How a place was told apart from an equal total (contest-file.md §5), for the 备注 of every
// public result: by the tie-break sections, by a recorded ruling, or not at all (a shared rank).
struct TieSettlement {
  enum class By { kNone, kTieBreak, kRuling, kShared };
  By by = By::kNone;  // kNone: no other ranked contestant of the group has this total
  // The tie_break sections (in tie_break order) whose scores told this contestant apart from
  // another of the same total; may be non-empty with kRuling (a block of three, one told apart).
  std::vector<int> sections;
  int decision = -1;  // kRuling: the index into contest.decisions of the ruling applied
  std::string reason;  // kRuling: that ruling's reason (the 备注 says it), "" when none
};

struct Standing {
  int contestant = 0;
  std::optional<int> rank;     // nullopt: not ranked (incomplete, untimed or withdrawn)
  int64_t total = 0;           // score units: sum of the section scores present
  std::vector<SectionResult> sections;  // in the round's section order
  std::optional<int> award;    // index into the round's awards
  bool advanced = false;
  unsigned flags = 0;          // StandingFlag bits
  TieSettlement tie;           // ranked contestants only

  bool ranked_eligible() const { return (flags & (kIncomplete | kUntimed | kWithdrawn)) == 0; }
};

// A tie across an award or advancement boundary that no recorded decision orders. The tied
// contestants get no award (or do not advance) until a ruling is recorded.
struct Unresolved {
  enum class Kind { kAwardBoundary, kAdvanceBoundary };
  Kind kind = Kind::kAwardBoundary;
  std::vector<int> awards;       // award indexes the tie spans (award boundaries only)
  std::vector<int> contestants;  // sorted by contestant id
};

// Ranked contestants with the same total whom the tie-break does not tell apart (two or more),
// whether or not a ruling orders them and whether or not the block decides anything.
struct TiedBlock {
  int first_place = 0;           // the position (1-based) of the block's first contestant
  std::vector<int> contestants;  // in standing order (a ruling's order when one applies)
  int decision = -1;             // the ruling applied (index into contest.decisions), or -1
};

struct GroupStandings {
  int group = 0;
  // Ranked contestants by rank (shared ranks in entrant order), then unranked ones, then
  // withdrawn ones, each in entrant order.
  std::vector<Standing> standings;
  std::vector<Unresolved> unresolved;  // in order of position
  std::vector<TiedBlock> tied;         // in order of position
};

struct RoundStandings {
  int round = 0;
  std::vector<GroupStandings> groups;  // in the round's group order
};

struct ContestResult {
  std::vector<RoundStandings> rounds;  // in the contest's round order
};

ContestResult compute_results(const Contest& contest);

// The contestants who enter `group` in `round`, in entrant order: the group's registered
// contestants in file order, or those who advanced from the round named by `entrants_from`,
// in that round's standing order. `earlier` holds the results of the rounds before `round`.
std::vector<int> entrants_of(const Contest& contest, const std::vector<RoundStandings>& earlier,
                             int round, int group);

// The award for position `place` (1-based) under the quotas, or nullopt past the last award.
std::optional<int> award_at_place(const std::vector<AwardQuota>& awards, int place);

}  // namespace lf
