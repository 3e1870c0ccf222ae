// The display's logic without a window: reveal order, advancement zones, the snapshot of the
// sample contest, layout, the operator's controller, glyph sets.
#include <gtest/gtest.h>

#include "tests/data/test_files.h"
#include "display/display_controller.h"
#include "display/display_feed.h"
#include "display/scene_layout.h"
#include "app_shell/glyph_set.h"
#include "display/snapshot_builder.h"

namespace lf {
namespace {

TEST(RevealOrder, DroppedLowsLeftDroppedHighsRightKeptAscending) {
  auto m = reveal_order({"25.3", "24.6", "24.8"}, {"26.9", "24.3"}, 1);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].points, "24.3");
  EXPECT_TRUE(m[0].dropped);
  EXPECT_EQ(m[1].points, "24.6");
  EXPECT_EQ(m[3].points, "25.3");
  EXPECT_FALSE(m[3].dropped);
  EXPECT_EQ(m[4].points, "26.9");
  EXPECT_TRUE(m[4].dropped);
}

TEST(RevealOrder, NothingDroppedWhenTheMeanKeepsAll) {
  auto m = reveal_order({"9.0", "8.5", "9.5"}, {}, 1);
  ASSERT_EQ(m.size(), 3u);
  for (auto& x : m) EXPECT_FALSE(x.dropped);
  EXPECT_EQ(m[0].points, "8.5");
}

TEST(RevealOrder, EqualDroppedAndKeptValuesStayTogether) {
  auto m = reveal_order({"8.0", "8.0"}, {"8.0", "7.0"}, 1);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].points, "7.0");
  EXPECT_TRUE(m[0].dropped);
  EXPECT_TRUE(m[3].dropped);  // the dropped high, equal to the kept ones, at the right end
}

ZoneInput row(int rank, int64_t total, int64_t best, bool complete = true) {
  return ZoneInput{rank, complete, total, best};
}

TEST(AdvanceZones, CertainOnlyWhenNobodyBelowCanStillReachTheTotal) {
  // Top 2 advance. #1 and #2 done; #3 done below; one unranked can still reach 9000.
  std::vector<ZoneInput> rows = {row(1, 9500, 9500), row(2, 8800, 8800), row(3, 8000, 8000),
                                 ZoneInput{std::nullopt, false, 7000, 9000}};
  auto z = advance_zones(rows, 2);
  EXPECT_EQ(z[0], AdvanceZone::kCertain);   // 9000 < 9500
  EXPECT_EQ(z[1], AdvanceZone::kAtRisk);    // the unranked one may pass 8800
  EXPECT_EQ(z[2], AdvanceZone::kNone);
  EXPECT_EQ(z[3], AdvanceZone::kNone);
}

TEST(AdvanceZones, AReachableTieCountsAsAThreat) {
  std::vector<ZoneInput> rows = {row(1, 9000, 9000), ZoneInput{std::nullopt, false, 6000, 9000}};
  EXPECT_EQ(advance_zones(rows, 1)[0], AdvanceZone::kAtRisk);
}

TEST(AdvanceZones, AnUnfinishedLeaderIsAtRisk) {
  std::vector<ZoneInput> rows = {row(1, 9000, 9900, false)};
  EXPECT_EQ(advance_zones(rows, 1)[0], AdvanceZone::kAtRisk);
}

// Mid-round the results list ranked (complete) rows first, then the unfinished in roster
// order; the board keeps the ranked rows on top and orders the unfinished by what they have so
// far, nothing-yet last.
TEST(ProvisionalBoard, RowsGoByTheirTotalSoFarWithNothingPublishedLast) {
  Json state = {{"contest", {{"score_decimals", 2}}},
                {"sections", {{{"key", "speech"}, {"name", "演讲"}, {"max_points", 30}},
                              {{"key", "qa"}, {"name", "答辩"}, {"max_points", 30}}}},
                {"groups", {{{"key", "primary"}, {"name", "小学组"}}}},
                {"rounds", {{{"key", "prelim"}, {"name", "预赛"}, {"groups", {"primary"}},
                             {"sections", {"speech", "qa"}}, {"advance", nullptr}, {"awards", Json::array()}}}}};
  auto standing = [](const char* id, Json rank, Json total, Json speech, Json qa, bool incomplete) {
    Json secs = Json::object();
    if (!speech.is_null()) secs["speech"] = {{"score", speech}};
    if (!qa.is_null()) secs["qa"] = {{"score", qa}};
    return Json{{"contestant", id}, {"name", id}, {"school", "实验小学"}, {"rank", rank}, {"total", total},
                {"sections", secs}, {"flags", incomplete ? Json{"incomplete"} : Json::array()}};
  };
  Json results = {{"rounds", {{{"round", "prelim"}, {"groups", {{{"group", "primary"}, {"unresolved", Json::array()},
      {"standings", {standing("C1", 1, 50.0, 25.0, 25.0, false), standing("C2", 2, 40.0, 20.0, 20.0, false),
                     standing("C3", nullptr, 0, nullptr, nullptr, true),  // nothing published: last
                     standing("C4", nullptr, 28.0, 28.0, nullptr, true),
                     standing("C5", nullptr, 45.5, 27.0, 18.5, true),
                     standing("C6", nullptr, 40.0, 20.0, 20.0, true)}}}}}}}}};
  DisplaySnapshot s = build_snapshot(state, results, nullptr, std::nullopt).value();
  ASSERT_EQ(s.boards.size(), 1u);
  std::vector<std::string> order;
  for (const LeaderRow& r : s.boards[0].rows) order.push_back(r.contestant);
  EXPECT_EQ(order, (std::vector<std::string>{"C1", "C2", "C5", "C6", "C4", "C3"}));
  EXPECT_TRUE(s.boards[0].provisional);
  EXPECT_TRUE(s.boards[0].rows.back().total.empty());
}

