// The console's panels draw a view whose names above U+FFFF are stand-ins, and bake those; the
// ids and keys they send back are untouched.
#include <gtest/gtest.h>

#include "app_shell/glyph_set.h"
#include "judge_console/panels/console_glyphs.h"

namespace lf {
namespace {

TEST(ConsoleDrawableView, NamesFromTheServerHoldStandInsAndAreBaked) {
  ConsoleView v;
  v.role = "head_judge";
  v.venue = "PRE";
  VenueView venue;
  venue.key = "PRE";
  venue.name = "小学组预赛赛场";
  venue.judges.push_back({"J01", "𡃁评委"});
  venue.on_stage = PersonOnStage{"prelim", "C002", "𠀀明华", "𪚥岭小学", "3"};
  v.venues.push_back(venue);
  v.names["C002"] = "𠀀明华 · 𪚥岭小学";
  v.contestants.push_back({"C002", "𠀀明华 · 𪚥岭小学"});
  PanelView p;
  p.contestant = "C002";
  p.contestant_label = "𠀀明华";
  MarkLine m;
  m.judge = "J01";
  m.judge_name = "𡃁评委";
  p.marks.push_back(m);
  v.panels.push_back(p);
  v.judge_calls.push_back({"PRE", "J01", "𡃁评委", "设备故障"});

  ConsoleView d = drawable_view(v);
  const uint32_t a = program_glyph_map().stand_in_of(0x20000),
                 b = program_glyph_map().stand_in_of(0x2A6A5),
                 c = program_glyph_map().stand_in_of(0x210C1);
  ASSERT_NE(a, 0u) << "install fonts-hanazono";
  ASSERT_NE(b, 0u);
  ASSERT_NE(c, 0u);
  EXPECT_EQ(decode_utf8(d.venues[0].on_stage->label()),
            decode_utf8(drawable_text("𠀀明华 · 𪚥岭小学")));
  EXPECT_EQ(decode_utf8(d.names.at("C002"))[0], a);
  EXPECT_EQ(decode_utf8(d.contestants[0].second)[0], a);
  EXPECT_EQ(decode_utf8(d.panels[0].contestant_label)[0], a);
  EXPECT_EQ(decode_utf8(d.panels[0].marks[0].judge_name)[0], c);
  EXPECT_EQ(decode_utf8(d.venues[0].judges[0].second)[0], c);
  EXPECT_EQ(decode_utf8(d.judge_calls[0].judge_name)[0], c);
  // What panels send back is as the server said it.
  EXPECT_EQ(d.venues[0].on_stage->id, "C002");
  EXPECT_EQ(d.contestants[0].first, "C002");
  EXPECT_EQ(d.panels[0].marks[0].judge, "J01");
  EXPECT_EQ(d.venues[0].key, "PRE");

  GlyphSet g;
  collect_console_glyphs(console_strings(), &d, g);
  for (uint32_t cp : {a, b, c}) EXPECT_TRUE(g.contains(cp));
  for (uint32_t cp : {0x20000u, 0x2A6A5u, 0x210C1u}) EXPECT_FALSE(g.contains(cp));
}

}  // namespace
}  // namespace lf
