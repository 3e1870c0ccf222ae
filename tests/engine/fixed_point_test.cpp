#include "scoring/engine/fixed_point.h"

#include <gtest/gtest.h>

namespace lf {
namespace {

TEST(FixedPoint, ParsesMarksInTenths) {
  EXPECT_EQ(parse_fixed("27.5", 1), 275);
  EXPECT_EQ(parse_fixed("30", 1), 300);
  EXPECT_EQ(parse_fixed("0", 1), 0);
  EXPECT_EQ(parse_fixed("0.10", 1), 1);  // trailing zeros are not extra precision
  EXPECT_EQ(parse_fixed("-1.5", 1), -15);
}

TEST(FixedPoint, RefusesDigitsBeyondTheScale) {
  EXPECT_FALSE(parse_fixed("27.55", 1));
  EXPECT_FALSE(parse_fixed("0.01", 1));
}

TEST(FixedPoint, RefusesTextThatIsNotPlainDecimal) {
  for (const char* s : {"", "abc", "1e2", "1.", ".5", "1.2.3", "--1", "inf", "12a"})
    EXPECT_FALSE(parse_fixed(s, 2)) << s;
}

TEST(FixedPoint, RefusesHugeNumbers) {
  EXPECT_FALSE(parse_fixed("1234567890123456", 2));
  EXPECT_TRUE(parse_fixed("123456789012345", 2));
  EXPECT_TRUE(parse_fixed("0000000000000000001", 2));  // leading zeros are not magnitude
}

TEST(FixedPoint, DecimalPlacesIgnoresTrailingZeros) {
  EXPECT_EQ(decimal_places("0.1"), 1);
  EXPECT_EQ(decimal_places("0.50"), 1);
  EXPECT_EQ(decimal_places("0.25"), 2);
  EXPECT_EQ(decimal_places("3"), 0);
  EXPECT_EQ(decimal_places("3.000"), 0);
  EXPECT_FALSE(decimal_places("x"));
}

TEST(FixedPoint, FormatsWithExactlyTheDecimals) {
  EXPECT_EQ(format_fixed(9770, 2), "97.70");
  EXPECT_EQ(format_fixed(5, 2), "0.05");
  EXPECT_EQ(format_fixed(0, 2), "0.00");
  EXPECT_EQ(format_fixed(-5, 2), "-0.05");
  EXPECT_EQ(format_fixed(275, 1), "27.5");
  EXPECT_EQ(format_fixed(42, 0), "42");
}

TEST(FixedPoint, DivisionRoundsHalfUp) {
  EXPECT_EQ(div_round_half_up(5, 2), 3);    // 2.5 -> 3
  EXPECT_EQ(div_round_half_up(7, 2), 4);    // 3.5 -> 4
  EXPECT_EQ(div_round_half_up(4, 3), 1);    // 1.33 -> 1
  EXPECT_EQ(div_round_half_up(5, 3), 2);    // 1.67 -> 2
  EXPECT_EQ(div_round_half_up(-5, 2), -2);  // -2.5 -> -2 (towards +inf)
  EXPECT_EQ(div_round_half_up(-7, 3), -2);  // -2.33 -> -2
}

TEST(FixedPoint, RescaleRoundsHalfUpWhenCoarser) {
  EXPECT_EQ(rescale(275, 1, 2), 2750);
  EXPECT_EQ(rescale(2745, 2, 1), 275);
  EXPECT_EQ(rescale(2744, 2, 1), 274);
}

}  // namespace
}  // namespace lf
