// The contest file: every kind of broken file is refused with the JSON path and the reason,
// nothing crashes, and a valid file round-trips with unknown keys kept.
#include "data/format/contest_file.h"

#include <gtest/gtest.h>

#include <functional>

#include "tests/data/test_files.h"

namespace lf {
namespace {

Json sample() {
  auto j = parse_json(test::read_text(test::source_path(test::kSampleContest)));
  EXPECT_TRUE(j.ok());
  return j.value();
}

std::string all_errors(const Result<ContestFile>& r) {
  std::string out;
  for (const auto& e : r.errors()) out += e.to_string() + "\n";
  return out;
}

TEST(ContestFile, SampleLoads) {
  auto r = load_contest_document(sample());
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const Contest& c = r->contest;
  EXPECT_EQ(c.contestants.size(), 53u);
  EXPECT_EQ(c.marks.size(), 1297u);
  EXPECT_EQ(c.scale.mark_decimals, 1);
  EXPECT_EQ(c.scale.score_decimals, 2);
  EXPECT_EQ(c.rounds[1].entrants_from.at(0), 0);
  EXPECT_EQ(c.overtime_penalty.size(), 2u);
  EXPECT_EQ(c.overtime_penalty[1].points, 200);
}

// One broken file per case: what is changed, and the error expected (path, or "" where the
// index depends on the data, and a piece of the message).
struct BrokenCase {
  const char* name;
  std::function<void(Json&)> breaks;
  const char* path;
  const char* message_part;
};

std::ostream& operator<<(std::ostream& os, const BrokenCase& c) { return os << c.name; }

class Broken : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(Broken, RefusedWithPathAndReason) {
  Json doc = sample();
  GetParam().breaks(doc);
  auto r = load_contest_document(doc);
  ASSERT_FALSE(r.ok());
  bool found = false;
  for (const auto& e : r.errors())
    if ((!*GetParam().path || e.path == GetParam().path) && e.message.find(GetParam().message_part) != std::string::npos)
      found = true;
  EXPECT_TRUE(found) << "wanted " << GetParam().path << ": ..." << GetParam().message_part
                     << "...\ngot:\n" << all_errors(r);
}

// Index of the first mark for (round, contestant, section).
size_t mark_index(const Json& d, const char* round, const char* contestant, const char* section) {
  for (size_t i = 0; i < d["marks"].size(); ++i) {
    const Json& m = d["marks"][i];
    if (m["round"] == round && m["contestant"] == contestant && m["section"] == section) return i;
  }
  ADD_FAILURE() << "no such mark";
  return 0;
}

const BrokenCase kBroken[] = {
    {"MarkAboveMax", [](Json& d) { d["marks"][12]["points"] = 31; }, "marks[12].points",
     "31 is above the maximum 30 for section \"class_meeting\""},
    {"TalentAboveTen", [](Json& d) { d["marks"][0]["points"] = 10.1; }, "marks[0].points",
     "10.1 is above the maximum 10 for section \"talent\""},
    {"MarkNegative", [](Json& d) { d["marks"][3]["points"] = -0.5; }, "marks[3].points",
     "-0.5 is below the minimum 0"},
    {"MarkOffStep", [](Json& d) { d["marks"][3]["points"] = 8.55; }, "marks[3].points",
     "8.55 is not a multiple of the step 0.1"},
    {"MarkNotANumber", [](Json& d) { d["marks"][3]["points"] = "8.5"; }, "marks[3].points",
     "must be a number, got a string"},
    {"MarkBoolean", [](Json& d) { d["marks"][3]["points"] = true; }, "marks[3].points",
     "must be a number, got a boolean"},
    {"MarkMissingPoints", [](Json& d) { d["marks"][3].erase("points"); }, "marks[3].points",
     "is required but missing"},
    {"MarkUnknownJudge", [](Json& d) { d["marks"][3]["judge"] = "J99"; }, "marks[3].judge",
     "unknown judge \"J99\""},
    {"MarkJudgeNotOnPanel", [](Json& d) { d["marks"][3]["judge"] = "J10"; }, "marks[3].judge",
     "judge \"J10\" is not on the panel of venue \"PRE\""},
    {"MarkConflictedJudge",
     [](Json& d) {
       // C011 is from 壶山小学, as is J08 on venue P1 (talent, speech).
       size_t i = mark_index(d, "final", "C011", "speech");
       d["marks"][i]["judge"] = "J08";
     },
     "", "may not mark them (回避)"},
    {"MarkUnknownContestant", [](Json& d) { d["marks"][3]["contestant"] = "C999"; },
     "marks[3].contestant", "unknown contestant \"C999\""},
    {"MarkUnknownSection", [](Json& d) { d["marks"][3]["section"] = "dance"; },
     "marks[3].section", "unknown section \"dance\""},
    {"MarkUnknownRound", [](Json& d) { d["marks"][3]["round"] = "semi"; }, "marks[3].round",
     "unknown round \"semi\""},
    {"MarkContestantNotInRound",
     [](Json& d) {
       d["marks"][3]["contestant"] = "C040";  // secondary: no prelim
     },
     "marks[3].contestant", "is not in a group of round \"prelim\""},
    {"MarkNotAnObject", [](Json& d) { d["marks"][3] = 27.5; }, "marks[3]",
     "must be an object, got a number"},
    {"MarksNotAnArray", [](Json& d) { d["marks"] = Json::object(); }, "marks",
     "must be an array, got an object"},
    {"DuplicateContestantId", [](Json& d) { d["contestants"][4]["id"] = "C002"; },
     "contestants[4].id", "duplicate contestant id \"C002\" (first at contestants[1])"},
    {"DuplicateJudgeId", [](Json& d) { d["judges"][2]["id"] = "J01"; }, "judges[2].id",
     "duplicate judge id \"J01\""},
    {"DuplicateSectionKey", [](Json& d) { d["sections"][1]["key"] = "speech"; },
     "sections[1].key", "duplicate section key \"speech\""},
    {"ContestantUnknownGroup", [](Json& d) { d["contestants"][0]["group"] = "college"; },
     "contestants[0].group", "unknown group \"college\""},
    {"ContestantBadStatus", [](Json& d) { d["contestants"][0]["status"] = "gone"; },
     "contestants[0].status", "is not a status"},
    {"VenueUnknownJudge", [](Json& d) { d["venues"][0]["judges"][0] = "J77"; },
     "venues[0].judges[0]", "unknown judge \"J77\""},
    {"VenueUnknownRound", [](Json& d) { d["venues"][1]["round"] = "semi"; }, "venues[1].round",
     "unknown round \"semi\""},
    {"TwoVenuesRunOneSection", [](Json& d) { d["venues"][2]["sections"] = {"speech"}; },
     "venues[2].sections[0]", "is already run by venue \"P1\""},
    {"TwoVenuesOneName", [](Json& d) { d["venues"][3]["name"] = "小学组决赛第一赛场"; },
     "venues[3].name", "is already the name of venue \"P1\""},
    {"VenueNameNotText", [](Json& d) { d["venues"][0]["name"] = 7; }, "venues[0].name",
     "must be a string"},
    {"NegativeDuration", [](Json& d) { d["timings"][0]["duration_s"] = -5; },
     "timings[0].duration_s", "-5 is negative"},
    {"AbsurdDuration", [](Json& d) { d["timings"][0]["duration_s"] = 99999; },
     "timings[0].duration_s", "is not a plausible duration"},
    {"DurationNotANumber", [](Json& d) { d["timings"][0]["duration_s"] = "5:41"; },
     "timings[0].duration_s", "must be a number, got a string"},
    {"MissingContestants", [](Json& d) { d.erase("contestants"); }, "contestants",
     "is required but missing"},
    {"MissingSections", [](Json& d) { d.erase("sections"); }, "sections",
     "is required but missing"},
    {"MissingJudges", [](Json& d) { d.erase("judges"); }, "judges", "is required but missing"},
    {"MissingFormat", [](Json& d) { d.erase("format"); }, "format", "is required but missing"},
    {"WrongFormat", [](Json& d) { d["format"] = "other/2"; }, "format",
     "is not a format this program reads"},
    {"MissingContestName", [](Json& d) { d["contest"].erase("name"); }, "contest.name",
     "is required but missing"},
    {"SectionMaxNotPositive", [](Json& d) { d["sections"][0]["max_points"] = 0; },
     "sections[0].max_points", "must be greater than 0"},
    {"SectionMinAboveMax", [](Json& d) { d["sections"][0]["min_time_s"] = 400; },
     "sections[0].min_time_s", "is above max_time_s"},
    {"BadAggregation", [](Json& d) { d["aggregation"]["method"] = "olympic"; },
     "aggregation.method", "is not a method"},
    {"TrimLeavesNothing", [](Json& d) { d["aggregation"]["min_marks_for_trim"] = 2; },
     "aggregation.min_marks_for_trim", "must be more than twice trim"},
    {"DecimalsOutOfRange", [](Json& d) { d["decimals"] = 9; }, "decimals", "is out of range"},
    {"StepNotPositive", [](Json& d) { d["score_step"] = 0; }, "score_step",
     "must be greater than 0"},
    {"TieBreakUnknownSection", [](Json& d) { d["tie_break"] = {"dance"}; }, "tie_break[0]",
     "unknown section \"dance\""},
    {"RestNotLast",
     [](Json& d) { d["rounds"][1]["awards"][0]["count"] = "rest"; },
     "rounds[1].awards[0].count", "\"rest\" may only be the last award"},
    {"AwardCountZero", [](Json& d) { d["rounds"][1]["awards"][1]["count"] = 0; },
     "rounds[1].awards[1].count", "is out of range"},
    {"EntrantsFromLaterRound", [](Json& d) { d["rounds"][1]["entrants_from"]["primary"] = "final"; },
     "rounds[1].entrants_from.primary", "unknown round \"final\""},
    {"DecisionUnknownKind", [](Json& d) { d["decisions"][0]["kind"] = "coin_toss"; },
     "decisions[0].kind", "is not a decision kind"},
    {"DecisionWrongGroup", [](Json& d) { d["decisions"][0]["order"][0] = "C040"; },
     "decisions[0].order[0]", "is not in group \"primary\""},
    {"PenaltyThresholdZero", [](Json& d) { d["overtime_penalty"][0]["over_s_at_least"] = 0; },
     "overtime_penalty[0].over_s_at_least", "is out of range"},
    {"OvertimePointsNegative", [](Json& d) { d["overtime_penalty"][0]["points"] = -1; },
     "overtime_penalty[0].points", "must not be negative"},
};

INSTANTIATE_TEST_SUITE_P(ContestFile, Broken, ::testing::ValuesIn(kBroken),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ContestFile, ConflictedMarkNamesTheJudgeAndSchool) {
  Json d = sample();
  size_t i = mark_index(d, "final", "C011", "speech");
  d["marks"][i]["judge"] = "J08";
  auto r = load_contest_document(d);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].to_string(),
            "marks[" + std::to_string(i) +
                "].judge: judge \"J08\" is from the same school (壶山小学) as contestant "
                "\"C011\" and may not mark them (回避)");
}

