// Every console panel drawn in a null ImGui context (no window, no GPU, no server) with 0, 1
// and 200 contestants and the machine's CJK font: no crash, no ImGui assertion (asserts are on
// in the tests), and each screen shows what its view says: who is on stage, the sections, the
// marks and scores of a panel, my marks, the headings. The text is read back from the draw
// lists (app_shell/drawn_text.h); the expectations come from the view the panel was given.
#include <gtest/gtest.h>
#include <imgui.h>

#include <map>

#include "judge_console/panels/console_glyphs.h"
#include "judge_console/panels/panel.h"
#include "tests/ui/cjk_font.h"
#include "app_shell/drawn_text.h"

namespace lf {
namespace {


// A tie at the advancement line as the server's state reports it (build_console_view's "ties"):
// 蔡伟 and 陈静 with 84.60, the 情景答辩 already compared, places 14 (goes on) and 15 (does not).
TieToRule tie_at_the_line() {
  TieToRule t;
  t.round = "prelim", t.group = "primary", t.kind = "advance_boundary", t.decides = true;
  t.shown = "0a1b2c3d4e5f6a7b";
  t.tie_break = {"qa"};
  t.people = {{"C0", "蔡伟", "84.60", {{"talent", "57.50"}, {"qa", "27.10"}}},
              {"C1", "陈静", "84.60", {{"talent", "57.50"}, {"qa", "27.10"}}}};
  t.places = {{14, "", false, true}, {15, "", false, false}};
  t.contestants = {"C0", "C1"};
  return t;
}

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
  if (n > 0) v.names["C0"] = v.venues[0].on_stage->label();  // as build_console_view names who is on
  if (n > 1) v.ties.push_back(tie_at_the_line());
  v.head_judge_calls = {"PRE"};
  v.judge_calls = {{"PRE", "J01", "评委1", "设备故障"}};
  return v;
}

// The organizer's 查分 as the server answers it (GET /api/history): a mark and its correction.
HistoryUi sample_history() {
  Json body = {{"contestant", {{"id", "C0"}, {"heading", "C0 选手0 · 实验小学 · 小学组"}}},
               {"lines", Json::array({{{"seq", 12}, {"at_ms", 0}, {"kind", "mark"}, {"when", "8月15日 09:12:00"},
                                       {"who", "评委邹东（评委）"}, {"what", "评分：小学组预赛 · 才艺展示"},
                                       {"before", ""}, {"after", "8.5"}, {"note", ""}},
                                      {{"seq", 17}, {"at_ms", 0}, {"kind", "mark"}, {"when", "8月15日 09:17:30"},
                                       {"who", "评委邹东（评委）"}, {"what", "改分：小学组预赛 · 才艺展示"},
                                       {"before", "8.5"}, {"after", "9.1"}, {"note", "更正第 12 号记录"}}})}};
  HistoryUi h;
  show_history_answer(h, body);
  return h;
}

class ConsolePanels : public ::testing::TestWithParam<int> {
 protected:
  ConsolePanels() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 800);
    io.IniFilename = nullptr;
    // The characters the program bakes for these views (console_glyphs.h).
    GlyphSet glyphs;
    for (const char* role : {"judge", "head_judge", "timekeeper", "steward", "organizer"}) {
      ConsoleView v = view_of(GetParam(), role);
      collect_console_glyphs(console_strings(), &v, glyphs);
    }
    glyphs.add("完成一段很长的案例文字……这个分数已在另一台设备上改为 8.5，本机的修改未保存");
    glyphs.add("德育故事演讲主题班会设计");  // the portrait test's long section names
    glyphs.add(history_glyph_text(sample_history()));
    glyphs.add("甲县乙县大赛");  // the servers found on the LAN
    glyphs.add("蔡伟陈静 · 实验小学城关一小一等奖二等奖");  // the tie to rule (tie_at_the_line)
    glyphs.add("选手0选手1 · 实验小学 0123456789:.");  // the timekeeper's teachers and times
    font_ = test::add_cjk_font(*io.Fonts, glyphs, 24, ranges_);
  }
  ~ConsolePanels() override { ImGui::DestroyContext(); }

  void SetUp() override { ASSERT_NE(font_, nullptr) << "no CJK font on this machine (fonts-noto-cjk)"; }

  // Draws one frame of `panel` and returns the text on the screen.
  DrawnText frame(void (*panel)(PanelContext&), const ConsoleView* view, ConsoleUi& ui) {
    ImGui::GetIO().DisplaySize = ImVec2(width_, height_);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width_, height_));
    ImGui::Begin("console", nullptr, ImGuiWindowFlags_NoDecoration);
    PanelContext c;
    c.view = view;
    c.status.logged_in = true;
    c.status.connected = !banners_;
    if (banners_) {
      c.status.unsynced = 3;
      c.status.message = "连不上服务器";
      c.status.others = {{"J02", 2}};  // someone else's marks still on this tablet
    }
    c.status.offline_view = offline_view_;
    c.ui = &ui;
    c.sent = &sent_;
    c.fonts = {font_, font_, font_};
    c.s = &console_strings();
    c.width = width_, c.height = height_;
    c.time_s = 1;
    c.now_ms = 1'000'000;
    c.found_servers = found_;
    c.join_qr = join_qr_ ? &*join_qr_ : nullptr;
    c.join_link = join_link_;
    if (view) draw_status_bar(c);
    panel(c);
    draw_toasts(c);
    ImGui::End();
    ImGui::Render();
    return drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
  }
  // Three frames (ImGui lays windows and tables out over the first ones); the last one's text.
  DrawnText settled(void (*panel)(PanelContext&), const ConsoleView* view, ConsoleUi& ui) {
    frame(panel, view, ui);
    frame(panel, view, ui);
    return frame(panel, view, ui);
  }

  // Presses the key labelled `label` with the mouse: hover, down, up, a frame each (ImGui's
  // button fires on release), then one more frame so the panel acts on it.
  void press(void (*panel)(PanelContext&), const ConsoleView* view, ConsoleUi& ui, const std::string& label,
             size_t nth = 0) {
    DrawnText d = settled(panel, view, ui);
    const DrawnRun* key = nullptr;
    for (const DrawnRun& r : d.runs)
      if (r.text == label && nth-- == 0) {
        key = &r;
        break;
      }
    ASSERT_NE(key, nullptr) << label << "\n" << d.dump();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((key->x + key->right) / 2, key->center_y());
    frame(panel, view, ui);
    io.MouseDown[0] = true;
    frame(panel, view, ui);
    io.MouseDown[0] = false;
    frame(panel, view, ui);
    io.MousePos = ImVec2(-1, -1);
    frame(panel, view, ui);
  }

  const ConsoleStrings& str() const { return console_strings(); }
  int n() const { return GetParam(); }

  std::vector<ImWchar> ranges_;
  ImFont* font_ = nullptr;
  SentActions sent_;  // what the panels would have sent
  bool offline_view_ = false;
  bool banners_ = true;  // the connection warning and the others-unsent line showing
  // What was sent to `path`, in order.
  std::vector<Json> sent_to(const std::string& path) const {
    std::vector<Json> out;
    for (const auto& [p, body] : sent_.sent)
      if (p == path) out.push_back(body);
    return out;
  }
  float width_ = 1280, height_ = 800;
  std::vector<FoundServer> found_;   // the login screen's servers on the LAN
  std::optional<QrMatrix> join_qr_;  // the organizer's venue join code
  std::string join_link_;
};

