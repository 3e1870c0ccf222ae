// Login codes cannot be guessed within a contest's lifetime: the brute-force scenarios of an
// insider (one valid code, many wrong ones) and of many addresses, on a simulated clock
// through the real ContestService, stay under the rates docs/security.md promises.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "tests/data/test_files.h"
#include "tests/server/known_people.h"
#include "scoring/protocol/protocol.h"
#include "scoring/server/auth.h"
#include "scoring/server/contest_service.h"

namespace lf {
namespace {

class ManualClock final : public Clock {
 public:
  int64_t now_ms() const override { return now; }
  int64_t now = 1'800'000'000'000;
};

class Throttle : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("liangfen-throttle-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(test::create_contest_db((dir_ / "c.db").string(), test::sample_without_results()).ok());
    auto store = ContestStore::open((dir_ / "c.db").string());
    ASSERT_TRUE(store.ok());
    people_ = store.value()->people().value().size();
    auto svc = ContestService::open(std::move(store.value()), clock_);
    ASSERT_TRUE(svc.ok());
    service_ = std::move(svc.value());
  }
  void TearDown() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }
  int login(const std::string& code, const std::string& address) {
    return service_->login({{"code", code}, {"api_version", protocol::kApiVersion}}, address).status;
  }
  // Wrong codes from `addresses`, as fast as the throttle lets them through, for `seconds` of
  // simulated time; every few tries the attacker logs in with a valid code. Returns how many
  // wrong codes were checked (answered 401 rather than 429).
  int64_t attack(int addresses, int64_t seconds, bool interleave_valid, int64_t step_ms) {
    int64_t checked = 0, guess = 0;
    const int64_t end = clock_.now + seconds * 1000;
    while (clock_.now < end) {
      for (int a = 0; a < addresses; ++a) {
        std::string address = "10.0.0." + std::to_string(a);
        if (interleave_valid && guess % 4 == 0) login(test::code_of("J01"), address);
        int status = login(std::to_string(1000000000 + guess++), address);
        if (status == 401) ++checked;
        else EXPECT_EQ(status, 429);
      }
      clock_.now += step_ms;
    }
    return checked;
  }
  ManualClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<ContestService> service_;
  size_t people_ = 0;
};

TEST_F(Throttle, AnInsiderWithAValidCodeGetsUnderOneGuessPerSecond) {
  const int64_t hour = 3600;
  int64_t checked = attack(1, hour, /*interleave_valid=*/true, /*step_ms=*/100);
  double per_second = double(checked) / double(hour);
  EXPECT_LT(per_second, 1.0) << checked << " wrong codes checked in an hour";
  // Doubling lockouts: far under the bound, in fact.
  EXPECT_LT(checked, 60) << checked;
}

TEST_F(Throttle, ManyAddressesTogetherCannotFindACodeInAYear) {
  const int64_t hour = 3600;
  int64_t checked = attack(50, hour, /*interleave_valid=*/false, /*step_ms=*/1000);
  double per_second = double(checked) / double(hour);
  EXPECT_LE(per_second, LoginThrottle::kGlobalFailuresPerSecond * 1.05) << checked;
  // Expected time to hit any of the contest's codes at that rate.
  double space = std::pow(10.0, double(kLoginCodeDigits));
  double seconds_to_find = space / double(people_) / std::max(per_second, 1e-9);
  EXPECT_GT(seconds_to_find, 365.0 * 24 * 3600) << "at " << per_second << " guesses/s, "
                                                 << people_ << " codes";
}

TEST_F(Throttle, ARightCodeGetsInAfterAFewTyposAndTheOrganizerSeesLockouts) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("1111111111", "10.0.0.9"), 401);
  EXPECT_EQ(login(test::code_of("J01"), "10.0.0.9"), 200);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(login("1111111111", "10.0.0.9"), 401);
  // The fifth wrong code in five minutes locks this address (the right code does not reset it).
  EXPECT_EQ(login(test::code_of("J01"), "10.0.0.9"), 429);
  // Another address is not affected.
  EXPECT_EQ(login(test::code_of("J02"), "10.0.0.10"), 200);
  Session organizer{"organizer", protocol::role::kOrganizer, "组委会", -1, -1};
  Json state = service_->state(organizer).body;
  ASSERT_EQ(state["login_lockouts"].size(), 1u) << state["login_lockouts"].dump();
  EXPECT_EQ(state["login_lockouts"][0]["address"], "10.0.0.9");
  clock_.now += 61 * 1000;
  EXPECT_EQ(login(test::code_of("J01"), "10.0.0.9"), 200);
}

TEST_F(Throttle, LoginsExpireWhenIdleAndWithAgeAndLogoutEndsThem) {
  service_->set_session_limits({/*idle_ms=*/60 * 1000, /*max_ms=*/8 * 60 * 1000});
  auto token = [&](const char* who) {
    return service_->login({{"code", test::code_of(who)}, {"api_version", protocol::kApiVersion}}, "10.0.1.1")
        .body["token"]
        .get<std::string>();
  };
  std::string idle = token("J01"), busy = token("J02"), leaving = token("J03");
  for (int i = 0; i < 9; ++i) {
    clock_.now += 50 * 1000;
    EXPECT_TRUE(service_->session(busy)) << i;  // used every 50 s: stays
  }
  EXPECT_FALSE(service_->session(idle)) << "unused for 450 s with a 60 s idle limit";
  clock_.now += 60 * 1000;
  EXPECT_FALSE(service_->session(busy)) << "older than the 8 minute limit";
  std::string again = token("J03");
  EXPECT_TRUE(service_->session(again));
  service_->logout(again);
  EXPECT_FALSE(service_->session(again));
  (void)leaving;
}

TEST_F(Throttle, AReissuedCodeEndsOnlyThatPersonsLogins) {
  auto token = [&](const std::string& code) {
    auto r = service_->login({{"code", code}, {"api_version", protocol::kApiVersion}}, "10.0.2.1");
    return r.ok() ? r.body["token"].get<std::string>() : std::string();
  };
  std::string j1 = token(test::code_of("J01")), j2 = token(test::code_of("J02"));
  Session organizer{"organizer", protocol::role::kOrganizer, "组委会", -1, -1};
  Session judge{"J02", protocol::role::kJudge, "", -1, 1};
  EXPECT_EQ(service_->reissue_code(judge, {{"person", "J01"}}).status, 403);
  Reply r = service_->reissue_code(organizer, {{"person", "J01"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  std::string code = r.body["code"];
  EXPECT_EQ(code.size(), kLoginCodeDigits);
  EXPECT_FALSE(service_->session(j1));
  EXPECT_TRUE(service_->session(j2));
  EXPECT_EQ(token(test::code_of("J01")), "");
  EXPECT_NE(token(code), "");
}

}  // namespace
}  // namespace lf