TEST(ContestFile, ReportsEveryErrorNotOnlyTheFirst) {
  Json d = sample();
  d["marks"][1]["points"] = 99;
  d["marks"][7]["points"] = -1;
  d["marks"][9]["judge"] = "nobody";
  auto r = load_contest_document(d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors().size(), 3u) << all_errors(r);
}

TEST(ContestFile, CapsTheNumberOfErrors) {
  Json d = sample();
  for (auto& m : d["marks"]) m["points"] = 99;
  auto r = load_contest_document(d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors().size(), kMaxErrors + 1);
  EXPECT_NE(r.errors().back().message.find("more errors"), std::string::npos);
}

TEST(ContestFile, MalformedJsonNamesLineAndColumn) {
  auto r = load_contest("{\n  \"format\": \"liangfen.contest/1\",\n  \"contest\": {,\n}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].path, "line 3, column 15");
  EXPECT_NE(r.errors()[0].message.find("malformed JSON"), std::string::npos);
}

TEST(ContestFile, TruncatedFileIsMalformed) {
  std::string text = test::read_text(test::source_path(test::kSampleContest));
  auto r = load_contest(std::string_view(text).substr(0, text.size() / 2));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors()[0].message.find("malformed JSON"), std::string::npos);
}

TEST(ContestFile, InvalidUtf8IsRefused) {
  auto r = load_contest("{\"format\": \"liangfen.contest/1\", \"contest\": {\"name\": \"\xC0\xAF\"}}");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors()[0].message.find("UTF-8"), std::string::npos) << r.errors()[0].to_string();
}

