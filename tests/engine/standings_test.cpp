// contest-file.md §4-§7: ranking, ties, decisions, awards, advancement, incomplete / untimed /
// withdrawn, conflicts of interest. One rule per case.
#include "scoring/engine/standings.h"

#include <gtest/gtest.h>

#include "tests/engine/contest_builder.h"

namespace lf {
namespace {

using test::ContestBuilder;

const GroupStandings& group0(const ContestResult& r, int round = 0) {
  return r.rounds[size_t(round)].groups[0];
}

const Standing& standing_of(const GroupStandings& g, int contestant) {
  for (const auto& s : g.standings)
    if (s.contestant == contestant) return s;
  ADD_FAILURE() << "contestant " << contestant << " not in standings";
  static Standing none;
  return none;
}

std::vector<std::optional<int>> ranks(const GroupStandings& g) {
  std::vector<std::optional<int>> out;
  for (const auto& s : g.standings) out.push_back(s.rank);
  return out;
}

std::vector<AwardQuota> quotas(std::vector<int> counts, bool rest = false) {
  std::vector<AwardQuota> out;
  const char* names[] = {"一等奖", "二等奖", "三等奖"};
  for (size_t i = 0; i < counts.size(); ++i) out.push_back({names[i], counts[i]});
  if (rest) out.push_back({"优秀奖", std::nullopt});
  return out;
}

TEST(Ranking, HighestTotalFirst) {
  ContestBuilder b(2);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {250, 250}).perform(c, {280, 260}).perform(d, {260, 260});
  auto g = group0(compute_results(b.contest()));
  ASSERT_EQ(g.standings.size(), 3u);
  EXPECT_EQ(g.standings[0].contestant, c);
  EXPECT_EQ(g.standings[0].total, 5400);
  EXPECT_EQ(g.standings[1].contestant, d);
  EXPECT_EQ(g.standings[2].contestant, a);
  EXPECT_EQ(ranks(g), (std::vector<std::optional<int>>{1, 2, 3}));
}

TEST(Ranking, TotalIsTheSumOfSectionScores) {
  ContestBuilder b(2);
  int a = b.contestant("A");
  b.perform(a, {275, 250});
  b.time(a, 1, 340);  // correction: 40 s over in section 1 -> -1
  auto st = group0(compute_results(b.contest())).standings[0];
  EXPECT_EQ(*st.sections[0].score + *st.sections[1].score, st.total);
  EXPECT_EQ(st.total, 2750 + 2400);
}

TEST(Ranking, EqualTotalsShareARankAndTheNextIsSkipped) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C"), e = b.contestant("D");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280}).perform(e, {270});
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(ranks(g), (std::vector<std::optional<int>>{1, 2, 2, 4}));
}

TEST(Ranking, TieBreakSeparatesEqualTotalsBySectionScore) {
  ContestBuilder b(2);
  b.contest().tie_break = {1};
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(a, {280, 250}).perform(c, {250, 280});  // both 53.00
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(g.standings[0].contestant, c);  // higher in section 1
  EXPECT_EQ(ranks(g), (std::vector<std::optional<int>>{1, 2}));
}

TEST(Ranking, TieBreakChainGoesToTheNextSection) {
  ContestBuilder b(3);
  b.contest().tie_break = {2, 1};
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(a, {270, 260, 250}).perform(c, {260, 270, 250});  // equal total, equal s2
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(g.standings[0].contestant, c);  // s2 equal; s1: B 27 > A 26
}

TEST(Ranking, TieBreakComparesScoresAfterPenaltyNotMarks) {
  ContestBuilder b(2);
  b.contest().tie_break = {0};
  int a = b.contestant("A"), c = b.contestant("B");
  // A: s0 28 - 1 (40 s over) = 27, s1 25 -> 52. B: s0 27, s1 25 -> 52. Equal after penalty.
  b.perform(a, {280, 250}).perform(c, {270, 250});
  b.time(a, 0, 340);
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(g.standings[0].total, g.standings[1].total);
  EXPECT_EQ(ranks(g), (std::vector<std::optional<int>>{1, 1}));
}

