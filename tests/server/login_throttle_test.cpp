// Login codes cannot be guessed within a contest's lifetime, and the hall still logs in: on a
// simulated clock, through the real ContestService and through the pacer alone
// (login_pacer.h), floods stay under the rate docs/security.md promises while right codes
// (a NAT's morning rush, a clean address during a 40-address attack) all get in.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include "tests/data/test_files.h"
#include "tests/server/known_people.h"
#include "scoring/protocol/protocol.h"
#include "scoring/server/auth.h"
#include "scoring/server/contest_service.h"
#include "scoring/server/login_pacer.h"
#include "tests/data/test_files.h"
#include "tests/server/known_people.h"

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
        if (interleave_valid && guess % 500 == 0) login(test::code_of("J01"), address);
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

// Through the service's own (synchronous) login: a flood from 50 addresses, with an insider's
// right code every 500 tries, gets its wrong codes checked no faster than the pacer's rate.
TEST_F(Throttle, ManyAddressesTogetherCannotFindACodeInAYear) {
  const int64_t hour = 3600;
  int64_t checked = attack(50, hour, /*interleave_valid=*/true, /*step_ms=*/1000);
  double per_second = double(checked) / double(hour);
  const LoginPacer::Limits limits;
  EXPECT_LE(per_second, limits.wrong_per_s + limits.burst / double(hour)) << checked;
  EXPECT_LT(per_second, 2.0);
  EXPECT_GT(per_second, 1.0) << "the budget is used, not locked away";
  // Expected time to hit any of the contest's codes at that rate.
  double space = std::pow(10.0, double(kLoginCodeDigits));
  double seconds_to_find = space / double(people_ + 1) / std::max(per_second, 1e-9);
  EXPECT_GT(seconds_to_find, 365.0 * 24 * 3600)
      << "at " << per_second << " guesses/s, " << people_ << " codes";
}

TEST_F(Throttle, TyposLockNobodyOutAndTheOrganizerSeesWhoMisses) {
  for (int i = 0; i < 8; ++i) EXPECT_EQ(login("1111111111", "10.0.0.9"), 401);
  // Eight typos from one address (a hall's NAT): the right code still gets in at once.
  EXPECT_EQ(login(test::code_of("J01"), "10.0.0.9"), 200);
  EXPECT_EQ(login(test::code_of("J02"), "10.0.0.10"), 200);
  Session organizer{"organizer", protocol::role::kOrganizer, "组委会", -1, -1};
  Json state = service_->state(organizer).body;
  ASSERT_EQ(state["login_suspects"].size(), 1u) << state["login_suspects"].dump();
  EXPECT_EQ(state["login_suspects"][0]["address"], "10.0.0.9");
  EXPECT_EQ(state["login_suspects"][0]["recent_misses"], 8);
}

// ---- The pacer alone, on a simulated clock: logins of people and attackers in a hall. ----

// One login attempt in flight: who sends it, with a right or a wrong code.
struct Attempt {
  std::string address;
  bool right = false;
  int person = -1;  // a judge (-1: an attacker)
  int64_t sent_ms = 0;
};

// The hall: attempts go to the pacer; a granted turn is checked at once (as the server does).
class Hall {
 public:
  explicit Hall(LoginPacer::Limits limits = {}) : pacer(limits) {}
  // Sends one attempt; its outcome comes through on_answer (now, or from a later step()).
  void send(const Attempt& a) {
    auto admission = pacer.submit(a.address, now);
    if (admission.turn == LoginPacer::Turn::kNow) return check(a);
    if (admission.turn == LoginPacer::Turn::kRefused) return answer(a, 429);
    waiting[admission.ticket] = a;
  }
  void step(int64_t ms) {
    now += ms;
    auto due = pacer.poll(now);
    for (auto t : due.granted) {
      Attempt a = waiting.at(t);
      waiting.erase(t);
      check(a);
    }
    for (auto t : due.expired) {
      Attempt a = waiting.at(t);
      waiting.erase(t);
      answer(a, 429);
    }
  }
  LoginPacer pacer;
  int64_t now = 1'800'000'000'000;
  std::map<LoginPacer::Ticket, Attempt> waiting;
  std::function<void(const Attempt&, int status, int64_t waited_ms)> on_answer;
  int64_t wrong_checked = 0;

 private:
  void check(const Attempt& a) {
    pacer.settle(a.address, !a.right, now);
    if (!a.right) ++wrong_checked;
    answer(a, a.right ? 200 : 401);
  }
  void answer(const Attempt& a, int status) {
    if (on_answer) on_answer(a, status, now - a.sent_ms);
  }
};

// 40 attackers' addresses, each keeping `per_address` wrong codes waiting at all times.
void flood(Hall& hall, std::map<std::string, int>& in_flight, int per_address) {
  for (int i = 0; i < 40; ++i) {
    std::string address = "10.66.0." + std::to_string(i + 1);
    while (in_flight[address] < per_address) {
      ++in_flight[address];
      hall.send({address, false, -1, hall.now});
    }
  }
}

