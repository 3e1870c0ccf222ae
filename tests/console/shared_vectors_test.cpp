// The shared test vectors (tests/vectors/*.json) run by the native console's code: the same
// cases the browser's code runs under node (tests/vectors/run_web_vectors.mjs, ctest
// web_vectors_node), so the keypad, the clock's face, the penalty, the head judge's review
// flags and a typed stopwatch reading are one list of cases for both consoles.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "judge_console/mark_entry.h"
#include "judge_console/panel_review.h"
#include "judge_console/timer_model.h"
#include "scoring/engine/clock_phase.h"
#include "scoring/engine/section_score.h"
#include "tests/console/web_names.h"
#include "tests/data/test_files.h"

namespace lf {
namespace {

using Json = nlohmann::json;

Json vectors(const std::string& file) {
  Json j = Json::parse(test::read_text(test::source_path("tests/vectors/" + file)), nullptr,
                       /*allow_exceptions=*/false);
  bool cases = j.is_object() && j.contains("cases") && j["cases"].is_array() && !j["cases"].empty();
  EXPECT_TRUE(cases) << file << ": not JSON, or no cases";
  return cases ? j : Json{{"cases", Json::array()}};
}

// What a case expects: its keys less its inputs (as the node runner reads it).
Json expected(const Json& c, std::initializer_list<const char*> inputs) {
  Json want = c;
  want.erase("name");
  for (const char* k : inputs) want.erase(k);
  return want;
}

// Calls `check(case, file)` for each case of the file, traced by the case's name. The file is
// held here while the cases run (a loop over a temporary's "cases" would read freed memory).
template <class Check>
void for_each_case(const std::string& file, Check check) {
  const Json all = vectors(file);
  for (const Json& c : all["cases"]) {
    SCOPED_TRACE(file + ": " + c["name"].get<std::string>());
    check(c, all);
  }
}

std::optional<int64_t> optional_int(const Json& v) {
  return v.is_null() ? std::nullopt : std::optional<int64_t>(v.get<int64_t>());
}

using test::phase_name;
using test::problem_name;

std::vector<PenaltyTier> tiers_of(const Json& list) {
  std::vector<PenaltyTier> tiers;
  for (const Json& t : list)
    tiers.push_back({t["at_least_s"].get<int64_t>(), t["points_units"].get<int64_t>()});
  return tiers;
}

// One key of the file: a digit, the point, backspace, clear, a nudge (+N / -N units), a set (=N)
// or a nudge button ("[+0.5]").
void press(MarkEntry& entry, const std::string& key) {
  if (key.size() > 2 && key.front() == '[' && key.back() == ']') {
    auto button =
        std::find_if(std::begin(kNudgeButtons), std::end(kNudgeButtons),
                     [&](const NudgeButton& b) { return "[" + std::string(b.label) + "]" == key; });
    if (button == std::end(kNudgeButtons))
      ADD_FAILURE() << "no nudge button " << key;
    else
      entry.nudge(nudge_units(entry.rules(), button->tenths));
  } else if (key.size() == 1 && key[0] >= '0' && key[0] <= '9')
    entry.press_digit(key[0] - '0');
  else if (key == ".")
    entry.press_point();
  else if (key == "<")
    entry.backspace();
  else if (key == "C")
    entry.clear();
  else if (key[0] == '+' || key[0] == '-')
    entry.nudge(std::stoll(key));
  else if (key[0] == '=')
    entry.set_units(std::stoll(key.substr(1)));
  else
    ADD_FAILURE() << "unknown key " << key;
}

TEST(SharedVectors, MarkEntryOnTheKeypad) {
  for_each_case("mark_entry.json", [](const Json& c, const Json& file) {
    const Json& r = file["rules"][c["rules"].get<std::string>()];
    MarkEntry entry(
        {r["max_units"].get<int64_t>(), r["step_units"].get<int64_t>(), r["decimals"].get<int>()});
    Json texts = Json::array();
    for (const Json& k : c["keys"]) {
      press(entry, k.get<std::string>());
      texts.push_back(entry.text());
    }
    MarkCheck check = entry.check();
    Json got = {{"text", entry.text()}, {"problem", problem_name(check.problem)}};
    if (check.ok) got["units"] = check.units;
    if (c.contains("texts")) got["texts"] = texts;
    EXPECT_EQ(got, expected(c, {"rules", "keys"}));
  });
}

TEST(SharedVectors, TheClocksPhaseAndOvertime) {
  for_each_case("clock_phase.json", [](const Json& c, const Json&) {
    const int64_t ms = c["elapsed_ms"].get<int64_t>();
    const auto min_s = optional_int(c["min_s"]), max_s = optional_int(c["max_s"]);
    Json got = {
        {"phase", phase_name(clock_phase(ms, min_s, max_s, c.value("warn_s", int64_t{30})))},
        {"overtime_s", overtime_s(ms, max_s)}};
    EXPECT_EQ(got, expected(c, {"elapsed_ms", "min_s", "max_s", "warn_s"}));
  });
}

TEST(SharedVectors, TheTimekeepersClockFace) {
  for_each_case("timer_face.json", [](const Json& c, const Json&) {
    TimerFace f = timer_face(c["elapsed_ms"].get<int64_t>(), optional_int(c["min_s"]),
                             optional_int(c["max_s"]), tiers_of(c["overtime"]));
    Json got = {{"clock", f.clock},
                {"phase", phase_name(f.phase)},
                {"overtime_s", f.overtime_s},
                {"penalty_units", f.penalty_units},
                {"duration_text", f.duration_text}};
    EXPECT_EQ(got, expected(c, {"elapsed_ms", "min_s", "max_s", "overtime"}));
  });
}

TEST(SharedVectors, TheOvertimePenalty) {
  for_each_case("penalty.json", [](const Json& c, const Json&) {
    std::vector<PenaltyTier> tiers = tiers_of(c["tiers"]);
    Json got = {{"points_units", penalty_for(tiers, c["excess_s"].get<int64_t>())}};
    EXPECT_EQ(got, expected(c, {"tiers", "excess_s"}));
  });
}

TEST(SharedVectors, TheHeadJudgesReviewFlags) {
  for_each_case("review_flags.json", [](const Json& c, const Json&) {
    std::vector<std::optional<int64_t>> marks;
    for (const Json& m : c["marks"]) marks.push_back(optional_int(m));
    PanelReview r = review_panel(marks, ReviewSettings::for_section(c["max_units"].get<int64_t>()));
    Json got = {{"far", r.far}, {"wide", r.wide}, {"missing", r.missing}};
    EXPECT_EQ(got, expected(c, {"max_units", "marks"}));
  });
}

TEST(SharedVectors, AStopwatchReadingTypedByHand) {
  for_each_case("typed_reading.json", [](const Json& c, const Json&) {
    Result<int64_t> r =
        typed_reading_tenths(c["minutes"].get<std::string>(), c["seconds"].get<std::string>());
    Json got = r.ok() ? Json{{"tenths", r.value()}} : Json{{"error", r.errors().front().path}};
    EXPECT_EQ(got, expected(c, {"minutes", "seconds"}));
  });
}

TEST(SharedVectors, ATimeAsTheApiAndTheScreenWriteIt) {
  for_each_case("time_text.json", [](const Json& c, const Json&) {
    if (c.contains("duration")) {
      std::optional<int64_t> tenths = duration_tenths_of(c["duration"].get<std::string>());
      Json got = {{"tenths", tenths ? Json(*tenths) : Json(nullptr)}};
      EXPECT_EQ(got, expected(c, {"duration"}));
    } else {
      Json got = {{"text", minutes_seconds_text(c["tenths_shown"].get<int64_t>())}};
      EXPECT_EQ(got, expected(c, {"tenths_shown"}));
    }
  });
}

// A vector file nobody runs checks nothing: each file has its test above and its runner in
// tests/vectors/run_web_vectors.mjs (which refuses a file it has no runner for).
TEST(SharedVectors, EveryVectorFileIsRunHere) {
  const std::set<std::string> run_here = {
      "mark_entry.json",   "clock_phase.json",   "timer_face.json", "penalty.json",
      "review_flags.json", "typed_reading.json", "time_text.json"};
  std::set<std::string> on_disk;
  for (const auto& e : std::filesystem::directory_iterator(test::source_path("tests/vectors")))
    if (e.path().extension() == ".json") on_disk.insert(e.path().filename().string());
  EXPECT_EQ(on_disk, run_here);
}

}  // namespace
}  // namespace lf
