// Exact decimal arithmetic for marks and scores.
//
// Marks are held as integers in units of 10^-mark_decimals (tenths by default) and averages,
// penalties, section scores and totals as integers in units of 10^-score_decimals (hundredths
// by default). No floating point ever decides a score or a rank. These helpers convert between
// decimal text and scaled integers and do the one rounding the rules allow (half up).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lf {

// 10^n for 0 <= n <= 18.
int64_t pow10(int n);

// num / den rounded half up (towards +infinity on .5), den > 0. Exact for any int64 inputs
// whose doubled numerator does not overflow.
int64_t div_round_half_up(int64_t num, int64_t den);

// Parses plain decimal text ("27.5", "-3", "0.10", "1e2" is refused) into units of
// 10^-decimals. Returns nullopt when the text is not a decimal number, when it has non-zero
// digits beyond `decimals` places, or when it is too large (more than 15 integer digits).
std::optional<int64_t> parse_fixed(std::string_view text, int decimals);

// Number of decimal places the text needs ("0.10" -> 1, "0.25" -> 2, "3" -> 0), or nullopt
// when it is not plain decimal text.
std::optional<int> decimal_places(std::string_view text);

// Formats units of 10^-decimals with exactly `decimals` places: (9770, 2) -> "97.70".
std::string format_fixed(int64_t units, int decimals);

// Converts units between scales, rounding half up when the target is coarser.
int64_t rescale(int64_t units, int from_decimals, int to_decimals);

}  // namespace lf
