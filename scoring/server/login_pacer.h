// The login pacer: how fast login codes are checked, hall-wide, and whose turn comes first.
//
// Guessing a code must stay hopeless (docs/security.md has the arithmetic), so the server
// checks WRONG codes at most `wrong_per_s` a second from all addresses together (plus a small
// `burst`). Before a code is checked nobody knows whether it is right, and an answer that came
// sooner for a right code would itself tell a guesser which codes are wrong; so every code
// waits for a turn, and a turn is answered as soon as its code is checked, right or wrong.
// A turn reserves one unit of the budget; a right code gives it back (settle()), so right codes
// cost the hall nothing and many judges can log in at once.
//
// When the budget is empty, logins wait in a queue per address, and each new turn goes to the
// waiting address with the fewest recent wrong codes (ties: the one served longest ago), so a
// clean address (a judge's tablet, the hall's NAT) goes before the guessing ones and a right
// code is never refused because of other people's wrong codes. Nothing is locked out: an
// address full of typos still gets its turns, only after the cleaner ones. A login that waits
// longer than `max_wait_ms`, or finds its address's queue full, is refused without its code
// being looked at (429 with a retry hint): a refusal tells nothing about the code.
//
// Pure: the caller passes the time (tests use a simulated clock). Thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "scoring/engine/mutex.h"

namespace lf {

class LoginPacer {
 public:
  struct Limits {
    double wrong_per_s = 1.5;             // wrong codes checked per second, hall-wide, sustained
    double burst = 10;                    // ... and at once after a quiet spell
    size_t max_waiting_per_address = 64;  // a NAT of 40 tablets fits; a flood does not grow it
    size_t max_waiting = 4096;            // all addresses together
    int64_t max_wait_ms = 60 * 1000;
    // How long a wrong code counts against its address: a typo at 8:00 is forgotten by 8:20.
    int64_t miss_half_life_ms = 10 * 60 * 1000;
    size_t max_addresses = 10000;  // remembered addresses (the cleanest are forgotten first)
  };
  using Ticket = uint64_t;
  enum class Turn {
    kNow,      // check the code now, then settle()
    kWait,     // queued: poll() grants or expires the ticket
    kRefused,  // this address's queue, or the hall's, is full: answer 429, do not check
  };
  struct Admission {
    Turn turn = Turn::kRefused;
    Ticket ticket = 0;
    int64_t retry_after_ms = 0;  // for kRefused: a hint for the client
  };
  struct Due {
    std::vector<Ticket> granted;  // check these codes now (each then settle())
    std::vector<Ticket> expired;  // waited too long: answer 429, do not check
    int64_t next_ms = -1;         // poll again at this time (-1: nothing is waiting)
  };
  struct Suspect {
    std::string address;
    double recent_misses = 0;  // wrong codes, decayed by miss_half_life_ms
    size_t waiting = 0;
  };

  LoginPacer() : LoginPacer(Limits{}) {}
  explicit LoginPacer(Limits limits);

  // A login from `address` asks for a turn. kNow only when nobody is waiting and the budget
  // has a unit (which it reserves).
  Admission submit(const std::string& address, int64_t now_ms);
  // The turns that have come (each reserves a unit) and the tickets that waited too long.
  Due poll(int64_t now_ms);
  // The code of a granted turn was checked: a wrong one spends the reserved unit and counts
  // against its address; a right one (or a request refused before its code was read) gives
  // the unit back.
  void settle(const std::string& address, bool wrong, int64_t now_ms);
  // A waiting ticket whose client went away.
  void cancel(Ticket ticket);
  // Addresses with recent wrong codes, most first (for the organizer's screen).
  std::vector<Suspect> suspects(int64_t now_ms);
  const Limits& limits() const { return limits_; }

 private:
  struct Waiting {
    Ticket ticket;
    int64_t deadline_ms;
  };
  struct Address {
    double misses = 0;  // decayed to misses_at_ms
    int64_t misses_at_ms = 0;
    int64_t served_ms = 0;  // when it last got a turn
    std::deque<Waiting> queue;
  };
  void refill(int64_t now_ms) LF_REQUIRES(mu_);
  double misses_now(const Address& a, int64_t now_ms) const;
  void forget_quiet_addresses(int64_t now_ms) LF_REQUIRES(mu_);
  int64_t next_due_ms(int64_t now_ms) const LF_REQUIRES(mu_);

  const Limits limits_;
  Mutex mu_;
  double tokens_ LF_GUARDED_BY(mu_);
  int64_t tokens_at_ms_ LF_GUARDED_BY(mu_) = -1;
  Ticket next_ticket_ LF_GUARDED_BY(mu_) = 1;
  size_t waiting_ LF_GUARDED_BY(mu_) = 0;
  std::map<std::string, Address> addresses_ LF_GUARDED_BY(mu_);
  std::map<Ticket, std::string> address_of_ LF_GUARDED_BY(mu_);  // waiting tickets
};

}  // namespace lf
