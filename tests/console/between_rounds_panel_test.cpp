// The organizer's screen between rounds (judge_console/panels/organizer_panel.cpp): built from
// an /api/state answer the way the console builds it, drawn in a null ImGui context, the text
// on the screen read back (app_shell/drawn_text.h). Confirming who goes on and drawing are
// buttons until the server has recorded them; then the screen says who did it and shows the
// running order by name, as a table that scrolls in a fixed height (0, 1 and 200 teachers: the
// buttons below stay put). A recorded draw is drawn again (重新抽签) or set by hand (手动排序),
// each with a reason; the request sent is checked, and its button is disabled while it is in
// flight. A tie is ruled with a reason, one button per reason; the head judge's screen lists the
// rulings recorded with who, when and why.
#include <gtest/gtest.h>
#include <imgui.h>

#include "app_shell/glyph_set.h"
#include "judge_console/console_strings.h"
#include "judge_console/console_view.h"
#include "judge_console/draw_edit.h"
#include "judge_console/panels/console_glyphs.h"
#include "judge_console/panels/panel.h"
#include "tests/ui/cjk_font.h"
#include "app_shell/drawn_text.h"

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
  s["ties"] = {{{"round", "final"}, {"group", "primary"}, {"kind", "award_boundary"}, {"ruled", false}, {"decides", true},
                {"shown", "00aa11bb22cc33dd"}, {"tie_break", {"qa"}},
                {"contestants", {{{"id", "C001"}, {"name", "邱娟"}, {"school", "机关幼儿园"}, {"total", 88.5}, {"sections", {{"qa", 27.1}}}},
                                 {{"id", "C002"}, {"name", "熊芳"}, {"school", "城关一小"}, {"total", 88.5}, {"sections", {{"qa", 27.1}}}}}},
                {"places", {{{"place", 2}, {"award", "一等奖"}}, {{"place", 3}, {"award", "二等奖"}}}}}};
  return s;
}

// The organizer after the advancement, the final's primary group drawn with `n` teachers
// (names 教师1…, schools 第1小学…; a hand-entered order when `seed` is empty), the secondary not
// drawn yet.
Json drawn_state(int n, const std::string& seed = "3f1c9a7e5b2d4c6e", int64_t at_ms = 2000,
                 const std::string& reason = "") {
  Json s = organizer_state(true);
  Json order = Json::array();
  s["contestants"] = Json::array();
  for (int i = 1; i <= n; ++i) {
    std::string id = "C" + std::to_string(100 + i);
    std::string name = "教师" + std::to_string(i), school = "第" + std::to_string(i) + "小学";
    order.push_back({{"id", id}, {"draw", i}, {"name", name}, {"school", school}});
    s["contestants"].push_back(
        {{"id", id}, {"name", name}, {"school", school}, {"group", "primary"}});
  }
  Json& d = s["draws"][0];
  d["order"] = order;
  d["at_ms"] = at_ms;
  if (seed.empty())
    d.erase("seed"), d["method"] = "manual";
  else
    d["seed"] = seed;
  if (!reason.empty()) d["reason"] = reason;
  s.erase("ties");
  return s;
}

// A head judge of the primary final, after a ruling: its order, who, when (Beijing time
// 11月22日 20:54:04) and why.
Json head_judge_state() {
  Json s = {
      {"api_version", 2},
      {"last_seq", 50},
      {"me", {{"person", "head:P1"}, {"role", "head_judge"}, {"name", "张主任"}, {"venue", "P1"}}}};
  s["groups"] = {{{"key", "primary"}, {"name", "小学组"}}};
  s["rounds"] = {{{"key", "final"}, {"name", "全县决赛"}, {"groups", {"primary"}}}};
  s["venues"] = {{{"key", "P1"},
                  {"name", "小学组决赛 第一赛场"},
                  {"round", "final"},
                  {"group", "primary"},
                  {"sections", Json::array()},
                  {"judges", Json::array()}}};
  s["panels"] = Json::array();
  s["rulings"] = {{{"round", "final"},
                   {"group", "primary"},
                   {"order",
                    {{{"id", "C021"}, {"draw", 3}, {"name", "熊芳"}, {"school", "城关一小"}},
                     {{"id", "C011"}, {"draw", 5}, {"name", "邱娟"}, {"school", "机关幼儿园"}}}},
                   {"reason", "单项成绩相同，评审组合议"},
                   {"by", "head:P1"},
                   {"by_name", "小学组决赛 第一赛场 裁判长"},
                   {"at_ms", 1795352044752}}};
  return s;
}

