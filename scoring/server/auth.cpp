#include "server/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

namespace lf {

namespace {
uint32_t random_u32() {
  uint32_t v = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1)
    std::abort();  // no secure randomness: never hand out guessable codes
  return v;
}
}  // namespace

std::string random_code() {
  // Rejection sampling keeps every code equally likely.
  const uint32_t limit = 4294967295u - (4294967295u % 100000000u);
  uint32_t v;
  do v = random_u32();
  while (v >= limit);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08u", v % 100000000u);
  return buf;
}

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();
  std::string out;
  const char* hex = "0123456789abcdef";
  for (unsigned char b : bytes) out += hex[b >> 4], out += hex[b & 15];
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  const char* hex = "0123456789abcdef";
  for (unsigned int i = 0; i < len; ++i) out += hex[md[i] >> 4], out += hex[md[i] & 15];
  return out;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

int64_t LoginThrottle::wait_ms(const std::string& client, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = by_client_.find(client);
  if (it == by_client_.end() || it->second.locked_until_ms <= now) return 0;
  return it->second.locked_until_ms - now;
}

void LoginThrottle::failed(const std::string& client, int64_t now) {
  std::lock_guard lock(mu_);
  Entry& e = by_client_[client];
  if (now - e.first_ms > kFailureWindowMs) e = Entry{0, now, 0};
  if (++e.failures >= kMaxFailures) {
    e.locked_until_ms = now + kLockoutMs;
    e.failures = 0;
    e.first_ms = now;
  }
}

void LoginThrottle::succeeded(const std::string& client) {
  std::lock_guard lock(mu_);
  by_client_.erase(client);
}

uint64_t random_below(uint64_t bound) {
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    uint64_t v = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v);
    if (v < limit) return v % bound;
  }
}

}  // namespace lf
