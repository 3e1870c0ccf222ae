// Anonymous judging on the projector (issue 17 §2) and the server's advancement on the board
// (§5): the snapshot is built from what the server really sends (public_state and the results
// document of the sample contest, made anonymous), the stage and reveal scenes are drawn in a
// null ImGui context, and the drawn text is read back: the draw number, never the name or the
// school, until the group's results are final.
#include <gtest/gtest.h>
#include <imgui.h>

#include "data/format/contest_file.h"
#include "data/format/result_json.h"
#include "data/live/live_state.h"
#include "display/display_strings.h"
#include "display/glyphs.h"
#include "display/scene_layout.h"
#include "display/scenes/scene.h"
#include "display/snapshot_builder.h"
#include "scoring/engine/standings.h"
#include "scoring/protocol/public_state.h"
#include "tests/data/test_files.h"
#include "tests/ui/cjk_font.h"
#include "app_shell/drawn_text.h"

namespace lf {
namespace {


// The sample contest under anonymous judging, C002 (陆兰桂 · 实验小学, draw 7) on stage in PRE
// with their talent section just published (亮分); the rest of the preliminary still to come.
class AnonymousProjector : public ::testing::Test {
 protected:
  AnonymousProjector() {
    Json doc = parse_json(test::read_text(test::source_path(test::kSampleContest))).value();
    doc["contest"]["anonymous_judging"] = true;
    doc["contestants"][1]["draw"] = 7;
    file_ = load_contest_document(doc).value();
    const Contest& c = file_.contest;
    LiveState s = state_from_document(c, file_.document).value();
    int round = find_round(c, "prelim"), who = find_contestant(c, "C002"), talent = find_section(c, "talent");
    s.stage[find_venue(c, "PRE")] = StageCall{round, who, 1000};
    s.published.insert({round, who, talent});
    s.last_seq = 50;
    Json state = public_state(c, file_.document, s, false, 2000);  // as a display gets it: names in it
    Contest shown = contest_with_state(c, s, true);
    Json results = parse_json(result_to_json(shown, compute_results(shown))).value();
    auto snap = build_snapshot(state, results, nullptr, PublishedSection{50, "prelim", "C002", "talent"});
    EXPECT_TRUE(snap.ok()) << snap.status().to_string();
    if (snap.ok()) snapshot_ = snap.value();

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1920, 1080);
    io.IniFilename = nullptr;
    GlyphSet glyphs = huge_font_glyphs();
    add_display_glyphs(display_strings(), &snapshot_, glyphs);
    glyphs.add("陆兰桂实验小学");
    font_ = test::add_cjk_font(*io.Fonts, glyphs, 32, ranges_);
  }
  ~AnonymousProjector() override { ImGui::DestroyContext(); }

  void SetUp() override { ASSERT_NE(font_, nullptr) << "no CJK font on this machine (fonts-noto-cjk)"; }

  DrawnText frame(double (*scene)(const DisplaySnapshot&, const SceneContext&), double t) {
    ImGui::NewFrame();
    SceneContext c;
    c.draw = ImGui::GetBackgroundDrawList();
    c.width = 1920, c.height = 1080;
    c.time_s = c.scene_time_s = t;
    c.theme = &theme(ThemeId::kDark);
    c.fonts = {font_, font_, font_, font_};
    c.strings = &display_strings();
    scene(snapshot_, c);
    ImGui::Render();
    return drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
  }

  ContestFile file_;
  DisplaySnapshot snapshot_;
  std::vector<ImWchar> ranges_;
  ImFont* font_ = nullptr;
};

TEST_F(AnonymousProjector, TheStageSceneShowsTheDrawNumberAndNoNameOrSchool) {
  ASSERT_FALSE(snapshot_.stages.empty());
  DrawnText d = frame(draw_stage, 1.0);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has("7 号选手"));
  EXPECT_FALSE(d.shows("陆兰桂"));
  EXPECT_FALSE(d.shows("实验小学"));
  EXPECT_EQ(d.unknown_quads, 0);
}

TEST_F(AnonymousProjector, TheRevealSceneShowsTheDrawNumberAndNoNameOrSchool) {
  ASSERT_TRUE(snapshot_.reveal);
  for (double t : {0.5, 3.0, 1000.0}) {
    DrawnText d = frame(draw_reveal, t);
    SCOPED_TRACE(d.dump());
    EXPECT_TRUE(d.has("7 号选手"));
    EXPECT_TRUE(d.has(snapshot_.reveal->section_name));  // the section alone, no " · " school before it
    EXPECT_FALSE(d.shows("陆兰桂"));
    EXPECT_FALSE(d.shows("实验小学"));
  }
}

