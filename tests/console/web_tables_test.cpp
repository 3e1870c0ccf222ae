// The tables both consoles hold, compared whole: what the browser's modules hold (read by node
// through tests/vectors/dump_web_tables.mjs, the modules as the browser loads them) against the
// C++ that the server and the native console are built from. Any difference fails, naming it:
// the API version, the live feed's event kinds, every /api/ path the browser writes, every word
// the two string tables share (web/strings.js against judge_console/console_strings.h, key for
// key, and the browser's own words declared as such), why a login ended, the keypad's nudge
// buttons, and the names of a mark's problems and of the clock's phases.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "judge_console/console_strings.h"
#include "judge_console/mark_entry.h"
#include "scoring/protocol/protocol.h"
#include "scoring/protocol/requests.h"
#include "scoring/protocol/session_end.h"
#include "tests/console/web_names.h"
#include "tests/data/test_files.h"

namespace lf {
namespace {

using Json = nlohmann::json;

// The browser's tables, read once by node.
const Json& web_tables() {
  static const Json tables = [] {
    std::string command = std::string(LF_NODE) + " '" +
                          test::source_path("tests/vectors/dump_web_tables.mjs") + "' --web '" +
                          test::source_path("web") + "'";
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
      char buf[4096];
      for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
      if (::pclose(p) != 0) out.clear();
    }
    return Json::parse(out, nullptr, /*allow_exceptions=*/false);
  }();
  return tables;
}

class WebTables : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(web_tables().is_object()) << "node could not read web/*.js (" << LF_NODE << ")";
  }
  static const Json& web(const char* key) { return web_tables()[key]; }
};

TEST_F(WebTables, TheBrowserLogsInWithTheProtocolsApiVersion) {
  EXPECT_EQ(web("api_version"), protocol::kApiVersion);
}

// The kinds the event log holds: the contest's import, and one per change the server takes
// (protocol::request_specs, less the login). The browser listens for each (web/api.js
// EVENT_KINDS); a kind it does not list is never seen by its live feed.
TEST_F(WebTables, TheBrowserListensForEveryEventKind) {
  std::set<std::string> kinds = {"import"};
  for (const protocol::RequestSpec& spec : protocol::request_specs())
    if (spec.kind != "login") kinds.insert(std::string(spec.kind));
  std::vector<std::string> listed = web("event_kinds").get<std::vector<std::string>>();
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), kinds);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), listed.size())
      << "a kind listed twice";
  EXPECT_EQ(kinds.count(protocol::session_end::kEvent),
            0u);  // the feed's last event, listened for apart
}

TEST_F(WebTables, EveryPathTheBrowserCallsIsAProtocolPath) {
  namespace p = protocol::path;
  const std::set<std::string> protocol_paths = {
      p::kHealth,        p::kLogin,         p::kLogout,  p::kReissueCode, p::kState,  p::kMarks,
      p::kTimings,       p::kClock,         p::kStage,   p::kPublish,     p::kReopen, p::kReturn,
      p::kDecisions,     p::kCallHeadJudge, p::kResults, p::kExport,      p::kBackup, p::kEvents,
      p::kDisplayScene,  p::kTopicDraw,     p::kHistory, p::kAdvance,     p::kDraw,   p::kAbsence,
      p::kRosterCorrect, p::kRosterAdd,     p::kTopicAdd};
  ASSERT_FALSE(web("paths").empty());
  for (const Json& path : web("paths"))
    EXPECT_EQ(protocol_paths.count(path.get<std::string>()), 1u)
        << path << " is not a path of scoring/protocol/protocol.h";
}

// judge_console/console_strings.h read as text: each member's name with its value in the
// compiled struct. The struct holds only `const char*` members and arrays of them, so the
// header's declarations, in order, are its slots; the parse is checked against the compiled
// values slot by slot (and by count), so a declaration it misread fails here, not silently.
struct NativeWord {
  std::vector<std::string> values;  // one, or an array's
  bool array = false;
};

