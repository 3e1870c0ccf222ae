// GET /api/history?contestant=ID through the real server: the organizer reads one contestant's
// whole trail with the old value of every change, who and when; the venue's head judge reads
// the same; a head judge of another venue reads none of it; judges, timekeepers, displays and
// stewards are refused (contest-file.md §6: no judge sees another judge's mark before 亮分).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "data/live/history.h"
#include "tests/server/history_day.h"

namespace lf {
namespace {

namespace path = protocol::path;

class HistoryApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<test::LiveServer>(test::sample_without_results());
    day_ = std::make_unique<test::HistoryDay>(*server_);
  }
  void play() { day_->play(); }
  std::pair<int, Json> history(const std::string& who,
                               const std::string& query = "?contestant=C002") {
    return server_->get(day_->tokens[who], (std::string(path::kHistory) + query).c_str());
  }
  std::unique_ptr<test::LiveServer> server_;
  std::unique_ptr<test::HistoryDay> day_;
};

// The line of `lines` whose "what" starts with `what` and has `before` as its old value.
const Json* find_line(const Json& lines, const std::string& what, const std::string& before) {
  for (const Json& l : lines)
    if (json_string(l, "what").rfind(what, 0) == 0 && json_string(l, "before") == before) return &l;
  return nullptr;
}

TEST_F(HistoryApi, TheOrganizerReadsEveryChangeWithItsOldValueWhoAndWhen) {
  play();
  auto [status, body] = history("organizer");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["contestant"]["heading"], "C002 陆兰桂 · 实验小学 · 小学组");
  const Json& lines = body["lines"];
  auto correction = find_line(lines, "改分：小学组预赛 · 才艺展示", "8.5");
  ASSERT_TRUE(correction) << lines.dump(1);
  EXPECT_EQ((*correction)["after"], "9.1");
  EXPECT_EQ((*correction)["who"], "评委邹东（评委）");
  EXPECT_EQ((*correction)["seq"], day_->corrected);
  EXPECT_EQ((*correction)["note"], "更正第 " + std::to_string(day_->first) + " 号记录");
  EXPECT_EQ((*correction)["when"], beijing_time_text((*correction)["at_ms"].get<int64_t>()));
  auto time = find_line(lines, "更正用时", "250 秒");
  ASSERT_TRUE(time) << lines.dump(1);
  EXPECT_EQ((*time)["after"], "245.5 秒");
  EXPECT_EQ((*time)["note"], "原因：看错了秒表");
  auto sent_back = find_line(lines, "退回重打：小学组预赛 · 才艺展示 · 评委谢斌宇", "8.0");
  ASSERT_TRUE(sent_back) << lines.dump(1);
  EXPECT_EQ((*sent_back)["note"], "说明：请再看一下");
  auto reopened = find_line(lines, "撤回亮分",
                            "已亮分（评委邹东 9.1、评委谢斌宇 7.6、评委蔡霞勇 8.0、评委余萍斌 "
                            "8.0、评委许超军 8.0；用时 245.5 秒）");
  ASSERT_TRUE(reopened) << lines.dump(1);
  EXPECT_EQ((*reopened)["note"], "原因：评委录错分");
  ASSERT_TRUE(find_line(lines, "改分：小学组预赛 · 才艺展示", "8.0")) << lines.dump(1);
  int publishes = 0, marks = 0;
  for (const Json& l : lines) {
    publishes += l["kind"] == "publish";
    marks += l["kind"] == "mark";
  }
  EXPECT_EQ(publishes, 2);
  EXPECT_EQ(marks, 8);  // five first marks and three corrections
}

TEST_F(HistoryApi, TheVenuesHeadJudgeReadsTheSameAndAnotherVenuesNothing) {
  play();
  auto organizer = history("organizer");
  auto head = history("head:PRE");
  ASSERT_EQ(head.first, 200) << head.second.dump();
  EXPECT_EQ(head.second["lines"], organizer.second["lines"]);
  auto other = history("head:P1");
  ASSERT_EQ(other.first, 200) << other.second.dump();
  // Who is on stage is public (the projector shows it); nothing else of PRE is theirs to read.
  ASSERT_FALSE(other.second["lines"].empty());
  for (const Json& l : other.second["lines"]) EXPECT_EQ(l["kind"], "stage") << l.dump();
}

