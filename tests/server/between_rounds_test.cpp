// The day across rounds on ONE server (issue 17 §1, §5): the shared example's preliminary is
// marked, timed and published through the real HTTP API; the organizer confirms who goes on
// (晋级) and draws the final's running order (抽签) on the live server; the final's head judges
// are offered the final's order at once; the final is run with the logins made before the
// preliminary (no new code, no new session); the export recomputes to the server's results and
// `liangfen draw --seed` on it re-checks the live draw.
#include <gtest/gtest.h>

#include "tests/server/tie_shown.h"

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "data/format/contest_file.h"
#include "data/format/result_json.h"
#include "data/roster/draw.h"
#include "scoring/engine/standings.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

namespace path = protocol::path;

// A seed the organizer reads out in the hall (64 hex digits).
const std::string kFinalSeed = "3f1c9a7e5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e";

class BetweenRounds : public ::testing::Test {
 protected:
  BetweenRounds() : doc_(test::sample_document()), contest_(load_contest_document(doc_).value().contest) {}

  void SetUp() override {
    // Everyone logs in once, before the preliminary; nobody logs in again all day.
    std::vector<std::string> people = {"organizer", "display:main"};
    for (const Venue& v : contest_.venues) people.push_back("head:" + v.key), people.push_back("timer:" + v.key);
    for (const Judge& j : contest_.judges) people.push_back(j.id);
    for (const auto& p : people) {
      tokens_[p] = server_->login(p);
      ASSERT_FALSE(tokens_[p].empty()) << p;
    }
  }
  const std::string& token(const std::string& person) {
    auto it = tokens_.find(person);
    EXPECT_NE(it, tokens_.end()) << person << " was not logged in before the day";
    return it->second;
  }
  std::pair<int, Json> post(const std::string& who, const char* p, const Json& body) {
    return server_->post(token(who), p, body);
  }
  std::pair<int, Json> get(const std::string& who, const char* p) { return server_->get(token(who), p); }

