// What a judge is typing on the keypad, and whether it may be sent: inside 0..max, on the
// section's step, with no more decimals than the contest allows. Invalid input can never be
// submitted; the reason says why in words a judge understands. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lf {

struct MarkRules {
  int64_t max_units = 0;  // the section's maximum in mark units (30.0 -> 300 with 1 decimal)
  int64_t step_units = 1;
  int decimals = 1;
};

// Why a typed mark cannot be sent; the console's string table words it.
enum class MarkProblem { kNone, kEmpty, kUnfinished, kInvalid, kAboveMax, kOffStep };

struct MarkCheck {
  bool ok = false;
  int64_t units = 0;
  MarkProblem problem = MarkProblem::kEmpty;
};

class MarkEntry {
 public:
  explicit MarkEntry(MarkRules rules) : rules_(rules) {}

  void press_digit(int d);  // 0-9; ignored past the allowed decimals or 3 whole digits
  void press_point();
  void backspace();
  void clear() { text_.clear(); }
  // +0.1 / -0.5 and the like: from the current value (or 0; "27." counts as 27), clamped to
  // 0..max.
  void nudge(int64_t delta_units);
  void set_units(int64_t units);

  const std::string& text() const { return text_; }
  MarkCheck check() const;
  const MarkRules& rules() const { return rules_; }

 private:
  MarkRules rules_;
  std::string text_;
};

// The keypad's four nudge buttons, in tenths of a point as labelled, in the order both consoles
// draw them (web/marks.js NUDGE_BUTTONS is the same table; a test compares them).
struct NudgeButton {
  const char* label;
  int tenths;
};
inline constexpr NudgeButton kNudgeButtons[] = {
    {"+0.1", 1}, {"−0.1", -1}, {"+0.5", 5}, {"−0.5", -5}};

// How many mark units a button of `tenths` moves the entry: a tenth is the section's step when
// marks have decimals, else one whole point.
int64_t nudge_units(const MarkRules& rules, int tenths);

// "27.5" for 275 units with 1 decimal.
std::string mark_text(int64_t units, int decimals);

}  // namespace lf