TEST(Awards, QuotasInPlaceOrderWithRest) {
  ContestBuilder b(1);
  std::vector<int> c;
  for (int i = 0; i < 6; ++i) c.push_back(b.contestant("C" + std::to_string(i)));
  for (int i = 0; i < 6; ++i) b.perform(c[size_t(i)], {300 - 10 * i});
  b.awards(quotas({1, 2}, true));
  auto g = group0(compute_results(b.contest()));
  std::vector<std::optional<int>> awards;
  for (auto& s : g.standings) awards.push_back(s.award);
  EXPECT_EQ(awards, (std::vector<std::optional<int>>{0, 1, 1, 2, 2, 2}));
  EXPECT_TRUE(g.unresolved.empty());
}

TEST(Awards, NoRestLeavesTheOthersWithoutAward) {
  ContestBuilder b(1);
  for (int i = 0; i < 4; ++i) b.perform(b.contestant("C" + std::to_string(i)), {300 - 10 * i});
  b.awards(quotas({1, 1}));
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(g.standings[2].award, std::nullopt);
  EXPECT_EQ(g.standings[3].award, std::nullopt);
}

TEST(Awards, TieInsideOneAwardIsNotABoundary) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280});
  b.awards(quotas({1, 2}));
  auto g = group0(compute_results(b.contest()));
  EXPECT_TRUE(g.unresolved.empty());
  EXPECT_EQ(standing_of(g, c).award, 1);
  EXPECT_EQ(standing_of(g, d).award, 1);
}

TEST(Awards, TieAcrossABoundaryWithoutDecisionIsUnresolvedAndGetsNoAward) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("C"), d = b.contestant("B"), e = b.contestant("D");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280}).perform(e, {270});
  b.awards(quotas({2, 2}));  // places 1-2 first, 3-4 second; the tie is at places 2-3
  auto g = group0(compute_results(b.contest()));
  ASSERT_EQ(g.unresolved.size(), 1u);
  EXPECT_EQ(g.unresolved[0].kind, Unresolved::Kind::kAwardBoundary);
  EXPECT_EQ(g.unresolved[0].awards, (std::vector<int>{0, 1}));
  EXPECT_EQ(g.unresolved[0].contestants, (std::vector<int>{d, c}));  // sorted by id: B, C
  EXPECT_EQ(standing_of(g, c).award, std::nullopt);
  EXPECT_EQ(standing_of(g, d).award, std::nullopt);
  EXPECT_EQ(standing_of(g, c).rank, 2);
  // Everyone else by position: the tie occupies places 2 and 3, so D (place 4) is second prize.
  EXPECT_EQ(standing_of(g, a).award, 0);
  EXPECT_EQ(standing_of(g, e).award, 1);
  EXPECT_EQ(standing_of(g, e).rank, 4);
}

TEST(Awards, TieAcrossTheLastAwardAndNoneIsUnresolved) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280});
  b.awards(quotas({2}));
  auto g = group0(compute_results(b.contest()));
  ASSERT_EQ(g.unresolved.size(), 1u);
  EXPECT_EQ(g.unresolved[0].awards, (std::vector<int>{0}));
  EXPECT_EQ(standing_of(g, c).award, std::nullopt);
}

TEST(Awards, DecisionOrdersTheTieIntoDistinctRanks) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C"), e = b.contestant("D");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280}).perform(e, {270});
  b.awards(quotas({2, 2}));
  b.decide({d, c});
  auto g = group0(compute_results(b.contest()));
  EXPECT_TRUE(g.unresolved.empty());
  EXPECT_EQ(standing_of(g, d).rank, 2);
  EXPECT_EQ(standing_of(g, d).award, 0);
  EXPECT_EQ(standing_of(g, c).rank, 3);
  EXPECT_EQ(standing_of(g, c).award, 1);
  EXPECT_EQ(g.standings[1].contestant, d);
}

