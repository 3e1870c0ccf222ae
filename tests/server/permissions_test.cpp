// Every role x endpoint pair that must be refused is refused with 401/403 and a JSON error,
// and bad input is a 4xx that changes nothing.
#include <gtest/gtest.h>

#include "tests/server/server_fixture.h"

namespace lf {
namespace {

class Permissions : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<test::LiveServer>(test::sample_without_results());
    for (const char* p : {"organizer", "head:PRE", "head:P1", "timer:PRE", "J01", "J02", "J06",
                          "display:main"})
      tokens_[p] = server_->login(p);
    ASSERT_EQ(post("head:PRE", protocol::path::kStage, {{"contestant", "C001"}}).first, 200);
  }
  std::pair<int, Json> post(const std::string& who, const char* path, const Json& body) {
    return server_->post(tokens_[who], path, body);
  }
  std::unique_ptr<test::LiveServer> server_;
  std::map<std::string, std::string> tokens_;
};

const Json kMark = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}, {"points", 27.5},
                    {"judge", "J01"}, {"revision", 0}};
Json mark_by(const char* judge) {
  Json m = kMark;
  m["judge"] = judge;
  return m;
}
const Json kTiming = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}, {"duration_s", 250}};
const Json kPerf = {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"}};

struct Refusal {
  const char* who;
  const char* path;
  Json body;
  int status;
};

TEST_F(Permissions, RoleAndVenueRefusals) {
  const Refusal cases[] = {
      // Marks: judges only, and only on their own panel.
      {"organizer", protocol::path::kMarks, kMark, 403},
      {"head:PRE", protocol::path::kMarks, kMark, 403},
      {"timer:PRE", protocol::path::kMarks, kMark, 403},
      {"display:main", protocol::path::kMarks, kMark, 403},
      {"J06", protocol::path::kMarks, mark_by("J06"), 403},  // J06 sits in P1, not PRE
      {"J02", protocol::path::kMarks, kMark, 403},  // J01's mark sent with J02's login
      // Timings: the venue's timekeeper only.
      {"J01", protocol::path::kTimings, kTiming, 403},
      {"head:PRE", protocol::path::kTimings, kTiming, 403},
      {"display:main", protocol::path::kTimings, kTiming, 403},
      {"organizer", protocol::path::kTimings, kTiming, 403},
      {"J01", protocol::path::kClock, {{"running", true}}, 403},
      // Stage: organizer or that venue's head judge.
      {"J01", protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C002"}}, 403},
      {"timer:PRE", protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C002"}}, 403},
      {"display:main", protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C002"}}, 403},
      {"head:P1", protocol::path::kStage, {{"venue", "PRE"}, {"contestant", "C002"}}, 403},
      // Publish, return, reopen: that venue's head judge.
      {"J01", protocol::path::kPublish, kPerf, 403},
      {"organizer", protocol::path::kPublish, kPerf, 403},
      {"display:main", protocol::path::kPublish, kPerf, 403},
      {"head:P1", protocol::path::kPublish, kPerf, 403},
      {"timer:PRE", protocol::path::kReturn, kPerf, 403},
      {"J01", protocol::path::kReopen, kPerf, 403},
      // Decisions: head judges and the organizer.
      {"J01", protocol::path::kDecisions, {{"round", "prelim"}, {"group", "primary"}, {"order", {"C006", "C012"}}}, 403},
      {"display:main", protocol::path::kDecisions, {{"round", "prelim"}, {"group", "primary"}, {"order", {"C006", "C012"}}}, 403},
      {"timer:PRE", protocol::path::kDecisions, {{"round", "prelim"}, {"group", "primary"}, {"order", {"C006", "C012"}}}, 403},
  };
  for (const auto& c : cases) {
    auto [status, body] = post(c.who, c.path, c.body);
    EXPECT_EQ(status, c.status) << c.who << " " << c.path << " -> " << body.dump();
    EXPECT_TRUE(body.contains("error")) << c.who << " " << c.path;
    EXPECT_TRUE(test::has_chinese(body.value("error", ""))) << "not in Chinese: " << body.dump();
  }
  // Only the organizer exports.
  for (const char* who : {"head:PRE", "J01", "timer:PRE", "display:main"})
    EXPECT_EQ(server_->get(tokens_[who], protocol::path::kExport).first, 403) << who;
  // Nothing was stored by any of that.
  EXPECT_EQ(server_->service().live_state().marks.size(), 0u);
}

TEST_F(Permissions, NoTokenIs401) {
  for (const char* path : {protocol::path::kMarks, protocol::path::kStage, protocol::path::kPublish})
    EXPECT_EQ(server_->post("", path, kMark).first, 401) << path;
  auto stranger = server_->get("not-a-token", protocol::path::kState);
  EXPECT_EQ(stranger.first, 401);
  EXPECT_TRUE(test::has_chinese(stranger.second.value("error", ""))) << stranger.second.dump();
}

TEST_F(Permissions, BadInputIs4xxWithFieldAndChangesNothing) {
  struct Bad { Json body; int status; const char* field; };
  auto mark = [](const char* contestant, Json points) {
    Json m = kMark;
    m["contestant"] = contestant;
    if (points.is_null()) m.erase("points");
    else m["points"] = points;
    return m;
  };
  const Bad cases[] = {
      {mark("C001", 31), 422, "points"},
      {mark("C001", 27.55), 400, "points"},  // two decimals: refused by the decoder
      {mark("C001", "27"), 400, "points"},
      {mark("C999", 27), 404, "contestant"},
      {mark("C002", 27), 409, "contestant"},  // not on stage
      {mark("C001", nullptr), 400, "points"},
  };
  for (const auto& c : cases) {
    auto [status, body] = post("J01", protocol::path::kMarks, c.body);
    EXPECT_EQ(status, c.status) << c.body.dump() << " -> " << body.dump();
    EXPECT_EQ(body["field"], c.field) << body.dump();
    EXPECT_TRUE(test::has_chinese(body.value("error", ""))) << "not in Chinese: " << body.dump();
  }
  // Malformed JSON and a non-object.
  auto c = server_->client();
  httplib::Headers h = {{"Authorization", "Bearer " + tokens_["J01"]}};
  EXPECT_EQ(c.Post(protocol::path::kMarks, h, "{points: 1", "application/json")->status, 400);
  EXPECT_EQ(c.Post(protocol::path::kMarks, h, "[1,2]", "application/json")->status, 400);
  // Oversized body.
  std::string big(protocol::kMaxBodyBytes + 10, ' ');
  EXPECT_EQ(c.Post(protocol::path::kMarks, h, big, "application/json")->status, 413);
  EXPECT_EQ(server_->service().live_state().marks.size(), 0u);
}

TEST_F(Permissions, LoginRefusalsAndThrottle) {
  auto c = server_->client();
  auto wrong_version = c.Post(protocol::path::kLogin, Json{{"code", "1"}, {"api_version", 99}}.dump(), "application/json");
  EXPECT_EQ(wrong_version->status, 426);
  for (int i = 0; i < 5; ++i) {
    auto r = c.Post(protocol::path::kLogin, Json{{"code", "00000000"}, {"api_version", protocol::kApiVersion}}.dump(), "application/json");
    EXPECT_EQ(r->status, 401);
  }
  // Typos lock nobody out: the right code gets in at once (the pacer, login_pacer.h, only
  // slows wrong codes hall-wide).
  Json right = {{"code", test::LiveServer::code_of("J01")}, {"api_version", protocol::kApiVersion}};
  EXPECT_EQ(c.Post(protocol::path::kLogin, right.dump(), "application/json")->status, 200);
}

TEST_F(Permissions, JudgesNeverSeeOtherJudgesMarks) {
  ASSERT_EQ(post("J01", protocol::path::kMarks, kMark).first, 200);
  auto state = server_->get(tokens_["J06"], protocol::path::kState).second;
  EXPECT_EQ(state["my_marks"].size(), 0u);
  EXPECT_FALSE(state.contains("panels"));
  auto mine = server_->get(tokens_["J01"], protocol::path::kState).second;
  EXPECT_EQ(mine["my_marks"].size(), 1u);
  auto head = server_->get(tokens_["head:PRE"], protocol::path::kState).second;
  EXPECT_TRUE(head.contains("panels"));
  // The display's feed carries no mark events.
  int64_t cursor = 0;
  auto events = server_->service().events_after(
      *server_->service().session(tokens_["display:main"]), cursor, 100, std::chrono::milliseconds(0));
  for (const Event& e : events) EXPECT_NE(e.kind(), "mark");
}

// A panel names its performance once; its marks carry only the judge's part (issue 15: the
// head judge's answer repeated the contestant in every mark and was twice its size).
TEST_F(Permissions, APanelsMarksDoNotRepeatThePerformance) {
  ASSERT_EQ(post("J01", protocol::path::kMarks, kMark).first, 200);
  auto head = server_->get(tokens_["head:PRE"], protocol::path::kState).second;
  ASSERT_TRUE(head["panels"].is_array());
  ASSERT_FALSE(head["panels"].empty());
  size_t marks = 0;
  for (const Json& p : head["panels"]) {
    EXPECT_TRUE(p["contestant"].is_object()) << p.dump();
    for (const Json& m : p["marks"]) {
      ++marks;
      EXPECT_TRUE(m["judge"].is_string()) << m.dump();
      for (const char* repeated : {"who", "contestant", "round", "section"}) EXPECT_FALSE(m.contains(repeated)) << m.dump();
    }
  }
  EXPECT_GT(marks, 0u);
  // The judge's own list still names each mark's performance.
  auto mine = server_->get(tokens_["J01"], protocol::path::kState).second;
  ASSERT_EQ(mine["my_marks"].size(), 1u);
  EXPECT_TRUE(mine["my_marks"][0]["who"].is_object());
  EXPECT_TRUE(mine["my_marks"][0]["contestant"].is_string());
}

TEST_F(Permissions, OnlyTheOrganizerDownloadsPrintedDocuments) {
  auto c = server_->client();
  auto as = [&](const char* who, const std::string& path) {
    return c.Get(path.c_str(), {{"Authorization", "Bearer " + tokens_[who]}});
  };
  auto pdf = as("organizer", "/api/print/results?round=prelim");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  auto xlsx = as("organizer", "/api/print/results?format=xlsx");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");  // a zip
  // Nothing is final yet: the award list is refused, with the reason.
  auto awards = as("organizer", "/api/print/awards");
  ASSERT_TRUE(awards);
  EXPECT_EQ(awards->status, 409);
  EXPECT_NE(awards->body.find("C0"), std::string::npos);
  EXPECT_EQ(as("organizer", "/api/print/awards?draft=1")->status, 200);
  EXPECT_EQ(as("organizer", "/api/print/nonsense")->status, 400);
  for (const char* who : {"head:PRE", "J01", "timer:PRE", "display:main"})
    EXPECT_EQ(as(who, "/api/print/results")->status, 403) << who;
}

}  // namespace
}  // namespace lf