// Issue 24 §5: the organizer during the preliminary at PRE (two sections). 邱娟 is marked and
// published in both; 熊芳 has no mark at all; 杜鹃 was recorded 缺赛 by the head judge.
Json absence_state() {
  Json s = organizer_state(false);
  s["contestants"].push_back({{"id", "C043"}, {"name", "杜鹃"}, {"school", "城南小学"}, {"group", "primary"}});
  s["sections"] = {{{"key", "speech"}, {"name", "德育故事演讲"}, {"max_points", 30}},
                   {{"key", "qa"}, {"name", "情景答辩"}, {"max_points", 20}}};
  s["venues"] = {{{"key", "PRE"}, {"name", "小学组预赛赛场"}, {"round", "prelim"}, {"group", "primary"},
                  {"sections", {"speech", "qa"}}, {"judges", {{{"id", "J01"}, {"name", "张建国"}}}}}};
  s["panels"] = Json::array();
  auto who = [&](const char* id) {
    for (const Json& c : s["contestants"])
      if (c["id"] == id) return Json{{"id", id}, {"draw", nullptr}, {"name", c["name"]}, {"school", c["school"]}};
    return Json();
  };
  for (const char* id : {"C001", "C002", "C043"})
    for (const char* sec : {"speech", "qa"}) {
      bool marked = std::string(id) == "C001";
      Json mark = {{"judge", "J01"}, {"points", marked ? Json(8.5) : Json(nullptr)}, {"status", marked ? "locked" : "missing"}};
      Json p = {{"venue", "PRE"}, {"round", "prelim"}, {"contestant", who(id)}, {"section", sec},
                {"marks", {mark}}, {"complete", marked}, {"published", marked}};
      if (std::string(id) == "C043") p["absence"] = "absent";
      s["panels"].push_back(p);
    }
  s["absences"] = {{{"round", "prelim"}, {"contestant", who("C043")}, {"status", "absent"}, {"reason", "本人未到场"},
                    {"by", "head:PRE"}, {"by_name", "小学组预赛赛场 裁判长"}, {"at_ms", 1795352044752}}};
  s.erase("ties");
  return s;
}

// The organizer on the day (issue 24 §6, §7): the sections with their banks, a bank short for
// the preliminary (the server's words), the teachers to correct.
Json roster_state() {
  Json s = organizer_state(false);
  s["sections"] = {{{"key", "speech"}, {"name", "德育故事演讲"}},
                   {{"key", "class_meeting"}, {"name", "主题班会设计"}}};
  s["topic_banks"] = {{"class_meeting", 12}};
  s["topic_shortfalls"] = {
      {{"round", "final"},
       {"section", "class_meeting"},
       {"topics_left", 12},
       {"to_draw", 32},
       {"text", "主题班会设计题库在全县决赛还剩 12 道，还有 32 位选手要抽：请再加至少 20 道题"}}};
  return s;
}