TEST(Awards, DecisionNamingOnlyPartOfTheTieDoesNotResolveIt) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C"), e = b.contestant("D");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280}).perform(e, {280});
  b.awards(quotas({2, 2}));
  b.decide({d, c});  // E is tied too
  auto g = group0(compute_results(b.contest()));
  ASSERT_EQ(g.unresolved.size(), 1u);
  EXPECT_EQ(g.unresolved[0].contestants.size(), 3u);
}

TEST(Awards, DecisionAboutAnIncompleteContestantIsIgnored) {
  // As in the shared example: a ruling names someone who is no longer tied.
  ContestBuilder b(1, 3);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {290}).perform(c, {280});
  b.mark(d, 0, 0, 280).time(d, 0, 240);  // incomplete: 1 of 3 marks
  b.awards(quotas({1, 1}));
  b.decide({d, c});
  auto g = group0(compute_results(b.contest()));
  EXPECT_TRUE(g.unresolved.empty());
  EXPECT_EQ(standing_of(g, c).rank, 2);
  EXPECT_EQ(standing_of(g, d).rank, std::nullopt);
}

TEST(Awards, LatestCoveringDecisionWins) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(a, {280}).perform(c, {280});
  b.awards(quotas({1, 1}));
  b.decide({a, c}).decide({c, a});
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(g.standings[0].contestant, c);
}

TEST(Advancement, TopNAdvance) {
  ContestBuilder b(1);
  for (int i = 0; i < 5; ++i) b.perform(b.contestant("C" + std::to_string(i)), {300 - 10 * i});
  b.advance(3);
  auto g = group0(compute_results(b.contest()));
  std::vector<bool> adv;
  for (auto& s : g.standings) adv.push_back(s.advanced);
  EXPECT_EQ(adv, (std::vector<bool>{true, true, true, false, false}));
}

TEST(Advancement, TieAtTheCutoffAdvancesNeitherUntilDecided) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280});
  b.advance(2);
  auto g = group0(compute_results(b.contest()));
  ASSERT_EQ(g.unresolved.size(), 1u);
  EXPECT_EQ(g.unresolved[0].kind, Unresolved::Kind::kAdvanceBoundary);
  EXPECT_FALSE(standing_of(g, c).advanced);
  EXPECT_FALSE(standing_of(g, d).advanced);
  EXPECT_TRUE(standing_of(g, a).advanced);

  b.decide({d, c});
  g = group0(compute_results(b.contest()));
  EXPECT_TRUE(g.unresolved.empty());
  EXPECT_TRUE(standing_of(g, d).advanced);
  EXPECT_FALSE(standing_of(g, c).advanced);
}

TEST(Advancement, TieWhollyInsideTheCutoffAdvancesAll) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {290}).perform(c, {290}).perform(d, {280});
  b.advance(2);
  auto g = group0(compute_results(b.contest()));
  EXPECT_TRUE(g.unresolved.empty());
  EXPECT_TRUE(standing_of(g, a).advanced && standing_of(g, c).advanced);
  EXPECT_FALSE(standing_of(g, d).advanced);
}

TEST(Advancement, EntrantsFromAnEarlierRoundAreItsAdvancersInRankOrder) {
  ContestBuilder b(1);
  int fin = b.add_round("final");
  b.contest().rounds[size_t(fin)].entrants_from[0] = 0;
  b.advance(2, 0);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {250}).perform(c, {290}).perform(d, {280});
  auto r = compute_results(b.contest());
  EXPECT_EQ(entrants_of(b.contest(), r.rounds, fin, 0), (std::vector<int>{c, d}));
  auto g = group0(r, fin);
  ASSERT_EQ(g.standings.size(), 2u);  // A did not advance
  EXPECT_EQ(g.standings[0].flags & kIncomplete, kIncomplete);  // no final marks yet
}

