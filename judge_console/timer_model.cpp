#include "judge_console/timer_model.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "scoring/engine/section_score.h"

namespace lf {

void Stopwatch::start(int64_t now) {
  if (running_) return;
  running_ = true;
  started_ms_ = now;
}

void Stopwatch::stop(int64_t now) {
  if (!running_) return;
  banked_ms_ += now - started_ms_;
  running_ = false;
}

void Stopwatch::reset() {
  *this = Stopwatch();
}

int64_t Stopwatch::elapsed_ms(int64_t now) const {
  return banked_ms_ + (running_ ? now - started_ms_ : 0);
}

TimerFace timer_face(int64_t elapsed_ms, std::optional<int64_t> min_s, std::optional<int64_t> max_s,
                     const std::vector<PenaltyTier>& overtime) {
  TimerFace f;
  if (elapsed_ms < 0) elapsed_ms = 0;
  int64_t s = elapsed_ms / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", (long long)(s / 60), (long long)(s % 60));
  f.clock = buf;
  f.phase = clock_phase(elapsed_ms, min_s, max_s);
  f.overtime_s = overtime_s(elapsed_ms, max_s);
  f.penalty_units = f.overtime_s > 0 ? penalty_for(overtime, f.overtime_s) : 0;
  int64_t tenths = elapsed_ms / 100;  // truncated: a stopwatch never rounds up
  std::snprintf(buf, sizeof buf, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
  f.duration_text = buf;
  return f;
}

bool PerformanceClock::follow(const std::string& performance,
                              const std::optional<ServerClockReading>& server, int64_t now_ms) {
  bool changed = performance != performance_;
  if (changed) {
    performance_ = performance;
    watch_.reset();
    asked_.reset();
  }
  if (!server) return changed;
  if (asked_ && !asked_->agrees(*server) && now_ms - asked_->at_ms < kAnswerWaitMs) return changed;
  asked_.reset();
  take(*server, now_ms);
  return changed;
}

bool PerformanceClock::Asked::agrees(const ServerClockReading& server) const {
  return server.running == running && (section.empty() || server.section == section) &&
         (!zero || server.elapsed_ms == 0);
}

void PerformanceClock::take(const ServerClockReading& server, int64_t now_ms) {
  watch_.reset();
  if (server.running) {
    watch_.start(now_ms - std::max<int64_t>(0, server.elapsed_ms));
  } else if (server.elapsed_ms > 0) {
    watch_.start(now_ms - server.elapsed_ms);
    watch_.stop(now_ms);
  }
  if (!server.section.empty()) section_ = server.section;
}

bool PerformanceClock::start(int64_t now_ms) {
  if (watch_.running()) return false;
  watch_.start(now_ms);
  ask(true, false, now_ms);
  return true;
}

bool PerformanceClock::stop(int64_t now_ms) {
  if (!watch_.running()) return false;
  watch_.stop(now_ms);
  ask(false, false, now_ms);
  return true;
}

bool PerformanceClock::reset(const std::string& section, int64_t now_ms) {
  if (watch_.running()) return false;
  watch_.reset();
  section_ = section;
  ask(false, true, now_ms);
  return true;
}

namespace {

// Digits only, at most `max_digits` of them, with at most one decimal after a point when
// `decimal`; the value in tenths.
std::optional<int64_t> tenths_of(const std::string& text, size_t max_digits, bool decimal) {
  int64_t whole = 0, tenth = 0;
  size_t digits = 0, i = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits)
    whole = whole * 10 + (text[i] - '0');
  if (digits == 0 || digits > max_digits) return std::nullopt;
  if (i < text.size()) {
    if (!decimal || text[i] != '.' || i + 2 != text.size() ||
        !std::isdigit(static_cast<unsigned char>(text[i + 1])))
      return std::nullopt;
    tenth = text[i + 1] - '0';
  }
  return whole * 10 + tenth;
}

// The spaces a browser's String.prototype.trim() removes (ECMAScript's WhiteSpace and
// LineTerminator), so a reading typed with a Chinese input method's full-width space reads the
// same on both consoles (tests/vectors/typed_reading.json).
bool is_trimmed_space(char32_t c) {
  return (c >= 9 && c <= 13) || c == 32 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

// The length in bytes of the UTF-8 space that starts at `i`, or 0 when none does.
size_t space_at(const std::string& s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const size_t n = lead < 0x80         ? 1
                   : (lead >> 5) == 6  ? 2
                   : (lead >> 4) == 14 ? 3
                   : (lead >> 3) == 30 ? 4
                                       : 0;
  if (n == 0 || i + n > s.size()) return 0;
  char32_t c = n == 1 ? lead : lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3F);
  }
  return is_trimmed_space(c) ? n : 0;
}

std::string trimmed(const std::string& s) {
  size_t a = 0, b = s.size();
  for (size_t n; a < b && (n = space_at(s, a)) > 0;) a += n;
  while (b > a) {
    size_t start = b - 1;  // the last character's first byte
    while (start > a && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    if (space_at(s, start) != b - start) break;
    b = start;
  }
  return s.substr(a, b - a);
}

}  // namespace

Result<int64_t> typed_reading_tenths(const std::string& minutes_text,
                                     const std::string& seconds_text) {
  std::string m = trimmed(minutes_text), s = trimmed(seconds_text);
  if (m.empty()) m = "0";
  auto minutes = tenths_of(m, 2, false);
  if (!minutes) return Error{"minutes", "分钟须为 0–99 的整数"};
  auto seconds = tenths_of(s, 2, true);
  if (!seconds || *seconds >= 600) return Error{"seconds", "秒须为 0–59.9，最多一位小数"};
  int64_t tenths = *minutes * 60 + *seconds;
  if (tenths <= 0) return Error{"total", "用时须大于 0"};
  return tenths;
}

std::string duration_text_of(int64_t tenths) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
  return buf;
}

std::optional<int64_t> duration_tenths_of(const std::string& text) {
  return tenths_of(text, 6, true);
}

std::string minutes_seconds_text(int64_t tenths) {
  char buf[48];
  int64_t s = tenths / 10;
  if (tenths % 10)
    std::snprintf(buf, sizeof buf, "%lld:%02lld.%lld", (long long)(s / 60), (long long)(s % 60),
                  (long long)(tenths % 10));
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
  return buf;
}

}  // namespace lf