// The morning rush: 40 judges behind one NAT address log in during ten minutes, one in ten
// mistyping first (and retyping 5 s later); with no one else, and with 40 addresses sending
// wrong codes as fast as they are answered. Every judge gets in; none is refused.
TEST(LoginPacer, FortyJudgesBehindOneNatAllGetInDuringTheMorningRush) {
  for (bool under_attack : {false, true}) {
    Hall hall;
    const std::string nat = "192.168.1.1";
    std::map<std::string, int> attacking;
    std::vector<int> in(40, 0), refused(40, 0);
    std::vector<std::pair<int64_t, Attempt>> planned;  // (when, attempt)
    int64_t longest_wait = 0;
    hall.on_answer = [&](const Attempt& a, int status, int64_t waited) {
      if (a.person < 0) {
        --attacking[a.address];
        return;
      }
      if (status == 200) ++in[size_t(a.person)], longest_wait = std::max(longest_wait, waited);
      if (status == 429) ++refused[size_t(a.person)];
      if (status == 401) planned.push_back({hall.now + 5000, {nat, true, a.person, 0}});  // retypes
    };
    // The attack starts a minute early: by the rush each attacking address has shown itself
    // (before its first wrong code an address is as clean as the hall's, and turns go round).
    if (under_attack)
      while (hall.now < 1'800'000'060'000) {
        flood(hall, attacking, 8);
        hall.step(100);
      }
    const int64_t start = hall.now;
    for (int j = 0; j < 40; ++j)  // arrivals spread over ten minutes, two in the same second
      planned.push_back({start + (j / 2) * 30'000, {nat, j % 10 != 3, j, 0}});
    while (hall.now < start + 15 * 60 * 1000) {
      if (under_attack) flood(hall, attacking, 8);
      for (size_t i = 0; i < planned.size();)
        if (planned[i].first <= hall.now) {
          Attempt a = planned[i].second;
          a.sent_ms = hall.now;
          planned.erase(planned.begin() + long(i));
          hall.send(a);
        } else {
          ++i;
        }
      hall.step(100);
    }
    for (int j = 0; j < 40; ++j) {
      EXPECT_EQ(in[size_t(j)], 1) << "judge " << j << (under_attack ? " under attack" : "");
      EXPECT_EQ(refused[size_t(j)], 0) << "judge " << j << (under_attack ? " under attack" : "");
    }
    // Under attack a judge waits for the next unit of budget (about 1/1.5 s), not in line.
    EXPECT_LE(longest_wait, 2000) << (under_attack ? "under attack" : "quiet");
  }
}

// 40 addresses keep the budget empty with wrong codes for an hour; right codes from a clean
// address (and from one that made a typo) are checked first and get in.
TEST(LoginPacer, RightCodesFromACleanAddressGetInDuringAFortyAddressAttack) {
  Hall hall;
  std::map<std::string, int> attacking;
  int judges_in = 0, judges_refused = 0;
  int64_t longest_wait = 0;
  hall.on_answer = [&](const Attempt& a, int status, int64_t waited) {
    if (a.person < 0) {
      --attacking[a.address];
      return;
    }
    if (status == 200) ++judges_in, longest_wait = std::max(longest_wait, waited);
    if (status == 429) ++judges_refused;
  };
  const int64_t start = hall.now;
  int sent = 0;
  while (hall.now < start + 3600 * 1000) {
    flood(hall, attacking, 64);
    // A judge every 10 s, from two addresses, once every attacking address has sent its first
    // wrong code (before that it is as clean as the judges' and turns go round: see above).
    if (hall.now - start >= 60'000 && (hall.now - start) % 10'000 == 0) {
      ++sent;
      std::string from = sent % 2 ? "10.0.5.1" : "10.0.5.2";
      if (sent == 7) hall.send({"10.0.5.2", false, sent, hall.now});  // one typo
      hall.send({from, true, sent, hall.now});
    }
    hall.step(100);
  }
  EXPECT_EQ(judges_in, sent);
  EXPECT_EQ(judges_refused, 0);
  EXPECT_LE(longest_wait, 2000);
  double per_second = double(hall.wrong_checked) / 3600.0;
  EXPECT_LT(per_second, 2.0) << hall.wrong_checked << " wrong codes checked in an hour";
  EXPECT_GT(per_second, 1.0);
}

// However many addresses flood and however they time it (a burst every minute, thousands of
// addresses, waiting logins abandoned), wrong codes are checked under 2 a second, and a
// waiting login is never answered before its turn: refusals come without a check.
TEST(LoginPacer, AFloodFromAnyNumberOfAddressesIsCheckedUnderTwoASecond) {
  Hall hall;
  int64_t refused = 0, answered = 0;
  hall.on_answer = [&](const Attempt&, int status, int64_t) {
    ++answered;
    if (status == 429) ++refused;
  };
  const int64_t start = hall.now, minutes = 20;
  int64_t n = 0;
  while (hall.now < start + minutes * 60 * 1000) {
    for (int k = 0; k < 50; ++k, ++n)  // 500 guesses a second from 5,000 addresses
      hall.send({"10.7." + std::to_string(n % 5000 / 250) + "." + std::to_string(n % 250), false,
                 -1, hall.now});
    if (n % 7 == 0 && !hall.waiting.empty()) {  // a waiting client goes away
      hall.pacer.cancel(hall.waiting.begin()->first);
      hall.waiting.erase(hall.waiting.begin());
    }
    hall.step(100);
  }
  double per_second = double(hall.wrong_checked) / double(minutes * 60);
  EXPECT_LT(per_second, 2.0) << hall.wrong_checked;
  EXPECT_LE(hall.wrong_checked, int64_t(1.5 * double(minutes * 60) + 10 + 1));
  EXPECT_GT(refused, 0);
  EXPECT_LE(hall.waiting.size(), hall.pacer.limits().max_waiting);
  (void)answered;
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
