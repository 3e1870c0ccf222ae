// The real server's refusals, read back by the client every program uses (ApiClient): each
// comes with the kind the server decided (scoring/protocol/refusal_status.h), its words in
// Chinese and the field it names, so a caller switches on the kind and shows the words.
#include <gtest/gtest.h>

#include "scoring/client/api_client.h"
#include "scoring/protocol/protocol.h"
#include "tests/server/known_people.h"
#include "tests/server/server_fixture.h"

namespace lf {
namespace {

namespace path = protocol::path;

Json refused_mark(const char* judge, Json points) {
  return {{"round", "prelim"}, {"contestant", "C001"}, {"section", "speech"},
          {"points", std::move(points)}, {"judge", judge}, {"revision", 0}};
}

TEST(Refusal, TheServersRefusalsReachTheClientWithTheirKindWordsAndField) {
  test::LiveServer server(test::sample_without_results());
  ServerAddress address{"127.0.0.1", server.port(), false, nullptr};
  ApiClient judge(address), head(address);

  Status wrong_code = judge.login("1234567890").refusal();
  EXPECT_EQ(wrong_code.kind(), ErrorKind::unauthenticated) << wrong_code.to_string();
  ASSERT_TRUE(judge.login(test::code_of("J01")).ok());
  ASSERT_TRUE(head.login(test::code_of("head:PRE")).ok());

  Status not_on_stage = judge.post(path::kMarks, refused_mark("J01", 25.0)).refusal();
  EXPECT_EQ(not_on_stage.kind(), ErrorKind::conflict) << not_on_stage.to_string();
  ASSERT_TRUE(head.post(path::kStage, {{"venue", "PRE"}, {"contestant", "C001"}}).ok());

  Status someone_else = judge.post(path::kMarks, refused_mark("J02", 25.0)).refusal();
  EXPECT_EQ(someone_else.kind(), ErrorKind::forbidden) << someone_else.to_string();

  Status too_high = judge.post(path::kMarks, refused_mark("J01", 99.0)).refusal();
  EXPECT_EQ(too_high.kind(), ErrorKind::invalid) << too_high.to_string();
  ASSERT_FALSE(too_high.ok());
  EXPECT_EQ(too_high.errors()[0].path, "points");
  EXPECT_TRUE(test::has_chinese(too_high.errors()[0].message)) << too_high.errors()[0].message;

  Status not_a_number = judge.post(path::kMarks, refused_mark("J01", "二十五")).refusal();
  EXPECT_EQ(not_a_number.kind(), ErrorKind::malformed) << not_a_number.to_string();

  EXPECT_EQ(judge.get("/api/no-such-thing").refusal().kind(), ErrorKind::not_found);
  EXPECT_TRUE(judge.post(path::kMarks, refused_mark("J01", 25.0)).refusal().ok());

  server.stop();  // nobody answers now: unavailable, send again later
  Status gone = judge.post(path::kMarks, refused_mark("J01", 26.0)).refusal();
  EXPECT_EQ(gone.kind(), ErrorKind::unavailable) << gone.to_string();
}

}  // namespace
}  // namespace lf