TEST_F(AnonymousProjector, NoBoardOfARunningRoundNamesAnyone) {
  for (const Leaderboard& b : snapshot_.boards) {
    if (!b.provisional) continue;
    for (const LeaderRow& r : b.rows) {
      EXPECT_NE(r.name.find("号选手"), std::string::npos) << r.contestant << " " << r.name;
      EXPECT_TRUE(r.school.empty()) << r.contestant;
    }
  }
  for (const StageView& v : snapshot_.stages) EXPECT_TRUE(v.school.empty()) << v.venue;
}

// One frame of `scene` drawn from `snap` at 1920x1080 and scene time `t` in a null ImGui context
// of its own (a CJK font with the snapshot's glyphs): the text it drew. Empty, with a failure,
// when the machine has no CJK font.
DrawnText draw_scene_once(const DisplaySnapshot& snap, double (*scene)(const DisplaySnapshot&, const SceneContext&),
                          double t = 0) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1920, 1080);
  io.IniFilename = nullptr;
  GlyphSet glyphs = huge_font_glyphs();
  add_display_glyphs(display_strings(), &snap, glyphs);
  std::vector<ImWchar> ranges;
  ImFont* font = test::add_cjk_font(*io.Fonts, glyphs, 32, ranges);
  DrawnText d;
  if (!font) {
    ADD_FAILURE() << "no CJK font on this machine (fonts-noto-cjk)";
  } else {
    ImGui::NewFrame();
    SceneContext c;
    c.draw = ImGui::GetBackgroundDrawList();
    c.width = 1920, c.height = 1080;
    c.time_s = c.scene_time_s = t;
    c.theme = &theme(ThemeId::kDark);
    c.fonts = {font, font, font, font};
    c.strings = &display_strings();
    scene(snap, c);
    ImGui::Render();
    d = drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
  }
  ImGui::DestroyContext();
  return d;
}

// A board whose every result is published and with no open tie: final. Who goes on is the
// server's word (`advanced`, the rules and the rulings), and the names come back.
Json state_of(bool anonymous) {
  return {{"contest", {{"name", "县赛"}, {"anonymous_judging", anonymous}}},
          {"sections", {{{"key", "speech"}, {"name", "德育故事演讲"}, {"max_points", 30}}}},
          {"groups", {{{"key", "primary"}, {"name", "小学组"}}}},
          {"rounds", {{{"key", "prelim"}, {"name", "小学组预赛"}, {"groups", {"primary"}}, {"sections", {"speech"}},
                       {"advance", 2}, {"awards", {{{"name", "一等奖"}, {"count", 1}}}}}}},
          {"draw_numbers", {{{"id", "C1"}, {"draw", 3}}, {{"id", "C2"}, {"draw", 1}}, {{"id", "C3"}, {"draw", 2}}}}};
}
Json results_of(bool open_tie) {
  auto st = [](const char* id, const char* name, int rank, double total, bool advanced, const char* award) {
    return Json{{"contestant", id}, {"name", name}, {"school", "实验小学"}, {"rank", rank}, {"total", total},
                {"sections", {{"speech", {{"score", total}}}}}, {"advanced", advanced}, {"award", award},
                {"flags", Json::array()}};
  };
  Json unresolved = open_tie ? Json{{{"kind", "advance_boundary"}, {"contestants", {"C2", "C3"}}}} : Json::array();
  // C2 and C3 tied for 2nd; the head judge ruled C3 in (advanced), C2 out.
  return {{"rounds", {{{"round", "prelim"}, {"groups", {{{"group", "primary"}, {"unresolved", unresolved},
          {"standings", {st("C1", "甲", 1, 28.0, true, "一等奖"), st("C2", "乙", 2, 25.0, false, ""),
                         st("C3", "丙", 2, 25.0, !open_tie, "")}}}}}}}}};
}

TEST(ServersAdvancement, AFinalBoardTakesWhoGoesOnFromTheResultAndShowsNames) {
  auto s = build_snapshot(state_of(true), results_of(false), nullptr, std::nullopt);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  const Leaderboard& b = s->boards.at(0);
  EXPECT_FALSE(b.provisional);
  std::map<std::string, const LeaderRow*> by_id;
  for (const LeaderRow& r : b.rows) by_id[r.contestant] = &r;
  EXPECT_EQ(by_id["C1"]->zone, AdvanceZone::kCertain);
  EXPECT_EQ(by_id["C3"]->zone, AdvanceZone::kCertain);  // ruled in: not amber
  EXPECT_EQ(by_id["C2"]->zone, AdvanceZone::kNone);     // ruled out, though tied on the total
  EXPECT_EQ(by_id["C1"]->name, "甲");                   // final: the names are shown
  EXPECT_TRUE(s->awards.at(0).final);
  EXPECT_FALSE(s->awards.at(0).open_tie);
}

