// The status of a refusal, both ways (scoring/protocol/refusal_status.h): every kind has its own
// status and reads back from it, the transport's own refusals have a kind, and a client's answer
// becomes an error of that kind with the server's words and field (ApiAnswer::refusal).
#include "scoring/protocol/refusal_status.h"

#include <gtest/gtest.h>

#include <set>

#include "scoring/client/api_client.h"

namespace lf {
namespace {

using protocol::http_status;
using protocol::refusal_kind;

// Every ErrorKind, from the first to the last of the enum (internal is its last).
std::vector<ErrorKind> all_kinds() {
  std::vector<ErrorKind> kinds;
  for (int k = 0; k <= static_cast<int>(ErrorKind::internal); ++k) kinds.push_back(static_cast<ErrorKind>(k));
  return kinds;
}

TEST(RefusalStatus, EveryKindHasItsOwnStatusAndReadsBackFromIt) {
  std::set<int> statuses;
  for (ErrorKind kind : all_kinds()) {
    int status = http_status(kind);
    EXPECT_TRUE(statuses.insert(status).second) << to_string(kind) << " shares status " << status;
    EXPECT_EQ(refusal_kind(status), kind) << to_string(kind) << " → " << status;
  }
  EXPECT_EQ(statuses.size(), std::size(protocol::kRefusalStatus)) << "a kind is missing from the table";
}

TEST(RefusalStatus, TheStatusesAreDocsApiMdsTable) {
  EXPECT_EQ(http_status(ErrorKind::malformed), 400);
  EXPECT_EQ(http_status(ErrorKind::unauthenticated), 401);
  EXPECT_EQ(http_status(ErrorKind::forbidden), 403);
  EXPECT_EQ(http_status(ErrorKind::not_found), 404);
  EXPECT_EQ(http_status(ErrorKind::not_allowed), 405);
  EXPECT_EQ(http_status(ErrorKind::conflict), 409);
  EXPECT_EQ(http_status(ErrorKind::unsupported), 415);
  EXPECT_EQ(http_status(ErrorKind::invalid), 422);
  EXPECT_EQ(http_status(ErrorKind::outdated), 426);
  EXPECT_EQ(http_status(ErrorKind::too_many), 429);
  EXPECT_EQ(http_status(ErrorKind::internal), 500);
  EXPECT_EQ(http_status(ErrorKind::unavailable), 503);
}

TEST(RefusalStatus, TheTransportsOwnRefusalsHaveAKind) {
  EXPECT_EQ(refusal_kind(413), ErrorKind::malformed);  // body over 64 KiB
  EXPECT_EQ(refusal_kind(431), ErrorKind::malformed);  // headers over 8 KiB
  EXPECT_EQ(refusal_kind(418), ErrorKind::malformed);  // any other 4xx: the request's fault
  EXPECT_EQ(refusal_kind(408), ErrorKind::unavailable);  // timed out: send again
  EXPECT_EQ(refusal_kind(502), ErrorKind::unavailable);
  EXPECT_EQ(refusal_kind(504), ErrorKind::unavailable);
  EXPECT_EQ(refusal_kind(0), ErrorKind::unavailable);    // no answer at all
  EXPECT_EQ(refusal_kind(302), ErrorKind::internal);     // not a refusal liangfen sends
  EXPECT_EQ(refusal_kind(200), ErrorKind::internal);
}

TEST(RefusalStatus, AnAnswerBecomesAnErrorWithTheServersKindWordsAndField) {
  ApiAnswer saved;
  saved.status = 200;
  saved.body = {{"saved", true}};
  EXPECT_TRUE(saved.refusal().ok());

  ApiAnswer stale;
  stale.status = 409;
  stale.body = {{"error", "这条分数已被更新的一条取代"}, {"field", "revision"}};
  Status s = stale.refusal();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::conflict);
  EXPECT_EQ(s.errors()[0].path, "revision");
  EXPECT_EQ(s.errors()[0].message, "这条分数已被更新的一条取代");

  ApiAnswer too_large;  // the transport's 413 has no JSON body
  too_large.status = 413;
  too_large.raw = "Payload Too Large";
  too_large.body = Json::object();
  EXPECT_EQ(too_large.refusal().kind(), ErrorKind::malformed);
  EXPECT_EQ(too_large.refusal().errors()[0].path, "");

  ApiAnswer unreachable;  // no answer: status 0 and what happened to the connection
  unreachable.error = "服务器 https://10.0.0.9:8080 没有回应（网络不通、地址不对或服务器未启动）";
  Status u = unreachable.refusal();
  EXPECT_EQ(u.kind(), ErrorKind::unavailable);
  EXPECT_EQ(u.errors()[0].message, unreachable.error);
}

}  // namespace
}  // namespace lf