std::string section_name(const ConsoleView& v, const std::string& key) { return v.section(key)->name; }

TEST_P(ConsolePanels, JudgeSeesWhoIsOnStageTheSectionsAndMyMarks) {
  ConsoleView v = view_of(n(), "judge");
  ConsoleUi ui;
  ui.toasts.push_back({"完成", true, 10});
  DrawnText d = settled(draw_judge, &v, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.shows(v.name));  // the status bar
  EXPECT_TRUE(d.has("完成"));     // the toast
  const VenueView& venue = v.venues[0];
  if (n() == 0) {
    EXPECT_TRUE(d.has(str().nobody_on_stage));
    return;
  }
  EXPECT_TRUE(d.has(venue.on_stage->label()));
  for (const auto& key : venue.sections) EXPECT_TRUE(d.shows(section_name(v, key))) << key;
  EXPECT_TRUE(d.has(str().my_marks));
  // The newest of my marks is listed first: its contestant, points and state on one line.
  const MarkLine& newest = v.my_marks.back();
  const DrawnRun* row = nullptr;
  for (const DrawnRun& r : d.runs)
    if (r.text == newest.contestant_label && d.line_has(r, newest.points)) row = &r;
  ASSERT_NE(row, nullptr) << newest.contestant_label << " " << newest.points;
  EXPECT_TRUE(d.line_has(*row, mark_state_text(str(), newest.state)));
}

TEST_P(ConsolePanels, HeadJudgeSeesThePanelGridWithEachJudgesMarkAndTheScore) {
  ConsoleView v = view_of(n(), "head_judge");
  ConsoleUi ui;
  DrawnText d = settled(draw_head_judge, &v, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.shows(v.name));
  const VenueView& venue = v.venues[0];
  EXPECT_TRUE(d.has(std::string(str().on_stage) + "：" + (venue.on_stage ? venue.on_stage->label() : "—")));
  for (const auto& [id, name] : venue.judges) EXPECT_TRUE(d.has(name)) << name;  // column heads
  // 请裁判长: who called and why, on the banner (issue 17 §6).
  EXPECT_TRUE(d.shows(v.judge_calls[0].judge_name + "：" + v.judge_calls[0].note));
  if (n() == 0) return;
  // The on-stage contestant's row of the chosen section: its marks, by judge, and its score.
  const PanelView* p = nullptr;
  for (const PanelView& x : v.panels)
    if (x.contestant == venue.on_stage->id && x.section == ui.panel_section) p = &x;
  ASSERT_NE(p, nullptr) << ui.panel_section;
  const DrawnRun* row = d.exact(p->contestant_label);
  ASSERT_NE(row, nullptr) << p->contestant_label;
  // A dropped (trimmed) mark says so beside its figures: "8.5  去".
  for (const MarkLine& m : p->marks)
    EXPECT_TRUE(d.line_has(*row, !m.units ? "—" : m.dropped ? m.points + "  " + str().dropped_mark : m.points)) << m.judge;
  EXPECT_TRUE(d.line_has(*row, p->score));
  EXPECT_TRUE(d.has("−" + p->penalty));

  ui.selected_panel = int(p - v.panels.data()), ui.selected_mark = 1;  // the send-back row
  DrawnText back = settled(draw_head_judge, &v, ui);
  EXPECT_TRUE(back.has(str().send_back)) << back.dump();
}

