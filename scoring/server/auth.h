// Login codes, session tokens and the failed-login throttle.
//
// Codes are 8 random digits (easy on a keypad, 10^8 possibilities) and only their salted
// SHA-256 is stored; comparisons are constant time. After kMaxFailures wrong codes from one
// address within kFailureWindowMs, that address waits kLockoutMs.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace lf {

// Uniform in [0, bound) from the system's cryptographic generator (topic draws).
uint64_t random_below(uint64_t bound);

std::string random_code();   // 8 digits, uniform, from the OS's secure generator
std::string random_token();  // 64 hex characters
std::string sha256_hex(const std::string& data);
bool constant_time_equal(const std::string& a, const std::string& b);

class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr int64_t kFailureWindowMs = 5 * 60 * 1000;
  static constexpr int64_t kLockoutMs = 60 * 1000;

  // Milliseconds `client` must still wait, 0 when it may try. Thread-safe.
  int64_t wait_ms(const std::string& client, int64_t now_ms);
  void failed(const std::string& client, int64_t now_ms);
  void succeeded(const std::string& client);

 private:
  struct Entry {
    int failures = 0;
    int64_t first_ms = 0;
    int64_t locked_until_ms = 0;
  };
  std::mutex mu_;
  std::map<std::string, Entry> by_client_;
};

}  // namespace lf