class Demo : public ::testing::Test {
 protected:
  Demo() : demo_(demo_snapshots(test::source_path(test::kSampleContest)).value()) {}
  DemoSnapshots demo_;
};

TEST_F(Demo, OneBoardPerRoundAndGroupWithTheRulesDecimals) {
  const DisplaySnapshot& s = demo_.current;
  ASSERT_EQ(s.boards.size(), 3u);
  EXPECT_EQ(s.boards[0].title, "小学组预赛");  // one group: named once
  EXPECT_EQ(s.boards[1].title, "全县决赛 · 小学组");
  EXPECT_EQ(s.boards[0].section_names.size(), 4u);
  const LeaderRow& top = s.boards[0].rows[0];
  EXPECT_EQ(top.rank, 1);
  EXPECT_EQ(top.total.size(), 5u);  // "97.70": two decimals, exactly
  EXPECT_EQ(top.total, "97.70");
}

TEST_F(Demo, WithdrawnAreLeftOutAndUnfinishedAreNotComplete) {
  for (const Leaderboard& b : demo_.current.boards)
    for (const LeaderRow& r : b.rows) {
      EXPECT_NE(r.contestant, "C041");  // withdrawn in the sample
      if (!r.rank) {
        EXPECT_FALSE(r.complete) << r.name;
      }
    }
  EXPECT_TRUE(demo_.current.boards[0].provisional);  // the prelim keeps its unfinished rows
}

TEST_F(Demo, MovementComparesWithThePreviousSnapshot) {
  int moved = 0;
  for (const Leaderboard& b : demo_.current.boards)
    for (const LeaderRow& r : b.rows) moved += r.movement != 0;
  EXPECT_GT(moved, 0);
  for (const Leaderboard& b : demo_.previous.boards)
    for (const LeaderRow& r : b.rows) EXPECT_EQ(r.movement, 0);  // no earlier snapshot
}

TEST_F(Demo, TheRevealStrikesTheDroppedMarks) {
  ASSERT_TRUE(demo_.current.reveal);
  const Reveal& r = *demo_.current.reveal;
  ASSERT_GE(r.marks.size(), 5u);
  EXPECT_TRUE(r.marks.front().dropped);
  EXPECT_TRUE(r.marks.back().dropped);
  EXPECT_FALSE(r.score.empty());
  EXPECT_FALSE(r.total.empty());
}

TEST_F(Demo, AwardsListTiersBestFirstWithoutEmptyOnes) {
  ASSERT_FALSE(demo_.current.awards.empty());
  const AwardsView& a = demo_.current.awards[0];
  EXPECT_TRUE(a.final);
  ASSERT_FALSE(a.tiers.empty());
  EXPECT_EQ(a.tiers[0].award, "一等奖");
  for (const AwardTier& t : a.tiers) EXPECT_FALSE(t.rows.empty()) << t.award;
}

TEST_F(Demo, TheStageShowsWhoIsOnWithTheClock) {
  int on = 0;
  for (const StageView& v : demo_.current.stages)
    if (!v.contestant_name.empty()) {
      ++on;
      EXPECT_TRUE(v.clock_running);
      EXPECT_EQ(v.elapsed_ms, 287000);
    }
  EXPECT_EQ(on, 1);
}

TEST(Layout, SizesAreFractionsOfTheHeight) {
  EXPECT_FLOAT_EQ(display_font_sizes(1080).body, 37);  // 3.4 % of 1080
  EXPECT_FLOAT_EQ(display_font_sizes(768).body, 26);
  EXPECT_FLOAT_EQ(display_font_sizes(2160).huge, display_font_sizes(1440).huge);  // capped
}

TEST(Layout, PagesHoldEveryRowAndTurnOnTheTimer) {
  for (float h : {768.0f, 1080.0f}) {
    auto l = layout_leaderboard(h * 16 / 9, h, 40, 4, 0.0);
    EXPECT_GE(l.rows_per_page * l.pages, 40);
    EXPECT_LT(l.rows_per_page * (l.pages - 1), 40);
    EXPECT_EQ(l.page, 0);
    auto later = layout_leaderboard(h * 16 / 9, h, 40, 4, 12.5);
    EXPECT_EQ(later.page, 1);
    float used = l.title_h + l.header_h + l.footer_h + l.row_h * float(l.rows_per_page);
    EXPECT_LE(used, h + 0.5f);
  }
}