// 亮分 asks first, showing what it decides — the marks, the one the trimmed mean leaves out, the
// time, the penalty and the score — and sends only on 确认亮分; 撤回亮分 asks with a reason per
// button and sends the reason (issue 24 §3). The on-stage contestant's talent row is the first
// row of the grid, made complete and not yet published here.
TEST_P(ConsolePanels, HeadJudgesPublishAndItsUndoAskFirstWithWhatTheyDecide) {
  if (n() == 0) return;  // no performance to publish
  ConsoleView v = view_of(n(), "head_judge");
  PanelView& p = v.panels[0];  // C0, 才艺展示
  p.complete = true, p.published = false;
  ConsoleUi ui;
  press(draw_head_judge, &v, ui, str().publish);
  EXPECT_TRUE(sent_.sent.empty()) << "亮分 sent on the first tap";
  DrawnText asked = settled(draw_head_judge, &v, ui);
  SCOPED_TRACE(asked.dump());
  EXPECT_TRUE(asked.has(std::string("确认亮分：") + p.contestant_label + " · 才艺展示"));
  std::string dropped;
  for (const MarkLine& m : p.marks)
    if (m.units && m.dropped) dropped = m.points;
  EXPECT_TRUE(asked.shows("（去掉 " + dropped + "）"));
  EXPECT_TRUE(asked.has("平均 8.50 · 用时 3:20 · 扣分 −1.00 · 得分 7.50"));
  press(draw_head_judge, &v, ui, str().confirm_publish);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/publish");
  EXPECT_EQ(sent_.sent[0].second, (Json{{"round", "prelim"}, {"contestant", "C0"}, {"section", "talent"}}));
  EXPECT_FALSE(settled(draw_head_judge, &v, ui).has("确认亮分："));  // the question is gone

  p.published = true;  // as the next state from the server says
  sent_ = {};
  press(draw_head_judge, &v, ui, str().reopen);
  EXPECT_TRUE(sent_.sent.empty()) << "撤回亮分 sent on the first tap";
  DrawnText undo = settled(draw_head_judge, &v, ui);
  EXPECT_TRUE(undo.has(std::string("撤回亮分：") + p.contestant_label + " · 才艺展示（得分 7.50）")) << undo.dump();
  press(draw_head_judge, &v, ui, str().reopen_reasons[0]);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/reopen");
  EXPECT_EQ(sent_.sent[0].second.value("reason", ""), str().reopen_reasons[0]);
  EXPECT_EQ(sent_.sent[0].second.value("contestant", ""), "C0");
}

// A ruling (issue 24 §4) shows the tied block — totals, section scores, the tie-break already
// compared, what each place brings — and sends nothing until the question naming who goes on
// is confirmed; 上移 changes the order the question names; the ruling names the block as shown.
TEST_P(ConsolePanels, ARulingShowsTheTieAndWhatItDecidesThenAsksBeforeSending) {
  ConsoleView v = view_of(n(), "head_judge");
  v.ties = {tie_at_the_line()};
  v.round_names = {{"prelim", "小学组预赛"}};
  v.group_names = {{"primary", "小学组"}};
  ConsoleUi ui;
  DrawnText d = settled(draw_ties, &v, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has("并列待裁决（小学组预赛 · 小学组）"));
  EXPECT_TRUE(d.shows("总分同为 84.60 分；已按规则依次比较情景答辩的成绩，仍然相同"));
  for (const char* text : {"第 14 名", "第 15 名", "蔡伟", "陈静", "84.60", "57.50", "27.10",
                           "晋级", "不晋级", "才艺展示", "情景答辩", "这一位置"})
    EXPECT_TRUE(d.has(text)) << text;
  const DrawnRun* first = d.exact("蔡伟");
  const DrawnRun* goes_on = d.exact("晋级");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(goes_on, nullptr);
  EXPECT_TRUE(d.line_has(*first, "第 14 名"));
  EXPECT_TRUE(d.line_has(*first, "晋级"));

  press(draw_ties, &v, ui, str().ruling_reasons[0]);
  EXPECT_TRUE(sent_.sent.empty()) << "a ruling sent on the first tap";
  DrawnText asked = settled(draw_ties, &v, ui);
  EXPECT_TRUE(asked.shows("确认：蔡伟晋级，陈静不晋级？")) << asked.dump();
  EXPECT_TRUE(asked.shows("裁决理由：评审组合议")) << asked.dump();
  press(draw_ties, &v, ui, str().cancel);
  EXPECT_TRUE(sent_.sent.empty());

  // 陈静 first: the question says so, and the ruling sent is that order, naming the block shown.
  press(draw_ties, &v, ui, str().up);
  press(draw_ties, &v, ui, str().ruling_reasons[0]);
  EXPECT_TRUE(settled(draw_ties, &v, ui).shows("确认：陈静晋级，蔡伟不晋级？"));
  press(draw_ties, &v, ui, str().tie_confirm_yes);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/decisions");
  EXPECT_EQ(sent_.sent[0].second, (Json{{"round", "prelim"}, {"group", "primary"}, {"order", {"C1", "C0"}},
                                        {"reason", "评审组合议"}, {"shown", "0a1b2c3d4e5f6a7b"}}));
  EXPECT_FALSE(settled(draw_ties, &v, ui).shows("确认："));  // the question is gone

  // A tie of awards asks in the award's words; a block that changed (a new `shown`) starts over.
  sent_ = {};
  ConsoleView awards = v;
  awards.ties[0].places = {{2, "一等奖", true, std::nullopt}, {3, "二等奖", true, std::nullopt}};
  awards.ties[0].shown = "ffff000011112222";
  press(draw_ties, &awards, ui, str().ruling_reasons[2]);
  EXPECT_TRUE(settled(draw_ties, &awards, ui).shows("确认：蔡伟获一等奖，陈静获二等奖？"));
  EXPECT_FALSE(settled(draw_ties, &awards, ui).has("C0"));  // names, never ids
  ConsoleView changed = awards;
  changed.ties[0].shown = "9999000011112222";
  EXPECT_FALSE(settled(draw_ties, &changed, ui).shows("确认："));
  EXPECT_TRUE(sent_.sent.empty());
}