// The prep room in the final: both groups drawn (each from 1), one teacher of the primary group
// not drawn in the final (she drew only in the preliminary).
Json steward_state() {
  Json s = {{"api_version", 2},
            {"last_seq", 50},
            {"me", {{"person", "steward"}, {"role", "steward"}, {"name", "备赛室"}}}};
  s["groups"] = {{{"key", "primary"}, {"name", "小学组"}},
                 {{"key", "secondary"}, {"name", "中学组"}}};
  s["rounds"] = {{{"key", "final"}, {"name", "全县决赛"}, {"groups", {"primary", "secondary"}}}};
  s["sections"] = {{{"key", "class_meeting"}, {"name", "主题班会设计"}}};
  s["venues"] = {{{"key", "P2"},
                  {"name", "小学组决赛第二赛场"},
                  {"round", "final"},
                  {"group", "primary"},
                  {"sections", {"class_meeting"}},
                  {"judges", Json::array()}}};
  s["contestants"] = {{{"id", "C041"},
                       {"name", "蔡伟"},
                       {"school", "城南小学"},
                       {"group", "primary"},
                       {"draws", {{"final", 2}}}},
                      {{"id", "C007"},
                       {"name", "邱娟"},
                       {"school", "机关幼儿园"},
                       {"group", "primary"},
                       {"draws", {{"final", 1}}}},
                      {{"id", "C036"},
                       {"name", "王晓燕"},
                       {"school", "第三中学"},
                       {"group", "secondary"},
                       {"draws", {{"final", 1}}}},
                      {{"id", "C012"},
                       {"name", "熊芳"},
                       {"school", "城关一小"},
                       {"group", "primary"},
                       {"draws", {{"prelim", 5}}}}};
  s["topic_draws"] = Json::array();
  s["topic_banks"] = {{"class_meeting", 12}};
  s["topic_shortfalls"] = roster_state()["topic_shortfalls"];
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
    std::vector<Json> states = {organizer_state(false), organizer_state(true), drawn_state(200),
                                head_judge_state(),     absence_state(),       roster_state(),
                                steward_state()};
    for (const Json& state : states) {
      auto v = build_console_view(state, {});
      if (v.ok()) collect_console_glyphs(console_strings(), &v.value(), glyphs);
    }
    glyphs.add("0123456789");
    glyphs.add("邱涓林晓第二中学手机进校园");  // typed into the roster's fields below
    font_ = test::add_cjk_font(*io.Fonts, glyphs, 24, ranges_);
  }
  ~BetweenRoundsPanel() override { ImGui::DestroyContext(); }
  void SetUp() override { ASSERT_NE(font_, nullptr) << "no CJK font on this machine (fonts-noto-cjk)"; }

  // One frame of `panel` (the organizer's unless told) with `ui` kept between frames; what it
  // would send goes into sent_.
  DrawnText frame(const ConsoleView& v, ConsoleUi& ui,
                        void (*panel)(PanelContext&) = draw_organizer) {
    ImGui::GetIO().DisplaySize = ImVec2(width_, height_);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width_, height_));
    ImGui::Begin("console", nullptr, ImGuiWindowFlags_NoDecoration);
    PanelContext c;
    c.view = &v;
    c.sent = &sent_;
    c.status.logged_in = true;
    c.ui = &ui;
    c.fonts = {font_, font_, font_};
    c.s = &console_strings();
    c.width = width_, c.height = height_;
    panel(c);
    ImGui::End();
    ImGui::Render();
    return drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
  }
  DrawnText draw(const ConsoleView& v, ConsoleUi& ui,
                       void (*panel)(PanelContext&) = draw_organizer) {
    DrawnText out;
    for (int i = 0; i < 3; ++i)
      out = frame(v, ui, panel);  // ImGui lays tables out over the first frames
    return out;
  }
  DrawnText draw(const ConsoleView& v, void (*panel)(PanelContext&) = draw_organizer) {
    ConsoleUi ui;
    return draw(v, ui, panel);
  }
  // Presses the `nth` button drawn exactly as `label` (hover, down, up, then a frame to act) on
  // `panel` (the organizer's unless told).
  void press(const ConsoleView& v, ConsoleUi& ui, const std::string& label, size_t nth = 0,
             void (*panel)(PanelContext&) = draw_organizer) {
    DrawnText d = draw(v, ui, panel);
    const DrawnRun* key = nullptr;
    for (const DrawnRun& r : d.runs)
      if (r.text == label && nth-- == 0) {
        key = &r;
        break;
      }
    ASSERT_NE(key, nullptr) << label << "\n" << d.dump();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((key->x + key->right) / 2, key->center_y());
    frame(v, ui, panel);
    io.MouseDown[0] = true;
    frame(v, ui, panel);
    io.MouseDown[0] = false;
    frame(v, ui, panel);
    io.MousePos = ImVec2(-1, -1);
    frame(v, ui, panel);
  }
  static ConsoleView view_of(const Json& state) {
    auto built = build_console_view(state, {});
    EXPECT_TRUE(built.ok()) << built.status().to_string();
    return built.ok() ? built.value() : ConsoleView{};
  }

  SentActions sent_;
  float width_ = 1280, height_ = 800;
  std::vector<ImWchar> ranges_;
  ImFont* font_ = nullptr;
};

