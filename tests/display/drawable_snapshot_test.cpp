// The display draws a snapshot whose names above U+FFFF are stand-ins, and bakes those.
#include <gtest/gtest.h>

#include "app_shell/glyph_set.h"
#include "display/glyphs.h"

namespace lf {
namespace {

TEST(DrawableSnapshot, EveryDrawnNameHoldsStandInsAndTheGlyphSetHasThem) {
  DisplaySnapshot s;
  s.contest_name = "全县决赛";
  Leaderboard b;
  b.round = "final";
  b.title = "全县决赛 · 小学组";
  LeaderRow r;
  r.contestant = "C002";
  r.name = "𠀀明华";
  r.school = "𪚥岭小学";
  b.rows.push_back(r);
  s.boards.push_back(b);
  StageView v;
  v.venue = "小学组预赛赛场";
  v.contestant_name = "𠀀明华";
  v.school = "𡃁村小学";
  s.stages.push_back(v);
  Reveal rv;
  rv.contestant_name = "𠀀明华";
  s.reveal = rv;
  AwardsView a;
  AwardTier t;
  t.award = "一等奖";
  t.rows.push_back(r);
  a.tiers.push_back(t);
  s.awards.push_back(a);

  DisplaySnapshot d = drawable_snapshot(s);
  const uint32_t ming = program_glyph_map().stand_in_of(0x20000);
  ASSERT_NE(ming, 0u) << "install fonts-hanazono";
  for (const std::string* text : {&d.boards[0].rows[0].name, &d.stages[0].contestant_name,
                                  &d.reveal->contestant_name, &d.awards[0].tiers[0].rows[0].name}) {
    auto cps = decode_utf8(*text);
    ASSERT_EQ(cps.size(), 3u) << *text;
    EXPECT_EQ(cps[0], ming);
  }
  EXPECT_EQ(decode_utf8(d.boards[0].rows[0].school)[0], program_glyph_map().stand_in_of(0x2A6A5));
  EXPECT_EQ(decode_utf8(d.stages[0].school)[0], program_glyph_map().stand_in_of(0x210C1));
  EXPECT_EQ(d.boards[0].rows[0].contestant, "C002");  // ids stay as they are
  EXPECT_EQ(d.boards[0].title, s.boards[0].title);

  GlyphSet g;
  add_display_glyphs(display_strings(), &d, g);
  for (uint32_t cp : {0x20000u, 0x2A6A5u, 0x210C1u}) {
    EXPECT_TRUE(g.contains(program_glyph_map().stand_in_of(cp)));
    EXPECT_FALSE(g.contains(cp));
  }
}

}  // namespace
}  // namespace lf
