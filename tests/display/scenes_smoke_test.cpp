// Every scene drawn in a null ImGui context (no window, no GPU) with 0, 1 and 200 contestants,
// with the machine's CJK font, at every moment of its animation: no crash, no assertion (they
// are on in the tests), and the screen shows what the snapshot says. The text is read back from
// the draw lists (app_shell/drawn_text.h), and every expectation is taken from the snapshot the
// scene was given, so a scene that draws another row's score, drops a column or shows a tier
// too early fails here.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "display/display_strings.h"
#include "display/glyphs.h"
#include "display/scene_layout.h"
#include "display/scenes/scene.h"
#include "tests/ui/cjk_font.h"
#include "app_shell/drawn_text.h"

namespace lf {
namespace {


// Hundredths as the server writes a score: 2850 -> "28.50".
std::string hundredths(int v) {
  char b[32];
  std::snprintf(b, sizeof b, "%d.%02d", v / 100, v % 100);
  return b;
}

// n contestants, each with their own name, school and scores, so a row drawn with another
// row's values shows up.
DisplaySnapshot contest_of(int n) {
  DisplaySnapshot s;
  s.contest_name = "测试县中小学班主任基本功大赛";
  if (n == 0) return s;
  Leaderboard b;
  b.title = "全县决赛 · 小学组";
  b.section_names = {"德育故事演讲", "主题班会设计", "情景答辩", "才艺展示"};
  b.advance = 14;
  AwardsView a;
  a.title = b.title;
  a.final = true;
  a.tiers = {{"一等奖", {}}, {"二等奖", {}}};
  for (int i = 0; i < n; ++i) {
    LeaderRow r;
    r.contestant = "C" + std::to_string(i);
    r.rank = i + 1;
    r.name = "选手" + std::to_string(i);
    // The first school's name is long enough to be shrunk to its column.
    r.school = i == 0 ? "一所名字很长很长很长很长很长很长很长的学校" : "第" + std::to_string(i) + "实验小学";
    int s1 = 2850 - i, s2 = 2700 + i % 50, s4 = 910 - i % 7;
    r.section_scores = {hundredths(s1), hundredths(s2), "", hundredths(s4)};
    r.total = hundredths(s1 + s2 + s4);
    r.movement = i % 3 - 1;
    r.zone = i < 14 ? AdvanceZone::kAtRisk : AdvanceZone::kNone;
    b.rows.push_back(r);
    a.tiers[i < 2 ? 0 : 1].rows.push_back(r);
  }
  s.boards.push_back(b);
  s.awards.push_back(a);
  StageView v;
  v.venue = "小学组决赛第一赛场";
  v.title = b.title;
  v.contestant_name = "选手0";
  v.school = b.rows[0].school;
  v.section_name = "德育故事演讲";
  v.clock_running = true;
  v.elapsed_ms = 305'000;
  v.max_time_s = 300;
  s.stages.push_back(v);
  Reveal r;
  r.title = b.title;
  r.contestant_name = "选手0";
  r.school = "实验小学";
  r.section_name = "德育故事演讲";
  r.marks = {{"8.5", true}, {"9.0", false}, {"9.5", true}};
  r.average = "9.12";
  r.over_s = "5";
  r.penalty = "0.54";
  r.score = "8.58";
  r.total = "77.31";
  r.rank = 3;
  s.reveal = r;
  return s;
}

class NullContext : public ::testing::TestWithParam<int> {
 protected:
  NullContext() : snapshot_(contest_of(GetParam())) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1920, 1080);
    io.IniFilename = nullptr;
    // The characters the program bakes: its strings, the snapshot's names, the huge font's signs.
    GlyphSet glyphs = huge_font_glyphs();
    add_display_glyphs(display_strings(), &snapshot_, glyphs);
    font_ = test::add_cjk_font(*io.Fonts, glyphs, 32, ranges_);
  }
  ~NullContext() override { ImGui::DestroyContext(); }

  void SetUp() override { ASSERT_NE(font_, nullptr) << "no CJK font on this machine (fonts-noto-cjk)"; }

  SceneContext context(double t, int awards_step) {
    SceneContext c;
    c.draw = ImGui::GetBackgroundDrawList();
    c.width = 1920, c.height = 1080;
    c.time_s = c.scene_time_s = t;
    c.theme = &theme(ThemeId::kDark);
    c.fonts = {font_, font_, font_, font_};
    c.strings = &display_strings();
    c.awards_step = awards_step;
    return c;
  }

  // Draws one frame of `scene` alone and returns the text on the screen.
  DrawnText frame(Scene scene, double t, int awards_step = 2) {
    ImGui::NewFrame();
    SceneContext c = context(t, awards_step);
    switch (scene) {
      case Scene::kLeaderboard: draw_leaderboard(snapshot_, c); break;
      case Scene::kStage: draw_stage(snapshot_, c); break;
      case Scene::kReveal: draw_reveal(snapshot_, c); break;
      case Scene::kAwards: draw_awards(snapshot_, c); break;
    }
    ImGui::Render();
    return drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
  }

