// A running-order draw (抽签) anyone can check afterwards: a 256-bit seed from the operating
// system's cryptographic generator, expanded by SHA-256 in counter mode into the random numbers
// of a Fisher–Yates shuffle (each index by rejection sampling, so no position is favoured).
// The same seed always gives the same order.
#pragma once

#include <string>
#include <vector>

#include "scoring/engine/status.h"

namespace lf {

// 64 hex digits from getrandom(2).
Result<std::string> new_draw_seed();
// A permutation of 0..n-1 from a seed of 64 hex digits.
Result<std::vector<int>> draw_order(const std::string& seed_hex, size_t n);

}  // namespace lf