TEST(ContestFile, NonObjectDocumentIsRefused) {
  for (const char* text : {"[]", "42", "\"contest\"", "null"}) {
    auto r = load_contest(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.errors()[0].message.find("must be a JSON object"), std::string::npos);
  }
}

TEST(ContestFile, EmptyInputIsRefused) {
  auto r = load_contest("");
  ASSERT_FALSE(r.ok());
}

TEST(ContestFile, UnreadableFileNamesThePath) {
  auto r = load_contest_file("/nonexistent/x.contest.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].path, "/nonexistent/x.contest.json");
}

TEST(ContestFile, RoundTripKeepsUnknownKeysAndOrder) {
  Json d = sample();
  d["venue_notes"] = {{"P1", "东楼三楼报告厅"}};
  d["contestants"][0]["phone"] = "13800000000";
  std::string text = write_contest(d);
  auto again = load_contest(text);
  ASSERT_TRUE(again.ok()) << all_errors(again);
  EXPECT_EQ(again->document, d);
  EXPECT_EQ(again->document["venue_notes"]["P1"], "东楼三楼报告厅");
  EXPECT_EQ(write_contest(again->document), text);  // byte for byte
  EXPECT_EQ(again->document.begin().key(), "format");
}

TEST(ContestFile, VenueNamesFromTheFileOrMadeFromRoundAndGroup) {
  Json d = sample();
  {
    auto r = load_contest_document(d);
    ASSERT_TRUE(r.ok()) << all_errors(r);
    EXPECT_EQ(r->contest.venues[0].name, "小学组预赛赛场");
    EXPECT_EQ(find_venue_by_name_or_key(r->contest, "小学组决赛第二赛场"), 2);
    EXPECT_EQ(find_venue_by_name_or_key(r->contest, "P2"), 2);
    EXPECT_EQ(find_venue_by_name_or_key(r->contest, "第九赛场"), -1);
  }
  // An older file without names: round and group, and the sections where a round and group
  // have several venues.
  for (Json& v : d["venues"]) v.erase("name");
  d["rounds"][0]["name"] = "预赛";
  d["rounds"][1]["name"] = "决赛";
  auto r = load_contest_document(d);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r->contest.venues[0].name, "预赛 · 小学组");
  EXPECT_EQ(r->contest.venues[1].name, "决赛 · 小学组 · 才艺展示、德育故事演讲");
  EXPECT_EQ(r->contest.venues[6].name, "决赛 · 中学组 · 情景答辩");
  EXPECT_EQ(venue_name(r->contest, 0), "预赛 · 小学组");
}