TEST_F(HistoryApi, JudgesAndEveryoneElseAreRefusedInChinese) {
  play();
  for (const char* who : {"J01", "J02", "timer:PRE", "display:main", "steward"}) {
    auto [status, body] = history(who);
    EXPECT_EQ(status, 403) << who << ": " << body.dump();
    EXPECT_TRUE(test::has_chinese(body.value("error", ""))) << body.dump();
    EXPECT_EQ(body.dump().find("8.5"), std::string::npos)
        << who << " was shown a mark: " << body.dump();
  }
}

TEST_F(HistoryApi, AnUnknownOrMissingContestantIsRefused) {
  auto unknown = history("organizer", "?contestant=C999");
  EXPECT_EQ(unknown.first, 404) << unknown.second.dump();
  EXPECT_NE(unknown.second.value("error", "").find("没有这位选手"), std::string::npos);
  auto missing = history("organizer", "");
  EXPECT_EQ(missing.first, 400) << missing.second.dump();
  EXPECT_EQ(missing.second.value("field", ""), "contestant");
}

// A long trail is read a page at a time (issue 23: one flooded contestant's history was a
// 399 MB answer): pages of `limit` lines follow each other by next_from and together are the
// whole trail; a page larger than the server's bound, or a cursor that is not a number, is 400.
TEST_F(HistoryApi, ALongTrailIsReadAPageAtATime) {
  play();
  auto [status, whole] = history("organizer");
  ASSERT_EQ(status, 200) << whole.dump();
  const size_t total = whole["lines"].size();
  ASSERT_GE(total, 5u);
  EXPECT_EQ(whole["total"], total);
  EXPECT_TRUE(whole["next_from"].is_null());
  Json joined = Json::array();
  size_t pages = 0;
  for (Json from = 0; !from.is_null(); ++pages) {
    auto [s, page] = history("organizer", "?contestant=C002&limit=2&from=" + from.dump());
    ASSERT_EQ(s, 200) << page.dump();
    ASSERT_LE(page["lines"].size(), 2u);
    EXPECT_EQ(page["total"], total);
    for (const Json& l : page["lines"]) joined.push_back(l);
    from = page["next_from"];
    ASSERT_LT(pages, total) << "the cursor must move on";
  }
  EXPECT_EQ(pages, (total + 1) / 2);
  EXPECT_EQ(joined, whole["lines"]);
  EXPECT_EQ(history("organizer", "?contestant=C002&limit=501").first, 400);
  EXPECT_EQ(history("organizer", "?contestant=C002&limit=0").first, 400);
  auto [bad, refusal] = history("organizer", "?contestant=C002&from=-1");
  EXPECT_EQ(bad, 400);
  EXPECT_EQ(refusal["field"], "from");
  // Past the end: an empty last page.
  auto [end_status, end] =
      history("organizer", "?contestant=C002&from=" + std::to_string(total + 10));
  EXPECT_EQ(end_status, 200);
  EXPECT_TRUE(end["lines"].empty());
  EXPECT_TRUE(end["next_from"].is_null());
}

// The display's results are made once per change of the published standings, not once per
// event: a judge's mark after 亮分 leaves the display's answer as it was (its last_seq too),
// while the organizer's, which shows unpublished marks, moves with every mark; a reopen changes
// the display's answer again.
TEST_F(HistoryApi, TheDisplaysResultsAreMadeAgainOnlyWhenThePublishedStandingsChange) {
  play();  // ends with C002's talent published
  auto display_results = [&] { return server_->get(day_->tokens["display:main"], path::kResults); };
  auto organizer_results = [&] { return server_->get(day_->tokens["organizer"], path::kResults); };
  auto [s1, published] = display_results();
  ASSERT_EQ(s1, 200) << published.dump();
  const int64_t organizer_before = organizer_results().second.value("last_seq", int64_t(-1));
  for (const char* j : {"J01", "J02", "J03"}) {  // first marks of C002's speech, still on stage
    auto [status, body] = day_->post(j, path::kMarks,
                                     {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"},
                                      {"judge", j}, {"points", 25}, {"revision", 0}});
    ASSERT_EQ(status, 200) << body.dump();
  }
  auto [s2, after_marks] = display_results();
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(after_marks, published);  // the same answer, its last_seq included
  EXPECT_EQ(organizer_results().second.value("last_seq", int64_t(-1)), organizer_before + 3);
  day_->post("head:PRE", path::kReopen,
             {{"round", "prelim"}, {"contestant", "C002"}, {"section", "talent"}, {"reason", "复核"}});
  auto [s3, after_reopen] = display_results();
  ASSERT_EQ(s3, 200);
  EXPECT_GT(after_reopen.value("last_seq", int64_t(0)), published.value("last_seq", int64_t(0)));
  EXPECT_NE(after_reopen["rounds"], published["rounds"]);  // C002's talent is no longer shown
}