TEST_F(BetweenRoundsPanel, BeforeTheAdvancementEveryStepIsAButton) {
  auto built = build_console_view(organizer_state(false), {});
  ASSERT_TRUE(built.ok()) << built.status().to_string();
  const ConsoleView& v = built.value();
  ASSERT_EQ(v.round_steps.size(), 4u);  // prelim's advancement, its draw, the final's two draws
  DrawnText d = draw(v);
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
  DrawnText d = draw(built.value());
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has("已确认（组委会）"));
  EXPECT_TRUE(d.has("已抽签（组委会，种子 3f1c9a7e...）"));
  // The running order by name, a row each: first drawn first.
  const DrawnRun* first = d.exact("熊芳 · 城关一小");
  const DrawnRun* second = d.exact("邱娟 · 机关幼儿园");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(d.line_has(*first, "1"));
  EXPECT_TRUE(d.line_has(*second, "2"));
  EXPECT_LT(first->y, second->y);
  EXPECT_FALSE(d.shows("prelim"));  // names, never keys
  EXPECT_FALSE(d.shows("primary"));
  // The tie is ruled with a reason: one button per reason the hall uses; the block as the
  // server's state words it (build_console_view's "ties"): places, what they bring, totals.
  for (const char* reason : console_strings().ruling_reasons) EXPECT_TRUE(d.has(reason)) << reason;
  for (const char* text : {"第 2 名", "获一等奖", "第 3 名", "获二等奖", "88.50"}) EXPECT_TRUE(d.has(text)) << text;
}

// Every run drawn exactly as `text`, top to bottom as drawn.
std::vector<const DrawnRun*> all_of(const DrawnText& d, const std::string& text) {
  std::vector<const DrawnRun*> out;
  for (const DrawnRun& r : d.runs)
    if (r.text == text) out.push_back(&r);
  return out;
}

TEST_F(BetweenRoundsPanel, TheRunningOrderIsATableOfFixedHeightSoTheNextDrawStaysPut) {
  const ConsoleStrings& s = console_strings();
  std::vector<float> next_draw_y;
  for (int n : {0, 1, 200}) {
    SCOPED_TRACE(n);
    ConsoleView v = view_of(drawn_state(n));
    DrawnText d = draw(v);
    SCOPED_TRACE(d.dump());
    // The preliminary's draw above the table, the secondary final's below it.
    auto draws = all_of(d, s.draw_now);
    ASSERT_EQ(draws.size(), 2u);
    next_draw_y.push_back(draws[1]->y);
    EXPECT_LT(draws[1]->y + draws[1]->size, 800.0f);  // on the screen
    EXPECT_TRUE(d.has("全县决赛 · 中学组  上场顺序"));
    EXPECT_FALSE(d.shows("1. 教师1"));  // no longer one paragraph
    if (n == 0) {
      EXPECT_TRUE(d.has(s.nobody_drawn));
      continue;
    }
    for (const char* heading : {s.draw_number, s.person_name, s.school_group})
      EXPECT_TRUE(d.has(heading)) << heading;
    const DrawnRun* first = d.exact("教师1");
    ASSERT_NE(first, nullptr);
    EXPECT_TRUE(d.line_has(*first, "1"));
    EXPECT_TRUE(d.line_has(*first, "第1小学 · 小学组"));
    if (n == 200) {
      EXPECT_TRUE(d.has("教师2"));
      EXPECT_FALSE(d.has("教师200"));  // scrolled out of sight inside the table, not drawn past it
      EXPECT_FALSE(d.has("教师40"));
    }
  }
  EXPECT_EQ(next_draw_y[0], next_draw_y[1]);
  EXPECT_EQ(next_draw_y[1], next_draw_y[2]);
}

// A portrait tablet (800×1280): the status of a recorded draw and its two buttons wrap onto
// the next line rather than run past the screen's edge; the editor's reasons too.
TEST_F(BetweenRoundsPanel, OnAPortraitTabletEveryButtonIsOnTheScreen) {
  const ConsoleStrings& s = console_strings();
  width_ = 800, height_ = 1280;
  ConsoleView v = view_of(drawn_state(35));
  ConsoleUi ui;
  DrawnText d = draw(v, ui);
  SCOPED_TRACE(d.dump());
  for (const char* label : {s.redraw, s.manual_order, s.draw_now}) {
    const DrawnRun* b = d.exact(label);
    ASSERT_NE(b, nullptr) << label;
    EXPECT_LE(b->right, 800.0f) << label;
  }
  const DrawnRun* status = d.exact("已抽签（组委会，种子 3f1c9a7e...）");
  ASSERT_NE(status, nullptr);
  EXPECT_LE(status->right, 800.0f);
  press(v, ui, s.manual_order);
  d = draw(v, ui);
  for (const char* reason : s.manual_reasons) {
    const DrawnRun* b = d.exact(reason);
    ASSERT_NE(b, nullptr) << reason << "\n" << d.dump();
    EXPECT_LE(b->right, 800.0f) << reason;
  }
}