  const DisplayStrings& str() const { return display_strings(); }
  int n() const { return GetParam(); }

  DisplaySnapshot snapshot_;
  std::vector<ImWchar> ranges_;
  ImFont* font_ = nullptr;
};

const double kMoments[] = {0.0, 0.5, 3.0, 30.0, 1000.0};

TEST_P(NullContext, LeaderboardShowsEachRowOfItsPageWithItsOwnScores) {
  for (double t : kMoments) {
    DrawnText d = frame(Scene::kLeaderboard, t);
    SCOPED_TRACE("t = " + std::to_string(t) + "\n" + d.dump());
    EXPECT_EQ(d.unknown_quads, 0);
    if (n() == 0) {
      EXPECT_TRUE(d.has(snapshot_.contest_name));
      EXPECT_TRUE(d.has(str().no_results));
      continue;
    }
    const Leaderboard& b = snapshot_.boards[0];
    EXPECT_TRUE(d.has(b.title));
    EXPECT_TRUE(d.has(snapshot_.contest_name));
    EXPECT_TRUE(d.has(b.provisional ? str().provisional : str().final_result));
    for (const char* head : {str().rank, str().name, str().school, str().total}) EXPECT_TRUE(d.has(head)) << head;
    for (const auto& section : b.section_names) EXPECT_TRUE(d.has(section)) << section;
    char legend[64];
    std::snprintf(legend, sizeof legend, str().advance_legend, *b.advance);
    EXPECT_TRUE(d.has(legend)) << legend;

    LeaderboardLayout l = layout_leaderboard(1920, 1080, int(b.rows.size()), int(b.section_names.size()), t);
    int first = l.page * l.rows_per_page, shown = 0;
    // A new page slides in from the right over 0.6 s (of a 12 s dwell): until it has, the
    // right-hand total is partly off the screen.
    bool slid_in = l.page_progress * 12.0 >= 0.6;
    for (int i = 0; i < int(b.rows.size()); ++i) {
      const LeaderRow& r = b.rows[size_t(i)];
      const DrawnRun* name = d.exact(r.name);
      if (i < first || i >= first + l.rows_per_page) {
        EXPECT_EQ(name, nullptr) << r.name << " is not on page " << l.page;
        continue;
      }
      ++shown;
      ASSERT_NE(name, nullptr) << r.name;
      EXPECT_TRUE(d.line_has(*name, std::to_string(*r.rank))) << r.name;
      EXPECT_TRUE(d.line_has(*name, r.school)) << r.name;
      for (const auto& score : r.section_scores)
        EXPECT_TRUE(d.line_has(*name, score.empty() ? "·" : score)) << r.name << " " << score;
      if (slid_in) {
        EXPECT_TRUE(d.line_has(*name, r.total)) << r.name;
      }
    }
    EXPECT_GT(shown, 0);
  }
}

// Between contestants (or before any venue runs) the stage scene shows the venue's join QR code
// with how to use it and its address, when the display has one; 候场中 alone otherwise.
TEST_P(NullContext, StageBetweenContestantsShowsTheVenuesJoinCode) {
  for (StageView& v : snapshot_.stages) v.contestant_name.clear();
  QrMatrix qr = encode_qr("https://192.168.1.10:8080/").value();
  for (bool with_qr : {false, true}) {
    ImGui::NewFrame();
    SceneContext c = context(1.0, 0);
    if (with_qr) c.join_qr = &qr, c.join_link = "https://192.168.1.10:8080/";
    draw_stage(snapshot_, c);
    ImGui::Render();
    DrawnText d = drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
    SCOPED_TRACE(std::string(with_qr ? "with" : "without") + " the join code\n" + d.dump());
    EXPECT_EQ(d.unknown_quads, 0);
    EXPECT_EQ(d.has(str().nobody_on_stage), n() > 0);  // no venue yet: nobody to wait for
    EXPECT_EQ(d.has(str().join_caption), with_qr);
    EXPECT_EQ(d.has("https://192.168.1.10:8080/"), with_qr);
    // The code between 候场中 and the caption: the caption below the middle of the screen.
    if (with_qr) EXPECT_GT(d.exact(str().join_caption)->y, 1080 / 2);
  }
}

TEST_P(NullContext, StageShowsWhoIsOnAndTheRunningClock) {
  for (double t : kMoments) {
    DrawnText d = frame(Scene::kStage, t);
    SCOPED_TRACE("t = " + std::to_string(t) + "\n" + d.dump());
    EXPECT_EQ(d.unknown_quads, 0);
    if (n() == 0) {
      EXPECT_TRUE(d.has(snapshot_.contest_name));
      continue;
    }
    const StageView& v = snapshot_.stages[0];
    for (const std::string& text : {v.title, v.venue, std::string(str().on_stage), v.contestant_name, v.school, v.section_name})
      EXPECT_TRUE(d.has(text)) << text;
    int64_t s = v.elapsed_ms / 1000;
    char clock[16];
    std::snprintf(clock, sizeof clock, "%02d:%02d", int(s / 60), int(s % 60));
    EXPECT_TRUE(d.has(clock)) << clock;
    std::string over = std::string(str().overtime) + " " + std::to_string(s - *v.max_time_s) + " " + str().seconds;
    EXPECT_TRUE(d.has(over)) << over;
  }
}

