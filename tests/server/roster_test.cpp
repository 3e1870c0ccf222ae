// Roster fixes and topics on the running server (issue 24 §6, §7; contest-file.md §10): the
// organizer corrects a name or a school, enters a substitute and adds topics through the real
// HTTP API on a loopback port. A substitute added live is in the next draw and on the printed
// score sheets; a corrected name is in the results and the history with the old one; added
// topics are drawn in the prep room; a restart keeps all of it (the store's state rows); wrong
// roles, wrong types, empty and huge names, an unknown group and a duplicate substitute are
// refused and store nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "tests/data/run_command.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

namespace path = protocol::path;

// `liangfen ARGS` with its exit status and what it printed (both streams).
int liangfen(const std::string& args, std::string& output) {
  test::CommandRun r = test::run_command(std::string(LF_BIN_DIR) + "/liangfen " + args);
  output = r.out;
  return r.status;
}

const Json* contestant_in(const Json& list, const std::string& id) {
  for (const Json& x : list)
    if (x.value("id", "") == id) return &x;
  return nullptr;
}

const Json kSubstitute = {{"group", "secondary"},
                          {"name", "林晓"},
                          {"school", "第二中学"},
                          {"reason", "原选手弃权，由替补参赛"}};

TEST(Roster, WrongRolesTypesNamesAndDuplicatesAreRefusedAndStoreNothing) {
  test::LiveServer server(test::sample_without_results());
  std::string organizer = server.login("organizer");
  const int64_t before = server.service().last_seq();
  const Json correction = {{"contestant", "C001"}, {"name", "邱涓"}, {"reason", "报名表录入有误"}};
  const Json topic = {{"section", "class_meeting"}, {"topic", "如何开好第一次家长会"}};
  for (const char* who : {"J01", "head:PRE", "timer:PRE", "steward", "display:main"}) {
    std::string token = server.login(who);
    EXPECT_EQ(server.post(token, path::kRosterAdd, kSubstitute).first, 403) << who;
    EXPECT_EQ(server.post(token, path::kRosterCorrect, correction).first, 403) << who;
    EXPECT_EQ(server.post(token, path::kTopicAdd, topic).first, 403) << who;
  }
  // Wrong types, empty and huge values: 400 naming the field.
  for (auto [field, value] :
       std::vector<std::pair<std::string, Json>>{{"name", ""},
                                                 {"name", std::string(41 * 3, 'x')},
                                                 {"name", 7},
                                                 {"name", Json::array()},
                                                 {"school", ""},
                                                 {"school", std::string(61, 'x')},
                                                 {"group", 1},
                                                 {"group", ""},
                                                 {"reason", ""},
                                                 {"name", "张\x1b[31m三"}}) {
    Json bad = kSubstitute;
    bad[field] = value;
    auto [status, reply] = server.post(organizer, path::kRosterAdd, bad);
    EXPECT_EQ(status, 400) << field << " = " << value.dump() << " -> " << reply.dump();
    EXPECT_EQ(reply.value("field", ""), field) << reply.dump();
  }
  for (auto [field, value] :
       std::vector<std::pair<std::string, Json>>{{"contestant", 5},
                                                 {"name", std::string(41, 'x')},
                                                 {"school", false},
                                                 {"reason", nullptr}}) {
    Json bad = correction;
    bad[field] = value;
    EXPECT_EQ(server.post(organizer, path::kRosterCorrect, bad).first, 400) << field;
  }
  EXPECT_EQ(server
                .post(organizer, path::kTopicAdd,
                      {{"section", "class_meeting"}, {"topic", std::string(2001, 'x')}})
                .first,
            400);
  EXPECT_EQ(server.post(organizer, path::kTopicAdd, {{"section", "class_meeting"}}).first, 400);
  // Well-formed, refused by the rules: an unknown group, a name of spaces, a duplicate.
  Json unknown = kSubstitute;
  unknown["group"] = "senior";
  EXPECT_EQ(server.post(organizer, path::kRosterAdd, unknown).first, 404);
  Json spaces = kSubstitute;
  spaces["name"] = "\u3000 ";
  EXPECT_EQ(server.post(organizer, path::kRosterAdd, spaces).first, 422);
  auto [same_status, same] = server.post(
      organizer, path::kRosterAdd,
      {{"group", "primary"}, {"name", "邱娟"}, {"school", "机关幼儿园"}, {"reason", "重复"}});
  EXPECT_EQ(same_status, 409) << same.dump();
  EXPECT_NE(same.value("error", "").find("不能重复录入"), std::string::npos) << same.dump();
  EXPECT_EQ(server
                .post(organizer, path::kRosterCorrect,
                      {{"contestant", "C999"}, {"name", "某"}, {"reason", "x"}})
                .first,
            404);
  EXPECT_EQ(server.service().last_seq(), before);
  // The same substitute twice: the second is refused, once stored.
  ASSERT_EQ(server.post(organizer, path::kRosterAdd, kSubstitute).first, 200);
  auto [twice, why] = server.post(organizer, path::kRosterAdd, kSubstitute);
  EXPECT_EQ(twice, 409) << why.dump();
  EXPECT_EQ(server.service().last_seq(), before + 1);
}