TEST_F(BetweenRoundsPanel, TheFirstDrawSendsTheGroupAndWaitsForItsAnswer) {
  const ConsoleStrings& s = console_strings();
  ConsoleView v = view_of(drawn_state(3));
  ConsoleUi ui;
  press(v, ui, s.draw_now, 1);  // the secondary final's
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/draw");
  EXPECT_EQ(sent_.sent[0].second, (Json{{"round", "final"}, {"group", "secondary"}}));
  press(v, ui, s.draw_now, 1);  // in flight: disabled
  EXPECT_EQ(sent_.sent.size(), 1u);
}

TEST_F(BetweenRoundsPanel, ARedrawAsksForTheReasonSendsItAndIsDisabledWhileInFlight) {
  const ConsoleStrings& s = console_strings();
  ConsoleView v = view_of(drawn_state(3));
  ConsoleUi ui;
  press(v, ui, s.redraw);
  DrawnText d = draw(v, ui);
  for (const char* reason : s.redraw_reasons)
    EXPECT_TRUE(d.has(reason)) << reason << "\n" << d.dump();
  // No reason chosen: refused on the console, in words, and nothing sent.
  press(v, ui, s.confirm_redraw);
  d = draw(v, ui);
  EXPECT_TRUE(d.has(s.need_reason)) << d.dump();
  EXPECT_TRUE(sent_.sent.empty());
  press(v, ui, s.redraw_reasons[0]);
  press(v, ui, s.confirm_redraw);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/draw");
  EXPECT_EQ(
      sent_.sent[0].second,
      (Json{{"round", "final"}, {"group", "primary"}, {"redraw", true}, {"reason", "签筒有误"}}));
  // While it is in flight the button does nothing and the screen says it is being sent.
  press(v, ui, s.confirm_redraw);
  EXPECT_EQ(sent_.sent.size(), 1u);
  d = draw(v, ui);
  EXPECT_TRUE(d.has(s.sending)) << d.dump();
  EXPECT_FALSE(d.has(s.need_reason));
  // The server recorded it: the newer record ends the editing and says why it was drawn again.
  sent_.in_flight.clear();
  ConsoleView after = view_of(drawn_state(3, "9a8b7c6d5e4f3a2b", 3000, "签筒有误"));
  d = draw(after, ui);
  EXPECT_FALSE(d.has(s.confirm_redraw)) << d.dump();
  EXPECT_TRUE(d.has("已重新抽签（组委会，原因：签筒有误）")) << d.dump();
  EXPECT_TRUE(d.has(s.redraw));
}

TEST_F(BetweenRoundsPanel, AManualOrderByMovingAndByTypingTheDrawNumbers) {
  const ConsoleStrings& s = console_strings();
  ConsoleView v = view_of(drawn_state(3));
  ConsoleUi ui;
  press(v, ui, s.manual_order);
  ASSERT_EQ(ui.draw_edit.order, (std::vector<std::string>{"C101", "C102", "C103"}));
  press(v, ui, s.down);  // the first row's: 教师2 goes first
  EXPECT_EQ(ui.draw_edit.order, (std::vector<std::string>{"C102", "C101", "C103"}));
  DrawnText d = draw(v, ui);
  const DrawnRun* moved = d.exact("教师2");
  ASSERT_NE(moved, nullptr) << d.dump();
  EXPECT_TRUE(d.line_has(*moved, "1（2）")) << d.dump();  // runs first now, drew number 2
  // Typed numbers: a number twice is refused in words; the hall's list read out is taken.
  ui.draw_edit.typed = "3 3 1";
  press(v, ui, s.apply_numbers);
  EXPECT_TRUE(draw(v, ui).has("3 号写了两次"));
  EXPECT_EQ(ui.draw_edit.order, (std::vector<std::string>{"C102", "C101", "C103"}));
  ui.draw_edit.typed = "3，1、2";
  press(v, ui, s.apply_numbers);
  EXPECT_EQ(ui.draw_edit.order, (std::vector<std::string>{"C103", "C101", "C102"}));
  press(v, ui, s.confirm_manual);
  EXPECT_TRUE(draw(v, ui).has(s.need_reason));
  EXPECT_TRUE(sent_.sent.empty());
  press(v, ui, s.manual_reasons[0]);
  press(v, ui, s.confirm_manual);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].second, (Json{{"round", "final"},
                                        {"group", "primary"},
                                        {"redraw", true},
                                        {"reason", "按现场纸签录入"},
                                        {"order", {"C103", "C101", "C102"}}}));
  // Cancel is disabled while it is sent, too.
  press(v, ui, s.cancel);
  EXPECT_EQ(ui.draw_edit.mode, DrawEdit::Mode::kManual);
}

