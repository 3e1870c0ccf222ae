// contest-file.md §2 (overtime) and §3 (marks to section score), one rule per case.
#include "scoring/engine/section_score.h"

#include <gtest/gtest.h>

#include "tests/engine/contest_builder.h"
#include "scoring/engine/fixed_point.h"

namespace lf {
namespace {

const Scale kScale{1, 2, 1};
const Aggregation kDefault{AggregationMethod::kTrimmedMean, 1, 5};

int64_t avg(std::vector<int64_t> tenths, Aggregation rule = kDefault, Scale scale = kScale) {
  return *aggregate_marks(tenths, rule, scale).average;
}

TEST(Aggregation, RulesExampleSevenJudgesDropsHighestAndLowest) {
  // 27.5 28.0 26.5 29.0 27.0 28.5 25.0 -> drop 29.0 and 25.0 -> 27.50
  std::vector<int64_t> m = {275, 280, 265, 290, 270, 285, 250};
  auto out = aggregate_marks(m, kDefault, kScale);
  EXPECT_EQ(out.average, 2750);
  EXPECT_EQ(out.dropped, (std::vector<bool>{false, false, false, true, false, false, true}));
}

TEST(Aggregation, FiveMarksAreTrimmed) {
  // 20 21 22 23 30 -> drop 30 and 20 -> (21+22+23)/3 = 22.00
  EXPECT_EQ(avg({200, 210, 220, 230, 300}), 2200);
}

TEST(Aggregation, FourMarksAreAveragedWhole) {
  // Fewer than min_marks_for_trim: plain mean. 20 21 22 30 -> 23.25
  EXPECT_EQ(avg({200, 210, 220, 300}), 2325);
  auto out = aggregate_marks(std::vector<int64_t>{200, 210, 220, 300}, kDefault, kScale);
  EXPECT_EQ(out.dropped, std::vector<bool>(4, false));
}

TEST(Aggregation, RoundsHalfUpAtTheThirdDecimal) {
  // 27.0 24.6 28.0 28.5 -> 108.1/4 = 27.025 -> 27.03
  EXPECT_EQ(avg({270, 246, 280, 285}), 2703);
  // 10.0 10.1 10.0 -> 30.1/3 = 10.0333 -> 10.03
  EXPECT_EQ(avg({100, 101, 100}), 1003);
  // 8.3 8.4 8.4 8.4 -> 33.5/4 = 8.375 -> 8.38 (x.xx5 goes up)
  EXPECT_EQ(avg({83, 84, 84, 84}), 838);
  // 8.3 8.3 8.3 8.4 -> 33.3/4 = 8.325 -> 8.33
  EXPECT_EQ(avg({83, 83, 83, 84}), 833);
  // 0 decimals: 25.5 -> 26 (half up)
  EXPECT_EQ(avg({250, 260}, kDefault, Scale{1, 0, 1}), 26);
  // 1 decimal: 27.0 27.1 27.0 27.1 -> 27.05 -> 27.1
  EXPECT_EQ(avg({270, 271, 270, 271}, kDefault, Scale{1, 1, 1}), 271);
}

TEST(Aggregation, EqualHighsDropTheEarliestJudge) {
  auto out = aggregate_marks(std::vector<int64_t>{290, 250, 290, 270, 250}, kDefault, kScale);
  EXPECT_EQ(out.dropped, (std::vector<bool>{true, true, false, false, false}));
  EXPECT_EQ(out.average, 2700);  // (29 + 27 + 25) / 3
}

TEST(Aggregation, AllMarksEqualStillDropsOneEachEnd) {
  auto out = aggregate_marks(std::vector<int64_t>{250, 250, 250, 250, 250}, kDefault, kScale);
  EXPECT_EQ(std::count(out.dropped.begin(), out.dropped.end(), true), 2);
  EXPECT_EQ(out.average, 2500);
}

TEST(Aggregation, TrimTwoWithSevenMarks) {
  Aggregation rule{AggregationMethod::kTrimmedMean, 2, 7};
  // 10 20 30 40 50 60 70 -> drop 70 60 10 20 -> mean(30,40,50) = 40
  EXPECT_EQ(avg({100, 200, 300, 400, 500, 600, 700}, rule), 4000);
  // Six marks under min 7: plain mean
  EXPECT_EQ(avg({100, 200, 300, 400, 500, 600}, rule), 3500);
}

TEST(Aggregation, Mean) {
  Aggregation rule{AggregationMethod::kMean, 0, 0};
  EXPECT_EQ(avg({200, 210, 220, 230, 300}, rule), 2320);
}

TEST(Aggregation, MedianOddAndEven) {
  Aggregation rule{AggregationMethod::kMedian, 0, 0};
  EXPECT_EQ(avg({300, 200, 250}, rule), 2500);
  EXPECT_EQ(avg({300, 200, 250, 255}, rule), 2525);  // (25.0 + 25.5) / 2
  EXPECT_EQ(avg({201, 200}, rule), 2005);
}

TEST(Aggregation, NoMarksHasNoAverage) {
  EXPECT_FALSE(aggregate_marks({}, kDefault, kScale).average);
}

TEST(Aggregation, SingleMark) { EXPECT_EQ(avg({275}), 2750); }

// Overtime tiers: over = duration - max, whole seconds; 30..59 -> 1, >=60 -> 2.
struct OvertimeCase {
  int64_t duration_s;
  int64_t over_s;
  int64_t penalty_points;
};

class Overtime : public ::testing::TestWithParam<OvertimeCase> {};

TEST_P(Overtime, TierApplies) {
  test::ContestBuilder b;
  const Section& s = b.contest().sections[0];  // 180..300 s
  auto t = time_performance(s, GetParam().duration_s, b.contest().overtime_penalty, {});
  EXPECT_EQ(t.over_s, GetParam().over_s);
  EXPECT_EQ(t.penalty, GetParam().penalty_points * 100);
}

INSTANTIATE_TEST_SUITE_P(RulesSection2, Overtime,
                         ::testing::Values(OvertimeCase{300, 0, 0},   // exactly the maximum
                                           OvertimeCase{329, 29, 0},  // just under 30 s over
                                           OvertimeCase{330, 30, 1},  // 30 s over: "30秒至1分钟"
                                           OvertimeCase{359, 59, 1},  // 59 s over
                                           OvertimeCase{360, 60, 2},  // exactly 1 min: "以上"
                                           OvertimeCase{361, 61, 2},
                                           OvertimeCase{900, 600, 2},
                                           OvertimeCase{200, 0, 0}));

TEST(Overtime, LargestReachedThresholdWinsWhateverTheListOrder) {
  std::vector<PenaltyTier> tiers = {{60, 200}, {30, 100}};
  EXPECT_EQ(penalty_for(tiers, 45), 100);
  EXPECT_EQ(penalty_for(tiers, 75), 200);
  EXPECT_EQ(penalty_for(tiers, 10), 0);
}

TEST(UnderTime, FlaggedWithoutPenaltyByDefault) {
  test::ContestBuilder b;
  auto t = time_performance(b.contest().sections[0], 179, b.contest().overtime_penalty, {});
  EXPECT_TRUE(t.under_time);
  EXPECT_EQ(t.under_s, 1);
  EXPECT_EQ(t.penalty, 0);
  EXPECT_FALSE(time_performance(b.contest().sections[0], 180, {}, {}).under_time);
}

TEST(UnderTime, ConfiguredTiersApply) {
  test::ContestBuilder b;
  std::vector<PenaltyTier> under = {{60, 50}};
  EXPECT_EQ(time_performance(b.contest().sections[0], 120, {}, under).penalty, 50);
  EXPECT_EQ(time_performance(b.contest().sections[0], 121, {}, under).penalty, 0);
}

TEST(SectionScore, PenaltyComesOffTheRoundedAverage) {
  // contest-file.md §3 example: 27.50 average, 341 s -> 41 s over -> -1 -> 26.50
  test::ContestBuilder b(1, 7);
  std::vector<int> panel = {0, 1, 2, 3, 4, 5, 6};
  std::vector<std::optional<int64_t>> marks = {275, 280, 265, 290, 270, 285, 250};
  auto r = score_section(b.contest(), 0, panel, marks, 341);
  EXPECT_EQ(r.average, 2750);
  EXPECT_EQ(r.timing.over_s, 41);
  EXPECT_EQ(r.timing.penalty, 100);
  EXPECT_EQ(r.score, 2650);
  EXPECT_TRUE(r.complete());
}

TEST(SectionScore, NeverBelowZero) {
  test::ContestBuilder b(1, 1);
  std::vector<int> panel = {0};
  std::vector<std::optional<int64_t>> marks = {10};  // 1.0 point, 2 points off
  auto r = score_section(b.contest(), 0, panel, marks, 400);
  EXPECT_EQ(r.score, 0);
}

TEST(SectionScore, MissingMarkIsIncompleteAndAveragesThoseThere) {
  test::ContestBuilder b(1, 5);
  std::vector<int> panel = {0, 1, 2, 3, 4};
  std::vector<std::optional<int64_t>> marks = {270, std::nullopt, 280, 285, 246};
  auto r = score_section(b.contest(), 0, panel, marks, 240);
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.judges, (std::vector<int>{0, 2, 3, 4}));
  EXPECT_EQ(r.average, 2703);  // four marks: no trimming
}

TEST(SectionScore, EmptyPanelIsNeverComplete) {
  test::ContestBuilder b(1, 0);
  auto r = score_section(b.contest(), 0, {}, {}, 240);
  EXPECT_FALSE(r.complete());
  EXPECT_FALSE(r.score);
}

}  // namespace
}  // namespace lf
