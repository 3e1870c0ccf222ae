#include "scoring/engine/fixed_point.h"

#include <cassert>

namespace lf {

int64_t pow10(int n) {
  assert(n >= 0 && n <= 18);
  int64_t r = 1;
  while (n-- > 0) r *= 10;
  return r;
}

int64_t div_round_half_up(int64_t num, int64_t den) {
  assert(den > 0);
  // floor((2*num + den) / (2*den)), with floor division for negative numerators.
  int64_t a = 2 * num + den;
  int64_t b = 2 * den;
  int64_t q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

std::optional<int> decimal_places(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  size_t int_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++int_digits;
  if (int_digits == 0) return std::nullopt;
  if (i == text.size()) return 0;
  if (text[i] != '.') return std::nullopt;
  ++i;
  int last_nonzero = 0, pos = 0;
  size_t frac_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    ++pos;
    if (text[i] != '0') last_nonzero = pos;
    ++i, ++frac_digits;
  }
  if (frac_digits == 0 || i != text.size()) return std::nullopt;
  return last_nonzero;
}

std::optional<int64_t> parse_fixed(std::string_view text, int decimals) {
  assert(decimals >= 0 && decimals <= 6);
  auto places = decimal_places(text);
  if (!places || *places > decimals) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (text[i] == '-' || text[i] == '+') negative = text[i++] == '-';
  int64_t value = 0;
  int int_digits = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (value == 0 && text[i] == '0') continue;  // leading zeros do not count towards the cap
    if (++int_digits > 15) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  value *= pow10(decimals);
  if (i < text.size()) {  // fraction
    ++i;
    int64_t scale = pow10(decimals);
    for (int d = 0; i < text.size() && d < decimals; ++i, ++d) {
      scale /= 10;
      value += (text[i] - '0') * scale;
    }
  }
  return negative ? -value : value;
}

std::string format_fixed(int64_t units, int decimals) {
  assert(decimals >= 0 && decimals <= 18);
  bool negative = units < 0;
  uint64_t mag = negative ? uint64_t(0) - uint64_t(units) : uint64_t(units);
  uint64_t scale = uint64_t(pow10(decimals));
  std::string out = negative ? "-" : "";
  out += std::to_string(mag / scale);
  if (decimals > 0) {
    std::string frac = std::to_string(mag % scale);
    out += '.';
    out.append(size_t(decimals) - frac.size(), '0');
    out += frac;
  }
  return out;
}

int64_t rescale(int64_t units, int from_decimals, int to_decimals) {
  if (to_decimals >= from_decimals) return units * pow10(to_decimals - from_decimals);
  return div_round_half_up(units, pow10(from_decimals - to_decimals));
}

}  // namespace lf
