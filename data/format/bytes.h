#pragma once
// Bytes as text, and secure random bytes: the one hex codec and the one randomness source of
// liangfen (login codes, session tokens, the code salt, certificate serials, draw seeds, the
// console's outbox tag all come from here).
//
// Randomness comes from the kernel (getrandom(2)); it does not fail on a booted Linux system.
// Where a caller cannot go on without it (a login code must never be guessable) the functions
// below that return a value abort the process instead of handing out a weak value.
// Thread-safety: all functions are safe to call from any thread. Never throws.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lf {

// The value of one hex digit (either case), or -1 for any other character.
int hex_digit_value(char c);
// Lower-case hex, two digits per byte.
std::string hex_encode(std::string_view bytes);
// The bytes of an even-length hex string (either case); nullopt on any other character or an
// odd length.
std::optional<std::string> hex_decode(std::string_view hex);

// Fills out[0..n) with secure random bytes; false if the kernel gave none.
bool secure_random(void* out, size_t n);
// n secure random bytes as 2n hex digits. Aborts without secure randomness.
std::string random_hex(size_t n_bytes);
// A uniform integer in [0, bound), bound > 0, without modulo bias. Aborts without secure
// randomness.
uint64_t random_below(uint64_t bound);

}  // namespace lf