  std::string venue_of(const Json& m) const {
    int r = find_round(contest_, m["round"].get<std::string>()),
        ct = find_contestant(contest_, m["contestant"].get<std::string>()),
        s = find_section(contest_, m["section"].get<std::string>());
    return contest_.venues[size_t(*venue_for(contest_, r, contest_.contestants[size_t(ct)].group, s))].key;
  }
  // Withdrawn, or (the final) not among those who went on: the example's own marks for the
  // final were made for its own preliminary, which differs from this day's by the marks that
  // arrive late below.
  bool withdrawn(const Json& id) const {
    const Contestant& x = contest_.contestants[size_t(find_contestant(contest_, id.get<std::string>()))];
    return x.withdrawn || no_show_.count(x.id) ||
           (!finalists_.empty() && contest_.groups[size_t(x.group)].key == "primary" && !finalists_.count(x.id));
  }
  void call(const std::string& venue, const Json& contestant) {
    if (on_stage_[venue] == contestant) return;
    auto [status, body] = post("head:" + venue, path::kStage, {{"venue", venue}, {"contestant", contestant}});
    ASSERT_EQ(status, 200) << body.dump();
    on_stage_[venue] = contestant.get<std::string>();
  }
  // One round of the file's marks and times, through the judges' and timekeepers' logins.
  void run_round(const std::string& round) {
    std::map<std::string, int64_t> revision;
    for (const Json& m : doc_["marks"]) {
      if (m["round"] != round || withdrawn(m["contestant"])) continue;
      std::string v = venue_of(m);
      ASSERT_NO_FATAL_FAILURE(call(v, m["contestant"]));
      std::string key = m["contestant"].dump() + m["section"].dump() + m["judge"].dump();
      Json body = {{"round", round}, {"contestant", m["contestant"]}, {"section", m["section"]},
                   {"points", m["points"]}, {"judge", m["judge"]}, {"revision", revision[key]}};
      auto [status, reply] = post(m["judge"], path::kMarks, body);
      ASSERT_EQ(status, 200) << m.dump() << " -> " << reply.dump();
      revision[key] = reply["seq"].get<int64_t>();
    }
    // The example leaves a few preliminary marks out (a judge who did not send); on this day
    // they arrive: the panel's middle mark, so the preliminary can be published.
    int r = find_round(contest_, round);
    for (size_t v = 0; v < contest_.venues.size(); ++v) {
      const Venue& venue = contest_.venues[v];
      if (venue.round != r || round != "prelim") continue;
      for (size_t ct = 0; ct < contest_.contestants.size(); ++ct) {
        const Contestant& x = contest_.contestants[ct];
        if (x.group != venue.group || x.withdrawn || no_show_.count(x.id)) continue;
        for (int sec : venue.sections) {
          std::map<std::string, Json> given;
          for (const Json& m : doc_["marks"])
            if (m["round"] == round && m["contestant"] == x.id && m["section"] == contest_.sections[size_t(sec)].key)
              given[m["judge"].get<std::string>()] = m["points"];
          std::vector<double> points;
          for (const auto& [j, p] : given) points.push_back(p.get<double>());
          std::sort(points.begin(), points.end());
          for (int j : panel_for(contest_, r, int(ct), sec)) {
            const std::string& judge = contest_.judges[size_t(j)].id;
            if (given.count(judge) || points.empty()) continue;
            ASSERT_NO_FATAL_FAILURE(call(venue.key, x.id));
            Json body = {{"round", round}, {"contestant", x.id}, {"section", contest_.sections[size_t(sec)].key},
                         {"points", points[points.size() / 2]}, {"judge", judge}, {"revision", 0}};
            auto [status, reply] = post(judge, path::kMarks, body);
            ASSERT_EQ(status, 200) << body.dump() << " -> " << reply.dump();
          }
        }
      }
    }
    std::set<std::string> timed;
    for (const Json& t : doc_["timings"]) {
      if (t["round"] != round || withdrawn(t["contestant"])) continue;
      std::string v = venue_of(t);
      ASSERT_NO_FATAL_FAILURE(call(v, t["contestant"]));
      Json body = {{"round", round}, {"contestant", t["contestant"]}, {"section", t["section"]}, {"duration_s", t["duration_s"]}};
      if (!timed.insert(t["contestant"].dump() + t["section"].dump()).second) body["reason"] = "复核秒表";
      auto [status, reply] = post("timer:" + v, path::kTimings, body);
      ASSERT_EQ(status, 200) << t.dump() << " -> " << reply.dump();
    }
  }
  // The head judges publish (亮分) every result of the round.
  void publish_round(const std::string& round) {
    std::set<std::string> done;
    for (const Json& m : doc_["marks"]) {
      if (m["round"] != round || withdrawn(m["contestant"])) continue;
      if (!done.insert(m["contestant"].dump() + m["section"].dump()).second) continue;
      Json body = {{"round", round}, {"contestant", m["contestant"]}, {"section", m["section"]}};
      auto [status, reply] = post("head:" + venue_of(m), path::kPublish, body);
      ASSERT_EQ(status, 200) << body.dump() << " -> " << reply.dump();
    }
  }
  // The final's panels a head judge's console lists, in its calling order (draw number, then
  // id for anyone not drawn), as judge_console/panels/head_judge_panel.cpp orders them.
  std::vector<std::string> calling_list(const std::string& venue) {
    auto [status, state] = get("head:" + venue, path::kState);
    EXPECT_EQ(status, 200);
    std::map<std::string, int> draw;
    for (const Json& p : state["panels"])
      if (p["round"] == "final") draw[p["contestant"]["id"]] = p["contestant"]["draw"].is_number() ? p["contestant"]["draw"].get<int>() : 1 << 30;
    std::vector<std::pair<int, std::string>> order;
    for (const auto& [id, n] : draw) order.push_back({n, id});
    std::sort(order.begin(), order.end());
    std::vector<std::string> out;
    for (const auto& [n, id] : order) out.push_back(id);
    return out;
  }

  Json doc_;
  Contest contest_;
  std::unique_ptr<test::LiveServer> server_ = std::make_unique<test::LiveServer>(test::sample_without_results());
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::string> on_stage_;
  std::set<std::string> finalists_;  // the primary group's, once confirmed
  std::set<std::string> no_show_;    // teachers who do not come: nobody calls, marks or times them
};

std::vector<std::string> ids(const Json& list) {
  std::vector<std::string> out;
  for (const Json& x : list) out.push_back(x.is_object() ? x["id"].get<std::string>() : x.get<std::string>());
  return out;
}