TEST(ServersAdvancement, AnOpenTieKeepsTheBoardProvisionalAnonymousAndTheAwardsSayWhy) {
  auto s = build_snapshot(state_of(true), results_of(true), nullptr, std::nullopt);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  const Leaderboard& b = s->boards.at(0);
  EXPECT_TRUE(b.provisional);
  for (const LeaderRow& r : b.rows) EXPECT_NE(r.name.find("号选手"), std::string::npos) << r.name;
  const AwardsView& a = s->awards.at(0);
  EXPECT_FALSE(a.final);
  EXPECT_TRUE(a.open_tie);

  // The awards scene says the real blocker.
  DrawnText d = draw_scene_once(s.value(), draw_awards);
  EXPECT_TRUE(d.has(display_strings().awards_open_tie)) << d.dump();
  EXPECT_FALSE(d.has(display_strings().awards_not_final)) << d.dump();
}

TEST(ServersAdvancement, AZeroPenaltyIsNoPenaltyOnTheReveal) {
  Json state = state_of(false);
  Json results = results_of(false);
  Json& sec = results["rounds"][0]["groups"][0]["standings"][0]["sections"]["speech"];
  sec["over_s"] = 12;    // over, but under the first tier
  sec["penalty"] = 0.0;
  sec["marks"] = {28.0, 28.0, 28.0};
  auto s = build_snapshot(state, results, nullptr, PublishedSection{9, "prelim", "C1", "speech"});
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->reveal);
  EXPECT_EQ(s->reveal->over_s, "12");
  EXPECT_EQ(s->reveal->penalty, "");  // nothing to subtract: not "0.00" in red
}

// Issue 24 §5: a teacher recorded 缺赛 (C003) or 弃权 (C004) in the preliminary, built the way the
// server sends it, is listed last on that round's board with no rank and the word where the
// total would be; a teacher withdrawn from the whole contest (C041) stays off the board; the
// final's board, where C003 is not out, is unaffected.
TEST(OutOfRoundOnTheBoard, AbsentAndWithdrewAreListedLastWithTheWordInsteadOfATotal) {
  ContestFile file = load_contest_document(parse_json(test::read_text(test::source_path(test::kSampleContest))).value()).value();
  const Contest& c = file.contest;
  LiveState s = state_from_document(c, file.document).value();
  int prelim = find_round(c, "prelim");
  s.absences[{prelim, find_contestant(c, "C003")}] = LiveAbsence{AbsenceKind::kAbsent, "本人未到场", "organizer", 1000, 40};
  s.absences[{prelim, find_contestant(c, "C004")}] = LiveAbsence{AbsenceKind::kWithdrew, "身体不适", "head:PRE", 1000, 41};
  s.last_seq = 50;
  Json state = public_state(c, file.document, s, false, 2000);
  ASSERT_EQ(state["absences"].size(), 2u) << state["absences"].dump();
  Contest shown = contest_with_state(c, s, true);
  Json results = parse_json(result_to_json(shown, compute_results(shown))).value();
  auto snap = build_snapshot(state, results, nullptr, std::nullopt);
  ASSERT_TRUE(snap.ok()) << snap.status().to_string();
  const Leaderboard& b = snap->boards.at(0);
  ASSERT_EQ(b.title, "小学组预赛");
  ASSERT_GE(b.rows.size(), 3u);
  const LeaderRow& last = b.rows.back();
  const LeaderRow& before = b.rows[b.rows.size() - 2];
  EXPECT_EQ(before.contestant, "C003");
  EXPECT_EQ(before.out, OutOfRound::kAbsent);
  EXPECT_EQ(last.contestant, "C004");
  EXPECT_EQ(last.out, OutOfRound::kWithdrew);
  for (const LeaderRow* r : {&before, &last}) {
    EXPECT_EQ(r->rank, std::nullopt);
    EXPECT_EQ(r->zone, AdvanceZone::kNone);
    EXPECT_FALSE(r->advanced);
  }
  for (size_t i = 0; i + 2 < b.rows.size(); ++i) EXPECT_EQ(b.rows[i].out, OutOfRound::kIn) << b.rows[i].contestant;
  for (const Leaderboard& board : snap->boards)
    for (const LeaderRow& r : board.rows) {
      EXPECT_NE(r.contestant, "C041");  // withdrawn from the contest: on no board
      if (board.title != b.title) EXPECT_EQ(r.out, OutOfRound::kIn) << board.title << " " << r.contestant;
    }

  // Drawn: on the board's last page, each name's line carries its word and a dash for the rank.
  LeaderboardLayout l = layout_leaderboard(1920, 1080, int(b.rows.size()), int(b.section_names.size()), 0);
  DrawnText d = draw_scene_once(snap.value(), draw_leaderboard, (l.pages - 1) * 12.0 + 6.0);  // slid in
  for (auto [row, word] : {std::pair{&before, display_strings().absent}, {&last, display_strings().withdrew}}) {
    const DrawnRun* name = d.exact(row->name);
    ASSERT_NE(name, nullptr) << row->name << "\n" << d.dump();
    EXPECT_TRUE(d.line_has(*name, word)) << row->name << "\n" << d.dump();
    EXPECT_TRUE(d.line_has(*name, "—")) << row->name;
  }
}

}  // namespace
}  // namespace lf