// 呼叫上场 while the one on stage still lacks a mark asks first, naming what is lacking, and
// calls only on 仍然呼叫; with nothing lacking it calls at once. The on-stage row is the first
// row of the grid, with its duration.
TEST_P(ConsolePanels, CallingTheNextOneAsksFirstWhenTheOneOnStageLacksAMark) {
  if (n() == 0) return;  // nobody to call
  ConsoleView v = view_of(n(), "head_judge");
  v.panels[1].published = false;  // C0's 情景答辩: judge 5 has no mark yet
  ConsoleUi ui;
  DrawnText grid = settled(draw_head_judge, &v, ui);
  const DrawnRun* first = grid.exact(v.panels[0].contestant_label);
  ASSERT_NE(first, nullptr) << grid.dump();
  EXPECT_TRUE(grid.line_has(*first, "3:20")) << grid.dump();  // 用时 of the row
  press(draw_head_judge, &v, ui, str().call_next, 1);  // the button, after the combo's label
  EXPECT_TRUE(sent_.sent.empty()) << "called on the first tap";
  DrawnText asked = settled(draw_head_judge, &v, ui);
  EXPECT_TRUE(asked.has(v.venues[0].on_stage->label() + " 还缺：情景答辩缺 1 个分数。仍要呼叫下一位吗？")) << asked.dump();
  press(draw_head_judge, &v, ui, str().call_anyway);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/stage");
  EXPECT_EQ(sent_.sent[0].second.value("venue", ""), "PRE");

  v.panels[1].published = true;  // nothing lacking: one tap calls
  sent_ = {};
  ConsoleUi fresh;
  press(draw_head_judge, &v, fresh, str().call_next, 1);
  ASSERT_EQ(sent_.sent.size(), 1u);
  EXPECT_EQ(sent_.sent[0].first, "/api/stage");
}

// The timekeeper's view with someone on stage (every n: 0 puts 选手0 on), called at `since_ms`.
ConsoleView timekeeper_view(int n, const std::string& on = "C0", int64_t since_ms = 1) {
  ConsoleView v = view_of(n, "timekeeper");
  v.venues[0].on_stage = PersonOnStage{"prelim", on, "选手" + on.substr(1), "实验小学", ""};
  v.venues[0].on_stage_since_ms = since_ms;
  return v;
}
// The server's clock for whoever is on stage, stopped at `elapsed_ms` (or running).
void server_clock(ConsoleView& v, int64_t elapsed_ms, bool running = false, const std::string& section = "talent") {
  VenueView& venue = v.venues[0];
  venue.clock_contestant = venue.on_stage->id, venue.clock_elapsed_ms = elapsed_ms;
  venue.clock_running = running, venue.clock_section = section;
}

TEST_P(ConsolePanels, TimekeeperSeesWhoIsOnAndTheSectionsThenStop) {
  ConsoleView v = view_of(n(), "timekeeper");
  ConsoleUi ui;
  DrawnText d = settled(draw_timekeeper, &v, ui);
  SCOPED_TRACE(d.dump());
  const VenueView& venue = v.venues[0];
  EXPECT_TRUE(d.has(std::string(str().on_stage) + "：" + (venue.on_stage ? venue.on_stage->label() : "—")));
  for (const auto& key : venue.sections) EXPECT_TRUE(d.has(section_name(v, key))) << key;
  // 开始 and 停止 each in its own spot, always: a double tap on 停止 can never land on 开始.
  const DrawnRun* start = d.exact(str().start);
  const DrawnRun* stop = d.exact(str().stop);
  ASSERT_TRUE(start && stop);
  EXPECT_TRUE(start->right <= stop->x || stop->right <= start->x) << start->x << " " << stop->x;
  EXPECT_FALSE(d.shows("提交用时")) << "nothing to send before a stop";
}

// Issue 24: a double tap on 停止 sends one stop and never a start; 提交用时 only after the stop.
TEST_P(ConsolePanels, TimekeeperDoubleTapOnStopSendsOneStopAndNeverRestarts) {
  ConsoleView v = timekeeper_view(n());
  ConsoleUi ui;
  press(draw_timekeeper, &v, ui, str().start);
  ASSERT_TRUE(ui.clock.running());
  DrawnText running = settled(draw_timekeeper, &v, ui);
  EXPECT_FALSE(running.shows("提交用时")) << running.dump();
  const DrawnRun* stop = running.exact(str().stop);
  ASSERT_NE(stop, nullptr);
  const float x = (stop->x + stop->right) / 2, y = stop->center_y();
  for (int tap = 0; tap < 2; ++tap) {  // the same spot twice
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    frame(draw_timekeeper, &v, ui);
    io.MouseDown[0] = true;
    frame(draw_timekeeper, &v, ui);
    io.MouseDown[0] = false;
    frame(draw_timekeeper, &v, ui);
  }
  ImGui::GetIO().MousePos = ImVec2(-1, -1);
  EXPECT_FALSE(ui.clock.running());
  std::vector<Json> clock = sent_to("/api/clock");
  ASSERT_EQ(clock.size(), 2u) << "one start, one stop";
  EXPECT_EQ(clock[0]["running"], true);
  EXPECT_EQ(clock[0]["contestant"], "C0");
  EXPECT_EQ(clock[1]["running"], false);
  EXPECT_EQ(clock[1]["contestant"], "C0");
}

