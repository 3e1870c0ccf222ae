// The organizer's screen between rounds (judge_console/panels/organizer_panel.cpp): built from
// an /api/state answer the way the console builds it, drawn in a null ImGui context, the text
// on the screen read back (tests/ui/drawn_text.h). Confirming who goes on and drawing are
// buttons until the server has recorded them; then the screen says who did it and shows the
// running order by name. A tie is ruled with a reason, one button per reason.
#include <gtest/gtest.h>
#include <imgui.h>

#include "app_shell/glyph_set.h"
#include "judge_console/console_strings.h"
#include "judge_console/console_view.h"
#include "judge_console/panels/console_glyphs.h"
#include "judge_console/panels/panel.h"
#include "tests/ui/cjk_font.h"
#include "tests/ui/drawn_text.h"

namespace lf {
namespace {

// The organizer's state after the preliminary's advancement and the primary final's draw; the
// secondary final not drawn yet; a tie in the final to rule.
Json organizer_state(bool advanced) {
  Json s = {{"api_version", 2}, {"last_seq", 40}, {"me", {{"person", "organizer"}, {"role", "organizer"}, {"name", "组委会"}}}};
  s["groups"] = {{{"key", "primary"}, {"name", "小学组"}}, {{"key", "secondary"}, {"name", "中学组"}}};
  s["rounds"] = {{{"key", "prelim"}, {"name", "小学组预赛"}, {"groups", {"primary"}}, {"advance", 2}},
                 {{"key", "final"}, {"name", "全县决赛"}, {"groups", {"primary", "secondary"}}, {"advance", nullptr}}};
  s["venues"] = Json::array();
  s["contestants"] = {{{"id", "C001"}, {"name", "邱娟"}, {"school", "机关幼儿园"}, {"group", "primary"}},
                      {{"id", "C002"}, {"name", "熊芳"}, {"school", "城关一小"}, {"group", "primary"}}};
  s["advancements"] = Json::array();
  s["draws"] = Json::array();
  if (advanced) {
    s["advancements"].push_back({{"from", "prelim"}, {"groups", {{{"group", "primary"}, {"contestants", {"C001", "C002"}}}}},
                                 {"by", "organizer"}, {"by_name", "组委会"}, {"at_ms", 1000}});
    s["draws"].push_back({{"round", "final"}, {"group", "primary"}, {"method", "seeded"},
                          {"seed", "3f1c9a7e5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e"},
                          {"order", {{{"id", "C002"}, {"draw", 1}}, {{"id", "C001"}, {"draw", 2}}}},
                          {"by", "organizer"}, {"by_name", "组委会"}, {"at_ms", 2000}});
  }
  s["unresolved"] = {{{"round", "final"}, {"group", "primary"}, {"kind", "award_boundary"}, {"contestants", {"C001", "C002"}}}};
  return s;
}

class BetweenRoundsPanel : public ::testing::Test {
 protected:
  BetweenRoundsPanel() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 800);
    io.IniFilename = nullptr;
    GlyphSet glyphs;
    for (bool advanced : {false, true}) {
      auto v = build_console_view(organizer_state(advanced), {});
      if (v.ok()) collect_console_glyphs(console_strings(), &v.value(), glyphs);
    }
    font_ = test::add_cjk_font(*io.Fonts, glyphs, 24, ranges_);
  }
  ~BetweenRoundsPanel() override { ImGui::DestroyContext(); }
  void SetUp() override { ASSERT_NE(font_, nullptr) << "no CJK font on this machine (fonts-noto-cjk)"; }

  test::DrawnText draw(const ConsoleView& v) {
    ConsoleUi ui;
    test::DrawnText out;
    for (int i = 0; i < 3; ++i) {  // ImGui lays tables out over the first frames
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(ImVec2(1280, 800));
      ImGui::Begin("console", nullptr, ImGuiWindowFlags_NoDecoration);
      PanelContext c;
      c.view = &v;
      c.status.logged_in = true;
      c.ui = &ui;
      c.fonts = {font_, font_, font_};
      c.s = &console_strings();
      c.width = 1280, c.height = 800;
      draw_organizer(c);
      ImGui::End();
      ImGui::Render();
      out = test::drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
    }
    return out;
  }

  std::vector<ImWchar> ranges_;
  ImFont* font_ = nullptr;
};

TEST_F(BetweenRoundsPanel, BeforeTheAdvancementEveryStepIsAButton) {
  auto built = build_console_view(organizer_state(false), {});
  ASSERT_TRUE(built.ok()) << built.status().to_string();
  const ConsoleView& v = built.value();
  ASSERT_EQ(v.round_steps.size(), 4u);  // prelim's advancement, its draw, the final's two draws
  test::DrawnText d = draw(v);
  SCOPED_TRACE(d.dump());
  const ConsoleStrings& s = console_strings();
  EXPECT_TRUE(d.has(s.between_rounds));
  EXPECT_TRUE(d.has("小学组预赛  晋级名单"));
  EXPECT_TRUE(d.has(s.confirm_advance));
  EXPECT_TRUE(d.has("全县决赛 · 小学组  上场顺序"));
  EXPECT_TRUE(d.has("全县决赛 · 中学组  上场顺序"));
  EXPECT_TRUE(d.has(s.draw_now));
  EXPECT_FALSE(d.shows("已抽签"));
}

TEST_F(BetweenRoundsPanel, RecordedStepsSayWhoAndShowTheOrderByName) {
  auto built = build_console_view(organizer_state(true), {});
  ASSERT_TRUE(built.ok()) << built.status().to_string();
  test::DrawnText d = draw(built.value());
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has("已确认（组委会）"));
  EXPECT_TRUE(d.has("已抽签（组委会，种子 3f1c9a7e...）"));
  EXPECT_TRUE(d.has("1. 熊芳 · 城关一小  2. 邱娟 · 机关幼儿园"));
  EXPECT_FALSE(d.shows("prelim"));  // names, never keys
  EXPECT_FALSE(d.shows("primary"));
  // The tie is ruled with a reason: one button per reason the hall uses.
  for (const char* reason : console_strings().ruling_reasons) EXPECT_TRUE(d.has(reason)) << reason;
}

}  // namespace
}  // namespace lf
