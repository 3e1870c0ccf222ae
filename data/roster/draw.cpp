#include "data/roster/draw.h"

#include "data/format/bytes.h"

#include <openssl/sha.h>

#include <cstdio>

namespace lf {

namespace {

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
  std::string b(32, '\0');
  if (!secure_random(b.data(), b.size())) return Error{"抽签", "系统的随机数来源出错，无法抽签"};
  return hex_encode(b);
}

Result<std::vector<int>> draw_order(const std::string& seed_hex, size_t n) {
  auto bytes = seed_hex.size() == 64 ? hex_decode(seed_hex) : std::nullopt;
  if (!bytes) return Error{"--seed", "抽签种子应为 64 位十六进制数字（0–9、a–f）"};
  SeededStream rng(std::vector<unsigned char>(bytes->begin(), bytes->end()));
  std::vector<int> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = int(i);
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[size_t(rng.below(i))]);
  return order;
}

}  // namespace lf
