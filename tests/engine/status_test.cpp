// Errors carry a kind, and LF_TRY propagates the first failure unchanged.
#include <gtest/gtest.h>

#include "scoring/engine/status.h"

namespace lf {
namespace {

Status fails(ErrorKind kind) { return Error{"where", "为什么", kind}; }

int steps = 0;
Status two_steps(Status first, Status second) {
  steps = 0;
  LF_TRY(first);
  ++steps;
  LF_TRY(second);
  ++steps;
  return {};
}

Result<int> doubled(Result<int> in) {
  LF_TRY(in);
  return in.value() * 2;
}

TEST(ErrorKinds, DefaultIsInvalidAndKeptThroughStatus) {
  Error e{"points", "太大"};
  EXPECT_EQ(e.kind, ErrorKind::invalid);
  Status s = fails(ErrorKind::conflict);
  EXPECT_EQ(s.kind(), ErrorKind::conflict);
  Result<int> r(s);
  EXPECT_EQ(r.status().kind(), ErrorKind::conflict);
  EXPECT_STREQ(to_string(ErrorKind::not_found), "not_found");
}

TEST(ErrorKinds, WithKindRelabelsEveryError) {
  Status s(std::vector<Error>{{"a", "x"}, {"b", "y", ErrorKind::forbidden}});
  Status t = with_kind(s, ErrorKind::conflict);
  ASSERT_EQ(t.errors().size(), 2u);
  for (const Error& e : t.errors()) EXPECT_EQ(e.kind, ErrorKind::conflict);
  EXPECT_EQ(t.errors()[1].message, "y");
}

TEST(LfTry, StopsAtTheFirstFailureAndReturnsIt) {
  EXPECT_TRUE(two_steps({}, {}).ok());
  EXPECT_EQ(steps, 2);
  Status s = two_steps({}, fails(ErrorKind::unavailable));
  EXPECT_EQ(steps, 1);
  EXPECT_EQ(s.kind(), ErrorKind::unavailable);
  s = two_steps(fails(ErrorKind::forbidden), fails(ErrorKind::unavailable));
  EXPECT_EQ(steps, 0);
  EXPECT_EQ(s.kind(), ErrorKind::forbidden);
}

TEST(LfTry, PropagatesAResultsErrorsIntoAnotherResult) {
  EXPECT_EQ(doubled(21).value(), 42);
  Result<int> bad = doubled(Result<int>(Error{"x", "坏了", ErrorKind::not_found}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.errors().front().kind, ErrorKind::not_found);
  EXPECT_EQ(bad.errors().front().message, "坏了");
}

}  // namespace
}  // namespace lf