// The string literals from `from` to the declaration's ';' (adjacent literals joined, commas
// separating an array's elements).
std::vector<std::string> literals(const std::string& text, size_t& i) {
  std::vector<std::string> out(1);
  for (; i < text.size() && text[i] != ';'; ++i) {
    if (text[i] == '/' && text[i + 1] == '/') i = text.find('\n', i);
    if (text[i] == ',') out.emplace_back();
    if (text[i] != '"') continue;
    for (++i; text[i] != '"'; ++i) {
      if (text[i] != '\\') {
        out.back() += text[i];
        continue;
      }
      char e = text[++i];
      out.back() += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    }
  }
  return out;
}

std::map<std::string, NativeWord> native_words() {
  const std::string text = test::read_text(test::source_path("judge_console/console_strings.h"));
  std::map<std::string, NativeWord> words;
  std::vector<std::string> slots_in_order;
  const std::string decl = "const char* ";
  for (size_t at = text.find(decl); at != std::string::npos; at = text.find(decl, at)) {
    size_t i = at + decl.size(), end = text.find_first_of(" [=", i);
    std::string name = text.substr(i, end - i);
    i = text.find('=', end);
    NativeWord w;
    w.array = text[end] == '[';
    w.values = literals(text, i);
    at = i;
    for (const std::string& v : w.values) slots_in_order.push_back(v);
    EXPECT_TRUE(words.emplace(name, std::move(w)).second) << name << " twice";
  }
  static_assert(sizeof(ConsoleStrings) % sizeof(const char*) == 0);
  constexpr size_t kSlots = sizeof(ConsoleStrings) / sizeof(const char*);
  const ConsoleStrings compiled;
  const char* slots[kSlots];
  std::memcpy(slots, &compiled, sizeof compiled);  // only const char* members: no padding
  EXPECT_EQ(slots_in_order.size(), kSlots) << "console_strings.h read wrongly";
  for (size_t k = 0; k < std::min(kSlots, slots_in_order.size()); ++k)
    EXPECT_EQ(slots_in_order[k], slots[k]) << "slot " << k << " of console_strings.h read wrongly";
  return words;
}

// printf's %lld and the browser's %d fill the same number (web/strings.js fmt knows %s and %d).
std::string as_browser_writes(std::string s) {
  for (size_t i; (i = s.find("%lld")) != std::string::npos;) s.replace(i, 4, "%d");
  return s;
}

// Words only the browser shows, each with why the native console has no such entry. A new key
// in web/strings.js is either the native table's (same key, same words) or listed here.
const std::map<std::string, const char*> kBrowserOnly = {
    {"code_hint", "the login field's placeholder; the native field has none"},
    {"no_storage", "only a browser can lack local storage (a private window)"},
    {"server_unreachable",
     "the native console says it with the server's address it was given (console_client.cpp)"},
    {"numbered",
     "the native console writes \"3 号选手\" in code (console_view.cpp ContestantView::label)"},
    {"no_performances",
     "a hint of the browser's head judge screen; the native panel has no such line"},
    {"choose_mark", "a hint of the browser's head judge screen; the native panel has no such line"},
    {"returned_to", "the browser's toast after 退回重评; the native panel shows the mark returned"},
    {"role_names", "checked below against the native *_role words"},
    {"session_ended", "checked below against scoring/protocol/session_end.h"},
};

TEST_F(WebTables, EveryWordBothConsolesShowIsTheSame) {
  const std::map<std::string, NativeWord> native = native_words();
  std::set<std::string> browser_only;
  for (const auto& [key, value] : web("strings").items()) {
    SCOPED_TRACE(key);
    auto it = native.find(key);
    if (it == native.end()) {
      browser_only.insert(key);
      continue;
    }
    if (it->second.array) {
      std::vector<std::string> want;
      for (const std::string& v : it->second.values) want.push_back(as_browser_writes(v));
      EXPECT_EQ(value, Json(want)) << "web/strings.js " << key << " differs from console_strings.h";
    } else {
      EXPECT_EQ(value, as_browser_writes(it->second.values.front()))
          << "web/strings.js " << key << " differs from console_strings.h";
    }
  }
  std::set<std::string> declared;
  for (const auto& [key, why] : kBrowserOnly) declared.insert(key);
  EXPECT_EQ(browser_only, declared)
      << "a key only web/strings.js has must be declared in kBrowserOnly";
}