TEST(Roster,
     ASubstituteIsDrawnAndPrintedANameCorrectedShowsEverywhereAndTopicsAddedAreDrawnAfterARestart) {
  test::LiveServer server(test::sample_without_results());
  std::string organizer = server.login("organizer"), steward = server.login("steward");
  // A substitute in the secondary group (it enters the final directly), added live.
  auto [added, reply] = server.post(organizer, path::kRosterAdd, kSubstitute);
  ASSERT_EQ(added, 200) << reply.dump();
  auto [s1, state] = server.get(organizer, path::kState);
  ASSERT_EQ(s1, 200);
  const Json before_fix = state;
  const Json* sub = contestant_in(state["contestants"], "C054");
  ASSERT_NE(sub, nullptr) << state["contestants"].dump();
  EXPECT_EQ((*sub)["name"], "林晓");
  EXPECT_EQ((*sub)["group"], "secondary");
  // The next draw of the group has them.
  auto [drew, drawn] =
      server.post(organizer, path::kDraw, {{"round", "final"}, {"group", "secondary"}});
  ASSERT_EQ(drew, 200) << drawn.dump();
  state = server.get(organizer, path::kState).second;
  ASSERT_EQ(state["draws"].size(), 1u);
  std::set<std::string> order;
  for (const Json& x : state["draws"][0]["order"]) order.insert(x["id"].get<std::string>());
  EXPECT_TRUE(order.count("C054")) << state["draws"].dump();
  // A name and a school corrected live.
  auto [fixed, why] = server.post(organizer, path::kRosterCorrect,
                                  {{"contestant", "C036"},
                                   {"name", "王晓燕"},
                                   {"school", "第三中学"},
                                   {"reason", "报名表录入有误"}});
  ASSERT_EQ(fixed, 200) << why.dump();
  const std::string old_name = contestant_in(before_fix["contestants"], "C036")->value("name", "");
  ASSERT_NE(old_name, "王晓燕");
  // The printed score sheets of the final list the substitute and the corrected name.
  auto c = server.client();
  httplib::Headers h = {{"Authorization", "Bearer " + organizer}};
  auto sheet = c.Get("/api/print/score-sheets?round=final&group=secondary&format=csv", h);
  ASSERT_TRUE(sheet);
  ASSERT_EQ(sheet->status, 200) << sheet->body;
  EXPECT_NE(sheet->body.find("林晓"), std::string::npos) << sheet->body;
  EXPECT_NE(sheet->body.find("王晓燕"), std::string::npos) << sheet->body;
  EXPECT_EQ(sheet->body.find(old_name), std::string::npos) << sheet->body;
  // The results and the head judge's calling list name her by the corrected name.
  auto results = server.get(organizer, path::kResults).second.dump();
  EXPECT_NE(results.find("王晓燕"), std::string::npos);
  EXPECT_NE(results.find("第三中学"), std::string::npos);
  EXPECT_NE(server.get(server.login("head:S1"), path::kState).second.dump().find("王晓燕"),
            std::string::npos);
  // Topics added live: the bank that did not exist is drawn from at once, and nothing else.
  for (const char* t : {"班级里的“小团体”", "手机进校园"})
    ASSERT_EQ(
        server.post(organizer, path::kTopicAdd, {{"section", "class_meeting"}, {"topic", t}}).first,
        200)
        << t;
  state = server.get(organizer, path::kState).second;
  EXPECT_EQ(state["topic_banks"]["class_meeting"], 2);
  // Before the preliminary: 2 topics for every primary teacher still to draw is short, and said so.
  bool warned = false;
  for (const Json& x : state["topic_shortfalls"])
    if (x["round"] == "prelim" && x["section"] == "class_meeting") {
      warned = true;
      EXPECT_EQ(x["topics_left"], 2);
      EXPECT_NE(x["text"].get<std::string>().find("主题班会设计题库在小学组预赛还剩 2 道"),
                std::string::npos)
          << x.dump();
    }
  EXPECT_TRUE(warned) << state["topic_shortfalls"].dump() << state["topic_banks"].dump()
                      << state.contains("contestants");
  std::set<std::string> texts;
  for (const char* who : {"C001", "C002"}) {
    auto [status, body] =
        server.post(steward, path::kTopicDraw,
                    {{"round", "prelim"}, {"contestant", who}, {"section", "class_meeting"}});
    ASSERT_EQ(status, 200) << body.dump();
  }
  const Json prep_room = server.get(steward, path::kState).second;
  for (const Json& d : prep_room["topic_draws"]) texts.insert(d["text"].get<std::string>());
  EXPECT_EQ(texts, (std::set<std::string>{"班级里的“小团体”", "手机进校园"}));
  EXPECT_EQ(server
                .post(steward, path::kTopicDraw,
                      {{"round", "prelim"}, {"contestant", "C003"}, {"section", "class_meeting"}})
                .first,
            409);

  // A restart replays it all from the store.
  Json contestants = server.get(organizer, path::kState).second["contestants"];
  server.restart();
  organizer = server.login("organizer");
  state = server.get(organizer, path::kState).second;
  EXPECT_EQ(state["contestants"], contestants);
  EXPECT_EQ(state["topic_banks"]["class_meeting"], 2);
  EXPECT_EQ(state["draws"][0]["order"].size(), order.size());
  // The history says who changed what, when, and what it was before.
  auto [hs, history] = server.get(organizer, "/api/history?contestant=C036");
  ASSERT_EQ(hs, 200) << history.dump();
  bool line = false;
  for (const Json& x : history["lines"])
    if (x.value("kind", "") == "roster_correct") {
      line = true;
      EXPECT_NE(x.value("before", "").find(old_name), std::string::npos) << x.dump();
      EXPECT_EQ(x.value("after", ""), "王晓燕 · 第三中学") << x.dump();
      EXPECT_NE(x.value("note", "").find("报名表录入有误"), std::string::npos) << x.dump();
      EXPECT_NE(x.value("who", "").find("组委会"), std::string::npos) << x.dump();
    }
  EXPECT_TRUE(line) << history.dump();
  auto [ss, sub_history] = server.get(organizer, "/api/history?contestant=C054");
  ASSERT_EQ(ss, 200);
  ASSERT_FALSE(sub_history["lines"].empty()) << sub_history.dump();
  EXPECT_EQ(sub_history["lines"][0].value("what", ""), "替补报名：中学组");
  // The export carries the substitute, the corrected name and the bank; it loads as a contest file.
  auto exported = server.get(organizer, path::kExport).second;
  auto file = load_contest_document(exported);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  int sub_index = find_contestant(file->contest, "C054");
  ASSERT_GE(sub_index, 0);
  EXPECT_EQ(file->contest.contestants[size_t(sub_index)].name, "林晓");
  EXPECT_EQ(exported["topics"]["class_meeting"].size(), 2u);
  // The database read beside the server (liangfen export) is the same.
  std::string out;
  ASSERT_EQ(liangfen("export --db " + server.db_path(), out), 0) << out;
  EXPECT_NE(out.find("林晓"), std::string::npos);
  EXPECT_NE(out.find("王晓燕"), std::string::npos);
}