// Issue 24: after a new call the clock reads 00:00, stopped, with nothing to send; the stopped
// time of the one who left is offered for her by name, and sent for her, never for the next.
TEST_P(ConsolePanels, TimekeeperAfterANewCallShowsZeroAndKeepsTheLeftTimeForItsOwner) {
  ConsoleView first = timekeeper_view(n(), "C0", 1);
  server_clock(first, 5300);
  ConsoleUi ui;
  DrawnText before = settled(draw_timekeeper, &first, ui);
  EXPECT_TRUE(before.has("00:05")) << before.dump();
  EXPECT_TRUE(before.has("提交用时 0:05.3")) << before.dump();
  ConsoleView next = timekeeper_view(n(), "C1", 2);  // the server reset its clock at the call
  DrawnText after = settled(draw_timekeeper, &next, ui);
  SCOPED_TRACE(after.dump());
  EXPECT_TRUE(after.has("00:00"));
  EXPECT_FALSE(after.shows("提交用时"));
  EXPECT_FALSE(ui.clock.running());
  const std::string left = first.venues[0].on_stage->label();
  EXPECT_TRUE(after.has(left + " 的用时 0:05.3 尚未提交"));
  press(draw_timekeeper, &next, ui, "提交 " + left + " 的用时");
  std::vector<Json> times = sent_to("/api/timings");
  ASSERT_EQ(times.size(), 1u);
  EXPECT_EQ(times[0]["contestant"], "C0");
  EXPECT_EQ(times[0]["duration_s"].dump(), "5.3");
  EXPECT_FALSE(settled(draw_timekeeper, &next, ui).shows("尚未提交"));
  // The same teacher called again is a new performance too.
  ConsoleView again = timekeeper_view(n(), "C1", 3);
  server_clock(next, 7000);
  settled(draw_timekeeper, &next, ui);
  EXPECT_TRUE(settled(draw_timekeeper, &again, ui).has("00:00"));
}

// Issue 24: a sent time reads 已记录 5:46 ✓ with 更正 behind its own button; 更正 opens the
// typed reading for that performance, which needs a reason and stays with its teacher when the
// stage changes before it is sent.
TEST_P(ConsolePanels, TimekeeperRecordedTimeAndATypedReadingForItsOwnPerformance) {
  ConsoleView v = timekeeper_view(n());
  v.recorded_times["prelim|C0|talent"] = 3460;
  ConsoleUi ui;
  DrawnText d = settled(draw_timekeeper, &v, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has("已记录 5:46 ✓"));
  EXPECT_TRUE(d.has(str().correct));
  EXPECT_FALSE(d.shows("提交用时"));
  press(draw_timekeeper, &v, ui, str().correct);
  ASSERT_TRUE(ui.typing.has_value());
  const std::string who = v.venues[0].on_stage->label();
  EXPECT_TRUE(settled(draw_timekeeper, &v, ui).has(who + " 的用时（秒表读数）"));
  std::snprintf(ui.typing->minutes, sizeof ui.typing->minutes, "5");
  std::snprintf(ui.typing->seconds, sizeof ui.typing->seconds, "50");
  ConsoleView next = timekeeper_view(n(), "C1", 2);  // the next teacher is called meanwhile
  DrawnText form = settled(draw_timekeeper, &next, ui);
  EXPECT_TRUE(form.has(who + " 的用时（秒表读数）")) << form.dump();
  press(draw_timekeeper, &next, ui, "提交用时 5:50");  // no reason yet: nothing is sent
  EXPECT_TRUE(sent_to("/api/timings").empty());
  ui.typing->reason = 3;
  press(draw_timekeeper, &next, ui, "提交用时 5:50");
  std::vector<Json> times = sent_to("/api/timings");
  ASSERT_EQ(times.size(), 1u);
  EXPECT_EQ(times[0]["contestant"], "C0");
  EXPECT_EQ(times[0]["duration_s"].dump(), "350.0");
  EXPECT_EQ(times[0]["reason"], str().reasons[3]);
  EXPECT_FALSE(ui.typing.has_value());
}

