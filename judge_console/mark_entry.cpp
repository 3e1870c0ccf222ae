#include "judge_console/mark_entry.h"

#include <algorithm>
#include <string_view>

#include "scoring/engine/fixed_point.h"

namespace lf {

std::string mark_text(int64_t units, int decimals) { return format_fixed(units, decimals); }

int64_t nudge_units(const MarkRules& rules, int tenths) {
  return tenths * (rules.decimals >= 1 ? rules.step_units : 1);
}

void MarkEntry::press_digit(int d) {
  if (d < 0 || d > 9) return;
  auto dot = text_.find('.');
  if (dot != std::string::npos) {
    if (int(text_.size() - dot - 1) >= rules_.decimals) return;  // no more decimals allowed
  } else {
    if (text_ == "0") text_.clear();  // "07" -> "7"
    if (text_.size() >= 3) return;
  }
  text_ += char('0' + d);
}

void MarkEntry::press_point() {
  if (rules_.decimals == 0 || text_.find('.') != std::string::npos) return;
  if (text_.empty()) text_.push_back('0');
  text_.push_back('.');
}

void MarkEntry::backspace() {
  if (!text_.empty()) text_.pop_back();
}

void MarkEntry::set_units(int64_t units) { text_ = mark_text(units, rules_.decimals); }

void MarkEntry::nudge(int64_t delta) {
  MarkCheck c = check();
  // "27." is 27 on its way to a decimal: +0.5 makes it 27.5 (as web/marks.js; the shared vector
  // tests/vectors/mark_entry.json holds the case), not 0.5 from an unreadable text.
  std::string_view typed = text_.empty() ? std::string_view("0") : std::string_view(text_);
  if (typed.back() == '.') typed.remove_suffix(1);
  int64_t base = c.ok ? c.units : parse_fixed(typed, rules_.decimals).value_or(0);
  set_units(std::clamp<int64_t>(base + delta, 0, rules_.max_units));
}

MarkCheck MarkEntry::check() const {
  MarkCheck c;
  if (text_.empty()) return c;
  if (text_.back() == '.') {
    c.problem = MarkProblem::kUnfinished;
    return c;
  }
  auto units = parse_fixed(text_, rules_.decimals);
  if (!units) {
    c.problem = MarkProblem::kInvalid;
    return c;
  }
  if (*units > rules_.max_units) {
    c.problem = MarkProblem::kAboveMax;
    return c;
  }
  if (rules_.step_units > 1 && *units % rules_.step_units != 0) {
    c.problem = MarkProblem::kOffStep;
    return c;
  }
  c.ok = true;
  c.problem = MarkProblem::kNone;
  c.units = *units;
  return c;
}

}  // namespace lf