// The costly answers (results, history, export, prints) are rationed per person, busy or not
// (http_api.h; 10 a second and 30 at once by default, here 5 at once and one per 100 s so that
// no refill happens while the test runs, however slow the machine): the organizer asking the
// history and the results in turn is answered 5 times, then refused 429 in Chinese before a
// worker is taken; the head judge (another person) still reads the history, a judge still
// saves.
TEST_F(HistoryApi, OnePersonAskingCostlyAnswersInALoopIsRefusedAfterItsBurstOthersAreNot) {
  day_.reset();
  server_ = std::make_unique<test::LiveServer>(test::sample_without_results(),
                                               test::LiveServerOptions{.costly_reads_per_s = 0.01, .costly_burst = 5});
  day_ = std::make_unique<test::HistoryDay>(*server_);
  play();
  int answered = 0, refused = 0;
  std::string words;
  for (int i = 0; i < 12; ++i) {
    auto [status, body] = i % 2 ? history("organizer") : server_->get(day_->tokens["organizer"], path::kResults);
    if (status == 200) ++answered;
    if (status == 429) ++refused, words = json_string(body, "error");
  }
  EXPECT_EQ(answered, 5);
  EXPECT_EQ(refused, 7);
  EXPECT_EQ(words, "成绩、记录和打印的查询太频繁，请稍后再试");
  EXPECT_EQ(history("head:PRE").first, 200);  // another person
  auto [saved, body] = day_->post("J03", path::kMarks,
                                  {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"},
                                   {"judge", "J03"}, {"points", 25}, {"revision", 0}});
  EXPECT_EQ(saved, 200) << body.dump();
  EXPECT_EQ(history("organizer").first, 429);  // a judge's mark gave the organizer nothing back
}

// A refusal for asking too often is answered after a hold (http_api.cpp: kRefusalHold, 1 s), so
// a client looping on its refusals — issue 23's insider, refused ~9,700 times a second — asks
// once per hold per connection. Four connections looping for 3 s get at most 4 x (3 + 1)
// answers (an upper bound: a slow machine only lowers it), and a judge saves meanwhile.
TEST_F(HistoryApi, AClientLoopingOnItsRefusalsIsAnsweredOncePerHold) {
  day_.reset();
  server_ = std::make_unique<test::LiveServer>(test::sample_without_results(),
                                               test::LiveServerOptions{.costly_reads_per_s = 0.01, .costly_burst = 1});
  day_ = std::make_unique<test::HistoryDay>(*server_);
  play();
  std::atomic<int> refused{0}, other{0};
  const std::string token = day_->tokens["organizer"];
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<std::thread> loops;
  for (int t = 0; t < 4; ++t)
    loops.emplace_back([&] {
      httplib::Client c = server_->client();
      c.set_keep_alive(true);
      c.set_read_timeout(10, 0);
      while (std::chrono::steady_clock::now() < until) {
        auto r = c.Get(path::kResults, {{"Authorization", "Bearer " + token}});
        if (r && r->status == 429) ++refused;
        else if (!r || r->status != 200) ++other;
      }
    });
  auto [saved, body] = day_->post("J03", path::kMarks,
                                  {{"round", "prelim"}, {"contestant", "C002"}, {"section", "speech"},
                                   {"judge", "J03"}, {"points", 25}, {"revision", 0}});
  for (auto& t : loops) t.join();
  EXPECT_EQ(saved, 200) << body.dump();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GE(refused.load(), 3);        // refused, not answered
  EXPECT_LE(refused.load(), 4 * (3 + 1));  // without the hold: thousands
}

}  // namespace
}  // namespace lf