// The organizer's command line on the running server: a correction, a substitute, 弃权 (the
// absence record, not a roster kind of its own) and topics from a file, by names.
TEST(Roster, TheCommandLineCorrectsAddsWithdrawsAndAddsTopicsOnTheRunningServer) {
  test::LiveServer server(test::sample_without_results());
  const std::string at = " --server http://127.0.0.1:" + std::to_string(server.port()) +
                         " --code " + test::code_of("organizer");
  std::string out;
  ASSERT_EQ(liangfen("roster" + at + " --correct 邱娟 --name 邱涓 --reason 报名表录入有误", out), 0)
      << out;
  EXPECT_NE(out.find("已更正"), std::string::npos) << out;
  EXPECT_NE(out.find("邱涓 · 机关幼儿园"), std::string::npos) << out;
  ASSERT_EQ(liangfen("roster" + at +
                         " --add --group 中学组 --name 林晓 --school 第二中学 --reason 原选手弃权",
                     out),
            0)
      << out;
  EXPECT_NE(out.find("选手编号 C054"), std::string::npos) << out;
  EXPECT_EQ(liangfen("roster" + at +
                         " --add --group 中学组 --name 林晓 --school 第二中学 --reason 原选手弃权",
                     out),
            2)
      << out;
  EXPECT_NE(out.find("不能重复录入"), std::string::npos) << out;
  ASSERT_EQ(
      liangfen("roster" + at + " --withdraw C002 --round 小学组预赛 --reason 本人申请弃权", out), 0)
      << out;
  EXPECT_NE(out.find("已记为弃权"), std::string::npos) << out;
  EXPECT_EQ(liangfen("roster" + at + " --correct 邱涓 --reason 无", out), 1)
      << out;  // nothing to correct
  EXPECT_EQ(liangfen("roster --server http://127.0.0.1:" + std::to_string(server.port()) +
                         " --code " + test::code_of("J01") + " --correct C001 --name 某 --reason x",
                     out),
            2)
      << out;
  std::string bank = (std::filesystem::temp_directory_path() /
                      ("liangfen-topics-" + std::to_string(::getpid()) + ".txt"))
                         .string();
  {
    std::ofstream f(bank);
    f << "如何开好第一次家长会\n班级里的“小团体”\n如何开好第一次家长会\n";
  }
  ASSERT_EQ(liangfen("import-topics " + bank + at + " --section 主题班会设计", out), 0) << out;
  EXPECT_NE(out.find("加入 2 道题（题库共 2 道"), std::string::npos) << out;
  EXPECT_NE(out.find("其中 1 道题库里已有"), std::string::npos) << out;
  std::filesystem::remove(bank);
  // The draw of a round says when its bank will not last it.
  ASSERT_EQ(liangfen("draw" + at + " --round 全县决赛 --group 中学组", out), 0) << out;
  EXPECT_NE(out.find("注意：主题班会设计题库在全县决赛还剩 2 道"), std::string::npos) << out;
  Json state = server.get(server.login("organizer"), path::kState).second;
  EXPECT_EQ(contestant_in(state["contestants"], "C001")->value("name", ""), "邱涓");
  EXPECT_NE(contestant_in(state["contestants"], "C054"), nullptr);
  EXPECT_EQ(state["absences"].size(), 1u);
  EXPECT_EQ(state["topic_banks"]["class_meeting"], 2);
}

