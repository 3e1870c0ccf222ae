// The shared example contest reproduces its expected result field for field.
#include <gtest/gtest.h>

#include "data/format/contest_file.h"
#include "data/format/result_json.h"
#include "tests/data/test_files.h"
#include "scoring/engine/standings.h"

namespace lf {
namespace {

// Every field of `expected` is in `actual` with an equal value (numbers compared as numbers).
void expect_subset(const Json& actual, const Json& expected, const std::string& path) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << path;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      ASSERT_TRUE(actual.contains(it.key())) << path << "." << it.key() << " missing";
      expect_subset(actual[it.key()], it.value(), path + "." + it.key());
    }
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array()) << path;
    ASSERT_EQ(actual.size(), expected.size()) << path;
    for (size_t i = 0; i < expected.size(); ++i)
      expect_subset(actual[i], expected[i], path + "[" + std::to_string(i) + "]");
  } else if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << path;
    // Both sides are 2-decimal values; compare in hundredths, exactly.
    EXPECT_EQ(std::llround(actual.get<double>() * 100), std::llround(expected.get<double>() * 100))
        << path;
  } else {
    EXPECT_EQ(actual, expected) << path;
  }
}

TEST(Golden, County2026MatchesExpectedResult) {
  auto loaded = load_contest_file(test::source_path(test::kSampleContest));
  ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
  std::string text = result_to_json(loaded->contest, compute_results(loaded->contest));
  auto actual = parse_json(text);
  ASSERT_TRUE(actual.ok());
  auto expected = parse_json(test::read_text(test::source_path(test::kSampleExpected)));
  ASSERT_TRUE(expected.ok());
  expect_subset(actual.value(), expected.value(), "");
}

TEST(Golden, NumbersCarryExactlyTheRuleDecimals) {
  auto loaded = load_contest_file(test::source_path(test::kSampleContest));
  ASSERT_TRUE(loaded.ok());
  std::string text = result_to_json(loaded->contest, compute_results(loaded->contest));
  EXPECT_NE(text.find("\"total\": 97.70"), std::string::npos);
  EXPECT_NE(text.find("\"average\": 29.00"), std::string::npos);
  EXPECT_NE(text.find("\"penalty\": 1.00"), std::string::npos);
  EXPECT_EQ(text.find("97.7,"), std::string::npos);
}

TEST(Golden, UnresolvedTiesOfTheExample) {
  auto loaded = load_contest_file(test::source_path(test::kSampleContest));
  ASSERT_TRUE(loaded.ok());
  auto r = compute_results(loaded->contest);
  const Contest& c = loaded->contest;
  // Prelim: C006 and C012 tie at place 14 of 14 advancing.
  ASSERT_EQ(r.rounds[0].groups[0].unresolved.size(), 1u);
  EXPECT_EQ(r.rounds[0].groups[0].unresolved[0].kind, Unresolved::Kind::kAdvanceBoundary);
  // So the primary final has 13 entrants.
  EXPECT_EQ(r.rounds[1].groups[0].standings.size(), 13u);
  // Secondary final: two award boundaries.
  const auto& sec = r.rounds[1].groups[1];
  ASSERT_EQ(sec.unresolved.size(), 2u);
  EXPECT_EQ(c.contestants[size_t(sec.unresolved[0].contestants[0])].id, "C038");
}

}  // namespace
}  // namespace lf
