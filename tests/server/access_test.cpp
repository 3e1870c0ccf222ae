// Who may see and do what, tried through the real server from the access table itself
// (protocol/access.h): every role × change and role × read that the table forbids is refused
// with 403 and a reason, and every scoped refusal (another venue's ruling, stage, result or
// reading; a draw for a non-entrant; a name under anonymous judging) is refused too. Nothing
// of it is stored.
#include <gtest/gtest.h>

#include <set>

#include "scoring/protocol/access.h"
#include "scoring/protocol/requests.h"
#include "scoring/protocol/visibility.h"
#include "tests/server/server_fixture.h"
#include "tests/server/valid_bodies.h"

namespace lf {
namespace {

using protocol::Scope;

// The person the tests log in for each role.
std::string person_of(std::string_view role) {
  namespace r = protocol::role;
  if (role == r::kOrganizer) return "organizer";
  if (role == r::kHeadJudge) return "head:PRE";
  if (role == r::kJudge) return "J01";
  if (role == r::kTimekeeper) return "timer:PRE";
  if (role == r::kDisplay) return "display:main";
  return "steward";
}

class Access : public ::testing::Test {
 protected:
  void start(Json document) {
    server_ = std::make_unique<test::LiveServer>(document);
    for (const char* p : {"organizer", "head:PRE", "head:P1", "head:S1", "timer:PRE", "timer:P1",
                          "J01", "J06", "display:main", "steward"})
      tokens_[p] = server_->login(p);
    ASSERT_EQ(post("head:PRE", protocol::path::kStage, {{"contestant", "C001"}}).first, 200);
  }
  void SetUp() override { start(test::sample_without_results()); }
  std::pair<int, Json> post(const std::string& who, const char* path, const Json& body) {
    return server_->post(tokens_[who], path, body);
  }
  std::pair<int, Json> get(const std::string& who, const std::string& path) {
    return server_->get(tokens_[who], path.c_str());
  }
  void expect_refused(std::pair<int, Json> answer, const std::string& what) {
    EXPECT_EQ(answer.first, 403) << what << " -> " << answer.second.dump();
    EXPECT_FALSE(answer.second.value("error", "").empty()) << what << ": no reason given";
    EXPECT_TRUE(test::has_chinese(answer.second.value("error", ""))) << what << ": not in Chinese: " << answer.second.dump();
  }
  std::unique_ptr<test::LiveServer> server_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(Access, EveryChangeTheTableForbidsIsRefusedAndNothingIsStored) {
  const int64_t before = server_->service().last_seq();
  auto valid = test::valid_bodies();
  int refused = 0;
  for (std::string_view role : protocol::all_roles())
    for (const auto& spec : protocol::request_specs()) {
      if (spec.kind == "login" || protocol::scope_of(role, spec.kind) != Scope::kNothing) continue;
      Json body = valid.at(std::string(spec.kind)).body;
      if (spec.kind == "mark") body["judge"] = person_of(role);  // the sender's own mark
      expect_refused(post(person_of(role), spec.path.data(), body),
                     std::string(role) + " " + std::string(spec.kind));
      ++refused;
    }
  EXPECT_GT(refused, 40);
  EXPECT_EQ(server_->service().last_seq(), before);
}

TEST_F(Access, EveryReadTheTableForbidsIsRefused) {
  int refused = 0;
  for (std::string_view role : protocol::all_roles()) {
    std::string who = person_of(role);
    if (protocol::scope_of(role, "state") == Scope::kNothing) expect_refused(get(who, protocol::path::kState), who + " state"), ++refused;
    if (protocol::scope_of(role, "results") == Scope::kNothing) expect_refused(get(who, protocol::path::kResults), who + " results"), ++refused;
    if (protocol::scope_of(role, "export") == Scope::kNothing) expect_refused(get(who, protocol::path::kExport), who + " export"), ++refused;
    if (protocol::scope_of(role, "print") == Scope::kNothing)
      expect_refused(get(who, std::string(protocol::path::kPrint) + "results?format=csv"), who + " print"), ++refused;
    if (protocol::scope_of(role, "backup") == Scope::kNothing)
      expect_refused(post(who, protocol::path::kBackup, Json::object()), who + " backup"), ++refused;
    if (protocol::scope_of(role, "history") == Scope::kNothing)
      expect_refused(get(who, std::string(protocol::path::kHistory) + "?contestant=C001"), who + " history"), ++refused;
  }
  EXPECT_GE(refused, 19);
}

TEST_F(Access, NobodyActsOutsideTheirVenue) {
  const int64_t before = server_->service().last_seq();
  Json perf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}};
  // Rulings: only the round and group one's venue runs.
  expect_refused(post("head:P1", protocol::path::kDecisions,
                      {{"round", "prelim"}, {"group", "primary"}, {"order", {"C006", "C012"}}, {"reason", "合议"}, {"shown", "0123456789abcdef"}}),
                 "head of the primary final rules on the preliminary");
  expect_refused(post("head:S1", protocol::path::kDecisions,
                      {{"round", "final"}, {"group", "primary"}, {"order", {"C006", "C012"}}, {"reason", "合议"}, {"shown", "0123456789abcdef"}}),
                 "head of the secondary final rules on the primary final");
  expect_refused(post("head:P1", protocol::path::kAbsence,
                      {{"round", "prelim"}, {"contestant", "C002"}, {"status", "absent"}, {"reason", "未到场"}}),
                 "head of the primary final records an absence in the preliminary");
  // Stage, publish, return, reopen: one's own venue.
  expect_refused(post("head:P1", protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C002"}}), "stage in PRE");
  expect_refused(post("head:P1", protocol::path::kPublish, perf), "publish in PRE");
  Json back = perf;
  back["judge"] = "J01";
  expect_refused(post("head:P1", protocol::path::kReturn, back), "send back in PRE");
  // Timings and marks: one's own venue and panel.
  Json timing = perf;
  timing["duration_s"] = 250;
  expect_refused(post("timer:P1", protocol::path::kTimings, timing), "timer of P1 times PRE");
  Json mark = perf;
  mark["points"] = 27.5, mark["judge"] = "J06", mark["revision"] = 0;
  expect_refused(post("J06", protocol::path::kMarks, mark), "J06 marks in PRE");
  expect_refused(post("J01", protocol::path::kCallHeadJudge, {{"venue", "S1"}}), "J01 calls S1's head judge");
  // A draw for a contestant who is not (yet) in the round.
  expect_refused(post("steward", protocol::path::kTopicDraw,
                      {{"round", "final"}, {"contestant", "C001"}, {"section", "speech"}}),
                 "topic for a contestant not in the final");
  EXPECT_EQ(server_->service().last_seq(), before);
}

TEST_F(Access, HeadJudgesReadOnlyTheirVenuesUnpublishedMarks) {
  Json mark = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"},
               {"points", 27.5}, {"judge", "J01"}, {"revision", 0}};
  ASSERT_EQ(post("J01", protocol::path::kMarks, mark).first, 200);
  // The head judge of P1 sees no panel of PRE, and results only as published.
  auto state = get("head:P1", protocol::path::kState).second;
  for (const Json& p : state["panels"]) EXPECT_EQ(p["venue"], "P1") << p.dump();
  auto results = get("head:P1", protocol::path::kResults).second;
  EXPECT_EQ(results["published_only"], true);
  EXPECT_EQ(results.dump().find("27.5"), std::string::npos) << "an unpublished mark was readable";
  // The head judge of PRE sees it on their panel.
  auto own = get("head:PRE", protocol::path::kState).second;
  EXPECT_NE(own["panels"].dump().find("27.5"), std::string::npos);
}

TEST_F(Access, AnonymousJudgingShowsJudgesNoNames) {
  Json doc = test::sample_without_results();
  doc["contest"]["anonymous_judging"] = true;
  start(doc);
  expect_refused(get("J01", protocol::path::kResults), "a judge reads the results under anonymous judging");
  auto state = get("J01", protocol::path::kState).second;
  std::string text = state.dump();
  const Json& c001 = doc["contestants"][0];
  EXPECT_EQ(text.find(c001["name"].get<std::string>()), std::string::npos) << "a name reached a judge";
  EXPECT_EQ(text.find(c001["school"].get<std::string>()), std::string::npos) << "a school reached a judge";
}

// Generated from the rules (protocol::view_rules): for every role, with anonymous judging off and
// on, the real server's /api/state and /api/results hold an unpublished mark, a name and the
// results exactly when the rules say so.
TEST_F(Access, EachRolesStateAndResultsHoldWhatItsViewRulesSay) {
  for (bool anonymous : {false, true}) {
    Json doc = test::sample_without_results();
    doc["contest"]["anonymous_judging"] = anonymous;
    start(doc);
    Json mark = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"},
                 {"points", 27.5}, {"judge", "J01"}, {"revision", 0}};
    ASSERT_EQ(post("J01", protocol::path::kMarks, mark).first, 200);
    const std::string name = doc["contestants"][0]["name"];
    for (std::string_view role : protocol::all_roles()) {
      const std::string who = person_of(role);
      const std::string cell = who + (anonymous ? " (anonymous)" : "");
      auto session = server_->service().session(tokens_[who]);
      ASSERT_TRUE(session) << cell;
      const protocol::ViewRules rules = server_->service().view_rules_of(*session);
      const std::string state = get(who, protocol::path::kState).second.dump();
      EXPECT_EQ(state.find("27.5") != std::string::npos, rules.desk || rules.own_marks)
          << cell << ": the unpublished mark in the state";
      // (the projector under anonymous judging: no group is final, nothing is published yet)
      EXPECT_EQ(state.find(name) != std::string::npos, rules.names && !rules.names_when_final)
          << cell << ": the name on stage";
      auto results = get(who, protocol::path::kResults);
      EXPECT_EQ(results.first == 200, rules.may_read_results) << cell << " " << results.first;
      if (results.first == 200)
        EXPECT_EQ(results.second.dump().find("27.5") != std::string::npos, rules.unpublished_results)
            << cell << ": the unpublished mark in the results";
    }
  }
}

// Under anonymous judging the judges in the hall read the projector: its answers carry no name
// or school of a group until the group's results are final (every result published, no open
// tie); then every name of that group, and still none of a group that is not.
TEST_F(Access, UnderAnonymityTheProjectorIsSentNamesOnlyOfAFinalGroup) {
  Json doc = test::sample_document();
  doc["contest"]["anonymous_judging"] = true;
  start(doc);
  auto names_in = [&](const Json& answer) {
    std::set<std::string> out;
    const std::string text = answer.dump();
    for (const Json& x : doc["contestants"])
      if (text.find(x["name"].get<std::string>()) != std::string::npos) out.insert(x["id"]);
    return out;
  };
  EXPECT_TRUE(names_in(get("display:main", protocol::path::kResults).second).empty());
  EXPECT_TRUE(names_in(get("display:main", protocol::path::kState).second).empty());
  // The head judge of PRE publishes every performance of the preliminary: the file leaves a
  // few marks out (a judge's mark missing), which the judges enter with the teacher on stage.
  for (const char* j : {"J02", "J03", "J04", "J05"}) tokens_[j] = server_->login(j);
  std::set<std::string> marked;  // contestant|section|judge
  std::string on_stage;
  for (const Json& m : doc["marks"]) marked.insert(m["contestant"].get<std::string>() + "|" + m["section"].get<std::string>() + "|" + m["judge"].get<std::string>());
  for (const Json& x : doc["contestants"]) {
    if (x["group"] != "primary") continue;
    const std::string id = x["id"];
    ASSERT_EQ(post("head:PRE", protocol::path::kStage, {{"contestant", id}}).first, 200) << id;
    on_stage = id;
    for (const char* section : {"talent", "speech", "class_meeting", "qa"}) {
      for (const char* j : {"J01", "J02", "J03", "J04", "J05"})
        if (!marked.count(id + "|" + section + "|" + j))  // refused only to a judge under 回避
          post(j, protocol::path::kMarks, {{"round", "prelim"}, {"contestant", id}, {"section", section},
                                          {"points", 8}, {"judge", j}, {"revision", 0}});
      Json body = {{"round", "prelim"}, {"contestant", id}, {"section", section}};
      auto answer = post("head:PRE", protocol::path::kPublish, body);
      ASSERT_EQ(answer.first, 200) << body.dump() << " " << answer.second.dump();
    }
  }
  const Json results = get("display:main", protocol::path::kResults).second;
  std::set<std::string> prelim_ids, named;
  for (const Json& round : results["rounds"])
    for (const Json& group : round["groups"])
      for (const Json& st : group["standings"]) {
        const bool has_name = !st.value("name", "").empty();
        if (round["round"] == "prelim") {
          prelim_ids.insert(st["contestant"]);
          EXPECT_TRUE(has_name) << st.dump();
        } else {
          EXPECT_FALSE(has_name) << "a final-round name before any of it is published: " << st.dump();
        }
        if (has_name) named.insert(st["contestant"]);
      }
  EXPECT_FALSE(prelim_ids.empty());
  EXPECT_EQ(names_in(results), named);
  // The one on stage at PRE (the preliminary's last) is named on the projector's state now.
  EXPECT_TRUE(names_in(get("display:main", protocol::path::kState).second).count(on_stage)) << on_stage;
}

TEST_F(Access, LogoutEndsTheLoginAndOnlyTheOrganizerReissuesACode) {
  auto out = post("J06", protocol::path::kLogout, Json::object());
  EXPECT_EQ(out.first, 200) << out.second.dump();
  EXPECT_EQ(get("J06", protocol::path::kState).first, 401);
  expect_refused(post("head:PRE", protocol::path::kReissueCode, {{"person", "J01"}}), "a head judge reissues a code");
  auto r = post("organizer", protocol::path::kReissueCode, {{"person", "J01"}});
  ASSERT_EQ(r.first, 200) << r.second.dump();
  EXPECT_EQ(r.second["code"].get<std::string>().size(), protocol::kLoginCodeDigits);
  EXPECT_EQ(get("J01", protocol::path::kState).first, 401) << "J01's old login still works";
  EXPECT_EQ(get("head:PRE", protocol::path::kState).first, 200) << "someone else was logged out";
  EXPECT_EQ(post("organizer", protocol::path::kReissueCode, {{"person", "J01"}, {"x", 1}}).first, 400);
  EXPECT_EQ(post("organizer", protocol::path::kReissueCode, {{"person", "nobody"}}).first, 404);
}

}  // namespace
}  // namespace lf
