#include "data/roster/draw.h"

#include <openssl/sha.h>
#include <sys/random.h>

#include <cstdio>

namespace lf {

namespace {

bool parse_hex(const std::string& hex, std::vector<unsigned char>& out) {
  if (hex.size() != 64) return false;
  out.clear();
  for (size_t i = 0; i < 64; i += 2) {
    unsigned v = 0;
    if (std::sscanf(hex.c_str() + i, "%2x", &v) != 1 || !std::isxdigit(static_cast<unsigned char>(hex[i])) ||
        !std::isxdigit(static_cast<unsigned char>(hex[i + 1])))
      return false;
    out.push_back(static_cast<unsigned char>(v));
  }
  return true;
}

// SHA-256(seed || counter) blocks, read 8 bytes at a time.
class SeededStream {
 public:
  explicit SeededStream(std::vector<unsigned char> seed) : seed_(std::move(seed)) {}
  uint64_t next() {
    if (used_ + 8 > sizeof block_) refill();
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | block_[used_++];
    return v;
  }
  // Uniform in [0, bound): values from the top, incomplete range are thrown away.
  uint64_t below(uint64_t bound) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    for (;;) {
      uint64_t v = next();
      if (v < limit) return v % bound;
    }
  }

 private:
  void refill() {
    std::vector<unsigned char> in = seed_;
    for (int i = 7; i >= 0; --i) in.push_back(static_cast<unsigned char>(counter_ >> (8 * i)));
    ++counter_;
    SHA256(in.data(), in.size(), block_);
    used_ = 0;
  }
  std::vector<unsigned char> seed_;
  uint64_t counter_ = 0;
  unsigned char block_[32] = {};
  size_t used_ = sizeof block_;
};

}  // namespace

Result<std::string> new_draw_seed() {
  unsigned char b[32];
  if (getrandom(b, sizeof b, 0) != ssize_t(sizeof b)) return Error{"draw", "the system's random source failed"};
  char hex[65];
  for (int i = 0; i < 32; ++i) std::snprintf(hex + 2 * i, 3, "%02x", b[i]);
  return std::string(hex, 64);
}

Result<std::vector<int>> draw_order(const std::string& seed_hex, size_t n) {
  std::vector<unsigned char> seed;
  if (!parse_hex(seed_hex, seed)) return Error{"--seed", "a draw seed is 64 hexadecimal digits"};
  SeededStream rng(seed);
  std::vector<int> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = int(i);
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[size_t(rng.below(i))]);
  return order;
}

}  // namespace lf