TEST(DrawEdit, TypedNumbersAreEachDrawNumberOnce) {
  const ConsoleStrings& s = console_strings();
  const std::vector<std::string> drawn = {"C1", "C2", "C3", "C4"};
  auto ok = order_from_numbers(drawn, " 4,2 ，1、3 ", s);
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  EXPECT_EQ(ok.value(), (std::vector<std::string>{"C4", "C2", "C1", "C3"}));
  auto refused = [&](const char* typed) {
    auto r = order_from_numbers(drawn, typed, s);
    return r.ok() ? std::string("accepted") : r.errors().front().message;
  };
  EXPECT_EQ(refused("4 2 1"), "还缺：3 号");
  EXPECT_EQ(refused("4 2 1 3 5"), "没有 5 号：抽签号是 1 到 4");
  EXPECT_EQ(refused("0 1 2 3"), "没有 0 号：抽签号是 1 到 4");
  EXPECT_EQ(refused("4 2 2 3"), "2 号写了两次");
  EXPECT_EQ(refused("4 二 1 3"), "“二”不是抽签号");
  EXPECT_EQ(refused("9999999999"), "“9999999999”不是抽签号");
  EXPECT_EQ(refused(""), "还缺：1、2、3、4 号");
}

TEST(DrawEdit, TheRequestCarriesTheReasonAndOnlyARearrangedOrder) {
  const ConsoleStrings& s = console_strings();
  RoundStep step{"final", "primary", true, "组委会", "3f1c", {"C1", "C2", "C3"}};
  DrawEdit redraw = begin_draw_edit(step, DrawEdit::Mode::kRedraw);
  auto none = draw_edit_request(step, redraw, s);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.errors().front().message, s.need_reason);
  redraw.reason = 2;
  auto body = draw_edit_request(step, redraw, s);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body.value(), (Json{{"round", "final"},
                                {"group", "primary"},
                                {"redraw", true},
                                {"reason", "抽签时操作失误"}}));

  DrawEdit manual = begin_draw_edit(step, DrawEdit::Mode::kManual);
  manual.reason = 0;
  auto same = draw_edit_request(step, manual, s);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.errors().front().message, s.order_unchanged);
  manual.order = {"C1", "C1", "C3"};
  EXPECT_EQ(draw_edit_request(step, manual, s).errors().front().message, s.order_not_drawn);
  manual.order = {"C3", "C2", "C9"};
  EXPECT_EQ(draw_edit_request(step, manual, s).errors().front().message, s.order_not_drawn);
  move_in_order(manual.order = step.order, 2, -1);
  move_in_order(manual.order, 0, -1);  // out of range: nothing moves
  move_in_order(manual.order, 2, +1);
  EXPECT_EQ(manual.order, (std::vector<std::string>{"C1", "C3", "C2"}));
  auto moved = draw_edit_request(step, manual, s);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved.value()["order"], (Json{"C1", "C3", "C2"}));
  EXPECT_EQ(moved.value()["reason"], "按现场纸签录入");
}

TEST_F(BetweenRoundsPanel, TheHeadJudgeSeesEachRulingWithWhoWhenAndWhy) {
  const ConsoleStrings& s = console_strings();
  ConsoleView v = view_of(head_judge_state());
  ASSERT_EQ(v.rulings.size(), 1u);
  DrawnText d = draw(v, draw_head_judge);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has(s.rulings_title));
  EXPECT_TRUE(d.shows("全县决赛 · 小学组"));
  EXPECT_TRUE(d.shows("裁决顺序：1. 熊芳 · 城关一小  2. 邱娟 · 机关幼儿园"));
  EXPECT_TRUE(
      d.shows("裁决人：小学组决赛 第一赛场 裁判长  时间：11月22日 20:54:04  "
              "理由：单项成绩相同，评审组合议"));
  EXPECT_FALSE(d.shows("head:P1"));  // who by name, never the login's key
  // A ruling from a contest file (no reason recorded) says so rather than leaving a blank.
  Json old = head_judge_state();
  old["rulings"][0].erase("reason");
  ConsoleView v2 = view_of(old);
  EXPECT_TRUE(draw(v2, draw_head_judge).shows(std::string("理由：") + s.no_reason));
}