TEST(ContestFile, DefaultsApplyWhenSettingsAreAbsent) {
  Json d = sample();
  for (const char* k : {"overtime_penalty", "aggregation", "score_step", "decimals", "tie_break"})
    d.erase(k);
  auto r = load_contest_document(d);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r->contest.overtime_penalty.size(), 2u);
  EXPECT_EQ(r->contest.aggregation.trim, 1);
  EXPECT_EQ(r->contest.aggregation.min_marks_for_trim, 5);
  EXPECT_EQ(r->contest.scale.step, 1);
}

TEST(ContestFile, HalfPointStepRefusesTenths) {
  Json d = sample();
  d["score_step"] = 0.5;
  d["marks"] = Json::array();
  d["marks"].push_back({{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"},
                        {"judge", "J01"}, {"points", 27.3}});
  auto r = load_contest_document(d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].to_string(), "marks[0].points: 27.3 is not a multiple of the step 0.5");
}

TEST(ContestFile, DurationIsTruncatedToWholeSeconds) {
  Json d = sample();
  d["timings"][0]["duration_s"] = 329.9;
  auto r = load_contest_document(d);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->contest.timings[0].duration_s, 329);
}

TEST(PerformanceChecker, ChecksOneMarkLikeTheFile) {
  auto r = load_contest_document(sample());
  ASSERT_TRUE(r.ok());
  PerformanceChecker check(r->contest);
  Json good = {{"round", "final"}, {"contestant", "C010"}, {"section", "qa"},
               {"judge", "J17"}, {"points", 27.5}};
  auto m = check.mark(good, "");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->points, 275);
  Json bad = good;
  bad["points"] = 30.5;
  auto e = check.mark(bad, "");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.errors()[0].to_string(), "points: 30.5 is above the maximum 30 for section \"qa\"");
}

}  // namespace
}  // namespace lf