// `liangfen draw` on a copy of the exported file, with the live draw's seed: the order it prints.
std::vector<std::string> cli_recheck(const Json& exported, const std::string& group, const std::string& seed) {
  std::string file = std::filesystem::temp_directory_path() / ("liangfen-recheck-" + std::to_string(::getpid()) + ".contest.json");
  std::ofstream(file) << exported.dump(1);
  std::string cmd = std::string(LF_BIN_DIR) + "/liangfen draw --contest " + file + " --round final --group " + group +
                    " --seed " + seed + " --redraw 2>&1";
  std::vector<std::string> out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char line[1024];
    while (fgets(line, sizeof line, p)) {
      std::istringstream in(line);
      int n = 0;
      std::string id;
      if (std::string(line).rfind("  ", 0) == 0 && (in >> n >> id) && n == int(out.size()) + 1) out.push_back(id);
    }
    EXPECT_EQ(pclose(p), 0) << cmd;
  }
  std::filesystem::remove(file);
  return out;
}

// `liangfen ARGS` with its exit status and what it printed (both streams).
int liangfen(const std::string& args, std::string& output) {
  output.clear();
  FILE* p = popen((std::string(LF_BIN_DIR) + "/liangfen " + args + " 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) output.append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The order a `liangfen draw` printed ("  1  C011  name  school" lines).
std::vector<std::string> printed_order(const std::string& output) {
  std::vector<std::string> out;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    int n = 0;
    std::string id;
    if (line.rfind("  ", 0) == 0 && (in >> n >> id) && n == int(out.size()) + 1) out.push_back(id);
  }
  return out;
}

// The organizer's command line on the running server: advance and draw by names, with the
// organizer's login code; the refusals come back in the server's words.
TEST_F(BetweenRounds, TheCommandLineAdvancesAndDrawsOnTheRunningServer) {
  ASSERT_NO_FATAL_FAILURE(run_round("prelim"));
  const std::string server = " --server http://127.0.0.1:" + std::to_string(server_->port()) + " --code " +
                             test::code_of("organizer");
  std::string out;
  EXPECT_EQ(liangfen("advance" + server + " --from 小学组预赛", out), 2) << out;
  EXPECT_NE(out.find("还没有亮分"), std::string::npos) << out;
  ASSERT_NO_FATAL_FAILURE(publish_round("prelim"));
  ASSERT_EQ(liangfen("advance" + server + " --from 小学组预赛", out), 0) << out;
  EXPECT_NE(out.find("小学组：14 人晋级"), std::string::npos) << out;
  EXPECT_EQ(liangfen("advance" + server + " --from 小学组预赛", out), 2) << out;
  EXPECT_NE(out.find("已经确认过"), std::string::npos) << out;
  ASSERT_EQ(liangfen("draw" + server + " --round 全县决赛 --group 小学组 --seed " + kFinalSeed, out), 0) << out;
  auto [status, state] = get("organizer", path::kState);
  ASSERT_EQ(state["advancements"].size(), 1u);
  std::vector<std::string> going_on = ids(state["advancements"][0]["groups"][0]["contestants"]);
  std::vector<std::string> expected;
  auto perm = draw_order(kFinalSeed, going_on.size());
  ASSERT_TRUE(perm.ok());
  for (int k : perm.value()) expected.push_back(going_on[size_t(k)]);
  EXPECT_EQ(printed_order(out), expected) << out;
  EXPECT_EQ(calling_list("P2"), expected);
  EXPECT_EQ(liangfen("draw" + server + " --round 全县决赛 --group 小学组", out), 2) << out;
  EXPECT_NE(out.find("已经抽过签"), std::string::npos) << out;
  EXPECT_EQ(liangfen("draw --server http://127.0.0.1:" + std::to_string(server_->port()) + " --code " +
                         test::code_of("J01") + " --round 全县决赛 --group 中学组", out),
            2)
      << out;
  EXPECT_NE(out.find("不是组委会的"), std::string::npos) << out;
}

// Issue 24 §5: a teacher who does not come no longer blocks everyone. The preliminary is played
// without her; 确认晋级 is refused naming her until the organizer records 缺赛 (with a reason);
// the head judge cannot call her; the history says who recorded it and why; a restart keeps it
// (the store's state rows) and keeps its clearing; cleared, she blocks 确认晋级 again; recorded
// again, 确认晋级 goes through without her and the results say 缺赛. Hostile inputs change nothing.
// Issue 24, played as the day goes on one server, in a row: two contestants in a row (the clock
// reads 0 and stopped at the second call; a time typed for the first goes to her, never to the
// second), a mark sent back after the next call and entered again from the judge's list of
// performances, 撤回亮分 with a reason and 亮分 again, and a no-show recorded as 缺赛 after which
// 确认晋级 goes through.
TEST_F(BetweenRounds, TheDaysExceptionsPlayedInARowLeaveTheRightRecord) {
  no_show_.insert("C003");
  ASSERT_NO_FATAL_FAILURE(run_round("prelim"));
  auto pre = [&](const std::string& who) {
    auto [status, state] = get(who, path::kState);
    EXPECT_EQ(status, 200);
    for (const Json& v : state["venues"])
      if (v["key"] == "PRE") return v;
    return Json();
  };
  auto panel = [&](const std::string& contestant, const std::string& section) {
    Json state = get("head:PRE", path::kState).second;  // held: the loop reads into it
    for (const Json& p : state["panels"])
      if (p["contestant"]["id"] == contestant && p["section"] == section) return p;
    return Json();
  };
  const Json c002_time = panel("C002", "talent")["duration_s"];
  ASSERT_TRUE(c002_time.is_number()) << "the example times C002's talent act";

  // Two in a row: C001's talent act stopped at 4:50, then C002 is called.
  ASSERT_NO_FATAL_FAILURE(call("PRE", "C001"));
  ASSERT_EQ(post("timer:PRE", path::kClock, {{"running", true}, {"section", "talent"}, {"contestant", "C001"}}).first, 200);
  server_->advance_clock(290'000);
  ASSERT_EQ(post("timer:PRE", path::kClock,
                 {{"running", false}, {"section", "talent"}, {"contestant", "C001"}, {"elapsed_ms", 290'000}})
                .first,
            200);
  EXPECT_EQ(pre("J01")["stage"]["section"], "talent");  // what the judges' keypads open on
  ASSERT_NO_FATAL_FAILURE(call("PRE", "C002"));
  Json after_call = pre("J01");
  EXPECT_TRUE(after_call["clock"].is_null()) << after_call.dump();  // 00:00, stopped, nobody's
  // 开始 for the one who left is refused; her stopwatch time, typed now, is hers only.
  EXPECT_EQ(post("timer:PRE", path::kClock, {{"running", true}, {"section", "talent"}, {"contestant", "C001"}}).first,
            409);
  auto [timed, why] = post("timer:PRE", path::kTimings, {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"},
                                                         {"duration_s", 290}, {"reason", "秒表读数，下一位已上场"}});
  ASSERT_EQ(timed, 200) << why.dump();
  EXPECT_EQ(panel("C001", "talent")["duration_s"], 290);
  EXPECT_EQ(panel("C002", "talent")["duration_s"], c002_time);

  // J01's talent mark for C001 is sent back while C002 is on stage: J01's list holds it, returned,
  // and the mark entered again from there is stored for C001.
  ASSERT_EQ(post("head:PRE", path::kReturn,
                 {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"}, {"judge", "J01"}, {"note", "请核对"}})
                .first,
            200);
  Json mine = get("J01", path::kState).second;
  bool listed = false;
  for (const Json& p : mine["my_performances"])
    listed = listed || (p["contestant"]["id"] == "C001" && p["section"] == "talent" && p["published"] == false);
  EXPECT_TRUE(listed) << mine["my_performances"].dump();
  int64_t revision = -1;
  for (const Json& m : mine["my_marks"])
    if (m["contestant"] == "C001" && m["section"] == "talent") {
      EXPECT_EQ(m["status"], "returned");
      revision = m["revision"].get<int64_t>();
    }
  ASSERT_GT(revision, 0);
  auto [again, reply] = post("J01", path::kMarks, {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"},
                                                   {"points", 8.8}, {"judge", "J01"}, {"revision", revision}});
  ASSERT_EQ(again, 200) << reply.dump();
  Json hers = panel("C001", "talent"), next = panel("C002", "talent");
  int seen = 0;
  for (const Json& m : hers["marks"])
    if (m["judge"] == "J01") {
      EXPECT_EQ(m["points"], 8.8);
      ++seen;
    }
  for (const Json& m : next["marks"])
    if (m["judge"] == "J01") {
      EXPECT_NE(m["points"], 8.8);
      ++seen;
    }
  EXPECT_EQ(seen, 2);

  // 亮分 for the round; 撤回亮分 with a reason, kept in the record; 亮分 again.
  ASSERT_NO_FATAL_FAILURE(publish_round("prelim"));
  Json perf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "talent"}};
  Json reopen = perf;
  reopen["reason"] = "评委录错分，组委会同意重评";
  ASSERT_EQ(post("head:PRE", path::kReopen, reopen).first, 200);
  EXPECT_EQ(panel("C001", "talent")["published"], false);
  auto [hs, history] = get("organizer", (std::string(path::kHistory) + "?contestant=C001").c_str());
  ASSERT_EQ(hs, 200);
  EXPECT_NE(history.dump().find("评委录错分，组委会同意重评"), std::string::npos);
  ASSERT_EQ(post("head:PRE", path::kPublish, perf).first, 200);

  // The no-show blocks 确认晋级 until she is recorded 缺赛; then it goes through.
  auto [blocked, said] = post("organizer", path::kAdvance, {{"from", "prelim"}});
  ASSERT_EQ(blocked, 409) << said.dump();
  ASSERT_EQ(post("head:PRE", path::kAbsence,
                 {{"round", "prelim"}, {"contestant", "C003"}, {"status", "absent"}, {"reason", "本人未到场"}})
                .first,
            200);
  auto [advanced, body] = post("organizer", path::kAdvance, {{"from", "prelim"}});
  EXPECT_EQ(advanced, 200) << body.dump();
}

TEST_F(BetweenRounds, ANoShowRecordedAsAbsentNoLongerBlocksTheAdvancement) {
  const Contestant& her = contest_.contestants[0];  // C001, primary group, not withdrawn
  ASSERT_FALSE(her.withdrawn);
  no_show_.insert(her.id);
  ASSERT_NO_FATAL_FAILURE(run_round("prelim"));
  ASSERT_NO_FATAL_FAILURE(publish_round("prelim"));
  const std::string named = her.name + " · " + her.school;
  auto [blocked, why] = post("organizer", path::kAdvance, {{"from", "prelim"}});
  ASSERT_EQ(blocked, 409) << why.dump();
  EXPECT_NE(why["error"].get<std::string>().find("小学组成绩还不完整：" + named), std::string::npos) << why.dump();

  // Hostile or careless: nothing below is stored.
  const int64_t before = server_->service().last_seq();
  Json absent = {{"round", "prelim"}, {"contestant", her.id}, {"status", "absent"}, {"reason", "本人未到场，电话无人接听"}};
  EXPECT_EQ(post("J01", path::kAbsence, absent).first, 403);          // a judge's login
  EXPECT_EQ(post("timer:PRE", path::kAbsence, absent).first, 403);    // a timekeeper's
  EXPECT_EQ(post("head:P1", path::kAbsence, absent).first, 403);      // another round's head judge
  for (auto [field, value] : std::vector<std::pair<std::string, Json>>{
           {"status", 1}, {"status", "gone"}, {"reason", ""}, {"reason", std::string(201 * 3, 'x')},
           {"reason", Json::array()}, {"contestant", 42}, {"round", nullptr}}) {
    Json bad = absent;
    bad[field] = value;
    auto [status, reply] = post("organizer", path::kAbsence, bad);
    EXPECT_EQ(status, 400) << field << " = " << value.dump() << " -> " << reply.dump();
    EXPECT_EQ(reply.value("field", ""), field) << reply.dump();
  }
  Json no_reason = absent;
  no_reason.erase("reason");
  EXPECT_EQ(post("organizer", path::kAbsence, no_reason).first, 400);
  Json unknown = absent;
  unknown["contestant"] = "C999";
  EXPECT_EQ(post("organizer", path::kAbsence, unknown).first, 404);
  EXPECT_EQ(server_->service().last_seq(), before);

  // The preliminary's head judge records 缺赛; she can no longer be called.
  auto [recorded, seq] = post("head:PRE", path::kAbsence, absent);
  ASSERT_EQ(recorded, 200) << seq.dump();
  auto [call, refusal] = post("head:PRE", path::kStage, {{"venue", "PRE"}, {"contestant", her.id}});
  EXPECT_EQ(call, 409);
  EXPECT_NE(refusal.value("error", "").find(named + "在小学组预赛已记为缺赛，不能呼叫上场"), std::string::npos)
      << refusal.dump();

  // A restart keeps the absence, with why, who and when.
  server_->restart();  // the logins made before the day survive it
  auto [status, state] = get("organizer", path::kState);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(state["absences"].size(), 1u) << state["absences"].dump();
  EXPECT_EQ(state["absences"][0]["contestant"]["id"], her.id);
  EXPECT_EQ(state["absences"][0]["status"], "absent");
  EXPECT_EQ(state["absences"][0]["reason"], "本人未到场，电话无人接听");
  EXPECT_EQ(state["absences"][0]["by"], "head:PRE");
  auto [h, history] = get("organizer", (std::string(path::kHistory) + "?contestant=" + her.id).c_str());
  ASSERT_EQ(h, 200) << history.dump();
  bool logged = false;
  for (const Json& line : history["lines"])
    if (line["kind"] == "absence") {
      logged = true;
      EXPECT_EQ(line["what"], "缺赛：小学组预赛");
      EXPECT_NE(line["who"].get<std::string>().find("裁判长"), std::string::npos) << line.dump();
      EXPECT_EQ(line["note"], "原因：本人未到场，电话无人接听");
    }
  EXPECT_TRUE(logged) << history.dump();

  // Cleared (she came after all): she blocks 确认晋级 again, also after a restart.
  Json clear = {{"round", "prelim"}, {"contestant", her.id}, {"status", "cleared"}, {"reason", "本人迟到，已到场"}};
  ASSERT_EQ(post("organizer", path::kAbsence, clear).first, 200);
  server_->restart();  // the logins made before the day survive it
  std::tie(status, state) = get("organizer", path::kState);
  EXPECT_TRUE(state["absences"].empty()) << state["absences"].dump();
  std::tie(blocked, why) = post("organizer", path::kAdvance, {{"from", "prelim"}});
  EXPECT_EQ(blocked, 409) << why.dump();

  // Recorded again by the organizer: 确认晋级 goes through without her; the results say 缺赛.
  absent["reason"] = "本人最终未到";
  ASSERT_EQ(post("organizer", path::kAbsence, absent).first, 200);
  auto [advanced, list] = post("organizer", path::kAdvance, {{"from", "prelim"}});
  ASSERT_EQ(advanced, 200) << list.dump();
  std::tie(status, state) = get("organizer", path::kState);
  std::vector<std::string> going_on = ids(state["advancements"][0]["groups"][0]["contestants"]);
  EXPECT_EQ(going_on.size(), 14u);
  EXPECT_EQ(std::count(going_on.begin(), going_on.end(), her.id), 0);
  auto [r, results] = get("organizer", path::kResults);
  ASSERT_EQ(r, 200);
  bool flagged = false;
  for (const Json& round : results["rounds"])
    for (const Json& group : round["groups"])
      for (const Json& st : group["standings"])
        if (round["round"] == "prelim" && st["contestant"] == her.id) {
          flagged = true;
          // Also incomplete and untimed (nothing was marked), as for a contestant withdrawn
          // from the contest; withdrawn and absent say why nobody waits for it.
          const Json& flags = st["flags"];
          EXPECT_NE(std::find(flags.begin(), flags.end(), Json("withdrawn")), flags.end()) << st.dump();
          EXPECT_NE(std::find(flags.begin(), flags.end(), Json("absent")), flags.end()) << st.dump();
          EXPECT_EQ(std::find(flags.begin(), flags.end(), Json("withdrew")), flags.end()) << st.dump();
          EXPECT_TRUE(st["rank"].is_null());
        }
  EXPECT_TRUE(flagged) << "not in the preliminary's results";
}

// The paper score sheets printed through the server (GET /api/print/score-sheets) list the
// teachers in the running order of the group's current live draw — here a hand-entered redraw
// that replaced a seeded one — numbered as drawn, and are byte for byte what `liangfen print
// --db` makes from the same database while the server runs.
TEST_F(BetweenRounds, TheServersScoreSheetsFollowTheCurrentLiveDraw) {
  // The secondary group has no preliminary: its final entrants are known from the start.
  auto [seeded, sreply] =
      post("organizer", path::kDraw, {{"round", "final"}, {"group", "secondary"}});
  ASSERT_EQ(seeded, 200) << sreply.dump();
  auto [status, state] = get("organizer", path::kState);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(state["draws"].size(), 1u);
  std::vector<std::string> order = ids(state["draws"][0]["order"]);
  ASSERT_GE(order.size(), 3u);
  std::reverse(order.begin(), order.end());  // the hall's paper lots, entered by hand
  auto [redrawn, rreply] = post("organizer", path::kDraw,
                                {{"round", "final"},
                                 {"group", "secondary"},
                                 {"order", order},
                                 {"redraw", true},
                                 {"reason", "签筒有误，组委会决定重抽"}});
  ASSERT_EQ(redrawn, 200) << rreply.dump();

  auto c = server_->client();
  httplib::Headers h = {{"Authorization", "Bearer " + token("organizer")}};
  auto r = c.Get("/api/print/score-sheets?round=final&group=secondary&format=csv", h);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string& sheet = r->body;
  EXPECT_NE(sheet.find("出场序号"), std::string::npos) << sheet;
  // Every judge's sheet lists the teachers in the manual order: "k,name" rows, k = 1, 2, …
  size_t at = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const Contestant& x = contest_.contestants[size_t(find_contestant(contest_, order[k]))];
    size_t found = sheet.find("\n" + std::to_string(k + 1) + "," + x.name, at);
    ASSERT_NE(found, std::string::npos) << k + 1 << " " << x.name << "\n" << sheet;
    at = found + 1;
  }
  // The same file `liangfen print` makes from the database.
  std::string file = std::filesystem::temp_directory_path() /
                     ("liangfen-sheets-" + std::to_string(::getpid()) + ".csv");
  std::string out;
  ASSERT_EQ(liangfen("print score-sheets --db " + server_->db_path() +
                         " --round 全县决赛 --group 中学组 --format csv --out " + file,
                     out),
            0)
      << out;
  EXPECT_EQ(test::read_text(file), sheet);
  std::filesystem::remove(file);
}

TEST_F(BetweenRounds, PrelimAdvanceDrawAndFinalOnOneServerWithTheSameLogins) {
  auto logins = [&] {
    size_t n = 0;
    for (const auto& line : server_->log_lines()) n += line.find(path::kLogin) != std::string::npos;
    return n;
  };
  const size_t logins_in_the_morning = logins();
  ASSERT_NO_FATAL_FAILURE(run_round("prelim"));

  // Too early: nothing published yet, and the final's entrants are not known.
  auto [early, why] = post("organizer", path::kAdvance, {{"from", "prelim"}});
  EXPECT_EQ(early, 409) << why.dump();
  EXPECT_NE(why.value("error", "").find("还没有亮分"), std::string::npos) << why.dump();
  auto [no_entrants, why2] = post("organizer", path::kDraw, {{"round", "final"}, {"group", "primary"}, {"seed", kFinalSeed}});
  EXPECT_EQ(no_entrants, 409) << why2.dump();
  EXPECT_NE(why2.value("error", "").find("请先确认小学组预赛的晋级名单"), std::string::npos) << why2.dump();

  ASSERT_NO_FATAL_FAILURE(publish_round("prelim"));
  auto [advanced, reply] = post("organizer", path::kAdvance, {{"from", "prelim"}, {"idempotency_key", "advance-prelim"}});
  ASSERT_EQ(advanced, 200) << reply.dump();
  // Confirmed once: a second confirmation is refused, naming who confirmed.
  auto [twice, why3] = post("organizer", path::kAdvance, {{"from", "prelim"}});
  EXPECT_EQ(twice, 409);
  EXPECT_NE(why3.value("error", "").find("已经确认过（组委会"), std::string::npos) << why3.dump();

  auto [ostatus, ostate] = get("organizer", path::kState);
  ASSERT_EQ(ostatus, 200);
  ASSERT_EQ(ostate["advancements"].size(), 1u);
  std::vector<std::string> going_on = ids(ostate["advancements"][0]["groups"][0]["contestants"]);
  ASSERT_EQ(going_on.size(), 14u);
  finalists_.insert(going_on.begin(), going_on.end());
  EXPECT_EQ(ostate["advancements"][0]["by_name"], "组委会");

  // The final's draw: primary with the seed read out in the hall, secondary with the server's.
  auto [drew, dreply] = post("organizer", path::kDraw, {{"round", "final"}, {"group", "primary"}, {"seed", kFinalSeed}});
  ASSERT_EQ(drew, 200) << dreply.dump();
  auto [drew2, dreply2] = post("organizer", path::kDraw, {{"round", "final"}, {"group", "secondary"}});
  ASSERT_EQ(drew2, 200) << dreply2.dump();
  auto [again, why4] = post("organizer", path::kDraw, {{"round", "final"}, {"group", "primary"}});
  EXPECT_EQ(again, 409);
  EXPECT_NE(why4.value("error", "").find("已经抽过签"), std::string::npos) << why4.dump();

  // The order is draw_order(seed) over the entrants, as `liangfen draw --seed` computes it.
  auto perm = draw_order(kFinalSeed, going_on.size());
  ASSERT_TRUE(perm.ok());
  std::vector<std::string> expected;
  for (int k : perm.value()) expected.push_back(going_on[size_t(k)]);

  // The final's head judges, logged in since the morning, are offered the final's order now.
  for (const char* venue : {"P1", "P2", "P3"}) EXPECT_EQ(calling_list(venue), expected) << venue;
  auto [hstatus, hstate] = get("head:P1", path::kState);
  ASSERT_EQ(hstate["draws"].size(), 1u);  // their own round and group's draw
  EXPECT_EQ(ids(hstate["draws"][0]["order"]), expected);
  EXPECT_EQ(hstate["draws"][0]["seed"], kFinalSeed);
  std::vector<std::string> secondary;
  {
    auto [st, s1] = get("head:S1", path::kState);
    ASSERT_EQ(s1["draws"].size(), 1u);
    secondary = ids(s1["draws"][0]["order"]);
    // The drawn first; the withdrawn C041 (never drawn) after them, as the console lists anyone
    // without a number.
    std::vector<std::string> offered = calling_list("S1");
    offered.resize(std::min(offered.size(), secondary.size()));
    EXPECT_EQ(offered, secondary);
    EXPECT_EQ(s1["draws"][0]["seed"].get<std::string>().size(), 64u);
  }

  // The final, with the same logins; then the head judge rules on the tie, with a reason.
  ASSERT_NO_FATAL_FAILURE(run_round("final"));
  auto [nostatus, noreason] = post("head:P1", path::kDecisions, {{"round", "final"}, {"group", "primary"}, {"order", {"C021", "C011"}}});
  EXPECT_EQ(nostatus, 400);
  EXPECT_EQ(noreason.value("field", ""), "reason");
  // The file's ruling names 孟英娟, who has no final total: no tie, refused (issue 24 §4). The
  // secondary final's head judge rules the ties their screen shows (the award lines), each as
  // shown, in the order the screen was left in reverse.
  for (Json d : doc_["decisions"]) {
    d["reason"] = "单项成绩相同，评审组合议";
    d["shown"] = test::shown_in(get("head:P1", path::kState).second, d);
    auto [status, r] = post("head:P1", path::kDecisions, d);
    EXPECT_EQ(status, 409) << r.dump();
  }
  Json ties = get("head:S1", path::kState).second["ties"];
  int offered = 0;
  for (const Json& t : ties) {
    if (!t["decides"].get<bool>()) continue;
    ++offered;
    Json order = Json::array();
    for (auto it = t["contestants"].rbegin(); it != t["contestants"].rend(); ++it) order.push_back((*it)["id"]);
    auto [status, r] = post("head:S1", path::kDecisions, {{"round", "final"}, {"group", "secondary"}, {"order", order},
                                                          {"reason", "单项成绩相同，评审组合议"}, {"shown", t["shown"]}});
    ASSERT_EQ(status, 200) << r.dump();
  }
  EXPECT_EQ(offered, 2) << ties.dump();
  auto [rstatus, results] = get("organizer", path::kResults);
  ASSERT_EQ(rstatus, 200);
  bool ruled = false;
  for (const Json& round : results["rounds"])
    for (const Json& g : round["groups"])
      for (const Json& r : g["rulings"]) {
        ruled = true;
        EXPECT_EQ(r["reason"], "单项成绩相同，评审组合议");
        EXPECT_NE(r["by_name"].get<std::string>().find("裁判长"), std::string::npos) << r.dump();
        EXPECT_GT(r["at_ms"].get<int64_t>(), 0);
      }
  EXPECT_TRUE(ruled);
  auto [hs2, hstate2] = get("head:S1", path::kState);
  ASSERT_EQ(hstate2["rulings"].size(), 2u);
  EXPECT_EQ(hstate2["rulings"][0]["reason"], "单项成绩相同，评审组合议");

  // The export recomputes to what the server shows, and carries the day between the rounds.
  auto [estatus, exported] = get("organizer", path::kExport);
  ASSERT_EQ(estatus, 200);
  auto file = load_contest_document(exported);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  Json computed = parse_json(result_to_json(file->contest, compute_results(file->contest))).value();
  Json shown = results;
  shown.erase("published_only"), shown.erase("last_seq");
  for (Json& round : shown["rounds"])
    for (Json& g : round["groups"]) g.erase("rulings");
  EXPECT_EQ(shown, computed);
  ASSERT_EQ(exported["advancements"].size(), 1u);
  ASSERT_EQ(exported["draws"].size(), 2u);
  EXPECT_EQ(exported["decisions"][0]["reason"], "单项成绩相同，评审组合议");
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(exported["contestants"][size_t(find_contestant(contest_, expected[i]))]["draw"], int(i) + 1);
  // Anyone can re-check the live draw from the exported file with its recorded seed.
  EXPECT_EQ(cli_recheck(exported, "primary", kFinalSeed), expected);
  EXPECT_EQ(cli_recheck(exported, "secondary", exported["draws"][1]["seed"].get<std::string>()), secondary);

  // Nobody logged in again: every request of the day ran on the morning's sessions.
  EXPECT_EQ(logins(), logins_in_the_morning);
}

}  // namespace
}  // namespace lf
