// What every panel of the console gets, and the UI thread's own state (what is being typed,
// which cell is selected): panels draw the ConsoleView snapshot, never touch the network
// directly (they call ConsoleClient, which queues), and only the UI thread runs them.
#pragma once

#include <imgui.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/format/qr_code.h"
#include "data/live/history.h"
#include "judge_console/console_client.h"
#include "judge_console/console_strings.h"
#include "judge_console/console_view.h"
#include "judge_console/draw_edit.h"
#include "judge_console/mark_entry.h"
#include "judge_console/timer_model.h"
#include "scoring/client/lan_browser.h"

namespace lf {

struct ConsoleFonts {
  ImFont* body = nullptr;
  ImFont* big = nullptr;
  ImFont* huge = nullptr;  // digits and signs only
};

// The organizer's history of one contestant (panels/history_panel.cpp).
struct HistoryUi {
  int choice = 0;                  // index into view.contestants
  int fetch_id = 0;                // the GET in flight (0: none)
  std::string shown_for;           // the contestant whose lines are shown
  std::string heading;             // drawable text
  std::vector<HistoryLine> lines;  // drawable text: one page of the trail
  size_t from = 0, total = 0;      // the page's first line, and the trail's lines in all
  int64_t next_from = -1;          // the next page's first line (-1: this is the last page)
  bool scroll_to = false;          // new lines arrived: bring the table into sight once
};

struct Toast {
  std::string text;
  bool ok = true;
  double until_s = 0;
};

// A time for one performance, named when it was taken (never moved to whoever is on stage now).
struct TimeToSend {
  std::string round, contestant, label, section;
  int64_t tenths = 0;
  std::string key() const { return round + "|" + contestant + "|" + section; }
};

// The timekeeper's typed stopwatch reading (a tablet died mid-act) or correction (更正).
struct TypedReading {
  TimeToSend time;  // tenths filled from the fields when sent
  char minutes[4] = "", seconds[8] = "";
  int reason = -1;
};

// The UI thread's state between frames.
struct ConsoleUi {
  std::string server_text;
  std::string code;
  // judge: the performance the keypad is on (issue 24 §1, §2). It follows the stage — who is on
  // stage at the section being performed — whenever that changes, and otherwise stays where the
  // judge put it (a tab, a row of my list, a banner). A number typed stays with its own
  // performance until sent: the stage moving on never drops or moves it.
  MyPerformance target;                     // round "" : nothing open yet
  std::string followed;                     // the stage (performance|section) last followed
  std::map<std::string, MarkEntry> drafts;  // MyPerformance::key() -> the number typed for it
  bool confirming = false;                  // the 确认提交 dialog is open (the target stays put)
  int call_action = 0;
  // The number typed for the target, or nullptr before the keypad drew it.
  MarkEntry* typed() {
    auto it = drafts.find(target.key());
    return target.round.empty() || it == drafts.end() ? nullptr : &it->second;
  }
  // head judge
  std::string panel_section;
  int selected_panel = -1, selected_mark = -1;
  // A performance (round|contestant|section) whose 亮分 or 撤回亮分 asks first; empty: none.
  std::string confirm_publish, confirm_reopen;
  bool confirm_call = false;  // 呼叫上场 asking, the one on stage still lacking marks or a time
  std::map<std::string, int> actions;  // what -> action id in flight
  // Tie rulings (panels/tie_ruling_panel.cpp): each tie's order as being arranged, the ties as
  // shown (a block that changed starts over), and the one whose ruling asks first (-1: none).
  std::vector<std::vector<std::string>> tie_orders;
  std::vector<std::string> tie_shown;
  int tie_confirm = -1;
  std::string tie_reason;
  int next_choice = 0;                 // who to call on stage next
  std::string next_for = "-";          // the contestant on stage when next_choice was offered
  // steward
  std::string topic_round, topic_section;
  int topic_contestant = -1;  // -1: start on the latest draw
  // timekeeper
  PerformanceClock clock;                  // the clock of the performance on stage
  std::optional<PersonOnStage> timed;      // whose performance `clock` times
  std::map<std::string, int64_t> sent_times;  // round|contestant|section -> tenths, sent from here
  std::optional<TimeToSend> left_unsent;   // the previous performance's stopped time, never sent
  std::optional<TypedReading> typing;      // the 秒表读数 form, for the performance it was opened for
  // organizer
  HistoryUi history;
  DrawEdit draw_edit;  // a recorded draw being redrawn or reordered
  // organizer: roster fixes and topics added on the running server (panels/roster_panel.cpp)
  struct RosterUi {
    int choice = -1;           // index into view.contestants; -1: nobody chosen yet
    std::string filled_for;    // the contestant whose name and school fill the fields
    std::string name, school;  // the corrected name and school
    int reason = -1;           // index into ConsoleStrings::roster_reasons
    int group = 0;             // the substitute's group, index into view.group_names
    std::string sub_name, sub_school;
    int sub_reason = -1;  // index into ConsoleStrings::substitute_reasons
    int section = 0;      // the bank, index into view.sections
    std::string topic;
  } roster;
  // organizer and head judge: 缺赛 / 弃权
  int absence_choice = 0;         // the teacher chosen to record
  std::string absence_for = "-";  // who was on stage when it was chosen (a new call: the new one)
  // all
  std::vector<Toast> toasts;
  bool confirm_logout = false;  // asking before logging out with unsent items
};

// Null-context tests, without a client: what a panel would send is recorded here instead, and
// an action recorded stays in flight (its buttons disabled) until the test takes it out.
struct SentActions {
  std::vector<std::pair<std::string, Json>> sent;  // path, body
  std::set<std::string> in_flight;                 // action names
};

struct PanelContext {
  ConsoleClient* client =
      nullptr;                  // null in tests: buttons then do nothing (or record into `sent`)
  SentActions* sent = nullptr;  // tests only
  const ConsoleView* view = nullptr;
  ConsoleStatus status;
  ConsoleUi* ui = nullptr;
  ConsoleFonts fonts;
  const ConsoleStrings* s = nullptr;
  float width = 0, height = 0;
  double time_s = 0;
  int64_t now_ms = 0;         // wall clock
  int64_t server_now_ms = 0;  // the server's clock, estimated
  // The venue's join link (scoring/client/join_link.h: this server as the tablets in the hall
  // reach it, the login page) and its QR code, on the organizer's screen; null: none known.
  const QrMatrix* join_qr = nullptr;
  std::string join_link;
  // The servers found on the LAN (server_choices, names drawable), listed on the login screen.
  std::vector<FoundServer> found_servers;
};

// Panels.
// The server's address (typed, or one of the servers found on the LAN tapped: that fills it)
// and the personal code on a large keypad.
void draw_login(PanelContext& c);
// The person, the connection, the sync count, logout; below them a banner space of fixed height
// (status_banner_height) whether or not a banner shows.
void draw_status_bar(PanelContext& c);
float status_banner_height(const PanelContext& c);
void draw_judge(PanelContext& c);
void draw_head_judge(PanelContext& c);
void draw_timekeeper(PanelContext& c);
void draw_toasts(PanelContext& c);
// "本机还有 J01 的 2 条分数未发送，请 J01 在本机重新登录", one line per person.
void draw_others_unsent(PanelContext& c);
// Every venue at a glance with the venue's join QR code beside it (below it on a portrait
// screen; when the context has one), between rounds, ties, the displays' scenes, the printed
// documents, 查分.
void draw_organizer(PanelContext& c);
// The organizer's 查分: choose a contestant, read their whole trail from the server (GET
// /api/history), shown as a table: when, who, what, old value, new value, reason.
void draw_contestant_history(PanelContext& c);
// The server's answer to GET /api/history into the table's lines (drawable text).
void show_history_answer(HistoryUi& h, const Json& body);
// Every text the history table draws (its lines come from the server), for the glyph set.
std::string history_glyph_text(const HistoryUi& h);
void draw_steward(PanelContext& c);
// The steward's picker: "小学组 3 号  邱娟 · 机关幼儿园" (the group only when there are several;
// "未抽签" without a number in `round`), and the contestants' order in it: those with a number in
// the round first, by group and number, then the others as listed. No id: the steward calls
// the number and the name.
std::string steward_label(const ConsoleStrings& s, const ConsoleView& v, const std::string& round,
                          size_t contestant);
std::vector<size_t> steward_order(const ConsoleView& v, const std::string& round);
// The tied blocks the server says a ruling may order (head judge and organizer): each with its
// totals, section scores, the tie-break already compared and what each position brings; order
// them with the arrows, choose the reason, and confirm the question ("确认：蔡伟晋级，陈静不晋级？")
// before the ruling is sent, naming the block as shown.
void draw_ties(PanelContext& c);
// What a position of a tied block brings, in the screen's words: "晋级", "获一等奖", "不获奖、
// 不晋级", or "第 5 名" when it brings nothing else.
std::string place_outcome(const ConsoleStrings& s, const PlaceAtStakeView& p);
// The question before a ruling: "蔡伟晋级，陈静不晋级" for `order` (ids) of `tie`.
std::string tie_question(const ConsoleStrings& s, const TieToRule& tie, const std::vector<std::string>& order);
// The rulings recorded (裁决记录): each group's order as decided, who ruled, when and why.
void draw_rulings(PanelContext& c);

// 缺赛 / 弃权 (panels/absence_panel.cpp): what is recorded, with who, when, why and 撤销, and
// recording one with a reason. `only`: a head judge's venue (its round and teachers); null: the
// organizer's, every round.
void draw_absences(PanelContext& c, const VenueView* only);
// The organizer's roster fixes on the running server (panels/roster_panel.cpp): a name or
// school corrected, a substitute entered, a topic added; each with a reason (the topic is its own),
// sent as POST /api/roster/correct, /api/roster/add, /api/topics/add. Withdrawing is 弃权
// (draw_absences).
void draw_roster(PanelContext& c);
// The banks that will not last their round, in the server's words (topic_shortfalls): at the
// top of the organizer's overview and of the steward's screen.
void draw_topic_shortfalls(PanelContext& c);
// "缺赛", "弃权", "已退赛" for a status of the API ("absent", "withdrew", "withdrawn"); "" else.
const char* absence_text(const ConsoleStrings& s, const std::string& status);

// An action known by name (e.g. "publish:C001speech"): is it in flight, and run it.
inline bool busy(PanelContext& c, const std::string& what) {
  if (!c.client && c.sent) return c.sent->in_flight.count(what) > 0;
  auto it = c.ui->actions.find(what);
  return it != c.ui->actions.end() && c.client && c.client->in_flight(it->second);
}
inline void run(PanelContext& c, const std::string& what, const char* path, Json body) {
  if (c.client) {
    c.ui->actions[what] = c.client->act(path, std::move(body));
  } else if (c.sent) {
    c.sent->sent.push_back({path, std::move(body)});
    c.sent->in_flight.insert(what);
  }
}

// Widgets shared by panels.
// A numeric keypad (3x4: 1-9, ".", 0, ⌫); returns the key pressed (digit, '.', '<'), or 0.
char keypad(const char* id, float width, float key_height, bool with_point, const char* backspace_label);
// A big button; disabled (greyed) when `enabled` is false.
bool big_button(const char* label, ImVec2 size, bool enabled = true, ImU32 color = 0);
void centered_text(ImFont* font, const std::string& text, ImU32 color = 0xFFFFFFFF);
ImU32 phase_color(ClockPhase phase);
const char* mark_state_text(const ConsoleStrings& s, MarkState st);
// A role as people say it ("裁判长"), for a role key of the API ("head_judge").
const char* role_text(const ConsoleStrings& s, const std::string& role);
ImU32 mark_state_color(MarkState st);
// Continues the line when an item `width` wide still fits in the window, else starts a new
// one: on a portrait tablet every button stays on the screen.
void same_line_if_fits(float width);
float text_width(const char* text);     // as drawn in the current font (up to "##")
float button_width(const char* label);  // a button of that label, with its padding
// A round's or group's name as people say it ("全县决赛"), or its key when the state names none.
std::string name_of(const std::map<std::string, std::string>& names, const std::string& key);

}  // namespace lf
