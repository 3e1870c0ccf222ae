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
     "31 超过主题班会设计的满分 30"},
    {"TalentAboveTen", [](Json& d) { d["marks"][0]["points"] = 10.1; }, "marks[0].points",
     "10.1 超过才艺展示的满分 10"},
    {"MarkNegative", [](Json& d) { d["marks"][3]["points"] = -0.5; }, "marks[3].points",
     "-0.5 低于最低分 0"},
    {"MarkOffStep", [](Json& d) { d["marks"][3]["points"] = 8.55; }, "marks[3].points",
     "8.55 不是最小分值单位 0.1的整数倍"},
    {"MarkNotANumber", [](Json& d) { d["marks"][3]["points"] = "8.5"; }, "marks[3].points",
     "应为数字，实际为文字（字符串）"},
    {"MarkBoolean", [](Json& d) { d["marks"][3]["points"] = true; }, "marks[3].points",
     "应为数字，实际为真假值"},
    {"MarkMissingPoints", [](Json& d) { d["marks"][3].erase("points"); }, "marks[3].points",
     "缺少必填项"},
    {"MarkUnknownJudge", [](Json& d) { d["marks"][3]["judge"] = "J99"; }, "marks[3].judge",
     "没有这个评委：\"J99\""},
    {"MarkJudgeNotOnPanel", [](Json& d) { d["marks"][3]["judge"] = "J10"; }, "marks[3].judge",
     "评委 \"J10\"（评委杜琴）不在小学组预赛赛场（PRE）的评委组"},
    {"MarkConflictedJudge",
     [](Json& d) {
       // C011 is from 壶山小学, as is J08 on venue P1 (talent, speech).
       size_t i = mark_index(d, "final", "C011", "speech");
       d["marks"][i]["judge"] = "J08";
     },
     "", "应回避"},
    {"MarkUnknownContestant", [](Json& d) { d["marks"][3]["contestant"] = "C999"; },
     "marks[3].contestant", "没有这个选手：\"C999\""},
    {"MarkUnknownSection", [](Json& d) { d["marks"][3]["section"] = "dance"; },
     "marks[3].section", "没有这个环节：\"dance\""},
    {"MarkUnknownRound", [](Json& d) { d["marks"][3]["round"] = "semi"; }, "marks[3].round",
     "没有这个轮次：\"semi\""},
    {"MarkContestantNotInRound",
     [](Json& d) {
       d["marks"][3]["contestant"] = "C040";  // secondary: no prelim
     },
     "marks[3].contestant", "（江强，中学组）不参加小学组预赛"},
    {"MarkNotAnObject", [](Json& d) { d["marks"][3] = 27.5; }, "marks[3]",
     "应为对象，实际为数字"},
    {"RoundSectionsNotAnArray", [](Json& d) { d["rounds"][0]["sections"] = "speech"; }, "rounds[0].sections",
     "应为数组，实际为文字（字符串）"},
    {"MarksNotAnArray", [](Json& d) { d["marks"] = Json::object(); }, "marks",
     "应为数组，实际为对象"},
    {"DuplicateContestantId", [](Json& d) { d["contestants"][4]["id"] = "C002"; },
     "contestants[4].id", "选手编号 \"C002\" 重复（第一次出现在 contestants[1]）"},
    {"DuplicateJudgeId", [](Json& d) { d["judges"][2]["id"] = "J01"; }, "judges[2].id",
     "评委编号 \"J01\" 重复"},
    {"DuplicateSectionKey", [](Json& d) { d["sections"][1]["key"] = "speech"; },
     "sections[1].key", "环节代号 \"speech\" 重复"},
    {"ContestantUnknownGroup", [](Json& d) { d["contestants"][0]["group"] = "college"; },
     "contestants[0].group", "没有这个组别：\"college\""},
    {"ContestantBadStatus", [](Json& d) { d["contestants"][0]["status"] = "gone"; },
     "contestants[0].status", "不是可用的状态"},
    // absences[] (contest-file.md §7): 缺赛 / 弃权 in one round.
    {"AbsenceBadStatus",
     [](Json& d) { d["absences"] = {{{"round", "prelim"}, {"contestant", "C001"}, {"status", "gone"}, {"reason", "x"}}}; },
     "absences[0].status", "不是可用的状态（absent 缺赛 或 withdrew 弃权）"},
    {"AbsenceWithoutReason",
     [](Json& d) { d["absences"] = {{{"round", "prelim"}, {"contestant", "C001"}, {"status", "absent"}}}; },
     "absences[0].reason", "缺少必填项"},
    {"AbsenceContestantNotInRound",
     [](Json& d) { d["absences"] = {{{"round", "prelim"}, {"contestant", "C040"}, {"status", "absent"}, {"reason", "x"}}}; },
     "absences[0].contestant", "不参加小学组预赛"},
    {"AbsenceUnknownRound",
     [](Json& d) { d["absences"] = {{{"round", "semi"}, {"contestant", "C001"}, {"status", "absent"}, {"reason", "x"}}}; },
     "absences[0].round", "\"semi\""},
    {"AbsenceTwiceInARound",
     [](Json& d) {
       d["absences"] = {{{"round", "prelim"}, {"contestant", "C001"}, {"status", "absent"}, {"reason", "x"}},
                        {{"round", "prelim"}, {"contestant", "C001"}, {"status", "withdrew"}, {"reason", "y"}}};
     },
     "absences[1]", "缺赛或弃权记录重复"},
    {"VenueUnknownJudge", [](Json& d) { d["venues"][0]["judges"][0] = "J77"; },
     "venues[0].judges[0]", "没有这个评委：\"J77\""},
    {"VenueUnknownRound", [](Json& d) { d["venues"][1]["round"] = "semi"; }, "venues[1].round",
     "没有这个轮次：\"semi\""},
    {"TwoVenuesRunOneSection", [](Json& d) { d["venues"][2]["sections"] = {"speech"}; },
     "venues[2].sections[0]", "已由赛场 \"P1\" 负责"},
    {"TwoVenuesOneName", [](Json& d) { d["venues"][3]["name"] = "小学组决赛第一赛场"; },
     "venues[3].name", "已是赛场 \"P1\" 的名称"},
    {"VenueNameNotText", [](Json& d) { d["venues"][0]["name"] = 7; }, "venues[0].name",
     "应为文字（字符串），实际为数字"},
    {"NegativeDuration", [](Json& d) { d["timings"][0]["duration_s"] = -5; },
     "timings[0].duration_s", "-5 是负数"},
    {"AbsurdDuration", [](Json& d) { d["timings"][0]["duration_s"] = 99999; },
     "timings[0].duration_s", "不是合理的用时"},
    {"DurationNotANumber", [](Json& d) { d["timings"][0]["duration_s"] = "5:41"; },
     "timings[0].duration_s", "应为数字，实际为文字（字符串）"},
    {"MissingContestants", [](Json& d) { d.erase("contestants"); }, "contestants",
     "缺少必填项"},
    {"MissingSections", [](Json& d) { d.erase("sections"); }, "sections",
     "缺少必填项"},
    {"MissingJudges", [](Json& d) { d.erase("judges"); }, "judges", "缺少必填项"},
    {"MissingFormat", [](Json& d) { d.erase("format"); }, "format", "缺少必填项"},
    {"WrongFormat", [](Json& d) { d["format"] = "other/2"; }, "format",
     "不是本程序能读的文件格式"},
    {"MissingContestName", [](Json& d) { d["contest"].erase("name"); }, "contest.name",
     "缺少必填项"},
    {"SectionMaxNotPositive", [](Json& d) { d["sections"][0]["max_points"] = 0; },
     "sections[0].max_points", "大于 0"},
    {"SectionMinAboveMax", [](Json& d) { d["sections"][0]["min_time_s"] = 400; },
     "sections[0].min_time_s", "最短用时大于最长用时"},
    {"BadAggregation", [](Json& d) { d["aggregation"]["method"] = "olympic"; },
     "aggregation.method", "不是可用的计分方法"},
    {"TrimLeavesNothing", [](Json& d) { d["aggregation"]["min_marks_for_trim"] = 2; },
     "aggregation.min_marks_for_trim", "应大于去掉分数个数（trim）的两倍"},
    {"DecimalsOutOfRange", [](Json& d) { d["decimals"] = 9; }, "decimals", "超出范围"},
    {"StepNotPositive", [](Json& d) { d["score_step"] = 0; }, "score_step",
     "大于 0"},
    {"TieBreakUnknownSection", [](Json& d) { d["tie_break"] = {"dance"}; }, "tie_break[0]",
     "没有这个环节：\"dance\""},
    {"RestNotLast",
     [](Json& d) { d["rounds"][1]["awards"][0]["count"] = "rest"; },
     "rounds[1].awards[0].count", "只能用于最后一个奖项"},
    {"AwardCountZero", [](Json& d) { d["rounds"][1]["awards"][1]["count"] = 0; },
     "rounds[1].awards[1].count", "超出范围"},
    {"EntrantsFromLaterRound", [](Json& d) { d["rounds"][1]["entrants_from"]["primary"] = "final"; },
     "rounds[1].entrants_from.primary", "没有这个轮次：\"final\""},
    {"DecisionUnknownKind", [](Json& d) { d["decisions"][0]["kind"] = "coin_toss"; },
     "decisions[0].kind", "不是可用的裁决种类"},
    {"DecisionWrongGroup", [](Json& d) { d["decisions"][0]["order"][0] = "C040"; },
     "decisions[0].order[0]", "（江强）不在小学组"},
    {"PenaltyThresholdZero", [](Json& d) { d["overtime_penalty"][0]["over_s_at_least"] = 0; },
     "overtime_penalty[0].over_s_at_least", "超出范围"},
    {"OvertimePointsNegative", [](Json& d) { d["overtime_penalty"][0]["points"] = -1; },
     "overtime_penalty[0].points", "不能为负数"},
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
                "].judge: 评委 \"J08\"（评委邱兰梓）与选手 \"C011\"（覃轩东）同校（壶山小学），应回避，不能为其评分");
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
  EXPECT_NE(r.errors().back().message.find("处错误未列出"), std::string::npos);
}

