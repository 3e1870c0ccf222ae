// Every console panel drawn in a null ImGui context (no window, no GPU, no server) with 0, 1
// and 200 contestants: no crash, no ImGui assertion, something drawn.
#include <gtest/gtest.h>
#include <imgui.h>

#include "judge_console/panels/panel.h"

namespace lf {
namespace {

ConsoleView view_of(int n, const std::string& role) {
  ConsoleView v;
  v.person = role == "judge" ? "J01" : role == "head_judge" ? "head:PRE" : "timer:PRE";
  v.role = role;
  v.name = "评委邹东";
  v.venue = role == "judge" ? "" : "PRE";
  v.sections = {{"talent", "才艺展示", "", 100, 1, 180, 300}, {"qa", "情景答辩", "评分标准……", 300, 1, std::nullopt, 300}};
  v.overtime = {{1, 100}, {31, 200}};
  VenueView venue;
  venue.key = "PRE";
  venue.name = "小学组预赛赛场";
  venue.round = "prelim";
  venue.sections = {"talent", "qa"};
  for (int j = 1; j <= 7; ++j) venue.judges.push_back({"J0" + std::to_string(j), "评委" + std::to_string(j)});
  if (n > 0) venue.on_stage = PersonOnStage{"prelim", "C0", "选手0", "实验小学", ""};
  v.venues.push_back(venue);
  for (int i = 0; i < n; ++i) {
    std::string id = "C" + std::to_string(i);
    v.names[id] = "选手" + std::to_string(i);
    for (const char* sec : {"talent", "qa"}) {
      PanelView p{"prelim", id, v.names[id], sec, i + 1, {}, i % 2 == 0, i % 3 == 0, "8.50", "1.00", "7.50", 200};
      for (int j = 1; j <= 7; ++j) {
        MarkLine m;
        m.judge = "J0" + std::to_string(j);
        m.judge_name = "评委" + std::to_string(j);
        if ((i + j) % 5) m.units = 60 + (i * j) % 40, m.points = std::to_string(*m.units / 10) + "." + std::to_string(*m.units % 10);
        m.state = m.units ? MarkState::kSaved : MarkState::kMissing;
        m.dropped = j == 1;
        p.marks.push_back(m);
      }
      v.panels.push_back(p);
    }
    MarkLine mine{"prelim", id, v.names[id], "talent", "J01", "", 85, "8.5", MarkState(i % 6), i % 2 ? "请核对分数" : "", false};
    v.my_marks.push_back(mine);
  }
  if (n > 1) v.ties.push_back({"prelim", "primary", "advance_boundary", {"C0", "C1"}});
  v.head_judge_calls = {"PRE"};
  v.judge_calls = {{"PRE", "J01", "评委1", "设备故障"}};
  return v;
}

class ConsolePanels : public ::testing::TestWithParam<int> {
 protected:
  ConsolePanels() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 800);
    io.IniFilename = nullptr;
    font_ = io.Fonts->AddFontDefault();
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);
  }
  ~ConsolePanels() override { ImGui::DestroyContext(); }

  int frame(void (*panel)(PanelContext&), const ConsoleView* view, ConsoleUi& ui) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 800));
    ImGui::Begin("console", nullptr, ImGuiWindowFlags_NoDecoration);
    PanelContext c;
    c.view = view;
    c.status.logged_in = true;
    c.status.unsynced = 3;
    c.status.message = "连不上服务器";
    c.status.others = {{"J02", 2}};  // someone else's marks still on this tablet
    c.status.offline_view = offline_view_;
    c.ui = &ui;
    c.fonts = {font_, font_, font_};
    c.s = &console_strings();
    c.width = 1280, c.height = 800;
    c.time_s = 1;
    c.now_ms = 1'000'000;
    if (view) draw_status_bar(c);
    panel(c);
    draw_toasts(c);
    int vertices = ImGui::GetWindowDrawList()->VtxBuffer.Size;
    ImGui::End();
    ImGui::Render();
    return vertices;
  }
  ImFont* font_ = nullptr;
  bool offline_view_ = false;
};

TEST_P(ConsolePanels, EveryScreenDraws) {
  for (const char* role : {"judge", "head_judge", "timekeeper"}) {
    ConsoleView v = view_of(GetParam(), role);
    ConsoleUi ui;
    ui.toasts.push_back({"完成", true, 10});
    auto panel = std::string(role) == "judge" ? draw_judge : std::string(role) == "head_judge" ? draw_head_judge : draw_timekeeper;
    for (int f = 0; f < 3; ++f) EXPECT_GT(frame(panel, &v, ui), 0) << role;
    if (std::string(role) == "timekeeper") {
      ui.watch.start(0);  // running, then over time
      EXPECT_GT(frame(panel, &v, ui), 0);
    }
    if (std::string(role) == "head_judge" && GetParam() > 0) {
      ui.selected_panel = 0, ui.selected_mark = 1;  // the send-back row
      EXPECT_GT(frame(panel, &v, ui), 0);
    }
  }
  ConsoleView steward = view_of(GetParam(), "steward");
  steward.topic_banks["qa"] = 3;
  for (auto& [id, label] : steward.names) steward.contestants.push_back({id, label});
  if (GetParam() > 0) steward.topic_draws.push_back({"prelim", "C0", "选手0", "qa", "一段很长的案例文字……", 0, 999'000});
  ConsoleUi sui;
  sui.topic_round = "prelim";
  EXPECT_GT(frame(draw_steward, &steward, sui), 0);
  ConsoleView organizer = view_of(GetParam(), "organizer");
  ConsoleUi oui;
  EXPECT_GT(frame(draw_organizer, &organizer, oui), 0);
  ConsoleUi ui;
  ui.code = "1234";
  EXPECT_GT(frame(draw_login, nullptr, ui), 0);
}

TEST_P(ConsolePanels, OfflineViewAndTheLogoutQuestionDraw) {
  offline_view_ = true;
  ConsoleView v = view_of(GetParam(), "judge");
  if (GetParam() > 0) {  // a refused correction beside the stored mark
    MarkLine refused{"prelim", "C0", "选手0", "talent", "J01", "", 95, "9.5", MarkState::kRefused,
                     "这个分数已在另一台设备上改为 8.5，本机的修改未保存", false};
    v.my_marks.push_back(refused);
  }
  ConsoleUi ui;
  ui.confirm_logout = true;  // 退出登录 pressed with 3 unsent
  for (int f = 0; f < 3; ++f) EXPECT_GT(frame(draw_judge, &v, ui), 0);
  EXPECT_TRUE(ui.confirm_logout);  // still asking: nothing was pressed
}

INSTANTIATE_TEST_SUITE_P(Contestants, ConsolePanels, ::testing::Values(0, 1, 200));

}  // namespace
}  // namespace lf
