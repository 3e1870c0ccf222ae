// The timekeeper's stopwatch and what its face shows: elapsed time, the colour of the phase
// (clock_phase, shared with the display), the overtime and the penalty it will cost. Pure: the
// caller passes the time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scoring/engine/clock_phase.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/status.h"

namespace lf {

class Stopwatch {
 public:
  void start(int64_t now_ms);
  void stop(int64_t now_ms);
  void reset();
  bool running() const { return running_; }
  int64_t elapsed_ms(int64_t now_ms) const;

 private:
  bool running_ = false;
  int64_t started_ms_ = 0, banked_ms_ = 0;
};

struct TimerFace {
  std::string clock;  // "04:47"
  ClockPhase phase = ClockPhase::kNeutral;
  int64_t overtime_s = 0;
  int64_t penalty_units = 0;  // score units the overtime costs now (contest-file.md §2 tiers)
  std::string duration_text;  // what is sent: seconds with one decimal, "287.4"
};

TimerFace timer_face(int64_t elapsed_ms, std::optional<int64_t> min_s, std::optional<int64_t> max_s,
                     const std::vector<PenaltyTier>& overtime);

// The server's clock for the performance on stage, as of the caller's `now_ms`.
struct ServerClockReading {
  bool running = false;
  int64_t elapsed_ms = 0;
  std::string section;  // key; "" when none
};

// The timekeeper's clock for the performance on stage (issue 24; contest-file.md §2 "计时器").
// A stage call starts a new performance: the clock is then 0 and stopped, whatever the last one
// read. The server's clock for the performance is followed (so the projector and every tablet
// show the same), except while a tap is on its way to the server: the tap shows at once, and
// the server's answer is taken when it agrees or after kAnswerWaitMs. With no server clock for
// the performance (offline, or nothing started yet) the tablet counts by itself.
// Pure and single-threaded (the UI thread); the caller passes the time.
class PerformanceClock {
 public:
  static constexpr int64_t kAnswerWaitMs = 5000;

  // Once per frame. `performance` names who is on stage ("round|contestant|since_ms"; "" for
  // nobody); `server` is the server's clock for that very performance (nullopt: none).
  // Returns true when the performance changed (the clock was set back to 0 and stopped).
  bool follow(const std::string& performance, const std::optional<ServerClockReading>& server,
              int64_t now_ms);
  // A tap. False when it changes nothing (开始 while running, 停止 while stopped): nothing is
  // sent, so a double tap can never restart the clock.
  bool start(int64_t now_ms);
  bool stop(int64_t now_ms);
  // Back to 0 and stopped, on `section` (归零, or another section chosen): false while running.
  // The caller tells the server (a stop at 0 of that section).
  bool reset(const std::string& section, int64_t now_ms);
  bool running() const { return watch_.running(); }
  int64_t elapsed_ms(int64_t now_ms) const { return watch_.elapsed_ms(now_ms); }
  // 提交用时 may be offered: stopped, with a time.
  bool stopped_with_time(int64_t now_ms) const { return !running() && elapsed_ms(now_ms) > 0; }
  const std::string& performance() const { return performance_; }
  const std::string& section() const { return section_; }
  void set_section(const std::string& key) { section_ = key; }

 private:
  struct Asked {  // what the last tap asked of the server, until the server agrees
    bool running = false;
    std::string section;
    bool zero = false;  // a reset: the server's clock must read 0
    int64_t at_ms = 0;
    bool agrees(const ServerClockReading& server) const;
  };
  void take(const ServerClockReading& server, int64_t now_ms);
  void ask(bool running, bool zero, int64_t now_ms) {
    asked_ = Asked{running, section_, zero, now_ms};
  }

  std::string performance_, section_;
  Stopwatch watch_;
  std::optional<Asked> asked_;
};

// A stopwatch reading typed by hand (a tablet died mid-act): whole minutes (0–99) and seconds
// (0–59.9, at most one decimal) → tenths of a second; spaces around either are ignored (those a
// browser's trim() ignores, the full-width space included). The refusal's path says which field is
// wrong ("minutes", "seconds", or "total" for a reading of 0); a screen words it from its table.
Result<int64_t> typed_reading_tenths(const std::string& minutes, const std::string& seconds);
// Tenths of a second as the API's duration text: 3463 → "346.3".
std::string duration_text_of(int64_t tenths);
// A duration's text as the API sends it ("346.3", "346") → tenths; nullopt when not one.
std::optional<int64_t> duration_tenths_of(const std::string& text);
// How a recorded or typed time reads: 3460 → "5:46", 3463 → "5:46.3".
std::string minutes_seconds_text(int64_t tenths);

}  // namespace lf
