#include "judge_console/draw_edit.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>

namespace lf {

namespace {

template <class... A>
std::string formatted(const char* format, A... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

// The typed text split at spaces, commas (ASCII or Chinese) and 、: the words people put
// between numbers when they read a list out.
std::vector<std::string> words_of(std::string_view typed) {
  static const std::string_view kSeparators[] = {" ", "\t", ",", "，", "、", ";", "；"};
  std::vector<std::string> out;
  std::string word;
  for (size_t i = 0; i < typed.size();) {
    size_t sep = 0;
    for (std::string_view s : kSeparators)
      if (typed.substr(i, s.size()) == s) sep = s.size();
    if (sep) {
      if (!word.empty()) out.push_back(std::move(word)), word.clear();
      i += sep;
    } else {
      word += typed[i++];
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

const char* reason_text(const DrawEdit& edit, const ConsoleStrings& s) {
  const auto& reasons = edit.mode == DrawEdit::Mode::kManual ? s.manual_reasons : s.redraw_reasons;
  if (edit.reason < 0 || size_t(edit.reason) >= std::size(reasons)) return nullptr;
  return reasons[size_t(edit.reason)];
}

}  // namespace

DrawEdit begin_draw_edit(const RoundStep& step, DrawEdit::Mode mode) {
  DrawEdit e;
  e.mode = mode;
  e.round = step.round;
  e.group = step.group;
  e.based_on_ms = step.at_ms;
  if (mode == DrawEdit::Mode::kManual) e.order = step.order;
  return e;
}

void move_in_order(std::vector<std::string>& order, size_t index, int delta) {
  if (index >= order.size()) return;
  long to = long(index) + delta;
  if (to < 0 || size_t(to) >= order.size()) return;
  std::swap(order[index], order[size_t(to)]);
}

Result<std::vector<std::string>> order_from_numbers(const std::vector<std::string>& drawn,
                                                    std::string_view typed,
                                                    const ConsoleStrings& s) {
  const int n = int(drawn.size());
  std::vector<std::string> out;
  std::set<int> seen;
  for (const std::string& w : words_of(typed)) {
    bool digits = !w.empty() && w.size() <= 6 &&
                  std::all_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!digits) return Error{"order", formatted(s.not_a_number, w.c_str()), ErrorKind::invalid};
    int k = 0;
    std::from_chars(w.data(), w.data() + w.size(), k);  // at most six digits: fits
    if (k < 1 || k > n)
      return Error{"order", formatted(s.number_out_of_range, k, n), ErrorKind::invalid};
    if (!seen.insert(k).second)
      return Error{"order", formatted(s.number_twice, k), ErrorKind::invalid};
    out.push_back(drawn[size_t(k - 1)]);
  }
  if (int(out.size()) != n) {
    std::string missing;
    for (int k = 1; k <= n; ++k)
      if (!seen.count(k)) missing += (missing.empty() ? "" : "、") + std::to_string(k);
    return Error{"order", formatted(s.numbers_missing, missing.c_str()), ErrorKind::invalid};
  }
  return out;
}

Result<Json> draw_edit_request(const RoundStep& step, const DrawEdit& edit,
                               const ConsoleStrings& s) {
  const char* reason = reason_text(edit, s);
  if (!reason) return Error{"reason", s.need_reason, ErrorKind::invalid};
  Json body = {{"round", step.round}, {"group", step.group}, {"redraw", true}, {"reason", reason}};
  if (edit.mode == DrawEdit::Mode::kManual) {
    std::vector<std::string> a = edit.order, b = step.order;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b || std::adjacent_find(a.begin(), a.end()) != a.end())
      return Error{"order", s.order_not_drawn, ErrorKind::invalid};
    if (edit.order == step.order) return Error{"order", s.order_unchanged, ErrorKind::invalid};
    body["order"] = edit.order;
  }
  return body;
}

}  // namespace lf