TEST(Incomplete, MissingMarkMeansNoRankNoAwardNoAdvance) {
  ContestBuilder b(1, 5);
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(a, {250});
  for (int j = 0; j < 4; ++j) b.mark(c, 0, j, 290);
  b.time(c, 0, 240);
  b.awards(quotas({1}, true)).advance(2);
  auto g = group0(compute_results(b.contest()));
  const Standing& s = standing_of(g, c);
  EXPECT_EQ(s.rank, std::nullopt);
  EXPECT_EQ(s.award, std::nullopt);
  EXPECT_FALSE(s.advanced);
  EXPECT_TRUE(s.flags & kIncomplete);
  EXPECT_EQ(s.total, 2900);  // the total of what is there is still shown
  EXPECT_EQ(g.standings[0].contestant, a);  // ranked first, unranked after
  EXPECT_EQ(standing_of(g, a).rank, 1);
}

TEST(Incomplete, MissingTimingIsUntimedAndNotRanked) {
  ContestBuilder b(1, 5);
  int a = b.contestant("A");
  for (int j = 0; j < 5; ++j) b.mark(a, 0, j, 250);
  auto s = group0(compute_results(b.contest())).standings[0];
  EXPECT_TRUE(s.flags & kUntimed);
  EXPECT_FALSE(s.flags & kIncomplete);
  EXPECT_EQ(s.rank, std::nullopt);
  EXPECT_EQ(s.sections[0].timing.penalty, 0);
}

TEST(Incomplete, SectionWithoutTimeWindowNeedsNoTiming) {
  ContestBuilder b(1, 5);
  b.contest().sections[0].min_time_s.reset();
  b.contest().sections[0].max_time_s.reset();
  int a = b.contestant("A");
  for (int j = 0; j < 5; ++j) b.mark(a, 0, j, 250);
  auto s = group0(compute_results(b.contest())).standings[0];
  EXPECT_EQ(s.flags, 0u);
  EXPECT_EQ(s.rank, 1);
}

TEST(Withdrawn, ListedLastNotRanked) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.contest().contestants[size_t(a)].withdrawn = true;
  b.perform(a, {300}).perform(c, {250});
  for (int j = 0; j < 2; ++j) b.mark(d, 0, j, 250);  // incomplete
  b.awards(quotas({1}, true));
  auto g = group0(compute_results(b.contest()));
  ASSERT_EQ(g.standings.size(), 3u);
  EXPECT_EQ(g.standings[0].contestant, c);
  EXPECT_EQ(g.standings[1].contestant, d);  // incomplete before withdrawn
  EXPECT_EQ(g.standings[2].contestant, a);
  EXPECT_EQ(g.standings[2].rank, std::nullopt);
  EXPECT_EQ(g.standings[2].award, std::nullopt);
  EXPECT_TRUE(g.standings[2].flags & kWithdrawn);
}

// contest-file.md §7: 缺赛 in one round lists the contestant last in that round, not ranked, with
// the absent flag; nobody missing them is held back from advancing.
TEST(Absence, AbsentInARoundIsListedLastNotRankedAndFlagged) {
  ContestBuilder b(1);
  b.advance(1);
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(c, {250});  // A never came: no marks at all
  b.contest().absences.push_back({0, a, AbsenceKind::kAbsent});
  auto g = group0(compute_results(b.contest()));
  ASSERT_EQ(g.standings.size(), 2u);
  EXPECT_EQ(g.standings[0].contestant, c);
  EXPECT_TRUE(g.standings[0].advanced);
  EXPECT_EQ(g.standings[1].contestant, a);
  EXPECT_EQ(g.standings[1].rank, std::nullopt);
  EXPECT_FALSE(g.standings[1].advanced);
  EXPECT_EQ(g.standings[1].flags & (kWithdrawn | kAbsent), kWithdrawn | kAbsent);
}

// 弃权 (gave up) after performing: the marks stay in the standing, but they are not ranked.
TEST(Absence, WithdrewInARoundIsNotRankedAndNotAbsent) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(a, {300}).perform(c, {250});
  b.contest().absences.push_back({0, a, AbsenceKind::kWithdrew});
  auto g = group0(compute_results(b.contest()));
  const Standing& s = standing_of(g, a);
  EXPECT_EQ(s.rank, std::nullopt);
  EXPECT_EQ(s.flags & (kWithdrawn | kWithdrew | kAbsent), kWithdrawn | kWithdrew);
  EXPECT_EQ(standing_of(g, c).rank, 1);
}