// Words the browser must show (a key missing from web/strings.js fails here; the test above
// compares the words of every key both have): the native console's words for what the browser's
// judge, head judge and timekeeper screens do.
TEST_F(WebTables, TheBrowserHasTheNativeWordsForWhatItsScreensDo) {
  const char* must_show[] = {
      // a login that ended with marks kept, storage that fails
      "session_ended_kept", "storage_error", "storage_error_help",
      // the judge's list and notices (issue 24 §1, §2)
      "my_marks", "no_marks_yet", "state_todo", "state_saved", "state_waiting", "state_returned",
      "state_locked", "state_refused", "left_stage", "back_to_stage", "returned_banner",
      "draft_kept",
      // 缺赛 / 弃权 on the head judge's screen
      "absences_title", "absent_word", "withdrew_word", "withdrawn_word", "absence_pick",
      "absence_record", "absence_line", "absence_clear", "absence_clear_reason", "absence_none",
      "absence_reasons",
      // the timekeeper (issue 24)
      "start", "stop", "reset", "send_time", "recorded_time", "correct", "type_reading",
      "reading_for", "minutes", "seconds", "reason", "reasons", "left_unsent", "send_left",
      "reading_minutes_bad", "reading_seconds_bad", "reading_zero",
      // a tie ruling (issue 24 §4)
      "ties", "rule_tie", "rule_tie_because", "ruling_reasons", "up", "tie_ruled", "tie_same_total",
      "tie_break_applied", "tie_break_none", "tie_col_order", "tie_col_name", "tie_col_total",
      "tie_col_outcome", "tie_place", "tie_advances", "tie_not_advances", "tie_award",
      "tie_no_award", "tie_confirm", "tie_confirm_reason", "tie_confirm_yes", "cancel"};
  const std::map<std::string, NativeWord> native = native_words();
  for (const char* key : must_show) {
    EXPECT_TRUE(web("strings").contains(key)) << "web/strings.js lacks " << key;
    EXPECT_EQ(native.count(key), 1u) << "console_strings.h lacks " << key;
  }
}

TEST_F(WebTables, TheRolesAreNamedInTheNativeWords) {
  const ConsoleStrings s;
  namespace r = protocol::role;
  const Json want = {{r::kJudge, s.judge_role},           {r::kHeadJudge, s.head_judge_role},
                     {r::kTimekeeper, s.timekeeper_role}, {r::kOrganizer, s.organizer_role},
                     {r::kDisplay, s.display_role},       {r::kSteward, s.steward_role}};
  EXPECT_EQ(web("strings")["role_names"], want);
}

// Why a login ended (the 401's and the live feed's reason), reason for reason, both ways.
TEST_F(WebTables, EveryEndOfALoginIsWordedAsTheProtocolWordsIt) {
  Json want = Json::object();
  for (const protocol::session_end::Words& w : protocol::session_end::kWords)
    want[w.reason] = w.message;
  EXPECT_EQ(web("strings")["session_ended"], want);
}

TEST_F(WebTables, TheNudgeButtonsAreTheNativeKeypads) {
  Json want = Json::array();
  for (const NudgeButton& b : kNudgeButtons)
    want.push_back({{"label", b.label}, {"tenths", b.tenths}});
  EXPECT_EQ(web("nudge_buttons"), want);
}

// The names the shared vectors use for the native enums are the browser's, every one.
TEST_F(WebTables, AMarksProblemsAndTheClocksPhasesHaveTheBrowsersNames) {
  Json problems = Json::array(), phases = Json::array();
  for (MarkProblem p : test::kAllMarkProblems) problems.push_back(test::problem_name(p));
  for (ClockPhase p : test::kAllClockPhases) phases.push_back(test::phase_name(p));
  EXPECT_EQ(web("mark_problems"), problems);
  EXPECT_EQ(web("clock_phases"), phases);
}

}  // namespace
}  // namespace lf
