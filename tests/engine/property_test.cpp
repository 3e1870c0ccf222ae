// Invariants over many random contests (fixed seeds, so a failure reproduces).
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tests/engine/contest_builder.h"
#include "scoring/engine/standings.h"

namespace lf {
namespace {

Contest random_contest(uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  test::ContestBuilder b(pick(1, 4), pick(1, 8));
  Contest& c = b.contest();
  c.tie_break = {0};
  c.rounds[0].awards = {{"一等奖", pick(1, 3)}, {"二等奖", pick(1, 5)}, {"优秀奖", std::nullopt}};
  if (pick(0, 1)) c.rounds[0].awards.pop_back();
  if (pick(0, 1)) c.rounds[0].advance = pick(1, 10);
  const char* schools[] = {"甲校", "乙校", "丙校", ""};
  for (auto& j : c.judges) j.school = schools[pick(0, 3)];
  int n = pick(0, 30);
  for (int i = 0; i < n; ++i) {
    int ct = b.contestant("C" + std::to_string(100 + i), schools[pick(0, 3)]);
    c.contestants[size_t(ct)].withdrawn = pick(0, 20) == 0;
    for (size_t s = 0; s < c.sections.size(); ++s) {
      // Marks on a narrow range so that ties happen often.
      for (size_t j = 0; j < c.judges.size(); ++j)
        if (pick(0, 30) > 0 && !is_conflicted(c.judges[j], c.contestants[size_t(ct)]))
          b.mark(ct, int(s), int(j), 250 + 5 * pick(0, 4));
      if (pick(0, 30) > 0) b.time(ct, int(s), pick(170, 380));
    }
  }
  if (n >= 2 && pick(0, 1)) b.decide({pick(0, n - 1), pick(0, n - 1)});
  return c;
}

class RandomContest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(RandomContest, InvariantsHold) {
  Contest c = random_contest(GetParam());
  ContestResult r = compute_results(c);
  const GroupStandings& g = r.rounds[0].groups[0];
  const Round& round = c.rounds[0];

  std::map<int, int> award_counts;
  int advanced = 0;
  std::optional<int> prev_rank;
  int64_t prev_total = INT64_MAX;
  size_t ranked = 0;
  bool seen_unranked = false;
  for (const Standing& s : g.standings) {
    // Totals are the sum of section scores.
    int64_t sum = 0;
    for (const auto& sec : s.sections) sum += sec.score.value_or(0);
    EXPECT_EQ(s.total, sum);
    for (const auto& sec : s.sections) {
      if (sec.score) EXPECT_GE(*sec.score, 0);
      if (sec.average) EXPECT_LE(*sec.average, c.sections[size_t(sec.section)].max_points * 10);
    }
    if (s.rank) {
      EXPECT_FALSE(seen_unranked) << "ranked contestants come first";
      EXPECT_TRUE(s.ranked_eligible());
      // Ranks consistent with totals: never a higher total below a lower one.
      EXPECT_LE(s.total, prev_total);
      if (prev_rank) {
        EXPECT_GE(*s.rank, *prev_rank);
        if (s.total < prev_total) EXPECT_EQ(*s.rank, int(ranked) + 1);
      }
      prev_rank = s.rank;
      prev_total = s.total;
      ++ranked;
    } else {
      seen_unranked = true;
      EXPECT_FALSE(s.ranked_eligible());
      EXPECT_FALSE(s.award);
      EXPECT_FALSE(s.advanced);
    }
    if (s.award) ++award_counts[*s.award];
    if (s.advanced) ++advanced;
  }
  // Quotas are never exceeded.
  for (auto [a, count] : award_counts)
    if (round.awards[size_t(a)].count) EXPECT_LE(count, *round.awards[size_t(a)].count);
  if (round.advance) EXPECT_LE(advanced, *round.advance);
  // Every unresolved contestant is ranked, shares a rank with the others, and has no award.
  for (const Unresolved& u : g.unresolved) {
    EXPECT_GE(u.contestants.size(), 2u);
    std::optional<int> rank;
    for (int ct : u.contestants)
      for (const Standing& s : g.standings)
        if (s.contestant == ct) {
          ASSERT_TRUE(s.rank);
          if (rank) EXPECT_EQ(*rank, *s.rank);
          rank = s.rank;
          if (u.kind == Unresolved::Kind::kAwardBoundary) EXPECT_FALSE(s.award);
          else EXPECT_FALSE(s.advanced);
        }
  }
  // Deterministic.
  ContestResult again = compute_results(c);
  ASSERT_EQ(again.rounds[0].groups[0].standings.size(), g.standings.size());
  for (size_t i = 0; i < g.standings.size(); ++i)
    EXPECT_EQ(again.rounds[0].groups[0].standings[i].contestant, g.standings[i].contestant);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomContest, ::testing::Range(1u, 201u));

}  // namespace
}  // namespace lf
