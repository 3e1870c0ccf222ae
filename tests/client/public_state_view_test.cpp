// The one /api/state decoder (scoring/protocol/public_state_view.h): what public_state() writes
// reads back exactly, a member of the wrong type is refused with its path and never thrown, and
// an older server's missing members take their defaults.
#include <gtest/gtest.h>

#include <functional>

#include "data/format/contest_file.h"
#include "data/live/live_state.h"
#include "scoring/protocol/public_state.h"
#include "scoring/protocol/public_state_view.h"
#include "tests/data/test_files.h"

namespace lf {
namespace {

class PublicStateViewTest : public ::testing::Test {
 protected:
  PublicStateViewTest() {
    Json doc = parse_json(test::read_text(test::source_path(test::kSampleContest))).value();
    doc["contest"]["anonymous_judging"] = true;
    doc["contestants"][1]["school"] = "城关第一小学";  // C002, alone from that school
    doc["judges"][2]["school"] = "城关第一小学";       // J03 sits on PRE and shares it: 回避
    Json marks = Json::array();  // and so gave C002 no mark
    for (const Json& m : doc["marks"])
      if (!(m["judge"] == "J03" && m["contestant"] == "C002")) marks.push_back(m);
    doc["marks"] = marks;
    doc["contestants"][1]["draw"] = 7;
    auto file = load_contest_document(doc);
    if (!file.ok()) {
      ADD_FAILURE() << file.status().to_string();
      return;
    }
    file_ = file.value();
    live_ = state_from_document(file_.contest, file_.document).value();
    live_.stage[find_venue(file_.contest, "PRE")] = StageCall{find_round(file_.contest, "prelim"),
                                                              find_contestant(file_.contest, "C002"), 1000};
    live_.clocks[find_venue(file_.contest, "PRE")] = ClockState{true, find_section(file_.contest, "talent"), 5000, 2000};
  }
  ContestFile file_;
  LiveState live_;
};

TEST_F(PublicStateViewTest, WhatTheServerWritesReadsBackExactly) {
  Json state = public_state(file_.contest, file_.document, live_, false, 9000);
  auto v = decode_public_state(state);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_EQ(v->contest.name, "测试县中小学班主任基本功大赛");
  EXPECT_TRUE(v->contest.anonymous_judging);
  EXPECT_EQ(v->server_time_ms, 9000);
  ASSERT_EQ(v->sections.size(), file_.contest.sections.size());
  for (size_t i = 0; i < v->sections.size(); ++i) {
    EXPECT_EQ(v->sections[i].key, file_.contest.sections[i].key);
    EXPECT_EQ(v->sections[i].name, file_.contest.sections[i].name);
    EXPECT_EQ(v->sections[i].max_units, file_.contest.sections[i].max_points);  // exact, in mark units
    EXPECT_EQ(v->sections[i].step_units, file_.contest.scale.step);
  }
  ASSERT_EQ(v->overtime.size(), file_.contest.overtime_penalty.size());
  for (size_t i = 0; i < v->overtime.size(); ++i) {
    EXPECT_EQ(v->overtime[i].at_least_s, file_.contest.overtime_penalty[i].at_least_s);
    EXPECT_EQ(v->overtime[i].points, file_.contest.overtime_penalty[i].points);
  }
  EXPECT_EQ(v->round_name("prelim"), file_.contest.rounds[size_t(find_round(file_.contest, "prelim"))].name);
  EXPECT_EQ(v->group_name("primary"), file_.contest.groups[size_t(find_group(file_.contest, "primary"))].name);
  const StateVenue* pre = v->venue("PRE");
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->name, "小学组预赛赛场");
  ASSERT_TRUE(pre->stage);
  EXPECT_EQ(pre->stage->round, "prelim");
  EXPECT_EQ(pre->stage->contestant.id, "C002");
  EXPECT_EQ(pre->stage->contestant.name, "陆兰桂");
  EXPECT_EQ(pre->stage->contestant.draw, 7);
  EXPECT_EQ(pre->stage->recused, std::vector<std::string>{"J03"});
  ASSERT_TRUE(pre->clock);
  EXPECT_TRUE(pre->clock->running);
  EXPECT_EQ(pre->clock->section, "talent");
  EXPECT_EQ(pre->clock->elapsed_at(9000), 2000 + 4000);  // still running at the server's now
  // Every entrant's draw number, and never a name there.
  const StatePerson* c002 = v->person("C002");
  ASSERT_NE(c002, nullptr);
  EXPECT_EQ(c002->draw, 7);
  EXPECT_TRUE(c002->name.empty());
  EXPECT_EQ(c002->draw_label(), "7 号选手");
  for (const StatePerson& p : v->people) EXPECT_TRUE(p.name.empty() && p.school.empty()) << p.id;
}

TEST_F(PublicStateViewTest, AnAnonymousAnswerNamesTheDrawNumberOnly) {
  Json state = public_state(file_.contest, file_.document, live_, true, 9000);
  auto v = decode_public_state(state);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  const StatePerson& who = v->venue("PRE")->stage->contestant;
  EXPECT_TRUE(who.name.empty());
  EXPECT_TRUE(who.school.empty());
  EXPECT_EQ(who.label(), "7 号选手");
  EXPECT_EQ(state.dump().find("城关第一小学"), std::string::npos);  // no school anywhere in it
}

TEST_F(PublicStateViewTest, AMemberOfTheWrongTypeIsRefusedWithItsPathNeverThrown) {
  Json state = public_state(file_.contest, file_.document, live_, false, 9000);
  size_t pre = size_t(find_venue(file_.contest, "PRE"));
  struct Case {
    std::function<void(Json&)> spoil;
    std::string path;
  } cases[] = {
      {[&](Json& s) { s["venues"][pre]["stage"]["contestant"]["draw"] = "七"; },
       "venues[" + std::to_string(pre) + "].stage.contestant.draw"},
      {[](Json& s) { s["sections"][0]["max_points"] = 10.55; }, "sections[0].max_points"},  // 2 places, marks have 1
      {[](Json& s) { s["sections"] = Json::object(); }, "sections"},
      {[](Json& s) { s["contest"]["anonymous_judging"] = "yes"; }, "contest.anonymous_judging"},
      {[](Json& s) { s["rounds"][0]["groups"][0] = 3; }, "rounds[0].groups[0]"},
      {[](Json& s) { s["venues"][0]["clock"] = Json::array(); }, "venues[0].clock"},
      {[](Json& s) { s["draw_numbers"][0] = "C001"; }, "draw_numbers[0]"},
  };
  for (const Case& c : cases) {
    Json spoiled = state;
    c.spoil(spoiled);
    auto v = decode_public_state(spoiled);
    ASSERT_FALSE(v.ok()) << c.path;
    EXPECT_EQ(v.errors().front().path, c.path);
    EXPECT_EQ(v.errors().front().kind, ErrorKind::malformed);
    EXPECT_NE(v.errors().front().message.find("服务器的回答无法读懂"), std::string::npos);
  }
  EXPECT_FALSE(decode_public_state(Json::array()).ok());
  EXPECT_FALSE(decode_public_state(Json("state")).ok());
}

TEST_F(PublicStateViewTest, AnOlderServersMissingMembersTakeTheirDefaults) {
  Json state = {{"contest", {{"name", "县赛"}}},
                {"venues", {{{"key", "PRE"}, {"stage", {{"round", "prelim"}, {"contestant", {{"id", "C1"}}}}}}}}};
  auto v = decode_public_state(state);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_EQ(v->contest.mark_decimals, 1);
  EXPECT_EQ(v->contest.score_decimals, 2);
  EXPECT_FALSE(v->contest.anonymous_judging);
  EXPECT_EQ(v->venues[0].name, "PRE");  // no name: the key
  EXPECT_EQ(v->venues[0].stage->contestant.label(), "C1 号选手");
  EXPECT_TRUE(v->venues[0].stage->recused.empty());
  EXPECT_FALSE(v->venues[0].clock);
  EXPECT_TRUE(v->people.empty());
  EXPECT_EQ(v->round_name("prelim"), "prelim");
}

}  // namespace
}  // namespace lf