// The overview counts every teacher x section of the venue, less the one recorded 缺赛: 2 of
// 4 published (not "2 / 2" as when only marked ones counted), and names who has no mark; the
// 缺赛 is listed with who, when and why, and 撤销 sends its clearing with a reason.
TEST_F(BetweenRoundsPanel, TheOverviewCountsEveryTeacherAndSectionAndTheAbsenceIsListed) {
  const ConsoleStrings& s = console_strings();
  ConsoleView v = view_of(absence_state());
  const VenueProgress p = v.progress(v.venues.at(0));
  EXPECT_EQ(p.expected, 4);
  EXPECT_EQ(p.published, 2);
  EXPECT_EQ(p.unmarked, 2);
  EXPECT_EQ(p.unmarked_people, std::vector<std::string>{"熊芳 · 城关一小"});
  ConsoleUi ui;
  DrawnText d = draw(v, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has("2 / 4"));
  EXPECT_TRUE(d.shows("小学组预赛赛场：2 项尚无分数：熊芳 · 城关一小"));
  EXPECT_FALSE(d.shows("杜鹃 · 城南小学、"));  // out of the round: not waited for
  EXPECT_TRUE(d.has(s.absences_title));
  EXPECT_TRUE(d.shows("杜鹃 · 城南小学 · 小学组预赛：缺赛（小学组预赛赛场 裁判长，11月22日 20:54:04；原因：本人未到场）"));
  EXPECT_FALSE(d.shows("head:PRE"));
  // Recording: the first teacher not out is offered, with the reasons as buttons.
  EXPECT_TRUE(d.shows("小学组预赛 · 邱娟 · 机关幼儿园"));
  EXPECT_TRUE(d.has("记为缺赛（本人未到场）"));
  EXPECT_TRUE(d.has("记为弃权（本人申请弃权）"));
  press(v, ui, "记为弃权（本人申请弃权）");
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/absence");
  EXPECT_EQ(sent_.sent[0].second, (Json{{"round", "prelim"}, {"contestant", "C001"}, {"status", "withdrew"},
                                        {"reason", "本人申请弃权"}}));
  press(v, ui, s.absence_clear);
  ASSERT_EQ(sent_.sent.size(), 2u);
  EXPECT_EQ(sent_.sent[1].second, (Json{{"round", "prelim"}, {"contestant", "C043"}, {"status", "cleared"},
                                        {"reason", "本人已到场"}}));
}

// The head judge of PRE: the grid's row and the call list say 缺赛; the record is listed with
// 撤销; recording offers the one on stage first and sends the venue's round.
TEST_F(BetweenRoundsPanel, TheHeadJudgeRecordsAnAbsenceForTheOneOnStage) {
  Json state = absence_state();
  state["me"] = {{"person", "head:PRE"}, {"role", "head_judge"}, {"name", "王主任"}, {"venue", "PRE"}};
  state["venues"][0]["stage"] = {{"round", "prelim"}, {"contestant", {{"id", "C002"}, {"draw", nullptr}, {"name", "熊芳"},
                                                                       {"school", "城关一小"}}}};
  state["panels"][5]["marks"][0] = {{"judge", "J01"}, {"points", 7.5}, {"status", "saved"}};  // 杜鹃's qa: a row
  ConsoleView v = view_of(state);
  height_ = 1600;  // everything in sight (the panel scrolls on a tablet)
  ConsoleUi ui;
  ui.panel_section = "qa";
  DrawnText d = draw(v, ui, draw_head_judge);
  SCOPED_TRACE(d.dump());
  const DrawnRun* row = d.exact("杜鹃 · 城南小学");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(d.has(console_strings().absent_word));
  EXPECT_TRUE(d.shows("杜鹃 · 城南小学 · 小学组预赛：缺赛（小学组预赛赛场 裁判长"));
  EXPECT_TRUE(d.shows("熊芳 · 城关一小"));  // on stage: offered first
  press(v, ui, "记为缺赛（本人未到场）", 0, draw_head_judge);
  ASSERT_EQ(sent_.sent.size(), 1u) << d.dump();
  EXPECT_EQ(sent_.sent[0].second, (Json{{"round", "prelim"}, {"contestant", "C002"}, {"status", "absent"},
                                        {"reason", "本人未到场"}}));
}

}  // namespace
}  // namespace lf