TEST(Layout, ColumnsFitTheWidthIn4by3And16by9) {
  for (auto [w, h] : {std::pair{1024.0f, 768.0f}, std::pair{1920.0f, 1080.0f}}) {
    auto l = layout_leaderboard(w, h, 5, 4, 0);
    ASSERT_EQ(l.col_x.size(), 8u);
    EXPECT_LE(l.col_x.back() + l.col_w.back(), w);
    EXPECT_GE(l.col_x.front(), 0);
  }
}

TEST(Layout, FewRowsAreNotPaged) {
  auto l = layout_leaderboard(1920, 1080, 1, 4, 100);
  EXPECT_EQ(l.pages, 1);
  auto none = layout_leaderboard(1920, 1080, 0, 4, 0);
  EXPECT_EQ(none.pages, 1);
}

DisplaySnapshot with_reveal(int64_t seq) {
  DisplaySnapshot s;
  s.boards.resize(2);
  s.boards[1].round = "final";
  s.boards[1].group = "secondary";
  Reveal r;
  r.seq = seq;
  r.round = "final";
  r.group = "secondary";
  r.marks.resize(7);
  s.reveal = r;
  return s;
}

TEST(Controller, APublishAfterStartBringsTheRevealThenTheLeaderboard) {
  DisplayController c;
  c.on_snapshot(with_reveal(5), 0.0);  // already there at start: old news
  EXPECT_EQ(c.scene(), Scene::kLeaderboard);
  auto s = with_reveal(9);
  c.on_snapshot(s, 100.0);
  EXPECT_EQ(c.scene(), Scene::kReveal);
  EXPECT_EQ(c.board(), 1);  // the revealed contestant's group
  c.tick(s, 101.0);
  EXPECT_EQ(c.scene(), Scene::kReveal);
  c.tick(s, 100.0 + reveal_duration(7, 5) + DisplayController::kHoldAfterReveal + 0.1);
  EXPECT_EQ(c.scene(), Scene::kLeaderboard);
}

TEST(Controller, AKeyTakesOverAndFollowingStops) {
  DisplayController c;
  auto s = with_reveal(1);
  c.on_snapshot(s, 0);
  c.on_key(DisplayKey::k2, s, 1);
  EXPECT_EQ(c.scene(), Scene::kStage);
  EXPECT_FALSE(c.follow());
  c.on_snapshot(with_reveal(2), 2);
  EXPECT_EQ(c.scene(), Scene::kStage);  // the operator decides now
  c.on_key(DisplayKey::kA, s, 3);
  EXPECT_TRUE(c.follow());
}

TEST(Controller, TheOrganizersCommandSwitchesTheSceneOnce) {
  DisplayController c;
  DisplaySnapshot s;
  c.on_snapshot(s, 0);
  s.command = SceneCommand{7, "awards"};
  c.on_snapshot(s, 1);
  EXPECT_EQ(c.scene(), Scene::kAwards);
  EXPECT_FALSE(c.follow());
  c.on_key(DisplayKey::k1, s, 2);  // the host may still take over
  c.on_snapshot(s, 3);             // the same command again: nothing
  EXPECT_EQ(c.scene(), Scene::kLeaderboard);
  s.command = SceneCommand{9, "follow"};
  c.on_snapshot(s, 4);
  EXPECT_TRUE(c.follow());
}

TEST(Controller, AwardsStepNeverPassesTheTiersAndNeedsAFinalGroup) {
  DisplaySnapshot s;
  AwardsView a;
  a.final = false;
  a.tiers.resize(3);
  s.awards.push_back(a);
  DisplayController c;
  c.on_key(DisplayKey::k4, s, 0);
  c.on_key(DisplayKey::kSpace, s, 1);
  EXPECT_EQ(c.awards_step(), 0);  // not final: nothing to reveal
  s.awards[0].final = true;
  for (int i = 0; i < 10; ++i) c.on_key(DisplayKey::kSpace, s, 2);
  EXPECT_EQ(c.awards_step(), 3);
  c.on_key(DisplayKey::kBackspace, s, 3);
  EXPECT_EQ(c.awards_step(), 2);
  EXPECT_EQ(c.theme(), ThemeId::kFestive);
}

TEST(GlyphSet, RangesMergeNeighboursAndEndWithZero) {
  GlyphSet g;
  size_t base = g.size();
  g.add("亮分亮");
  EXPECT_EQ(g.size(), base + 2);
  auto r = g.ranges();
  EXPECT_EQ(r.back(), 0);
  EXPECT_EQ(r[0], 0x20);
  EXPECT_EQ(r[1], 0x7E);  // printable ASCII is one range
  EXPECT_TRUE(g.contains(0x4EAE));  // 亮
}

TEST(GlyphSet, InvalidUtf8IsSkipped) {
  auto cps = decode_utf8(std::string("a\xE4\xBA") + "b\xFF" + "分");
  EXPECT_EQ(cps, (std::vector<uint32_t>{'a', 'b', 0x5206}));
}

}  // namespace
}  // namespace lf
