// Login codes, session tokens and the failed-login throttle.
//
// Codes are kLoginCodeDigits random digits (10^10 possibilities, easy on a keypad) and only
// their salted SHA-256 is stored; comparisons are constant time.
//
// The throttle makes guessing a code hopeless within a contest's lifetime (docs/security.md
// has the arithmetic): each address may get kMaxFailures wrong codes in kFailureWindowMs, then
// waits, twice as long at each new lockout (up to kMaxLockoutMs); and wrong codes from all
// addresses together draw on one bucket (kGlobalFailuresPerSecond, kGlobalBurst), so many
// addresses do not add up to many guesses. A right code does not clear any failure (they age
// out): an insider with a valid code gains no extra guesses by logging in between them.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "data/format/bytes.h"
#include "scoring/protocol/protocol.h"

namespace lf {

// random_below (topic draws) and the random bytes behind codes and tokens: data/format/bytes.h.

using protocol::kLoginCodeDigits;
std::string random_code();   // kLoginCodeDigits digits, uniform, from the OS's secure generator
std::string random_token();  // 64 hex characters
std::string sha256_hex(const std::string& data);
bool constant_time_equal(const std::string& a, const std::string& b);

class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr int64_t kFailureWindowMs = 5 * 60 * 1000;
  static constexpr int64_t kFirstLockoutMs = 60 * 1000;
  static constexpr int64_t kMaxLockoutMs = 60 * 60 * 1000;
  static constexpr double kGlobalFailuresPerSecond = 1.0;
  static constexpr double kGlobalBurst = 30;
  // Addresses remembered at most (the oldest quiet ones are forgotten first).
  static constexpr size_t kMaxAddresses = 10000;

  // Milliseconds `client` must still wait, 0 when it may try a code. Thread-safe.
  int64_t wait_ms(const std::string& client, int64_t now_ms);
  void failed(const std::string& client, int64_t now_ms);

  struct Lockout {
    std::string client;  // an address, or "*" for the whole hall (the global bucket is empty)
    int64_t until_ms = 0;
    int lockouts = 0;    // how many times this address was locked out
  };
  // Addresses locked out now, for the organizer's screen.
  std::vector<Lockout> lockouts(int64_t now_ms);

 private:
  struct Entry {
    std::vector<int64_t> failures;  // times of the failures in the window
    int64_t locked_until_ms = 0;
    int lockouts = 0;
    int64_t last_ms = 0;
  };
  void refill(int64_t now_ms);  // with mu_ held
  std::mutex mu_;
  std::map<std::string, Entry> by_client_;
  double tokens_ = kGlobalBurst;
  int64_t tokens_at_ms_ = 0;
};

}  // namespace lf
