// Every wrong value in every field of every endpoint, generated from the protocol's own field
// list (protocol::request_specs()): the real server answers 400 naming the field, stays up,
// and its event log is unchanged. Then the rules that keep marks right: owner, newest wins,
// late marks, reused idempotency keys, the head judge's note.
#include <gtest/gtest.h>

#include "scoring/protocol/requests.h"
#include "tests/server/server_fixture.h"
#include "tests/server/valid_bodies.h"

namespace lf {
namespace {

using protocol::FieldSpec;
using protocol::FieldType;
using test::valid_bodies;
using test::Valid;

// Values of the wrong type, size or precision for a field of this spec.
std::vector<Json> wrong_values(const FieldSpec& f) {
  const Json kinds[] = {nullptr, true, Json::array(), Json::object()};
  std::vector<Json> out(std::begin(kinds), std::end(kinds));
  std::string long_text(5000, 'x');
  switch (f.type) {
    case FieldType::kId:
      out.insert(out.end(), {1, -1, 1e300, std::string(65, 'a'), "a b", "甲\x1b[31m乙"});
      if (!f.empty_allowed) out.push_back("");
      break;
    case FieldType::kText:
      // One character over the field's length (a name, a reason, a topic each have theirs).
      out.insert(out.end(), {1, -1, 1e300, std::string(f.max_length + 1, 'x'), long_text,
                             "张\x1b[31m三", "a\x7f"});
      if (f.required) out.push_back("");
      break;
    case FieldType::kCode:
      out.insert(out.end(), {12345678, "", "abc", long_text});
      break;
    case FieldType::kKey:
      out.insert(out.end(), {1, "", std::string(101, 'k'), "a b", "键"});
      break;
    case FieldType::kInteger:
      out.insert(out.end(), {"0", 1.5, -1, f.max + 1, 1e300, -1e300});
      break;
    case FieldType::kDecimal:
      // Too precise (two decimals for a one-decimal field), negative, huge, 17 digits.
      out.insert(out.end(), {"0", -1, -0.5, 1e300, 12345678901234567.0, 27.55, 1234567.1234567});
      break;
    case FieldType::kBoolean:
      out.erase(out.begin() + 1);  // true is a boolean
      out.insert(out.end(), {"true", 1, 0});
      break;
    case FieldType::kIdList:
      out.insert(out.end(), {"C001", 1, Json::array({"C001"}), Json::array({1, 2}),
                             Json::array({nullptr, "C001"}), Json(std::vector<std::string>(1001, "C001"))});
      break;
    case FieldType::kChoice:
      out.insert(out.end(), {1, "", "nope", long_text});
      break;
  }
  return out;
}

class Protocol : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<test::LiveServer>(test::sample_without_results());
    for (const char* p : {"organizer", "head:PRE", "timer:PRE", "J01", "J02", "display:main"})
      tokens_[p] = server_->login(p);
    ASSERT_EQ(post("head:PRE", protocol::path::kStage, {{"contestant", "C001"}}).first, 200);
  }
  std::pair<int, Json> post(const std::string& who, const char* path, const Json& body) {
    return server_->post(tokens_[who], path, body);
  }
  int64_t last_seq() { return server_->service().last_seq(); }
  std::unique_ptr<test::LiveServer> server_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(Protocol, EveryWrongValueInEveryFieldIs400NamingTheFieldAndStoresNothing) {
  auto valid = valid_bodies();
  const int64_t before = last_seq();
  size_t tried = 0;
  for (const auto& spec : protocol::request_specs()) {
    if (spec.kind == "login") continue;
    ASSERT_TRUE(valid.count(std::string(spec.kind))) << spec.kind;
    const Valid& v = valid.at(std::string(spec.kind));
    for (const FieldSpec& f : spec.fields) {
      ASSERT_TRUE(v.body.contains(f.name)) << spec.kind << "." << f.name << " has no valid value";
      for (const Json& wrong : wrong_values(f)) {
        Json body = v.body;
        body[std::string(f.name)] = wrong;
        auto [status, reply] = post(v.who, spec.path.data(), body);
        ++tried;
        EXPECT_EQ(status, 400) << spec.kind << "." << f.name << " = " << wrong.dump().substr(0, 80)
                               << " -> " << reply.dump();
        EXPECT_EQ(reply.value("field", ""), f.name) << spec.kind << " " << reply.dump();
      }
      if (f.required) {
        Json body = v.body;
        body.erase(std::string(f.name));
        auto [status, reply] = post(v.who, spec.path.data(), body);
        EXPECT_EQ(status, 400) << spec.kind << " without " << f.name;
        EXPECT_EQ(reply.value("field", ""), f.name);
      }
    }
    // A key the protocol does not know.
    Json body = v.body;
    body["extra"] = std::string(1000, 'x');
    auto [status, reply] = post(v.who, spec.path.data(), body);
    EXPECT_EQ(status, 400) << spec.kind << " with an unknown key";
    EXPECT_EQ(reply.value("field", ""), "extra");
    // Not an object at all.
    for (const Json& not_object : {Json::array(), Json(1), Json("x"), Json(nullptr)})
      EXPECT_EQ(post(v.who, spec.path.data(), not_object).first, 400) << spec.kind;
  }
  EXPECT_GT(tried, 300u);
  EXPECT_EQ(last_seq(), before) << "a refused request changed the log";
  EXPECT_EQ(server_->get(tokens_["J01"], protocol::path::kHealth).first, 200);
}

TEST_F(Protocol, TheValidBodiesAreAccepted) {
  // The generated test above means something only if its base bodies are right.
  auto valid = valid_bodies();
  ASSERT_EQ(post("J01", protocol::path::kMarks, valid.at("mark").body).first, 200);
  ASSERT_EQ(post("timer:PRE", protocol::path::kTimings, valid.at("timing").body).first, 200);
  ASSERT_EQ(post("timer:PRE", protocol::path::kClock, valid.at("clock").body).first, 200);
  ASSERT_EQ(post("J01", protocol::path::kCallHeadJudge, valid.at("call_head_judge").body).first, 200);
  ASSERT_EQ(post("organizer", protocol::path::kDisplayScene, valid.at("display_scene").body).first, 200);
  // A ruling's body is whole and reaches the rule, which finds no tie in a contest without marks
  // yet (a decoding refusal would be 400 naming a field of the body's own).
  auto [ruled, why] = post("organizer", protocol::path::kDecisions, valid.at("decision").body);
  ASSERT_EQ(ruled, 409) << why.dump();
  EXPECT_EQ(why.value("field", ""), "order");
  ASSERT_EQ(post("head:PRE", protocol::path::kReturn, valid.at("return").body).first, 200);
  ASSERT_EQ(post("head:PRE", protocol::path::kStage, valid.at("stage").body).first, 200);
}

TEST_F(Protocol, DeepOrHugeBodiesAreRefusedAndTheServerStaysUp) {
  auto c = server_->client();
  httplib::Headers h = {{"Authorization", "Bearer " + tokens_["timer:PRE"]}};
  std::string deep = std::string(20000, '[') + std::string(20000, ']');
  EXPECT_EQ(c.Post(protocol::path::kClock, h, deep, "application/json")->status, 400);
  for (const char* body : {"{\"running\":true,\"elapsed_ms\":\"0\"}", "{\"running\":true,\"elapsed_ms\":null}",
                           "{\"running\":true,\"elapsed_ms\":true}", "{\"running\":true,\"elapsed_ms\":[]}"}) {
    auto r = c.Post(protocol::path::kClock, h, body, "application/json");
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->status, 400) << body;
  }
  EXPECT_EQ(c.Get(protocol::path::kHealth)->status, 200);
}