// Only that round: the same contestant in an earlier round keeps their rank and advancement.
TEST(Absence, EarlierRoundIsUnaffected) {
  ContestBuilder b(1);
  int fin = b.add_round("final");
  b.contest().rounds[size_t(fin)].entrants_from[0] = 0;
  b.advance(1, 0);
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(a, {290}).perform(c, {250});
  b.contest().absences.push_back({fin, a, AbsenceKind::kAbsent});
  auto r = compute_results(b.contest());
  EXPECT_EQ(standing_of(group0(r, 0), a).rank, 1);
  EXPECT_TRUE(standing_of(group0(r, 0), a).advanced);
  EXPECT_EQ(standing_of(group0(r, 0), a).flags, 0u);
  EXPECT_TRUE(standing_of(group0(r, fin), a).flags & kAbsent);
}

TEST(Corrections, LaterMarkFromTheSameJudgeReplacesTheEarlier) {
  ContestBuilder b(1, 5);
  int a = b.contestant("A");
  b.perform(a, {250});
  b.mark(a, 0, 2, 260);  // J3 corrects 25.0 -> 26.0; trimmed: drop 26.0 and one 25.0
  auto s = group0(compute_results(b.contest())).standings[0];
  EXPECT_EQ(s.sections[0].marks.size(), 5u);
  EXPECT_EQ(s.sections[0].marks[2], 260);
  EXPECT_EQ(s.sections[0].average, 2500);
}

TEST(Corrections, LaterTimingReplacesTheEarlier) {
  ContestBuilder b(1, 5);
  int a = b.contestant("A");
  b.perform(a, {250}, 400);
  b.time(a, 0, 300);
  auto s = group0(compute_results(b.contest())).standings[0];
  EXPECT_EQ(s.sections[0].timing.penalty, 0);
}

TEST(ConflictOfInterest, PanelShrinksAndTrimmingFollowsTheReducedCount) {
  ContestBuilder b(1, 5);
  b.contest().judges[1].school = "实验小学";
  int a = b.contestant("A", "实验小学");
  b.perform(a, {250});  // builder skips J2: four marks
  b.mark(a, 0, 0, 290);  // J1 corrects upward: 29 25 25 25 -> no trim (4 < 5) -> 26.00
  auto s = group0(compute_results(b.contest())).standings[0];
  EXPECT_EQ(s.sections[0].panel_size, 4);
  EXPECT_TRUE(s.sections[0].complete());
  EXPECT_EQ(s.sections[0].average, 2600);
  EXPECT_EQ(s.rank, 1);
  EXPECT_EQ(panel_for(b.contest(), 0, a, 0), (std::vector<int>{0, 2, 3, 4}));
}

TEST(ConflictOfInterest, MarkFromAConflictedJudgeDoesNotCount) {
  // The loader refuses such a mark; the engine also ignores it if one reaches it.
  ContestBuilder b(1, 5);
  b.contest().judges[1].school = "实验小学";
  int a = b.contestant("A", "实验小学");
  b.perform(a, {250});
  b.mark(a, 0, 1, 100);
  auto s = group0(compute_results(b.contest())).standings[0];
  EXPECT_EQ(s.sections[0].marks.size(), 4u);
  EXPECT_EQ(s.sections[0].average, 2500);
}

TEST(ConflictOfInterest, JudgeWithoutSchoolIsNeverConflicted) {
  Judge j{"J1", "", ""};
  Contestant c{"C1", "", "", 0, false};
  EXPECT_FALSE(is_conflicted(j, c));
}

