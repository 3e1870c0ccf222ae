// Every scene drawn in a null ImGui context (no window, no GPU) with 0, 1 and 200 contestants:
// no crash, no assertion, and something drawn.
#include <gtest/gtest.h>
#include <imgui.h>

#include "display/display_strings.h"
#include "display/scenes/scene.h"

namespace lf {
namespace {

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
    r.school = "一所名字很长很长很长很长很长很长很长的学校";
    r.section_scores = {"28.50", "27.00", "", "9.10"};
    r.total = "64.60";
    r.movement = i % 3 - 1;
    r.zone = i < 14 ? AdvanceZone::kAtRisk : AdvanceZone::kNone;
    b.rows.push_back(r);
    a.tiers[i < 2 ? 0 : 1].rows.push_back(r);
  }
  s.boards.push_back(b);
  s.awards.push_back(a);
  StageView v;
  v.venue = "P1";
  v.contestant_name = "选手0";
  v.clock_running = true;
  v.elapsed_ms = 301000;
  v.max_time_s = 300;
  s.stages.push_back(v);
  Reveal r;
  r.contestant_name = "选手0";
  r.marks = {{"8.5", true}, {"9.0", false}, {"9.5", true}};
  r.over_s = "1";
  r.penalty = "1.00";
  s.reveal = r;
  return s;
}

class NullContext : public ::testing::TestWithParam<int> {
 protected:
  NullContext() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1920, 1080);
    io.IniFilename = nullptr;
    ImFontConfig cfg;
    font_ = io.Fonts->AddFontDefault(&cfg);
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);  // builds the atlas; no GPU needed
  }
  ~NullContext() override { ImGui::DestroyContext(); }

  // Draws one frame of `scene`; returns the number of vertices drawn.
  int frame(Scene scene, const DisplaySnapshot& s, double t, int awards_step = 2) {
    ImGui::NewFrame();
    SceneContext c;
    c.draw = ImGui::GetBackgroundDrawList();
    c.width = 1920, c.height = 1080;
    c.time_s = c.scene_time_s = t;
    c.theme = &theme(ThemeId::kDark);
    c.fonts = {font_, font_, font_, font_};
    c.strings = &display_strings();
    c.awards_step = awards_step;
    switch (scene) {
      case Scene::kLeaderboard: draw_leaderboard(s, c); break;
      case Scene::kStage: draw_stage(s, c); break;
      case Scene::kReveal: draw_reveal(s, c); break;
      case Scene::kAwards: draw_awards(s, c); break;
    }
    draw_help(c);
    draw_connection_banner(c, "与服务器的连接已断开");
    int vertices = c.draw->VtxBuffer.Size;
    ImGui::Render();
    return vertices;
  }
  ImFont* font_ = nullptr;
};

TEST_P(NullContext, EverySceneDrawsAtEveryMomentOfItsAnimation) {
  DisplaySnapshot s = contest_of(GetParam());
  for (Scene scene : {Scene::kLeaderboard, Scene::kStage, Scene::kReveal, Scene::kAwards})
    for (double t : {0.0, 0.5, 3.0, 30.0, 1000.0})
      EXPECT_GT(frame(scene, s, t), 0) << int(scene) << " at " << t;
}

TEST_P(NullContext, AwardsStepsBeyondTheTiersAreSafe) {
  DisplaySnapshot s = contest_of(GetParam());
  for (int step : {-1, 0, 1, 2, 3, 99}) EXPECT_GT(frame(Scene::kAwards, s, 5, step), 0);
}

INSTANTIATE_TEST_SUITE_P(Contestants, NullContext, ::testing::Values(0, 1, 200));

}  // namespace
}  // namespace lf
