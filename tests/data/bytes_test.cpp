// The one hex codec and randomness source (data/format/bytes.h).
#include "data/format/bytes.h"

#include <gtest/gtest.h>

#include <set>

namespace lf {
namespace {

TEST(Bytes, HexEncodesEveryByteAsTwoLowerCaseDigits) {
  EXPECT_EQ(hex_encode(std::string("\x00\x0f\xa5\xff", 4)), "000fa5ff");
  EXPECT_EQ(hex_encode(""), "");
}

TEST(Bytes, HexDecodeRoundTripsAndAcceptsUpperCase) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(hex_decode(hex_encode(all)), all);
  EXPECT_EQ(hex_decode("A5fF"), std::string("\xa5\xff", 2));
}

TEST(Bytes, HexDecodeRefusesOddLengthAndNonHexDigits) {
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("0g"));
  EXPECT_FALSE(hex_decode("0x12"));
  EXPECT_FALSE(hex_decode(" 12"));
}

TEST(Bytes, RandomHexHasTheAskedLengthAndDiffersBetweenCalls) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string h = random_hex(16);
    ASSERT_EQ(h.size(), 32u);
    ASSERT_TRUE(hex_decode(h));
    seen.insert(h);
  }
  EXPECT_EQ(seen.size(), 100u);  // 128-bit values: a repeat means the source is broken
}

TEST(Bytes, RandomBelowStaysInRangeAndReachesEveryValue) {
  std::set<uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    uint64_t v = random_below(10);
    ASSERT_LT(v, 10u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(random_below(1), 0u);
}

}  // namespace
}  // namespace lf
