#include "scoring/server/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace lf {

std::string random_code() {
  // One uniform digit at a time (random_below rejects the biased tail), so every code of
  // kLoginCodeDigits digits is equally likely.
  std::string code;
  for (size_t i = 0; i < kLoginCodeDigits; ++i) code += char('0' + random_below(10));
  return code;
}

std::string random_token() { return random_hex(32); }

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(md), len));
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void LoginThrottle::refill(int64_t now) {
  if (tokens_at_ms_ == 0) tokens_at_ms_ = now;
  double elapsed_s = double(std::max<int64_t>(0, now - tokens_at_ms_)) / 1000.0;
  tokens_ = std::min(kGlobalBurst, tokens_ + elapsed_s * kGlobalFailuresPerSecond);
  tokens_at_ms_ = now;
}

int64_t LoginThrottle::wait_ms(const std::string& client, int64_t now) {
  std::lock_guard lock(mu_);
  int64_t wait = 0;
  if (auto it = by_client_.find(client); it != by_client_.end() && it->second.locked_until_ms > now)
    wait = it->second.locked_until_ms - now;
  refill(now);
  if (tokens_ < 1.0)
    wait = std::max(wait, int64_t((1.0 - tokens_) / kGlobalFailuresPerSecond * 1000.0) + 1);
  return wait;
}

void LoginThrottle::failed(const std::string& client, int64_t now) {
  std::lock_guard lock(mu_);
  refill(now);
  tokens_ = std::max(0.0, tokens_ - 1.0);
  if (by_client_.size() >= kMaxAddresses && !by_client_.count(client)) {
    // Forget the address quiet for longest (never one that is locked out now).
    auto oldest = by_client_.end();
    for (auto it = by_client_.begin(); it != by_client_.end(); ++it)
      if (it->second.locked_until_ms <= now && (oldest == by_client_.end() || it->second.last_ms < oldest->second.last_ms))
        oldest = it;
    if (oldest != by_client_.end()) by_client_.erase(oldest);
  }
  Entry& e = by_client_[client];
  e.last_ms = now;
  std::erase_if(e.failures, [&](int64_t t) { return now - t > kFailureWindowMs; });
  e.failures.push_back(now);
  if (int(e.failures.size()) >= kMaxFailures) {
    int64_t lockout = kFirstLockoutMs;
    for (int i = 0; i < e.lockouts && lockout < kMaxLockoutMs; ++i) lockout *= 2;
    e.locked_until_ms = now + std::min(lockout, kMaxLockoutMs);
    ++e.lockouts;
    e.failures.clear();
  }
}

std::vector<LoginThrottle::Lockout> LoginThrottle::lockouts(int64_t now) {
  std::lock_guard lock(mu_);
  std::vector<Lockout> out;
  refill(now);
  if (tokens_ < 1.0)
    out.push_back({"*", now + int64_t((1.0 - tokens_) / kGlobalFailuresPerSecond * 1000.0) + 1, 0});
  for (const auto& [client, e] : by_client_)
    if (e.locked_until_ms > now) out.push_back({client, e.locked_until_ms, e.lockouts});
  return out;
}


}  // namespace lf