TEST_F(Protocol, AStageCallWithANumberDoesNotClearTheStage) {
  auto [status, reply] = post("head:PRE", protocol::path::kStage, {{"contestant", 1}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(reply["field"], "contestant");
  const LiveState s = server_->service().live_state();
  int pre = find_venue(*server_->service().contest(), "PRE");
  ASSERT_TRUE(s.stage.count(pre));
  EXPECT_GE(s.stage.at(pre).contestant, 0) << "the stage was cleared";
}

Json mark(const char* judge, double points, int64_t revision, const std::string& key = "") {
  Json m = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"},
            {"points", points}, {"judge", judge}, {"revision", revision}};
  if (!key.empty()) m["idempotency_key"] = key;
  return m;
}

TEST_F(Protocol, AMarkTypedByOneJudgeIsNeverStoredUnderAnother) {
  auto [status, reply] = post("J02", protocol::path::kMarks, mark("J01", 27.5, 0));
  EXPECT_EQ(status, 403);
  EXPECT_EQ(reply["field"], "judge");
  EXPECT_EQ(server_->service().live_state().marks.size(), 0u);
}

TEST_F(Protocol, AStaleCorrectionIsRefusedAndTheNewestValueStays) {
  auto first = post("J01", protocol::path::kMarks, mark("J01", 25.5, 0, "tablet1-1"));
  ASSERT_EQ(first.first, 200);
  int64_t r1 = first.second["seq"];
  // The spare tablet saw r1 and corrects to 28.5.
  auto newer = post("J01", protocol::path::kMarks, mark("J01", 28.5, r1, "tablet2-1"));
  ASSERT_EQ(newer.first, 200);
  int64_t r2 = newer.second["seq"];
  // The first tablet's queued correction, typed over r1, arrives late.
  auto stale = post("J01", protocol::path::kMarks, mark("J01", 26.0, r1, "tablet1-2"));
  EXPECT_EQ(stale.first, 409);
  EXPECT_EQ(stale.second["field"], "revision");
  EXPECT_EQ(stale.second["current"]["points"], 28.5);
  EXPECT_EQ(stale.second["current"]["revision"], r2);
  // A first mark over a stored one is stale too (two tablets both entering it).
  EXPECT_EQ(post("J01", protocol::path::kMarks, mark("J01", 20.0, 0, "tablet3-1")).first, 409);
  const LiveState s = server_->service().live_state();
  ASSERT_EQ(s.marks.size(), 1u);
  EXPECT_EQ(s.marks.begin()->second.points, 285);
  // The judge's state shows the revision to correct over.
  auto state = server_->get(tokens_["J01"], protocol::path::kState).second;
  ASSERT_EQ(state["my_marks"].size(), 1u);
  EXPECT_EQ(state["my_marks"][0]["revision"], r2);
}

TEST_F(Protocol, AReusedKeyWithAnotherPayloadIs409AndTheSameOneIsADuplicate) {
  auto first = post("J01", protocol::path::kMarks, mark("J01", 25.5, 0, "same-key"));
  ASSERT_EQ(first.first, 200);
  auto again = post("J01", protocol::path::kMarks, mark("J01", 25.5, 0, "same-key"));
  EXPECT_EQ(again.first, 200);
  EXPECT_EQ(again.second["duplicate"], true);
  EXPECT_EQ(again.second["seq"], first.second["seq"]);
  int64_t r1 = first.second["seq"];
  auto other = post("J01", protocol::path::kMarks, mark("J01", 29.0, r1, "same-key"));
  EXPECT_EQ(other.first, 409);
  EXPECT_EQ(other.second["field"], "idempotency_key");
  EXPECT_EQ(server_->service().live_state().marks.begin()->second.points, 255);
}

TEST_F(Protocol, AMarkTypedOnStageIsTakenWhenItArrivesAfterTheNextCall) {
  ASSERT_EQ(post("head:PRE", protocol::path::kStage, {{"contestant", "C002"}}).first, 200);
  // C001 was on stage before: J01's mark, typed then, arrives now.
  EXPECT_EQ(post("J01", protocol::path::kMarks, mark("J01", 27.0, 0)).first, 200);
  // C003 was never called: refused.
  Json never = mark("J01", 27.0, 0);
  never["contestant"] = "C003";
  EXPECT_EQ(post("J01", protocol::path::kMarks, never).first, 409);
}

// Issue 24 §1: the section being performed is the one the venue's clock times for who is on
// stage; before the first 开始 the venue's first section not yet published; a new call resets it.
TEST_F(Protocol, TheStageSaysWhichSectionIsBeingPerformed) {
  auto performed = [&] {
    Json state = server_->get(tokens_["J01"], protocol::path::kState).second;
    for (const Json& v : state["venues"])
      if (v["key"] == "PRE") return v["stage"]["section"].get<std::string>();
    return std::string("?");
  };
  EXPECT_EQ(performed(), "talent");
  ASSERT_EQ(post("timer:PRE", protocol::path::kClock, {{"running", true}, {"section", "class_meeting"}, {"contestant", "C001"}}).first,
            200);
  EXPECT_EQ(performed(), "class_meeting");
  ASSERT_EQ(post("timer:PRE", protocol::path::kClock, {{"running", false}, {"section", "class_meeting"}, {"contestant", "C001"}}).first,
            200);
  EXPECT_EQ(performed(), "class_meeting");  // stopped: still what she performed last
  ASSERT_EQ(post("head:PRE", protocol::path::kStage, {{"contestant", "C002"}}).first, 200);
  EXPECT_EQ(performed(), "talent");
}

// Issue 24 §2: a judge's performances are every teacher called at their venue times its
// sections, in running order, with whether published; not another judge's 回避, not the venue's
// teachers never called.
TEST_F(Protocol, AJudgeIsToldEveryPerformanceTheyMayStillMark) {
  ASSERT_EQ(post("head:PRE", protocol::path::kStage, {{"contestant", "C002"}}).first, 200);
  Json state = server_->get(tokens_["J01"], protocol::path::kState).second;
  const Json& mine = state["my_performances"];
  ASSERT_EQ(mine.size(), 8u) << mine.dump();  // C001 and C002, four sections each
  std::vector<std::string> seen;
  for (const Json& p : mine) {
    EXPECT_EQ(p["venue"], "PRE");
    EXPECT_EQ(p["published"], false);
    seen.push_back(p["contestant"]["id"].get<std::string>() + "|" + p["section"].get<std::string>());
  }
  EXPECT_EQ(seen.front(), "C001|talent");
  EXPECT_EQ(seen.back(), "C002|qa");
  EXPECT_TRUE(mine[0]["contestant"]["name"].is_string());
  // The head judge and a display get none.
  EXPECT_FALSE(server_->get(tokens_["head:PRE"], protocol::path::kState).second.contains("my_performances"));
  EXPECT_FALSE(server_->get(tokens_["display:main"], protocol::path::kState).second.contains("my_performances"));
}

TEST_F(Protocol, TheJudgesNoteReachesTheHeadJudge) {
  ASSERT_EQ(post("J01", protocol::path::kCallHeadJudge, {{"venue", "PRE"}, {"note", "计时器没响"}}).first, 200);
  auto state = server_->get(tokens_["head:PRE"], protocol::path::kState).second;
  ASSERT_EQ(state["head_judge_calls"].size(), 1u);
  EXPECT_EQ(state["head_judge_calls"][0]["judge"], "J01");
  EXPECT_EQ(state["head_judge_calls"][0]["note"], "计时器没响");
  EXPECT_FALSE(state["head_judge_calls"][0]["judge_name"].get<std::string>().empty());
}

TEST_F(Protocol, APersonsOldestLoginsEndWhenThereAreTooMany) {
  std::vector<std::string> tokens;
  for (size_t i = 0; i < kMaxSessionsPerPerson + 3; ++i) tokens.push_back(server_->login("J02"));
  EXPECT_EQ(server_->get(tokens.front(), protocol::path::kState).first, 401);
  EXPECT_EQ(server_->get(tokens.back(), protocol::path::kState).first, 200);
  size_t alive = 0;
  for (const auto& t : tokens) alive += server_->get(t, protocol::path::kState).first == 200;
  EXPECT_EQ(alive, kMaxSessionsPerPerson);
}

TEST_F(Protocol, AnOldClientHearsToUpdate) {
  auto c = server_->client();
  auto r = c.Post(protocol::path::kLogin,
                  Json{{"code", test::code_of("J01")}, {"api_version", protocol::kApiVersion - 1}}.dump(),
                  "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 426);
  EXPECT_NE(Json::parse(r->body)["error"].get<std::string>().find("更新"), std::string::npos);
}

// Issue 23: values were rounded before they were checked. A mark whose text is not exactly a
// number of tenths is refused with its field and Chinese words, and nothing is stored.
TEST_F(Protocol, AMarkThatIsNotExactlyTenthsIsRefusedNotRounded) {
  for (const char* points : {"8.600000000000000000001", "1e-400", "8.599999999999999999999"}) {
    const int64_t before = last_seq();
    std::string body = std::string(R"({"round": "prelim", "contestant": "C001", "section": "talent", "judge": "J01", )") +
                       R"("revision": 0, "points": )" + points + "}";
    auto c = server_->client();
    httplib::Headers h = {{"Authorization", "Bearer " + tokens_["J01"]}};
    auto r = c.Post(protocol::path::kMarks, h, body, "application/json");
    ASSERT_TRUE(r) << points;
    EXPECT_EQ(r->status, 400) << points << ": " << r->body;
    Json answer = Json::parse(r->body, nullptr, false);
    EXPECT_EQ(json_string(answer, "field"), "points") << r->body;
    EXPECT_NE(json_string(answer, "error").find("无法精确读取"), std::string::npos) << r->body;
    EXPECT_EQ(last_seq(), before) << points;
  }
}

}  // namespace
}  // namespace lf