// Issue 17's smaller point: over the maximum but below the first overtime tier costs nothing,
// and the timekeeper is not shown "扣 0.00 分" (in red); past the tier the cost is shown.
TEST_P(ConsolePanels, TimekeeperOverTimeBelowTheFirstTierIsToldNothingIsTakenOff) {
  ConsoleView v = timekeeper_view(n());
  v.overtime = {{30, 100}, {60, 200}};  // the sample contest's tiers, in score units
  server_clock(v, 329'000, false, "talent");  // at most 300 s
  ConsoleUi ui;
  DrawnText d = settled(draw_timekeeper, &v, ui);
  EXPECT_TRUE(d.has("超时 29 秒 · 未到扣分档，不扣分")) << d.dump();
  EXPECT_FALSE(d.shows("扣 0.00 分")) << d.dump();
  server_clock(v, 331'000, false, "talent");
  DrawnText over = settled(draw_timekeeper, &v, ui);
  EXPECT_TRUE(over.has("超时 31 秒 · 扣 1.00 分")) << over.dump();
}

TEST_P(ConsolePanels, StewardOrganizerAndLoginShowTheirContent) {
  ConsoleView steward = view_of(n(), "steward");
  steward.topic_banks["qa"] = 3;
  for (auto& [id, label] : steward.names) steward.contestants.push_back({id, label});
  if (n() > 0) steward.topic_draws.push_back({"prelim", "C0", "选手0", "qa", "一段很长的案例文字……", 0, 999'000});
  ConsoleUi sui;
  sui.topic_round = "prelim";
  DrawnText d = settled(draw_steward, &steward, sui);
  for (const auto& [key, size] : steward.topic_banks) EXPECT_TRUE(d.has(section_name(steward, key))) << key << d.dump();
  if (n() > 0) {
    EXPECT_TRUE(d.has(str().choose_contestant)) << d.dump();
    EXPECT_TRUE(d.has(steward.topic_draws[0].text)) << d.dump();
  }

  ConsoleView organizer = view_of(n(), "organizer");
  ConsoleUi oui;
  DrawnText o = settled(draw_organizer, &organizer, oui);
  SCOPED_TRACE(o.dump());
  EXPECT_TRUE(o.has(organizer.venues[0].name));
  EXPECT_TRUE(o.has(organizer.venues[0].on_stage ? organizer.venues[0].on_stage->label() : "—"));
  EXPECT_TRUE(o.has(str().displays));
  if (n() > 1) {  // the tie to rule, its contestants in order, with their places
    EXPECT_TRUE(o.shows(str().ties));
    const DrawnRun* first = o.exact("蔡伟");
    const DrawnRun* second = o.exact("陈静");
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_TRUE(o.line_has(*first, "第 14 名"));
    EXPECT_TRUE(o.line_has(*second, "第 15 名"));
  } else {
    EXPECT_FALSE(o.shows(str().ties));
  }

  ConsoleUi ui;
  ui.code = "1234";
  DrawnText l = settled(draw_login, nullptr, ui);
  SCOPED_TRACE(l.dump());
  for (const char* text : {str().app_title, str().server, str().code}) EXPECT_TRUE(l.has(text)) << text;
  EXPECT_TRUE(l.shows("连不上服务器"));  // the status message
}

// The servers announced on the LAN are listed by contest and address; tapping one fills the
// address field, and nothing is listed when none was found (a machine without a daemon).
TEST_P(ConsolePanels, LoginListsTheServersFoundOnTheLanAndATapFillsTheAddress) {
  ConsoleUi ui;
  ui.server_text = "https://127.0.0.1:8080";
  DrawnText none = settled(draw_login, nullptr, ui);
  EXPECT_FALSE(none.has(str().found_servers)) << none.dump();
  found_ = {{"甲县大赛", "192.168.1.10", 8080, true, 2}, {"乙县大赛", "192.168.1.20", 9000, false, 2}};
  DrawnText d = settled(draw_login, nullptr, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has(str().found_servers));
  EXPECT_TRUE(d.has("甲县大赛 · 192.168.1.10:8080"));
  EXPECT_TRUE(d.has("乙县大赛 · 192.168.1.20:9000"));
  press(draw_login, nullptr, ui, "乙县大赛 · 192.168.1.20:9000");
  EXPECT_EQ(ui.server_text, "http://192.168.1.20:9000");
  press(draw_login, nullptr, ui, "甲县大赛 · 192.168.1.10:8080");
  EXPECT_EQ(ui.server_text, "https://192.168.1.10:8080");
}

// The organizer's screen shows the venue's join code (the login page, no code in it) with its
// address when the console knows one, and nothing of it otherwise.
TEST_P(ConsolePanels, OrganizerShowsTheVenuesJoinCodeWithItsAddress) {
  ConsoleView organizer = view_of(n(), "organizer");
  ConsoleUi ui;
  DrawnText without = settled(draw_organizer, &organizer, ui);
  EXPECT_FALSE(without.has(str().join_title)) << without.dump();
  join_link_ = "https://192.168.1.10:8080/";
  join_qr_ = encode_qr(join_link_).value();
  DrawnText d = settled(draw_organizer, &organizer, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has(str().join_title));
  EXPECT_TRUE(d.has(join_link_));
  EXPECT_TRUE(d.shows("评委、裁判长"));
  EXPECT_EQ(d.unknown_quads, 0);
}

TEST_P(ConsolePanels, OrganizerHistoryShowsEveryLineWithItsOldValue) {
  ConsoleView organizer = view_of(n(), "organizer");
  for (auto& [id, label] : organizer.names) organizer.contestants.push_back({id, label});
  ConsoleUi ui;
  DrawnText before = settled(draw_organizer, &organizer, ui);
  if (n() == 0) {  // nobody to look up: the heading only
    EXPECT_TRUE(before.has(str().history_title)) << before.dump();
    EXPECT_FALSE(before.has(str().history_show)) << before.dump();
    return;
  }
  EXPECT_TRUE(before.has(str().history_show)) << before.dump();
  EXPECT_FALSE(before.has(str().history_before)) << before.dump();  // no table before one is asked for
  ui.history = sample_history();
  DrawnText d = settled(draw_organizer, &organizer, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has("C0 选手0 · 实验小学 · 小学组"));
  for (const char* h : {str().history_no, str().history_when, str().history_who, str().history_what,
                        str().history_before, str().history_after, str().history_note})
    EXPECT_TRUE(d.has(h)) << h;
  // Long cells wrap in their columns: each is looked for by a part that fits one line.
  for (const char* text : {"09:17:30", "评委邹东", "改分：", "更正第"}) EXPECT_TRUE(d.shows(text)) << text;
  for (const char* text : {"9.1", "17", "12"}) EXPECT_TRUE(d.has(text)) << text;
  EXPECT_TRUE(d.has("8.5"));  // the old value, and the first mark's value
}

TEST_P(ConsolePanels, OfflineViewAndTheLogoutQuestionDraw) {
  offline_view_ = true;
  ConsoleView v = view_of(GetParam(), "judge");
  std::string refusal = "这个分数已在另一台设备上改为 8.5，本机的修改未保存";
  if (GetParam() > 0) {  // a refused correction beside the stored mark
    MarkLine refused{"prelim", "C0", "选手0", "talent", "J01", "", 95, "9.5", MarkState::kRefused, refusal, false};
    v.my_marks.push_back(refused);
  }
  ConsoleUi ui;
  ui.confirm_logout = true;  // 退出登录 pressed with 3 unsent
  DrawnText d = settled(draw_judge, &v, ui);
  SCOPED_TRACE(d.dump());
  if (GetParam() > 0) {
    EXPECT_TRUE(d.shows("本机的修改未保存"));
  }
  EXPECT_TRUE(ui.confirm_logout);  // still asking: nothing was pressed
}

// Where the keypad's keys and 提交分数 were drawn (each label's pen position; a key that moves
// moves its label). Every label is looked for: none may be missing.
std::map<std::string, std::vector<std::pair<float, float>>> keypad_places(const DrawnText& d) {
  std::map<std::string, std::vector<std::pair<float, float>>> at;
  for (const char* label : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "+0.1", "−0.5"})
    for (const DrawnRun& r : d.runs)
      if (r.text == label) at[label].push_back({r.x, r.y});
  for (const DrawnRun& r : d.runs)
    if (r.text == console_strings().backspace || r.text == console_strings().submit) at[r.text].push_back({r.x, r.y});
  return at;
}

TEST_P(ConsolePanels, TheKeypadStaysPutWhenTheConnectionBannerComesAndWhenAMarkIsSaved) {
  if (n() == 0) return;  // nobody on stage: no keypad
  ConsoleView v = view_of(n(), "judge");
  v.my_marks.clear();  // nothing marked yet for who is on stage
  ConsoleUi ui;
  banners_ = false;
  DrawnText quiet = settled(draw_judge, &v, ui);
  auto before = keypad_places(quiet);
  ASSERT_EQ(before.size(), 14u) << quiet.dump();
  ASSERT_FALSE(quiet.shows("连不上服务器"));
  ASSERT_TRUE(quiet.shows("选手0")) << quiet.dump();

  banners_ = true;  // the connection drops: the warning and another's unsent marks appear
  offline_view_ = true;
  DrawnText warned = settled(draw_judge, &v, ui);
  ASSERT_TRUE(warned.shows(str().offline_view)) << warned.dump();
  EXPECT_EQ(keypad_places(warned), before) << warned.dump();

  // The mark is saved (and another was refused): the notices above the keypad do not push it.
  MarkLine saved{"prelim", "C0", v.names["C0"], ui.target.section, "J01", "", 85, "8.5", MarkState::kSaved, "", false};
  MarkLine refused{"prelim", "C0", v.names["C0"], ui.target.section, "J01", "", 95, "9.5", MarkState::kRefused,
                   "这个分数已在另一台设备上改为 8.5，本机的修改未保存", false};
  v.my_marks = {saved, refused};
  DrawnText after_save = settled(draw_judge, &v, ui);
  ASSERT_TRUE(after_save.shows("已打分：8.5")) << after_save.dump();
  EXPECT_EQ(keypad_places(after_save), before) << after_save.dump();
}

TEST_P(ConsolePanels, OnAPortraitTabletEverySectionTabIsOnTheScreen) {
  if (n() == 0) return;
  width_ = 800, height_ = 1280;
  ConsoleView v = view_of(n(), "judge");
  // The sample's four sections, the long names of a county contest.
  v.sections = {{"talent", "才艺展示", "", 100, 1, 180, 300}, {"speech", "德育故事演讲", "", 100, 1, 180, 300},
                {"class_meeting", "主题班会设计", "", 300, 1, std::nullopt, std::nullopt},
                {"qa", "情景答辩", "评分标准……", 300, 1, std::nullopt, 300}};
  v.venues[0].sections = {"talent", "speech", "class_meeting", "qa"};
  ConsoleUi ui;
  DrawnText d = settled(draw_judge, &v, ui);
  SCOPED_TRACE(d.dump());
  for (const SectionInfo& si : v.sections) {
    const DrawnRun* tab = d.containing(si.name);
    ASSERT_NE(tab, nullptr) << si.name;
    EXPECT_LE(tab->right, width_) << si.name;
    EXPECT_GE(tab->x, 0) << si.name;
  }
  EXPECT_EQ(keypad_places(d).size(), 14u);  // the keypad too, whole
  for (const auto& [label, places] : keypad_places(d))
    for (auto [x, y] : places) EXPECT_LT(y, height_) << label;
}

// Issue 24 §1, §2: the keypad opens on the section being performed (the server's stage.section),
// follows the stage to the next teacher, keeps a number typed for the one who left with a notice
// that opens it again, and sends it for her only; a mark sent back opens from its notice, with
// no ✓ on its tab.
TEST_P(ConsolePanels, TheKeypadFollowsTheStageAndATypedNumberStaysWithItsTeacher) {
  if (n() < 2) return;
  ConsoleView v = view_of(n(), "judge");
  v.my_marks.clear();
  VenueView& venue = v.venues[0];
  venue.performed_section = "qa";
  venue.on_stage_since_ms = 1;
  for (const char* id : {"C0", "C1"})
    for (const char* sec : {"talent", "qa"}) v.my_performances.push_back({"PRE", "prelim", id, v.names[id], sec, false});
  ConsoleUi ui;
  settled(draw_judge, &v, ui);
  EXPECT_EQ(ui.target.key(), "prelim|C0|qa");
  press(draw_judge, &v, ui, "5");
  ASSERT_TRUE(ui.typed());
  EXPECT_EQ(ui.typed()->text(), "5");

  // The next teacher is called; the timekeeper has not started: the server says talent.
  venue.on_stage = PersonOnStage{"prelim", "C1", "选手1", "", ""};
  venue.on_stage_since_ms = 2;
  venue.performed_section = "talent";
  DrawnText next = settled(draw_judge, &v, ui);
  SCOPED_TRACE(next.dump());
  EXPECT_EQ(ui.target.key(), "prelim|C1|talent");
  EXPECT_TRUE(ui.typed() == nullptr || ui.typed()->text().empty());
  char kept[256];
  std::snprintf(kept, sizeof kept, str().draft_kept, "5", v.names["C0"].c_str(), "情景答辩");
  ASSERT_TRUE(next.has(kept));
  EXPECT_FALSE(next.shows(str().left_stage));

  // The notice opens her performance again, with the 5, as a late mark; it goes to her.
  press(draw_judge, &v, ui, kept);
  EXPECT_EQ(ui.target.key(), "prelim|C0|qa");
  ASSERT_TRUE(ui.typed());
  EXPECT_EQ(ui.typed()->text(), "5");
  DrawnText late = settled(draw_judge, &v, ui);
  EXPECT_TRUE(late.shows(str().left_stage)) << late.dump();
  press(draw_judge, &v, ui, str().submit);
  press(draw_judge, &v, ui, str().confirm_yes);
  std::vector<Json> marks = sent_to(kMarksPath);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0]["contestant"], "C0");
  EXPECT_EQ(marks[0]["section"], "qa");
  EXPECT_EQ(marks[0]["points"], 5);

  // Her talent mark comes back: a notice opens it, its tab has no ✓.
  v.my_marks.push_back({"prelim", "C0", v.names["C0"], "talent", "J01", "", 85, "8.5", MarkState::kReturned, "请核对分数", false});
  v.my_marks.push_back({"prelim", "C0", v.names["C0"], "qa", "J01", "", 50, "5.0", MarkState::kSaved, "", false});
  char returned[256];
  std::snprintf(returned, sizeof returned, str().returned_banner, v.names["C0"].c_str(), "才艺展示");
  press(draw_judge, &v, ui, returned);
  EXPECT_EQ(ui.target.key(), "prelim|C0|talent");
  DrawnText reentry = settled(draw_judge, &v, ui);
  EXPECT_TRUE(reentry.has("才艺展示")) << reentry.dump();
  EXPECT_FALSE(reentry.shows("才艺展示 ✓")) << reentry.dump();
  EXPECT_TRUE(reentry.has("情景答辩 ✓")) << reentry.dump();
  EXPECT_TRUE(reentry.shows("请核对分数")) << reentry.dump();

  // 回到当前选手: the stage again, at the section being performed.
  char back[256];
  std::snprintf(back, sizeof back, str().back_to_stage, "选手1");
  press(draw_judge, &v, ui, back);
  EXPECT_EQ(ui.target.key(), "prelim|C1|talent");
}

// The list of my performances (issue 24 §2): every performance I may mark with its state, the
// latest called first; a row opens its performance.
TEST_P(ConsolePanels, MyListSaysWhatEachPerformanceNeedsAndOpensIt) {
  if (n() < 2) return;
  ConsoleView v = view_of(n(), "judge");
  v.my_marks.clear();
  for (const char* id : {"C0", "C1"})
    for (const char* sec : {"talent", "qa"}) v.my_performances.push_back({"PRE", "prelim", id, v.names[id], sec, false});
  v.my_performances[0].published = true;  // C0 talent: 亮分
  v.my_marks.push_back({"prelim", "C0", v.names["C0"], "qa", "J01", "", 80, "8.0", MarkState::kReturned, "请核对", false});
  v.my_marks.push_back({"prelim", "C1", v.names["C1"], "talent", "J01", "", 90, "9.0", MarkState::kSaved, "", false});
  ConsoleUi ui;
  DrawnText d = settled(draw_judge, &v, ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has(str().state_todo));      // C1 qa
  EXPECT_TRUE(d.has(str().state_saved));     // C1 talent
  EXPECT_TRUE(d.has(str().state_returned));  // C0 qa
  EXPECT_TRUE(d.has(str().state_locked));    // C0 talent
  // C1 (called later) is listed above C0.
  const DrawnRun* later = nullptr;
  const DrawnRun* earlier = nullptr;
  for (const DrawnRun& r : d.runs) {
    if (r.text == v.names["C1"] && !later && r.x > width_ * 0.5f) later = &r;
    if (r.text == v.names["C0"] && !earlier && r.x > width_ * 0.5f) earlier = &r;
  }
  ASSERT_TRUE(later && earlier);
  EXPECT_LT(later->y, earlier->y);
  press(draw_judge, &v, ui, v.names["C1"]);  // its first row: talent
  EXPECT_EQ(ui.target.key(), "prelim|C1|talent");
}

TEST_P(ConsolePanels, ARecusedJudgeSeesHuiBiAndTheKeypadDoesNothing) {
  if (n() == 0) return;
  ConsoleView v = view_of(n(), "judge");
  v.my_marks.clear();
  ConsoleUi ui;
  // Not recused: pressing 5 types a 5.
  DrawnText open = settled(draw_judge, &v, ui);
  EXPECT_FALSE(open.shows(str().recused_note));
  press(draw_judge, &v, ui, "5");
  ASSERT_TRUE(ui.typed());
  EXPECT_EQ(ui.typed()->text(), "5");

  v.venues[0].recused = {"J01"};  // the server says J01 may not mark who is on stage
  ConsoleUi closed_ui;
  DrawnText d = settled(draw_judge, &v, closed_ui);
  SCOPED_TRACE(d.dump());
  EXPECT_TRUE(d.has(str().recused));
  EXPECT_TRUE(d.has(str().recused_note));
  EXPECT_FALSE(d.has(str().enter_mark));  // nothing asks for a mark
  press(draw_judge, &v, closed_ui, "5");
  ASSERT_TRUE(closed_ui.typed());
  EXPECT_EQ(closed_ui.typed()->text(), "");  // the key is disabled
}

// A login whose name is only its id (a code sheet without names): the status bar says the
// role, or for a judge the name on the panel — never "head:PRE" or "J01".
TEST_P(ConsolePanels, TheStatusBarNamesThePersonNeverTheLoginId) {
  ConsoleView head = view_of(n(), "head_judge");
  head.name = head.person;
  ConsoleUi ui;
  DrawnText d = settled(draw_head_judge, &head, ui);
  EXPECT_TRUE(d.shows(str().head_judge_role)) << d.dump();
  EXPECT_FALSE(d.shows(head.person)) << d.dump();
  ConsoleView judge = view_of(n(), "judge");
  judge.name = judge.person;  // "J01"
  ConsoleUi jui;
  DrawnText j = settled(draw_judge, &judge, jui);
  EXPECT_TRUE(j.shows(judge.venues[0].judges[0].second + "  ·  ")) << j.dump();  // 评委1, J01's name on the panel
}

INSTANTIATE_TEST_SUITE_P(Contestants, ConsolePanels, ::testing::Values(0, 1, 200));

}  // namespace
}  // namespace lf