TEST(ContestFile, MalformedJsonNamesLineAndColumn) {
  auto r = load_contest("{\n  \"format\": \"liangfen.contest/1\",\n  \"contest\": {,\n}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].path, "contest（第 3 行第 15 列）");
  EXPECT_NE(r.errors()[0].message.find("JSON 格式错误"), std::string::npos);
}

TEST(ContestFile, ANumberTooLargeIsRefusedWithItsPathInChinese) {
  auto r = load_contest("{\"format\": \"liangfen.contest/1\",\n \"marks\": [{}, {\"points\": 1e999}]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].path.rfind("marks[1].points（第 2 行第 ", 0), 0u) << r.errors()[0].path;
  EXPECT_NE(r.errors()[0].message.find("数字超出可以表示的范围：1e999"), std::string::npos)
      << r.errors()[0].message;
  EXPECT_EQ(r.errors()[0].message.find("json.exception"), std::string::npos) << r.errors()[0].message;
}

TEST(ContestFile, ASyntaxErrorInAnArrayNamesTheElement) {
  auto r = load_contest("{\"marks\": [1, 2, tru]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].path.rfind("marks[2]（", 0), 0u) << r.errors()[0].path;
}

TEST(ContestFile, TruncatedFileIsMalformed) {
  std::string text = test::read_text(test::source_path(test::kSampleContest));
  auto r = load_contest(std::string_view(text).substr(0, text.size() / 2));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors()[0].message.find("JSON 格式错误"), std::string::npos);
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
    EXPECT_NE(r.errors()[0].message.find("比赛文件应为一个 JSON 对象"), std::string::npos);
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
  EXPECT_EQ(r.errors()[0].to_string(), "marks[0].points: 27.3 不是最小分值单位 0.5的整数倍");
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
  EXPECT_EQ(e.errors()[0].to_string(), "points: 30.5 超过情景答辩的满分 30");
}

}  // namespace
}  // namespace lf