// Reprinting the slips with an edited contest file (issue 24: a substitute added to the file was
// silently ignored while every code was made new): refused, saying each difference and the
// command that makes it on the running server; the database and every code are unchanged.
TEST(Roster, CredentialsWithAnEditedContestFileRefuseSayingWhatDiffersAndChangeNothing) {
  auto dir =
      std::filesystem::temp_directory_path() / ("liangfen-reprint-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "contest.db").string(),
                    sample = test::source_path(test::kSampleContest);
  std::string out;
  ASSERT_EQ(liangfen("credentials --db " + db + " --import " + sample + " --text", out), 0) << out;
  auto people = [&] {
    auto store = ContestStore::open_read_only(db);
    EXPECT_TRUE(store.ok());
    std::vector<std::string> hashes;
    auto list = store.value()->people();
    EXPECT_TRUE(list.ok());
    for (const PersonRecord& p : list.value()) hashes.push_back(p.person + "=" + p.code_hash);
    return hashes;
  };
  const std::vector<std::string> codes = people();
  Json edited = test::sample_document();
  edited["contestants"].push_back(
      {{"id", "C054"}, {"name", "林晓"}, {"school", "第二中学"}, {"group", "secondary"}});
  edited["contestants"][0]["name"] = "邱涓";
  const std::string file = (dir / "edited.contest.json").string();
  {
    std::ofstream f(file);
    f << edited.dump();
  }
  EXPECT_EQ(liangfen("credentials --db " + db + " --import " + file + " --text", out), 2) << out;
  for (const char* said :
       {"与它有 2 处不同", "未生成登录码，旧登录码仍然有效", "--correct C001 --name 邱涓",
        "--add --group 中学组 --name 林晓 --school 第二中学"})
    EXPECT_NE(out.find(said), std::string::npos) << said << "\n" << out;
  EXPECT_EQ(out.find("已为"), std::string::npos) << out;
  EXPECT_EQ(people(), codes);
  auto store = ContestStore::open_read_only(db);
  auto held = store.value()->load_contest();
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(find_contestant(held->contest, "C054"), -1);
  EXPECT_EQ(held->contest.contestants[0].name, "邱娟");
  // The same file as the database's: the codes are made new as before.
  EXPECT_EQ(liangfen("credentials --db " + db + " --import " + sample + " --text", out), 0) << out;
  EXPECT_NE(people(), codes);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lf
