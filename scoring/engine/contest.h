// The contest model the rules engine computes on (contest-file.md §7), already validated.
//
// Ids are resolved to indexes: a Mark names its round, contestant, section and judge by
// position in the Contest's vectors. The data layer (data/format/contest_file.h) builds this from a
// contest file and guarantees every index is in range and every rule of §7 holds; the engine
// asserts on index bugs but does not re-validate input.
//
// Units: marks and max_points in units of 10^-scale.mark_decimals; penalty points in units of
// 10^-scale.score_decimals; durations in whole seconds (truncated as a stopwatch is read).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lf {

struct Scale {
  int mark_decimals = 1;   // decimals a mark may have (from score_step)
  int score_decimals = 2;  // the rule's `decimals`: averages, scores and totals
  int64_t step = 1;        // score_step in mark units
};

struct Section {
  std::string key;
  std::string name;
  int64_t max_points = 0;              // mark units
  std::optional<int64_t> min_time_s;   // finishing below flags under_time
  std::optional<int64_t> max_time_s;   // running over costs overtime penalty
  std::string criteria;                // shown to judges; empty if none
};

// "From `at_least_s` seconds over (or under) the limit, take off `points`." The largest
// threshold reached applies.
struct PenaltyTier {
  int64_t at_least_s = 0;
  int64_t points = 0;  // score units
};

enum class AggregationMethod { kTrimmedMean, kMean, kMedian };

struct Aggregation {
  AggregationMethod method = AggregationMethod::kTrimmedMean;
  int trim = 1;                // marks dropped at each end
  int min_marks_for_trim = 5;  // fewer marks than this: plain mean
};

struct Group {
  std::string key;
  std::string name;
};

struct AwardQuota {
  std::string name;
  std::optional<int> count;  // nullopt: "rest", every other ranked contestant
};

struct Round {
  std::string key;
  std::string name;
  std::vector<int> groups;
  std::vector<int> sections;           // never empty once loaded (absent = all sections)
  std::optional<int> advance;          // top N by position go on
  std::map<int, int> entrants_from;    // group -> earlier round whose advancers enter
  std::vector<AwardQuota> awards;      // in order, best first
};

struct Venue {
  std::string key;
  std::string name;  // what people read ("小学组预赛赛场"); made from round/group/sections if absent
  int round = 0;
  int group = 0;
  std::vector<int> sections;
  std::vector<int> judges;  // the panel, in seat order
};

struct Judge {
  std::string id;
  std::string name;
  std::string school;  // empty: no conflict of interest possible
};

struct Contestant {
  std::string id;
  std::string name;
  std::string school;
  int group = 0;
  bool withdrawn = false;
};

struct Mark {
  int round = 0;
  int contestant = 0;
  int section = 0;
  int judge = 0;
  int64_t points = 0;  // mark units
};

struct Timing {
  int round = 0;
  int contestant = 0;
  int section = 0;
  int64_t duration_s = 0;  // whole seconds, truncated
};

// A head judge's ruling that orders tied contestants (kind "tie_order").
struct TieDecision {
  int round = 0;
  int group = 0;
  std::vector<int> order;  // contestants, best first
  std::string reason;      // why (the engine ignores it; the prints' 备注 say it)
};

// A contestant out of one round only (contest-file.md §7): 缺赛 (did not come) or 弃权 (gave up).
// In that round they are listed last and not ranked, like a withdrawn contestant; every other
// round is unaffected.
enum class AbsenceKind { kAbsent, kWithdrew };

struct RoundAbsence {
  int round = 0;
  int contestant = 0;
  AbsenceKind kind = AbsenceKind::kAbsent;
};

struct Contest {
  std::string name;
  std::string date;
  std::string organizer;
  Scale scale;
  std::vector<Section> sections;
  std::vector<PenaltyTier> overtime_penalty;
  std::vector<PenaltyTier> undertime_penalty;
  Aggregation aggregation;
  std::vector<int> tie_break;  // sections, compared in order
  std::vector<Group> groups;
  std::vector<Round> rounds;
  std::vector<Venue> venues;
  std::vector<Judge> judges;
  std::vector<Contestant> contestants;
  std::vector<Mark> marks;      // in file order; a later mark from the same judge corrects
  std::vector<Timing> timings;  // in file order; a later timing corrects
  std::vector<TieDecision> decisions;
  std::vector<RoundAbsence> absences;  // at most one per round and contestant
};

// A judge with a school does not mark contestants of that school (回避, contest-file.md §6).
inline bool is_conflicted(const Judge& j, const Contestant& c) {
  return !j.school.empty() && j.school == c.school;
}

// The venue that runs `section` for `group` in `round`, if any.
std::optional<int> venue_for(const Contest& contest, int round, int group, int section);

// The judges who mark `contestant` in `section` of `round`: the venue's panel less those with
// a conflict of interest, in seat order. Empty when no venue runs the section.
std::vector<int> panel_for(const Contest& contest, int round, int contestant, int section);

}  // namespace lf