TEST(Rounds, RoundSectionsOnlyAreScored) {
  ContestBuilder b(2);
  b.contest().rounds[0].sections = {1};
  b.contest().venues[0].sections = {1};
  int a = b.contestant("A");
  for (int j = 0; j < 5; ++j) b.mark(a, 1, j, 250);
  b.time(a, 1, 240);
  auto s = group0(compute_results(b.contest())).standings[0];
  ASSERT_EQ(s.sections.size(), 1u);
  EXPECT_EQ(s.sections[0].section, 1);
  EXPECT_EQ(s.rank, 1);
}

TEST(Rounds, NoEntrantsGivesEmptyStandings) {
  ContestBuilder b(1);
  auto g = group0(compute_results(b.contest()));
  EXPECT_TRUE(g.standings.empty());
  EXPECT_TRUE(g.unresolved.empty());
}

TEST(AwardAtPlace, CountsAndRest) {
  auto q = quotas({2, 4, 8}, true);
  EXPECT_EQ(award_at_place(q, 1), 0);
  EXPECT_EQ(award_at_place(q, 2), 0);
  EXPECT_EQ(award_at_place(q, 3), 1);
  EXPECT_EQ(award_at_place(q, 6), 1);
  EXPECT_EQ(award_at_place(q, 14), 2);
  EXPECT_EQ(award_at_place(q, 15), 3);
  EXPECT_EQ(award_at_place(q, 999), 3);
  EXPECT_EQ(award_at_place(quotas({2}), 3), std::nullopt);
}

}  // namespace
}  // namespace lf

namespace lf {
namespace {

// Issue 24 §4: every place told apart from an equal total says how, for the 备注 of the prints
// and the projector.
TEST(TieSettlement, APlaceToldApartByTheTieBreakNamesTheSectionThatDecided) {
  ContestBuilder b(3);
  b.contest().tie_break = {2, 1};
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  // A and B: equal total, equal s2, told apart by s1. C: a total of its own.
  b.perform(a, {270, 260, 250}).perform(c, {260, 270, 250}).perform(d, {200, 200, 200});
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(standing_of(g, a).tie.by, TieSettlement::By::kTieBreak);
  EXPECT_EQ(standing_of(g, a).tie.sections, (std::vector<int>{1}));
  EXPECT_EQ(standing_of(g, c).tie.by, TieSettlement::By::kTieBreak);
  EXPECT_EQ(standing_of(g, c).tie.sections, (std::vector<int>{1}));
  EXPECT_EQ(standing_of(g, d).tie.by, TieSettlement::By::kNone);
  EXPECT_TRUE(g.tied.empty());  // nobody is still tied after the tie-break
}

TEST(TieSettlement, ARuledBlockNamesItsRulingAndIsListedAsTied) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B"), d = b.contestant("C");
  b.perform(a, {290}).perform(c, {280}).perform(d, {280});
  b.advance(2);
  b.decide({d, c});
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(standing_of(g, d).tie.by, TieSettlement::By::kRuling);
  EXPECT_EQ(standing_of(g, d).tie.decision, 0);
  EXPECT_EQ(standing_of(g, c).tie.by, TieSettlement::By::kRuling);
  EXPECT_EQ(standing_of(g, a).tie.by, TieSettlement::By::kNone);
  ASSERT_EQ(g.tied.size(), 1u);
  EXPECT_EQ(g.tied[0].first_place, 2);
  EXPECT_EQ(g.tied[0].contestants, (std::vector<int>{d, c}));  // the ruling's order
  EXPECT_EQ(g.tied[0].decision, 0);
}

TEST(TieSettlement, AnUnruledTieSharesItsRankAndIsListedAsTied) {
  ContestBuilder b(1);
  int a = b.contestant("A"), c = b.contestant("B");
  b.perform(a, {280}).perform(c, {280});
  auto g = group0(compute_results(b.contest()));
  EXPECT_EQ(standing_of(g, a).tie.by, TieSettlement::By::kShared);
  EXPECT_EQ(standing_of(g, c).tie.by, TieSettlement::By::kShared);
  ASSERT_EQ(g.tied.size(), 1u);
  EXPECT_EQ(g.tied[0].decision, -1);
}

}  // namespace
}  // namespace lf