TEST_P(NullContext, RevealShowsTheMarksThenTheFiguresInTurn) {
  for (double t : kMoments) {
    DrawnText d = frame(Scene::kReveal, t);
    SCOPED_TRACE("t = " + std::to_string(t) + "\n" + d.dump());
    EXPECT_EQ(d.unknown_quads, 0);
    if (n() == 0) {
      EXPECT_TRUE(d.has(snapshot_.contest_name));
      EXPECT_TRUE(d.has(str().no_reveal));
      continue;
    }
    const Reveal& r = *snapshot_.reveal;
    EXPECT_TRUE(d.has(r.title));
    EXPECT_TRUE(d.shows(r.section_name));
    EXPECT_TRUE(d.has(r.contestant_name));
    EXPECT_TRUE(d.has(r.school + " · " + r.section_name));
    EXPECT_TRUE(d.has(str().judges_marks));
    // Each mark at its moment (scene_layout.h's pace), none before it.
    for (size_t i = 0; i < r.marks.size(); ++i) {
      bool due = t >= RevealTiming::kFirstMark + RevealTiming::kMarkEvery * double(i);
      EXPECT_EQ(d.has(r.marks[i].points), due) << r.marks[i].points;
    }
    bool all_out = t >= reveal_duration(int(r.marks.size()), 5);
    if (!all_out) {
      EXPECT_FALSE(d.has(r.score)) << "the score before its time";
      continue;
    }
    EXPECT_TRUE(d.has(str().dropped_note));
    const std::pair<std::string, std::string> figures[] = {
        {str().average, r.average},
        {std::string(str().overtime) + " " + r.over_s + " " + str().seconds, "−" + r.penalty},
        {str().section_score, r.score},
        {str().new_total, r.total},
        {str().current_rank, std::to_string(*r.rank)}};
    for (const auto& [label, value] : figures) {
      EXPECT_TRUE(d.has(label)) << label;
      EXPECT_TRUE(d.has(value)) << label << " " << value;
    }
  }
}

TEST_P(NullContext, AwardsRevealOneTierPerStepLowestFirstAndNothingEarly) {
  if (n() == 0) {
    DrawnText d = frame(Scene::kAwards, 5, 1);
    EXPECT_TRUE(d.has(snapshot_.contest_name)) << d.dump();
    EXPECT_TRUE(d.has(str().awards_title)) << d.dump();
    return;
  }
  const AwardsView& a = snapshot_.awards[0];
  int tiers = int(a.tiers.size());
  for (int step : {-1, 0, 1, 2, 3, 99}) {
    for (double t : kMoments) {
      DrawnText d = frame(Scene::kAwards, t, step);
      SCOPED_TRACE("step " + std::to_string(step) + ", t = " + std::to_string(t) + "\n" + d.dump());
      EXPECT_EQ(d.unknown_quads, 0);
      EXPECT_TRUE(d.has(a.title));
      int shown = std::clamp(step, 0, tiers);
      if (shown == 0) {
        EXPECT_TRUE(d.has(snapshot_.contest_name));
        EXPECT_TRUE(d.has(a.title + " · " + str().awards_title));
        EXPECT_TRUE(d.has(str().awards_press));
      }
      for (int k = 0; k < tiers; ++k) {
        const AwardTier& tier = a.tiers[size_t(k)];
        bool this_step = shown > 0 && k == tiers - shown;
        EXPECT_EQ(d.has(tier.award), this_step) << tier.award;
        for (size_t i = 0; i < tier.rows.size(); ++i) {
          bool due = this_step && t >= 0.8 + 0.15 * double(i);
          EXPECT_EQ(d.has(tier.rows[i].name), due) << tier.award << " " << tier.rows[i].name;
          if (due) {
            const DrawnRun* name = d.exact(tier.rows[i].name);
            ASSERT_NE(name, nullptr);
            EXPECT_TRUE(d.line_has(*name, tier.rows[i].school)) << tier.rows[i].name;
          }
        }
      }
    }
  }
}

TEST_P(NullContext, HelpAndConnectionBannerShowTheirWords) {
  ImGui::NewFrame();
  SceneContext c = context(1, 0);
  draw_help(c);
  draw_connection_banner(c, "与服务器的连接已断开");
  ImGui::Render();
  DrawnText d = drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has(str().help_title));
  for (const char* line : str().help_lines)
    if (line && *line) {
      EXPECT_TRUE(d.has(line)) << line;
    }
  EXPECT_TRUE(d.has("与服务器的连接已断开"));
}

INSTANTIATE_TEST_SUITE_P(Contestants, NullContext, ::testing::Values(0, 1, 200));

}  // namespace
}  // namespace lf
