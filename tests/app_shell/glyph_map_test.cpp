// The stand-ins for characters above U+FFFF (app_shell/glyph_set.h): given in order, stable,
// reversible, and the visible placeholder wherever a character cannot have one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app_shell/font_finder.h"
#include "app_shell/glyph_set.h"
#include "data/format/person_text.h"

namespace lf {
namespace {

// The real characters a drawable string stands for (stand-ins read back through the map).
std::string read_back(const PrivateUseMap& map, const std::string& drawable) {
  std::string out;
  for (uint32_t cp : decode_utf8(drawable))
    append_utf8(out, map.original_of(cp) ? map.original_of(cp) : cp);
  return out;
}

PrivateUseMap every_font_has_all() {
  return PrivateUseMap([](uint32_t) { return true; });
}

TEST(PrivateUseMap, StandInsAreGivenInOrderOfFirstSight) {
  PrivateUseMap map = every_font_has_all();
  EXPECT_EQ(map.drawable("𠀀明华"), utf8_of(0xE000) + "明华");
  EXPECT_EQ(map.drawable("张𪚥、𡃁"), "张" + utf8_of(0xE001) + "、" + utf8_of(0xE002));
  EXPECT_EQ(map.stand_in_of(0x20000), 0xE000u);
  EXPECT_EQ(map.stand_in_of(0x2A6A5), 0xE001u);
  EXPECT_EQ(map.stand_in_of(0x210C1), 0xE002u);
  EXPECT_EQ(map.size(), 3u);
}

TEST(PrivateUseMap, AStandInNeverChangesAndReadsBackToTheName) {
  PrivateUseMap map = every_font_has_all();
  const std::string names[] = {"𠀀明华", "𡃁𪚥", "陆兰桂", "𪚥𠀀𡃁", "𠀀明华"};
  std::vector<std::string> first;
  for (const std::string& n : names) first.push_back(map.drawable(n));
  for (size_t i = 0; i < std::size(names); ++i) {
    EXPECT_EQ(map.drawable(names[i]), first[i]) << names[i];  // the same text every time
    EXPECT_EQ(read_back(map, first[i]), names[i]);
    for (uint32_t cp : decode_utf8(first[i])) EXPECT_LE(cp, 0xFFFFu) << names[i];
  }
  EXPECT_EQ(first[0], first[4]);
  EXPECT_EQ(map.original_of(map.stand_in_of(0x210C1)), 0x210C1u);
  EXPECT_EQ(map.original_of(0xE000 + 3), 0u);  // not given
  EXPECT_EQ(map.original_of('A'), 0u);
}

TEST(PrivateUseMap, TextWithinTheBmpIsUnchanged) {
  PrivateUseMap map([](uint32_t) -> bool {
    ADD_FAILURE() << "no font lookup for BMP text";
    return true;
  });
  for (std::string s :
       {std::string("邱娟 · 机关幼儿园"), std::string("阿依古丽·买买提"), std::string("ABC 12.5"),
        std::string(""), std::string("a\xE4\xBA") + "b\xFF"})  // invalid bytes pass through
    EXPECT_EQ(map.drawable(s), s);
  EXPECT_EQ(map.size(), 0u);
}

TEST(PrivateUseMap, ACharacterNoFontHasKeepsItsPlaceholder) {
  int asked = 0;
  PrivateUseMap map([&](uint32_t cp) {
    ++asked;
    return cp != 0x2A6A5;
  });
  EXPECT_EQ(map.drawable("龙𪚥"), "龙[U+2A6A5]");
  EXPECT_EQ(map.drawable("𪚥𠀀"), "[U+2A6A5]" + utf8_of(0xE000));
  EXPECT_EQ(asked, 2);  // once per character, not per string
  EXPECT_EQ(map.stand_in_of(0x2A6A5), 0u);
  EXPECT_EQ(map.placeholdered(), std::vector<uint32_t>{0x2A6A5});
}

TEST(PrivateUseMap, AfterAll6400StandInsTheRestKeepPlaceholders) {
  PrivateUseMap map = every_font_has_all();
  std::string many;
  for (uint32_t cp = 0x20000; cp < 0x20000 + 6400; ++cp) append_utf8(many, cp);
  std::string drawn = map.drawable(many);
  auto cps = decode_utf8(drawn);
  ASSERT_EQ(cps.size(), 6400u);
  EXPECT_EQ(cps.front(), PrivateUseMap::kFirst);
  EXPECT_EQ(cps.back(), PrivateUseMap::kLast);
  EXPECT_EQ(map.drawable("𠀀" + utf8_of(0x20000 + 6400)), utf8_of(0xE000) + "[U+21900]");
  EXPECT_EQ(map.size(), 6400u);
  EXPECT_EQ(map.placeholdered(), std::vector<uint32_t>{0x21900});
}

TEST(PrivateUseMap, PrivateUseInputIsNeverTakenForAStandIn) {
  PrivateUseMap map = every_font_has_all();
  map.drawable("𠀀");
  EXPECT_EQ(map.drawable("张" + utf8_of(0xE000)), "张[U+E000]");
  EXPECT_EQ(map.drawable(utf8_of(0xF8FF)), "[U+F8FF]");
}

TEST(PrivateUseMap, VariationSelectorsAreDropped) {
  PrivateUseMap map = every_font_has_all();
  EXPECT_EQ(map.drawable("葛" + utf8_of(0xE0100) + "优"),
            "葛优");  // an ideographic variation sequence
  EXPECT_EQ(map.drawable("辻" + utf8_of(0xFE00)), "辻");
  EXPECT_EQ(map.size(), 0u);
}

TEST(PrivateUseMap, TheGlyphRangesHoldTheStandIns) {
  PrivateUseMap map = every_font_has_all();
  GlyphSet g;
  g.add(map.drawable("𠀀明华"));
  EXPECT_TRUE(g.contains(0xE000));
  EXPECT_FALSE(g.contains(0x20000));
  auto r = g.ranges();
  bool found = false;
  for (size_t i = 0; i + 1 < r.size(); i += 2)
    found = found || (r[i] <= 0xE000 && 0xE000 <= r[i + 1]);
  EXPECT_TRUE(found);
}

// The program's map asks this machine's fonts (fontconfig): fonts-hanazono has Extension B.
TEST(ProgramGlyphMap, InstalledFontsDecideBetweenStandInAndPlaceholder) {
  ASSERT_TRUE(find_font_with(0x20000, false).has_value())
      << "install fonts-hanazono (./quickstart does)";
  std::string drawn = drawable_text("𠀀明华");
  auto cps = decode_utf8(drawn);
  ASSERT_EQ(cps.size(), 3u);
  EXPECT_GE(cps[0], PrivateUseMap::kFirst);
  EXPECT_LE(cps[0], PrivateUseMap::kLast);
  EXPECT_EQ(program_glyph_map().original_of(cps[0]), 0x20000u);
  EXPECT_EQ(drawable_text("𠀀明华"), drawn);
  // U+3FFF0: plane 3, unassigned; no font has it.
  ASSERT_FALSE(find_font_with(0x3FFF0, false).has_value());
  EXPECT_EQ(drawable_text("王" + utf8_of(0x3FFF0)), "王[U+3FFF0]");
}

}  // namespace
}  // namespace lf