namespace lf {
namespace {

// The organizer corrects a name, enters a substitute and adds a topic (roster_panel.cpp): each
// asks for its reason first, then sends exactly the request of docs/api.md; the short bank is
// said in the server's words.
TEST_F(BetweenRoundsPanel, TheOrganizerCorrectsANameEntersASubstituteAndAddsATopic) {
  const ConsoleStrings& s = console_strings();
  ConsoleView v = view_of(roster_state());
  ConsoleUi ui;
  EXPECT_TRUE(draw(v).shows(
      "题库不够：主题班会设计题库在全县决赛还剩 12 道，还有 32 位选手要抽：请再加至少 20 道题"));
  DrawnText d = draw(v, ui, draw_roster);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(
      d.has(s.choose_contestant));  // nobody chosen: no correction aimed at the first listed
  EXPECT_FALSE(d.has(s.roster_send));
  ui.roster.choice = 0;  // chosen from the list (by name: the list is view.contestants' labels)
  d = draw(v, ui, draw_roster);
  EXPECT_TRUE(d.has("邱娟 · 机关幼儿园"));
  EXPECT_FALSE(d.has("C001"));
  EXPECT_EQ(ui.roster.name, "邱娟");  // the fields start from what is registered
  EXPECT_EQ(ui.roster.school, "机关幼儿园");
  ui.roster.name = "邱涓";
  press(v, ui, s.roster_send, 0, draw_roster);  // no reason yet: said, nothing sent
  EXPECT_TRUE(sent_.sent.empty());
  ASSERT_FALSE(ui.toasts.empty());
  EXPECT_EQ(ui.toasts.back().text, s.roster_pick_reason);
  press(v, ui, s.roster_reasons[0], 0, draw_roster);
  press(v, ui, s.roster_send, 0, draw_roster);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/roster/correct");
  EXPECT_EQ(sent_.sent[0].second, (Json{{"contestant", "C001"},
                                        {"name", "邱涓"},
                                        {"school", "机关幼儿园"},
                                        {"reason", "报名表录入有误"}}));
  // A substitute in the secondary group.
  press(v, ui, "中学组", 0, draw_roster);
  ui.roster.sub_name = "林晓", ui.roster.sub_school = "第二中学";
  press(v, ui, s.substitute_reasons[0], 0, draw_roster);
  press(v, ui, s.roster_add_send, 0, draw_roster);
  ASSERT_EQ(sent_.sent.size(), 2u);
  EXPECT_EQ(sent_.sent[1].first, "/api/roster/add");
  EXPECT_EQ(sent_.sent[1].second, (Json{{"group", "secondary"},
                                        {"name", "林晓"},
                                        {"school", "第二中学"},
                                        {"reason", "原选手弃权，由替补参赛"}}));
  // While it is in flight its button does nothing.
  press(v, ui, s.roster_add_send, 0, draw_roster);
  EXPECT_EQ(sent_.sent.size(), 2u);
  // A topic for the class meeting's bank.
  press(v, ui, "主题班会设计", 0, draw_roster);
  ui.roster.topic = "手机进校园";
  press(v, ui, s.topic_add_send, 0, draw_roster);
  ASSERT_EQ(sent_.sent.size(), 3u);
  EXPECT_EQ(sent_.sent[2].first, "/api/topics/add");
  EXPECT_EQ(sent_.sent[2].second, (Json{{"section", "class_meeting"}, {"topic", "手机进校园"}}));
}

// The steward calls a teacher by the round's draw number and name (issue 24: the picker listed
// `C041 蔡伟`): each group's numbers, the group named when the round has two; no id anywhere.
TEST_F(BetweenRoundsPanel, TheStewardPicksATeacherByDrawNumberAndName) {
  ConsoleView v = view_of(steward_state());
  const ConsoleStrings& s = console_strings();
  std::vector<std::string> labels;
  for (size_t i : steward_order(v, "final")) labels.push_back(steward_label(s, v, "final", i));
  EXPECT_EQ(labels, (std::vector<std::string>{
                        "小学组 1 号  邱娟 · 机关幼儿园", "小学组 2 号  蔡伟 · 城南小学",
                        "中学组 1 号  王晓燕 · 第三中学", "小学组 未抽签  熊芳 · 城关一小"}));
  ConsoleUi ui;
  DrawnText d = draw(v, ui, draw_steward);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(
      d.shows("小学组 1 号  邱娟 · 机关幼儿园"));  // offered first: the first the steward calls
  EXPECT_TRUE(d.shows("题库不够：主题班会设计题库在全县决赛还剩 12 道"));
  for (const char* id : {"C041", "C007", "C036", "C012"}) EXPECT_FALSE(d.has(id)) << id;
}

}  // namespace
}  // namespace lf
