// The one QR encoder (data/format/qr_code.h): the symbol's size follows the text's length, its
// fixed patterns are where a reader looks for them, and what cannot be encoded is refused.
// (That a real reader decodes it: tests/print/print_test.cpp, zbarimg on the printed slips.)
#include "data/format/qr_code.h"

#include <gtest/gtest.h>

#include <string>

namespace lf {
namespace {

// The 7×7 finder pattern with its top-left module at (x, y): a dark ring, a light ring, a dark
// 3×3 core.
bool finder_at(const QrMatrix& m, int x, int y) {
  for (int dy = 0; dy < 7; ++dy)
    for (int dx = 0; dx < 7; ++dx) {
      int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));  // 3 outer, 2 light, ≤ 1 core
      if (m.at(x + dx, y + dy) != (ring != 2)) return false;
    }
  return true;
}

const std::string kLink = "https://192.168.100.200:8080/#code=0123456789";

TEST(QrCode, AJoinLinkIsAVersion4SymbolWithItsThreeFinderPatterns) {
  auto m = encode_qr(kLink);
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  // 45 bytes at level M need version 4 (62 bytes; version 3 holds 42): 17 + 4·4 modules.
  EXPECT_EQ(m->size, 33);
  ASSERT_EQ(m->dark.size(), 33u * 33u);
  EXPECT_TRUE(finder_at(m.value(), 0, 0));
  EXPECT_TRUE(finder_at(m.value(), 33 - 7, 0));
  EXPECT_TRUE(finder_at(m.value(), 0, 33 - 7));
  EXPECT_FALSE(finder_at(m.value(), 33 - 7, 33 - 7));  // the fourth corner holds data
  // The timing patterns between the finders alternate, starting dark.
  for (int i = 8; i < 33 - 8; ++i) {
    EXPECT_EQ(m->at(i, 6), i % 2 == 0) << i;
    EXPECT_EQ(m->at(6, i), i % 2 == 0) << i;
  }
}

TEST(QrCode, TheSymbolGrowsWithTheTextAndDiffersWithIt) {
  auto small = encode_qr("https://a:1/");
  auto large = encode_qr(std::string(500, 'x'));
  ASSERT_TRUE(small.ok() && large.ok());
  EXPECT_EQ(small->size, 21);  // version 1
  EXPECT_GT(large->size, 60);
  EXPECT_EQ((large->size - 17) % 4, 0);  // every version is 17 + 4·v modules
  auto other = encode_qr("https://192.168.100.200:8080/#code=0123456780");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->size, 33);
  EXPECT_NE(other->dark, encode_qr(kLink)->dark);  // one digit of the code changes the symbol
}

TEST(QrCode, DarkRunsCoverEveryDarkModuleOnceAndNoLightOne) {
  QrMatrix m = encode_qr(kLink).value();
  std::vector<uint8_t> covered(m.dark.size(), 0);
  for (const QrRun& r : dark_runs(m)) {
    ASSERT_GT(r.length, 0);
    // Maximal: a run neither starts nor ends next to another dark module of its row.
    EXPECT_TRUE(r.x == 0 || !m.at(r.x - 1, r.y));
    EXPECT_TRUE(r.x + r.length == m.size || !m.at(r.x + r.length, r.y));
    for (int x = r.x; x < r.x + r.length; ++x) ++covered[size_t(r.y) * size_t(m.size) + size_t(x)];
  }
  EXPECT_EQ(covered, m.dark);
  EXPECT_EQ(dark_runs(encode_qr("https://a:1/").value()).front().x, 0);  // the finder's top row
  EXPECT_EQ(dark_runs(encode_qr("https://a:1/").value()).front().length, 7);
}

TEST(QrCode, BytesAreKeptAsTheyAreNotCutAtNul) {
  auto with_nul = encode_qr(std::string("ab\0cd", 5));
  auto cut = encode_qr("ab");
  ASSERT_TRUE(with_nul.ok() && cut.ok());
  EXPECT_NE(with_nul->dark, cut->dark);
  EXPECT_TRUE(encode_qr("赛场").ok());  // UTF-8 bytes in 8-bit mode
}

TEST(QrCode, EmptyOrTooLongTextIsRefusedInChinese) {
  auto empty = encode_qr("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().kind(), ErrorKind::invalid);
  EXPECT_NE(empty.status().to_string().find("二维码"), std::string::npos);
  auto too_long = encode_qr(std::string(2332, 'x'));  // version 40 at M holds 2331 bytes
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().kind(), ErrorKind::invalid);
  EXPECT_NE(too_long.status().to_string().find("2332 字节"), std::string::npos)
      << too_long.status().to_string();
  EXPECT_TRUE(encode_qr(std::string(2331, 'x')).ok());
}

}  // namespace
}  // namespace lf
